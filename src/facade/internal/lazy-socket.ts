/**
 * What `client.agents.connect` and `client.workflows.connect` return at once, while the
 * sockets chunk (internal/sockets/, about 8 KiB gzipped) loads on first use; and how the
 * socket is then opened for the client.
 *
 * It stands in for the socket: until the chunk is loaded, every method waits for the real
 * socket and calls it (calls keep their order; a prompt aborted before then is never
 * sent), promise properties resolve from the real socket's, and listeners subscribe as
 * soon as it exists (before it can receive anything: it opens after it is created); once
 * loaded, calls go straight to it. Nothing else is forwarded, so the stand-in is never
 * mistaken for a thenable.
 *
 * `SocketMembers` lists every public member of the socket class with how it is forwarded,
 * and the compiler holds that list to the class: a member added to the class and not
 * here fails to compile, so the stand-in's surface is always the class's.
 */
import type { WebSocketFactory, WebSocketLike } from '../core/websocket.js';
import { PyFlueInputError } from '../core/errors.js';
import { untilAborted } from './abort.js';
import { describe } from './checks.js';
import type { ClientClosable, ClientContext, Closable } from './context.js';
import { clientHeaders, refreshable } from './headers.js';
import { loadSockets } from './load.js';
import type { ConnectionInit } from './sockets/connection.js';

/** Every public member of `Socket`, and how the stand-in forwards it. */
export type SocketMembers<Socket> = { readonly [Key in keyof Socket]-?: 'promise' | 'method' | 'listener' };

/** What the sockets chunk exports (internal/sockets/index.ts). */
export type SocketsChunk = Awaited<ReturnType<typeof loadSockets>>;

type Member = (...args: unknown[]) => unknown;

export function lazySocket<Socket extends Closable>(
  context: ClientContext,
  path: string,
  create: (chunk: SocketsChunk) => (init: ConnectionInit) => Socket,
  members: SocketMembers<Socket>,
): Socket {
  // A closed client opens nothing: say so now, as connect() on the socket class itself does.
  context.assertOpen('Cannot open a socket');
  // Tracked from the start, so client.close() before the chunk is in counts it: the socket
  // is then never opened (openSocket refuses a closed client) and its calls reject.
  let untrack = (): void => {};
  context.track((onSettled) => {
    untrack = onSettled;
    return { close: async () => onSettled() };
  });
  // Once loaded, calls go straight to it (synchronously, as on the socket itself).
  let loaded: Socket | undefined;
  const socket = loadSockets().then(
    (chunk) => {
      untrack();
      loaded = openSocket(context, path, create(chunk), chunk.defaultWebSocketFactory);
      return loaded;
    },
    (error: unknown) => {
      // The chunk failed to load: nothing is left to close.
      untrack();
      throw error;
    },
  );
  socket.catch(() => {});

  const forwarded = new Map<PropertyKey, unknown>();
  for (const key of Reflect.ownKeys(members) as (keyof Socket)[]) {
    const kind = members[key];
    if (kind === 'promise') {
      const value = socket.then((real) => real[key]);
      value.catch(() => {});
      forwarded.set(key, value);
    } else if (kind === 'method') {
      forwarded.set(key, (...args: unknown[]) =>
        loaded ? (loaded[key] as Member).apply(loaded, args) : socket.then((real) => (real[key] as Member).apply(real, args)),
      );
    } else {
      forwarded.set(key, (...args: unknown[]) => {
        // Refused now, as the socket's own listeners refuse it: taken before the chunk is in, it would throw at every frame.
        if (typeof args[0] !== 'function') throw new PyFlueInputError(`${String(key)} needs a function (message) => void; got ${describe(args[0])}.`);
        if (loaded) return (loaded[key] as Member).apply(loaded, args);
        let stopped = false;
        let stop: (() => void) | undefined;
        socket.then(
          (real) => {
            if (!stopped) stop = (real[key] as Member).apply(real, args) as () => void;
          },
          () => {},
        );
        return () => {
          stopped = true;
          stop?.();
        };
      });
    }
  }
  return new Proxy(Object.create(null) as Socket, {
    get: (_target, key) => forwarded.get(key),
    has: (_target, key) => forwarded.has(key),
  });
}

/**
 * The socket at `path`, tracked by the client (so `client.close()` ends it), opened with
 * the client's URL mapping, headers (asked per handshake, and once more after a 401 when
 * a function gives them), factory (else `fallback`: the runtime's WebSocket, or `ws` in
 * Node) and waits.
 */
function openSocket<T extends ClientClosable>(
  context: ClientContext,
  path: string,
  create: (init: ConnectionInit) => T,
  fallback: WebSocketFactory,
): T {
  context.assertOpen('Cannot open a socket');
  const url = context.socketUrl(path);
  const { options } = context;
  const factory = options.websocket ?? fallback;
  // The headers are resolved per handshake (a function may refresh a token); `signal` gives up waiting for them.
  const open = async (signal: AbortSignal, refresh?: boolean): Promise<WebSocketLike> => {
    // A failure (a headers or token function that threw) is masked by the connection's message.
    const headers = await untilAborted(Promise.resolve(clientHeaders(options, refresh === true)), signal);
    signal.throwIfAborted();
    return factory(url, { headers });
  };
  return context.track((onSettled) =>
    create({
      url,
      open,
      retryUnauthorized: refreshable(options),
      connectTimeoutMs: options.connectTimeoutMs,
      answerTimeoutMs: options.answerTimeoutMs,
      idleTimeoutMs: options.idleTimeoutMs,
      onSettled,
      onListenerError: options.onListenerError,
      secrets: options.secrets,
    }),
  );
}
