/**
 * The WebSocket surface the client needs and the http(s) → ws(s) URL mapping; the
 * factory that opens one in Node or a browser is default-websocket.ts.
 */
import { PyFlueInputError, redactUrl } from '../errors.js';

/** The events of {@link WebSocketLike}, reduced to the fields we read. */
export interface WebSocketLikeEventMap {
  open: unknown;
  /** `data` is a string for a text frame (both the browser and `ws` 8 decode it). */
  message: { data: unknown };
  close: { code: number; reason: string };
  /** The browser gives a bare Event; `ws` gives an ErrorEvent with `message` and `error`. */
  error: unknown;
}

/** What the sockets use of a WebSocket; the browser's `WebSocket` and `ws`'s both satisfy it. */
export interface WebSocketLike {
  /** 0 connecting, 1 open, 2 closing, 3 closed (the standard constants). */
  readonly readyState: number;
  /** Sends one text frame. */
  send(data: string): void;
  /** Starts the closing handshake. */
  close(code?: number, reason?: string): void;
  /** Listens to `open`, `message`, `close` and `error`. */
  addEventListener<K extends keyof WebSocketLikeEventMap>(type: K, listener: (event: WebSocketLikeEventMap[K]) => void): void;
  /** Stops listening. */
  removeEventListener<K extends keyof WebSocketLikeEventMap>(type: K, listener: (event: WebSocketLikeEventMap[K]) => void): void;
}

/** Opens a socket. `headers` are sent with the handshake where the platform allows it. */
export type WebSocketFactory = (url: string, init: { headers: Record<string, string> }) => WebSocketLike;

const WS_PROTOCOL: Record<string, string> = { 'http:': 'ws:', 'https:': 'wss:' };

/**
 * The socket URL for `path` (a leading `/` is optional) on the server at `httpBaseUrl`, the
 * client's validated http(s) base URL: http → ws, https → wss, keeping the base's path
 * prefix (a server mounted under `/prefix`) and dropping its query and hash, which
 * belong to the base URL, not to the socket route.
 */
export function toWebSocketUrl(httpBaseUrl: string, path: string): string {
  const base = new URL(httpBaseUrl);
  const protocol = WS_PROTOCOL[base.protocol];
  if (protocol === undefined) {
    throw new PyFlueInputError(`baseUrl ${redactUrl(httpBaseUrl)} uses ${base.protocol}; a PyFlue server is reached over http: or https:.`);
  }
  const suffix = path.startsWith('/') ? path : `/${path}`;
  return `${protocol}//${base.host}${base.pathname.replace(/\/+$/, '')}${suffix}`;
}
