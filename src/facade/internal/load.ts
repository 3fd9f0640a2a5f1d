/**
 * Every `import()` of the facade, in one place: the lazy chunks. Bundlers put each in a
 * chunk of its own that an app fetches on first use (bench/bundle.ts measures them):
 * - streams/ (the SSE reader, frame shaping, the run-stream resume loop): with the first stream;
 * - sockets/ (both socket protocols, the default WebSocket factory): with the first `connect()`;
 * - schema/ (typed apps' Standard Schema checks, typed prompt results): with the first check;
 * - failures.ts (what a failed call says) and retry.ts (when to try again): with the first
 *   failure. A call whose failure chunk cannot load still fails with its own typed error;
 * - raw-request.ts (the checks of `client.raw`'s arguments): with the first raw call.
 * Outside code imports these modules as types only; this file is how their code arrives.
 * (The one other `import()` is of the `ws` package, in sockets/default-websocket.ts: Node
 * only, and deferred so runtimes with a global WebSocket never evaluate it.)
 */
export const loadStreams = () => import('./streams/index.js');
export const loadSockets = () => import('./sockets/index.js');
export const loadSchema = () => import('./schema/index.js');
export const loadFailures = () => import('./failures.js');
export const loadRetry = () => import('./retry.js');
export const loadRaw = () => import('./raw-request.js');
