/**
 * The default WebSocket factory, apart from the socket types so that only apps that open
 * a socket ship isomorphic-ws (the client loads this module with `import()`).
 */
import WebSocketImpl from 'isomorphic-ws';
import type { WebSocketFactory, WebSocketLike } from '../../core/websocket.js';

type WebSocketConstructor = new (url: string, options?: { headers: Record<string, string> }) => WebSocketLike;

/**
 * `isomorphic-ws` resolves to the `ws` package in Node and to the global WebSocket in a
 * browser bundle. Only `ws` takes handshake headers (a Bearer token); the browser's
 * constructor would read a second argument as sub-protocols, so it gets the URL alone
 * and authentication has to come from cookies or a `websocketUrl` the server accepts.
 */
export const defaultWebSocketFactory: WebSocketFactory = (url, { headers }) => {
  const Impl = WebSocketImpl as unknown as WebSocketConstructor;
  const isBrowserGlobal = typeof globalThis.WebSocket === 'function' && (Impl as unknown) === globalThis.WebSocket;
  return isBrowserGlobal ? new Impl(url) : new Impl(url, { headers });
};
