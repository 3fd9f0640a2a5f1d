/**
 * Every `import()` of the facade, in one place: the three lazy chunks. Bundlers put each
 * in a chunk of its own that an app fetches on first use (bench/bundle.ts measures them):
 * - streams/ (the SSE reader, frame shaping, the run-stream resume loop): with the first stream;
 * - sockets/ (both socket protocols, isomorphic-ws): with the first `connect()`;
 * - schema/ (Standard Schema checks of typed apps and typed prompt results): with the first check.
 * Outside code imports those folders as types only; this file is how their code arrives.
 */
export const loadStreams = () => import('./streams/index.js');
export const loadSockets = () => import('./sockets/index.js');
export const loadSchema = () => import('./schema/index.js');
