/**
 * Every `import()` of the facade, in one place: the lazy chunks. Bundlers put each in a
 * chunk of its own that an app fetches on first use (bench/bundle.ts measures them):
 * - streams/ (the SSE reader, frame shaping, the run-stream resume loop): with the first stream;
 * - sockets/ (both socket protocols, the default WebSocket factory): with the first `connect()`;
 * - schema/ (typed apps' Standard Schema checks, typed prompt results): with the first check;
 * - failures.ts (what a failed call says, and retry.ts's policy of when to try again): with
 *   the first failure. One chunk: both are needed only when something went wrong. A call
 *   whose failure chunk cannot load still fails with its own typed error;
 * - raw-request.ts (the checks of `client.raw`'s arguments): with the first raw call;
 * - admin-lists.ts (the admin app's calls and pages, `client.admin`): with the first admin call.
 * Outside code imports these modules as types only; this file is how their code arrives.
 * (The one other `import()` is of the `ws` package, in sockets/default-websocket.ts: Node
 * only, and deferred so runtimes with a global WebSocket never evaluate it.)
 *
 * A chunk that cannot load (the app's chunk server went away, a deploy replaced its files,
 * the network dropped) rejects with a PyFlueError that says which code was missing, with
 * the import's own error as its `cause`: never a bare TypeError from the bundler's loader,
 * which no caller catching PyFlueError would expect.
 */
import { PyFlueError } from '../core/errors.js';

/** `load`, with a failure reported as what it is (see above). */
function chunk<T>(what: string, load: () => Promise<T>): () => Promise<T> {
  return () =>
    load().catch((error: unknown) => {
      const reason = error instanceof Error ? error.message : String(error);
      throw new PyFlueError(`The client's code for ${what} could not be loaded (${reason}); check that the app's script chunks are reachable, or reload.`, { cause: error });
    });
}

export const loadStreams = chunk('streams', () => import('./streams/index.js'));
export const loadSockets = chunk('sockets', () => import('./sockets/index.js'));
export const loadSchema = chunk("the app's schema checks", () => import('./schema/index.js'));
export const loadFailures = chunk('failed calls', () => import('./failures.js'));
export const loadRaw = chunk('client.raw', () => import('./raw-request.js'));
export const loadAdmin = chunk('client.admin', () => import('./admin-lists.js'));
