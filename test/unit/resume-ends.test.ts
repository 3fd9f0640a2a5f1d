/**
 * A run's stream ends on what the spec says ends it, never on one field of the run's
 * record: a finished run whose record lacks `event_count` (a newer server renamed it, say)
 * ends the stream at once instead of reconnecting until the reconnects run out; the frame
 * that ends the run (`x-sse-ends`: `run_end`) ends the stream wherever it is, at or below
 * the resume point, or without an index.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { PyFlueClient, type RunStreamEvent } from '../../src/index.js';
import { collect, guard, wireRunRecord } from '../support/assertions.js';
import { startStub } from '../support/stub-server.js';

const RUN = 'run_01NEWERSERVERNEWERSERVER1';
const event = (index: number | undefined, type: string, data: Record<string, unknown> = {}) => ({
  run_id: RUN,
  runId: RUN,
  ...(index === undefined ? {} : { event_index: index, eventIndex: index }),
  type,
  timestamp: 1_795_480_629 + (index ?? 0),
  data,
});
const RUN_END = (index: number | undefined) => event(index, 'run_end', { is_error: false, error: null, status: 'succeeded' });
const frame = (body: Record<string, unknown>) => `${typeof body.event_index === 'number' ? `id: ${body.event_index}\n` : ''}event: ${String(body.type)}\ndata: ${JSON.stringify(body)}\n\n`;

/** A server whose `/runs/RUN/stream` answers `streams[n]` on its n-th connection (the last one after that) and whose record is `record`. */
async function server(streams: string[], record: Record<string, unknown>) {
  let connection = 0;
  return startStub((request: IncomingMessage, response: ServerResponse) => {
    if (request.url?.startsWith(`/runs/${RUN}/stream`)) {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.end(streams[Math.min(connection, streams.length - 1)]);
      connection += 1;
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(record));
  });
}

/** The record of a finished run as a newer server might send it: no `event_count` (renamed). */
const withoutCount = (rename?: string) => {
  const { event_count: count, ...record } = wireRunRecord(RUN);
  return rename ? { ...record, [rename]: count } : record;
};

describe('a finished run whose record has no event_count', () => {
  for (const [label, record] of [
    ['lacks it', withoutCount()],
    ['renamed it', withoutCount('events_total')],
  ] as const) {
    it(`${label}: resuming after its last event ends the stream at once, no error, no reconnects left to run out`, async () => {
      await using stub = await server([''], record);
      await using client = new PyFlueClient(stub.baseUrl);
      // reconnectDelayMs 1 s: a reconnect with backoff would show as seconds; the guard allows far less.
      const events = await guard(collect(client.runs.stream(RUN, { after: 5, reconnectDelayMs: 1000 })), 900, 'the stream of a finished run');
      expect(events).toEqual([]);
      const streams = stub.requests.filter((request) => request.includes('/stream'));
      // One look, and one more to be sure (an ended run's stream replays to its end at once).
      expect(streams).toEqual([`GET /runs/${RUN}/stream?after=5`, `GET /runs/${RUN}/stream?after=5`]);
    });
  }

  it('a cut mid-replay still resumes: the events after the cut arrive, each once', async () => {
    const first = frame(event(1, 'run_start', { agent: 'greet', agent_id: RUN })) + frame(event(2, 'log', { level: 'info', message: 'a' }));
    const rest = frame(event(3, 'log', { level: 'info', message: 'b' })) + frame(RUN_END(4));
    await using stub = await server([first, rest], withoutCount());
    await using client = new PyFlueClient(stub.baseUrl);
    const events = await guard(collect(client.runs.stream(RUN, { reconnectDelayMs: 1000 })), 900, 'the stream of a finished run');
    expect(events.map((item: RunStreamEvent) => item.type)).toEqual(['run_start', 'log', 'log', 'run_end']);
    expect(stub.requests.filter((request) => request.includes('/stream'))).toEqual([`GET /runs/${RUN}/stream`, `GET /runs/${RUN}/stream?after=2`]);
  });
});

describe('the frame that ends a run ends its stream wherever it is', () => {
  it('a run_end at or below the resume point ends the stream (and is not delivered twice)', async () => {
    await using stub = await server([frame(RUN_END(3))], wireRunRecord(RUN, { event_count: 99 }));
    await using client = new PyFlueClient(stub.baseUrl);
    const events = await guard(collect(client.runs.stream(RUN, { after: 5, reconnectDelayMs: 1000 })), 900, 'the stream');
    expect(events).toEqual([]);
    // It ended on the frame: the record was never asked for.
    expect(stub.requests).toEqual([`GET /runs/${RUN}/stream?after=5`]);
  });

  it('a run_end without an index ends the stream', async () => {
    await using stub = await server([frame(event(1, 'log', { level: 'info', message: 'a' })) + frame(RUN_END(undefined))], wireRunRecord(RUN, { event_count: 99 }));
    await using client = new PyFlueClient(stub.baseUrl);
    const events = await guard(collect(client.runs.stream(RUN, { reconnectDelayMs: 1000 })), 900, 'the stream');
    expect(events.map((item) => item.type)).toEqual(['log', 'run_end']);
    expect(stub.requests).toEqual([`GET /runs/${RUN}/stream`]);
  });
});
