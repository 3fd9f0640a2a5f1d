/**
 * Lazy chunk: streams. Loaded by internal/load.ts when the first stream starts (streams
 * are lazy), so apps that never stream do not ship the SSE reader or the resume loop.
 */
export { RunStream, promptStream } from './run-stream.js';
