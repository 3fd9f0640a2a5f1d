/**
 * Conformance against the real PyFlue 0.2.0 fixture server: `client.runs` (get, paged
 * events, replayed and live streams, a 10 000-event run), end to end. Every JSON answer
 * the client receives is checked against spec/openapi.yaml.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PyFlueClient, type RunEvent } from '../../src/index.js';
import { conformanceTarget } from '../support/conformance-target.js';
import { createValidatingFetch } from '../support/validating-fetch.js';
import { knownEvent, knownEvents } from '../support/assertions.js';

const target = await conformanceTarget();
const baseUrl = target.baseUrl;
const spec = createValidatingFetch({ fetch: target.fetch, additiveFields: true });
const client = new PyFlueClient(baseUrl, { fetch: spec.fetch, websocket: target.websocket });

afterAll(() => client.close());

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => from + index);

async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of stream) items.push(item);
  return items;
}

let greetRunId: string;

beforeAll(async () => {
  greetRunId = (await client.workflows.invoke('greet', { name: 'Runs' }, { wait: true })).runId;
});

describe('runs.get', () => {
  it("answers the run's record", async () => {
    const run = await client.runs.get(greetRunId);
    expect(run).toMatchObject({
      run_id: greetRunId,
      runId: greetRunId,
      agent: 'greet',
      agentName: 'greet',
      agent_id: greetRunId,
      instanceId: greetRunId,
      started_at: expect.any(Number),
      startedAt: expect.any(String),
      ended_at: expect.any(Number),
      endedAt: expect.any(String),
      durationMs: expect.any(Number),
      status: 'succeeded',
      is_error: false,
      isError: false,
      error: null,
      result: { greeting: 'Hello, Runs!', runId: greetRunId },
      event_count: 5,
    });
    expect(Date.parse(run.endedAt!)).toBeGreaterThanOrEqual(Date.parse(run.startedAt));
  });
});

describe('runs.events', () => {
  it('pages through a 2 500-event run 1 000 at a time, chaining nextAfter, each index once', async () => {
    const { runId } = await client.workflows.invoke('burst', { count: 2500 }, { wait: true });
    const indexes: number[] = [];
    const pageSizes: number[] = [];
    let after = 0;
    for (let page = 0; page < 10; page += 1) {
      const list = await client.runs.events(runId, page === 0 ? {} : { after, limit: 1000 });
      expect(list.runId).toBe(runId);
      expect(list.runId).toBe(runId);
      expect(list.nextAfter).toBe(list.nextAfter);
      if (list.events.length === 0) {
        // The end: nextAfter stays where it was.
        expect(list.nextAfter).toBe(after);
        break;
      }
      pageSizes.push(list.events.length);
      indexes.push(...knownEvents(list.events).map((event) => event.eventIndex));
      expect(list.nextAfter).toBe(knownEvents(list.events).at(-1)!.eventIndex);
      after = list.nextAfter;
    }
    expect(pageSizes).toEqual([1000, 1000, 502]);
    expect(indexes).toEqual(range(1, 2502));
    const ends = await client.runs.events(runId, { after: 2500 });
    expect(ends.events.map((event) => event.type)).toEqual(['log', 'run_end']);
    expect(ends.events[0]!.data).toEqual({ level: 'info', message: 'tick', n: 2499 });
  });

  it('filters by types (a list or one name) and honours after and limit', async () => {
    const { runId } = await client.workflows.invoke('burst', { count: 30 }, { wait: true });
    const edges = await client.runs.events(runId, { types: ['run_start', 'run_end'] });
    expect(knownEvents(edges.events).map((event) => [event.eventIndex, event.type])).toEqual([
      [1, 'run_start'],
      [32, 'run_end'],
    ]);
    expect(edges.nextAfter).toBe(32);

    const logs = await client.runs.events(runId, { types: 'log', after: 10, limit: 5 });
    expect(knownEvents(logs.events).map((event) => event.eventIndex)).toEqual([11, 12, 13, 14, 15]);
    expect(logs.events.every((event) => event.type === 'log')).toBe(true);
    expect(logs.events.map((event) => (event.type === 'log' ? event.data.n : undefined))).toEqual([9, 10, 11, 12, 13]);
    expect(logs.nextAfter).toBe(15);

    const none = await client.runs.events(runId, { types: ['no_such_type'] });
    expect(none.events).toEqual([]);
    expect(none.nextAfter).toBe(0);
  });
});

describe('runs.stream', () => {
  it('replays a finished run and ends at run_end', async () => {
    const events = await collect(client.runs.stream(greetRunId));
    expect(events.map((event) => event.type)).toEqual(['run_start', 'log', 'log', 'log', 'run_end']);
    expect(events.map((event) => knownEvent(event).eventIndex)).toEqual([1, 2, 3, 4, 5]);
    expect(events[0]!.type === 'run_start' && events[0]!.data).toMatchObject({ agent: 'greet', agent_id: greetRunId });
    expect(events[4]!.type === 'run_end' && events[4]!.data.status).toBe('succeeded');
    // The same events as the recorded list.
    expect(events).toEqual((await client.runs.events(greetRunId)).events);
  });

  it('with { after } replays only the later events', async () => {
    const events = await collect(client.runs.stream(greetRunId, { after: 3 }));
    expect(events.map((event) => [knownEvent(event).eventIndex, event.type])).toEqual([
      [4, 'log'],
      [5, 'run_end'],
    ]);
  });

  it('with { after } at the last event of a finished run, ends at once with no events', async () => {
    // A consumer that stored the index of the run_end it processed resumes from there: the
    // server answers an empty stream that ends at once, as the run is over.
    const stream = client.runs.stream(greetRunId, { after: 5 });
    const streamed = await collect(stream).then(
      (events) => ({ events }),
      (error: unknown) => ({ error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) }),
    );
    expect(streamed).toEqual({ events: [] });
  });

  it('tails a running run live: events arrive while it runs, and the stream ends at run_end', async () => {
    const { runId } = await client.workflows.invoke('slow', { count: 20, delay_ms: 75 });
    const events: RunEvent[] = [];
    let statusAtFirstLog: string | undefined;
    for await (const event of client.runs.stream(runId)) {
      events.push(knownEvent(event));
      // The first log event is delivered while the run still has ~19 events to go.
      if (event.type === 'log' && statusAtFirstLog === undefined) statusAtFirstLog = (await client.runs.get(runId)).status;
    }
    expect(statusAtFirstLog).toBe('running');
    expect(events.map((event) => event.eventIndex)).toEqual(range(1, 22));
    expect(events.at(-1)!.type).toBe('run_end');
    expect(events.slice(1, -1).every((event) => event.type === 'log')).toBe(true);
    expect((await client.runs.get(runId)).status).toBe('succeeded');
  });

  it('delivers all 10 002 events of a 10 000-event burst run, indexes 1..10002 in order', async () => {
    const { runId } = await client.workflows.invoke('burst', { count: 10_000 });
    let count = 0;
    let inOrder = true;
    let first: RunEvent | undefined;
    let last: RunEvent | undefined;
    for await (const streamed of client.runs.stream(runId)) {
      const event = knownEvent(streamed);
      count += 1;
      if (event.eventIndex !== count || event.runId !== runId) inOrder = false;
      first ??= event;
      last = event;
    }
    expect(count).toBe(10_002);
    expect(inOrder).toBe(true);
    expect(first?.type).toBe('run_start');
    expect(last).toMatchObject({ type: 'run_end', event_index: 10_002, data: { status: 'succeeded' } });
    const run = await client.runs.get(runId);
    expect(run).toMatchObject({ status: 'succeeded', event_count: 10_002, result: { count: 10_000 } });
  });
});

describe('the answers the client received', () => {
  it('all hold against spec/openapi.yaml', () => {
    expect(spec.exchanges.filter((exchange) => exchange.checked === 'json').length).toBeGreaterThan(10);
    expect(spec.exchanges.filter((exchange) => exchange.checked === 'stream-headers').length).toBeGreaterThanOrEqual(4);
    expect(spec.problems).toEqual([]);
  });
});
