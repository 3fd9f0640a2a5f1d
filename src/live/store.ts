/**
 * The one mechanism every live store shares: an immutable snapshot, replaced (never
 * mutated) when something changed, and the listeners told after each replacement. A
 * snapshot's identity changes only on change, which is what `useSyncExternalStore`,
 * Svelte's stores and Vue's `shallowRef` all need to skip work.
 *
 * `subscribe` follows the Svelte store contract (the listener is called at once with the
 * current snapshot, then with each new one, and the call returns the unsubscribe
 * function), which React's `useSyncExternalStore` accepts as it is: a store is a Svelte
 * store, and needs no adapter in React or Vue either.
 */
import { PyFlueError, PyFlueInputError, describe } from './deps.js';

/** What any framework can watch: the current snapshot, and a way to hear when it is replaced. */
export interface LiveStore<Snapshot> {
  /** The current snapshot; the same object until something changes. */
  getSnapshot(): Snapshot;
  /**
   * Calls `listener` at once with the current snapshot, then after each change with the
   * new one; returns the unsubscribe function. A listener that throws is reported
   * (`reportError`, else `console.error`) and never stops the store or the other listeners.
   */
  subscribe(listener: (snapshot: Snapshot) => void): () => void;
}

/** @internal The writable side, kept inside the store modules. */
export interface SnapshotCell<Snapshot> {
  get(): Snapshot;
  /** Replaces the snapshot (the caller's new one: something changed) and tells the listeners. */
  set(snapshot: Snapshot): void;
  subscribe(listener: (snapshot: Snapshot) => void): () => void;
  /** Forgets every listener (the store was disposed). */
  clear(): void;
}

/**
 * @internal Reports an error no caller can catch (a listener's, a storage's) the way the
 * platform reports uncaught errors where it can (`reportError`: the console and
 * `window.onerror` in browsers), else on the console: a UI store must not crash a Node
 * process (a server render, a test) for a listener's mistake.
 */
export function reportLater(error: unknown): void {
  const report = (globalThis as { reportError?: (error: unknown) => void }).reportError;
  if (typeof report === 'function') report(error);
  else console.error(error);
}

/**
 * @internal `act()`, or undefined when it throws: the error is then reported (see
 * `reportLater`) as it is, or as a PyFlueError saying what `failed` (the error its cause).
 */
export function attempt<T>(act: () => T, failed?: string): T | undefined {
  try {
    return act();
  } catch (cause) {
    reportLater(failed === undefined ? cause : new PyFlueError(failed, { cause }));
    return undefined;
  }
}

/** @internal */
export function snapshotCell<Snapshot>(initial: Snapshot, onFirstSubscribe?: () => void): SnapshotCell<Snapshot> {
  let current = initial;
  const listeners = new Set<(snapshot: Snapshot) => void>();
  const tell = (listener: (snapshot: Snapshot) => void, snapshot: Snapshot) => attempt(() => listener(snapshot));
  return {
    get: () => current,
    set(snapshot) {
      current = snapshot;
      // A copy: a listener that unsubscribes (or subscribes) while being told must not skip another.
      for (const listener of [...listeners]) tell(listener, snapshot);
    },
    subscribe(listener) {
      if (typeof listener !== 'function') {
        throw new PyFlueInputError(`subscribe needs a function (snapshot) => void; got ${describe(listener)}.`);
      }
      // Wrapped: the same function subscribed twice is two subscriptions, each removed once.
      const entry = (snapshot: Snapshot) => listener(snapshot);
      listeners.add(entry);
      tell(entry, current);
      if (onFirstSubscribe) {
        onFirstSubscribe();
        onFirstSubscribe = undefined;
      }
      return () => void listeners.delete(entry);
    },
    clear: () => listeners.clear(),
  };
}
