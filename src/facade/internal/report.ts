/**
 * Reports an error no caller can catch (a socket's `onEvent` listener's, a stream's
 * `onConnection` callback's), as the platform reports uncaught errors: `reportError` where
 * there is one (browsers, Deno, Bun: the console and `window.onerror`), else rethrown in a
 * microtask (Node: `uncaughtException`, as a throwing EventEmitter listener would be). Set
 * the client's `onListenerError` to handle them yourself. Apart from the sockets chunk so
 * that the option checks (main bundle) use it without loading sockets.
 */
export function reportListenerError(error: unknown): void {
  const report = (globalThis as { reportError?: (error: unknown) => void }).reportError;
  if (typeof report === 'function') report(error);
  else
    queueMicrotask(() => {
      throw error;
    });
}
