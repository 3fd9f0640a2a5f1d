/**
 * The default WebSocket factory, apart from the socket types so that only apps that open
 * a socket ship it (the client loads this module with `import()`).
 *
 * It uses the runtime's global WebSocket wherever there is one (browsers, Workers, Bun,
 * Deno), except in Node, and the `ws` package where there is none. Node keeps `ws` even
 * where it has a global (22+): undici's WebSocket refuses close code 1002 (the client's
 * protocol-violation close) and hides a refused handshake's status (401), which `ws` gives.
 * `ws` is not imported up front: evaluating it reads environment variables
 * (`WS_NO_BUFFER_UTIL`), which Deno refuses without `--allow-env`.
 */
import type { WebSocketFactory, WebSocketLike, WebSocketLikeEventMap } from '../../core/websocket.js';

type WebSocketConstructor = new (url: string, options?: { headers: Record<string, string> }) => WebSocketLike;
/** A listener of any of the events; each is only ever called with its own event. */
type AnyListener = (event: WebSocketLikeEventMap[keyof WebSocketLikeEventMap]) => void;

interface RuntimeGlobals {
  Bun?: unknown;
  Deno?: unknown;
  WebSocket?: unknown;
  process?: { release?: { name?: string } };
  navigator?: { userAgent?: string };
}

/** Node itself: not Bun or Deno (which report a Node `process` too), nor a Worker with Node compatibility. */
function isNode(runtime: RuntimeGlobals): boolean {
  if (runtime.Bun !== undefined || runtime.Deno !== undefined) return false;
  return runtime.process?.release?.name === 'node' && !runtime.navigator?.userAgent?.startsWith('Cloudflare-Workers');
}

/**
 * Bun's and Deno's global WebSocket read a second argument `{ headers }` and send them with
 * the handshake (a Bearer token). Browsers and Workers would read it as sub-protocols and
 * throw, so there the socket gets the URL alone and authentication comes from cookies or a
 * `websocketUrl` the server accepts.
 */
export const defaultWebSocketFactory: WebSocketFactory = (url, { headers }) => {
  const runtime = globalThis as RuntimeGlobals;
  const Global = runtime.WebSocket as WebSocketConstructor | undefined;
  if (typeof Global === 'function' && !isNode(runtime)) {
    const takesHeaders = runtime.Bun !== undefined || runtime.Deno !== undefined;
    return Object.keys(headers).length > 0 && takesHeaders ? new Global(url, { headers }) : new Global(url);
  }
  return new LoadingWebSocket(loadWs(), url, headers);
};

let ws: Promise<WebSocketConstructor> | undefined;
function loadWs(): Promise<WebSocketConstructor> {
  ws ??= import('ws').then((module) => ((module as { default?: unknown }).default ?? module) as WebSocketConstructor);
  return ws;
}

/**
 * A `ws` socket whose module is still loading (the factory must answer at once): it keeps
 * the listeners added meanwhile and hands them to the socket once it exists. A close
 * before then, or a module that cannot load, ends it as a lost connection (1006).
 */
class LoadingWebSocket implements WebSocketLike {
  #socket: WebSocketLike | undefined;
  #ended = false;
  readonly #listeners: Array<[keyof WebSocketLikeEventMap, AnyListener]> = [];

  constructor(load: Promise<WebSocketConstructor>, url: string, headers: Record<string, string>) {
    load.then(
      (Impl) => {
        if (this.#ended) return;
        try {
          this.#socket = new Impl(url, { headers });
        } catch (error) {
          return this.#end(error);
        }
        for (const [type, listener] of this.#listeners) this.#socket.addEventListener(type, listener as (event: unknown) => void);
      },
      (error: unknown) => this.#end(error),
    );
  }

  get readyState(): number {
    return this.#socket?.readyState ?? (this.#ended ? 3 : 0);
  }

  send(data: string): void {
    if (!this.#socket) throw new Error('WebSocket is not open: readyState 0 (CONNECTING)');
    this.#socket.send(data);
  }

  close(code?: number, reason?: string): void {
    if (this.#socket) this.#socket.close(code, reason);
    else this.#end(new Error('WebSocket was closed before the connection was established'));
  }

  addEventListener<K extends keyof WebSocketLikeEventMap>(type: K, listener: (event: WebSocketLikeEventMap[K]) => void): void {
    this.#listeners.push([type, listener as AnyListener]);
    this.#socket?.addEventListener(type, listener);
  }

  removeEventListener<K extends keyof WebSocketLikeEventMap>(type: K, listener: (event: WebSocketLikeEventMap[K]) => void): void {
    const index = this.#listeners.findIndex(([t, l]) => t === type && l === listener);
    if (index >= 0) this.#listeners.splice(index, 1);
    this.#socket?.removeEventListener(type, listener);
  }

  /** As a socket that never connected: an `error`, then a `close` 1006, on a later task. */
  #end(error: unknown): void {
    if (this.#ended) return;
    this.#ended = true;
    queueMicrotask(() => {
      this.#emit('error', { error, message: error instanceof Error ? error.message : String(error) });
      this.#emit('close', { code: 1006, reason: '' });
    });
  }

  #emit<K extends keyof WebSocketLikeEventMap>(type: K, event: WebSocketLikeEventMap[K]): void {
    for (const [t, listener] of [...this.#listeners]) if (t === type) (listener as (event: WebSocketLikeEventMap[K]) => void)(event);
  }
}
