/**
 * The WebSocket surface the client needs (types only): what a `websocket` factory option
 * returns. The default factory is internal/sockets/default-websocket.ts.
 */

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
