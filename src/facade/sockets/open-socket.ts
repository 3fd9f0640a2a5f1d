/**
 * Opens a socket for the client: tracked by it (so `client.close()` ends it), with the
 * client's URL mapping, headers, factory and timeouts. Loaded with the socket code on the
 * first `connect()` (see lazy-socket.ts), so apps that never connect do not ship it.
 */
import type { ClientClosable, ClientContext } from '../context.js';
import { resolveHeaders } from '../options.js';
import { untilAborted } from '../abort.js';
import type { ConnectionInit } from './connection.js';
import type { WebSocketLike } from './websocket.js';

/** A tracked socket at `path`, opened with the client's headers, factory and timeouts. */
export function openSocket<T extends ClientClosable>(context: ClientContext, path: string, create: (init: ConnectionInit) => T): T {
  context.assertOpen('Cannot open a socket');
  const url = context.socketUrl(path);
  const { timeoutMs, idleTimeoutMs, onListenerError } = context.options;
  return context.track((onSettled) =>
    create({
      url,
      open: (signal) => openWebSocket(context, url, signal),
      timeoutMs,
      answerTimeoutMs: timeoutMs,
      idleTimeoutMs,
      onSettled,
      onListenerError,
    }),
  );
}

/** Opens a WebSocket with the per-request headers (sent in Node; browsers cannot); `signal` gives up waiting for them. */
async function openWebSocket(context: ClientContext, url: string, signal: AbortSignal): Promise<WebSocketLike> {
  const { options } = context;
  // isomorphic-ws is loaded with the first socket that uses it: apps with their own factory never load it.
  const factory = options.websocket ?? (await import('./default-websocket.js')).defaultWebSocketFactory;
  const headers = await untilAborted(Promise.resolve(resolveHeaders(options)), signal);
  signal.throwIfAborted();
  return factory(url, { headers });
}
