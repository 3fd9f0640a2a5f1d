/**
 * A small node:http server on 127.0.0.1 for tests that need to answer exactly so (a
 * batch of events in one chunk, a 503 with Retry-After, a server that never answers).
 * `await using` stops it and drops every connection it still holds.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StubServer extends AsyncDisposable {
  baseUrl: string;
  /** `METHOD /path?query` of every request, in order. */
  requests: string[];
}

export async function startStub(handler: (request: IncomingMessage, response: ServerResponse) => void): Promise<StubServer> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    handler(request, response);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    async [Symbol.asyncDispose]() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** A run's events as SSE text, `id:` set to each event's index. */
export function sseText(events: Array<Record<string, unknown>>): string {
  return events.map((event) => `id: ${String(event.event_index)}\ndata: ${JSON.stringify(event)}\n\n`).join('');
}

/** `count` run events of run `runId`, the last one `run_end`. */
export function runEvents(runId: string, count: number): Array<Record<string, unknown>> {
  return Array.from({ length: count }, (_, i) => ({
    type: i === count - 1 ? 'run_end' : 'log',
    run_id: runId,
    runId,
    // Both spellings, as PyFlue sends them.
    event_index: i + 1,
    eventIndex: i + 1,
    timestamp: '2026-01-01T00:00:00Z',
    ...(i === count - 1 ? { result: null, isError: false, durationMs: 1 } : { level: 'info', message: `event ${i + 1}` }),
  }));
}
