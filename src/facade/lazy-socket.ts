/**
 * `client.agents.connect` and `client.workflows.connect` without the socket code in the
 * main bundle: the socket module is loaded with `import()` when a socket is opened, so
 * bundlers put it (the protocol, the frame checks) in a chunk of its own that only apps
 * which connect ever fetch. `@pyflue/client/sockets` exports the classes themselves.
 *
 * What `connect` returns stands in for the socket: until the module is loaded, every
 * method named in `shape` waits for the real socket and calls it (calls keep their
 * order; a prompt aborted before then is never sent), promise properties resolve from
 * the real socket's, and listeners subscribe as soon as it exists (before it can
 * receive anything: it opens after it is created); once loaded, calls go straight to
 * it. Nothing else is forwarded, so the stand-in is never mistaken for a thenable.
 */
import type { ClientContext, Closable } from './context.js';
import type { ConnectionInit } from './sockets/connection.js';

/** Which members of the socket are promises, methods and listener registrations. */
export interface SocketShape<Socket> {
  promises: ReadonlyArray<keyof Socket>;
  methods: ReadonlyArray<keyof Socket>;
  listeners: ReadonlyArray<keyof Socket>;
}

type Member = (...args: unknown[]) => unknown;

export function lazySocket<Socket extends Closable>(
  context: ClientContext,
  path: string,
  load: () => Promise<(init: ConnectionInit) => Socket>,
  shape: SocketShape<Socket>,
): Socket {
  // A closed client opens nothing: say so now, as connect() on the socket class itself does.
  context.assertOpen('Cannot open a socket');
  // Tracked from the start, so client.close() before the module is in counts it: the socket
  // is then never opened (openSocket refuses a closed client) and its calls reject.
  let untrack = (): void => {};
  context.track((onSettled) => {
    untrack = onSettled;
    return { close: async () => onSettled() };
  });
  // Once loaded, calls go straight to it (synchronously, as on the socket itself).
  let loaded: Socket | undefined;
  const socket = Promise.all([load(), import('./sockets/open-socket.js')]).then(
    ([create, { openSocket }]) => {
      untrack();
      loaded = openSocket(context, path, create);
      return loaded;
    },
    (error: unknown) => {
      // The chunk failed to load: nothing is left to close.
      untrack();
      throw error;
    },
  );
  socket.catch(() => {});

  const members = new Map<PropertyKey, unknown>();
  for (const key of shape.promises) {
    const value = socket.then((real) => real[key]);
    value.catch(() => {});
    members.set(key, value);
  }
  for (const key of shape.methods) {
    members.set(key, (...args: unknown[]) =>
      loaded ? (loaded[key] as Member).apply(loaded, args) : socket.then((real) => (real[key] as Member).apply(real, args)),
    );
  }
  for (const key of shape.listeners) {
    members.set(key, (...args: unknown[]) => {
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
  return new Proxy(Object.create(null) as Socket, {
    get: (_target, key) => members.get(key),
    has: (_target, key) => members.has(key),
  });
}
