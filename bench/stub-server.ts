/**
 * A local node:http stand-in for a PyFlue server, run as a child process so its work
 * does not share the measured process's event loop or memory. Prints `STUB_READY <port>`.
 *
 *   GET /runs/{id}           a canned run record (the real server's shape)
 *   GET /runs/{id}/stream    N run-event frames, N = the id's trailing number (e.g.
 *                            `bench-1000000`), generated lazily with backpressure;
 *                            the last is `run_end`. Honours `?after=` and Last-Event-ID.
 */
import http from 'node:http';
import { RUN_ID, runEventFrame } from './frames.js';

const record = JSON.stringify({
  run_id: RUN_ID,
  runId: RUN_ID,
  agent: 'burst',
  agentName: 'burst',
  agent_id: RUN_ID,
  instanceId: RUN_ID,
  started_at: 1795482248.4007092,
  startedAt: '2026-11-24T01:04:08.400709Z',
  ended_at: 1795482248.4599266,
  endedAt: '2026-11-24T01:04:08.459927Z',
  durationMs: 59,
  status: 'succeeded',
  is_error: false,
  isError: false,
  error: null,
  result: { count: 10000 },
  event_count: 10002,
});
const recordLength = Buffer.byteLength(record);
const FRAMES_PER_WRITE = 256;

const server = http.createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://stub');
  const match = /^\/runs\/([^/]+)(\/stream)?$/.exec(url.pathname);
  if (request.method !== 'GET' || !match) {
    response.writeHead(404, { 'content-type': 'application/json' });
    response.end('{"error":{"type":"not_found","message":"no such route","details":""}}');
    return;
  }
  if (!match[2]) {
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': recordLength });
    response.end(record);
    return;
  }
  const id = decodeURIComponent(match[1]!);
  const count = Number(/(\d+)$/.exec(id)?.[1] ?? 10);
  const after = Number(url.searchParams.get('after') ?? request.headers['last-event-id'] ?? 0) || 0;
  response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  let next = after + 1;
  const pump = (): void => {
    while (next <= count) {
      if (response.destroyed) return;
      let text = '';
      for (let k = 0; k < FRAMES_PER_WRITE && next <= count; k += 1, next += 1) {
        text += runEventFrame(next, next === count ? 'run_end' : 'log');
      }
      if (!response.write(text)) {
        response.once('drain', pump);
        return;
      }
    }
    response.end();
  };
  pump();
});

server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`STUB_READY ${port}\n`);
});

const stop = (): void => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
