/**
 * watchRun and startWorkflow against the fake of @pyflue/client/testing: events and logs
 * in order until run_end, the result from the record, a failed run's error, resume after a
 * cut with each event once, `after`, laziness (nothing sent before subscribe) and
 * snapshot identity.
 */
import { describe, expect, it } from 'vitest';
import { PyFlueNotFoundError, PyFlueStreamError } from '../../src/index.js';
import { startWorkflow, watchRun } from '../../src/live/index.js';
import type { FakeRunContext } from '../../src/testing/index.js';
import { fakeClient, record, until } from './support.js';
import { knownEvents } from '../support/assertions.js';

const steps = async (ctx: FakeRunContext) => {
  for (let n = 1; n <= Number(ctx.payload.count ?? 3); n += 1) await ctx.log.info('step', { n });
  return { steps: Number(ctx.payload.count ?? 3) };
};

describe('watchRun', () => {
  it('follows a run until run_end: events and logs in order, then the result from its record', async () => {
    const { client } = await fakeClient({ workflows: { steps } });
    const { runId } = await client.workflows.invoke('steps', { count: 3 });
    const store = watchRun(client, runId);
    expect(store.getSnapshot()).toEqual({ runId, status: 'running', connection: 'connecting', events: [], logs: [], result: undefined, error: null, lastEventIndex: 0 });
    const done = await until(store, (snapshot) => snapshot.status !== 'running');
    expect(done.status).toBe('succeeded');
    expect(done.result).toEqual({ steps: 3 });
    expect(done.events.map((event) => event.type)).toEqual(['run_start', 'log', 'log', 'log', 'run_end']);
    expect(done.logs.map((log) => log.data.n)).toEqual([1, 2, 3]);
    expect(done.lastEventIndex).toBe(5);
    expect(done.error).toBeNull();
  });

  it('resumes after a cut: every event once, in order, no gap', async () => {
    const { client, fake } = await fakeClient({ workflows: { steps } });
    const { runId } = await client.workflows.invoke('steps', { count: 20 });
    await fake.idle();
    fake.faults.cutStreamAfter(4, { path: '/runs/' });
    const store = watchRun(client, runId);
    const done = await until(store, (snapshot) => snapshot.status !== 'running');
    expect(done.status).toBe('succeeded');
    expect(knownEvents(done.events).map((event) => event.eventIndex)).toEqual(Array.from({ length: 22 }, (_, index) => index + 1));
    expect(fake.faults.pendingCount).toBe(0);
  });

  it('starts after `after`: the events before it are not replayed', async () => {
    const { client, fake } = await fakeClient({ workflows: { steps } });
    const { runId } = await client.workflows.invoke('steps', { count: 3 });
    await fake.idle();
    const store = watchRun(client, runId, { after: 3 });
    expect(store.getSnapshot().lastEventIndex).toBe(3);
    const done = await until(store, (snapshot) => snapshot.status !== 'running');
    expect(knownEvents(done.events).map((event) => event.eventIndex)).toEqual([4, 5]);
  });

  it('a failed run ends failed, with its error as a PyFlueStreamError carrying the run error body', async () => {
    const { client } = await fakeClient({
      workflows: {
        explode: async () => {
          throw new Error('boom');
        },
      },
    });
    const { runId } = await client.workflows.invoke('explode');
    const done = await until(watchRun(client, runId), (snapshot) => snapshot.status !== 'running');
    expect(done.status).toBe('failed');
    expect(done.error).toMatchObject({ kind: 'run_failed', message: 'The run failed: An internal error occurred.' });
    expect(done.error?.cause).toBeInstanceOf(PyFlueStreamError);
    expect((done.error?.cause as PyFlueStreamError).envelope?.error.type).toBe('internal_error');
    expect(done.error?.cause.message).toContain(`Run ${runId} failed`);
    expect(done.error?.cause.runId).toBe(runId);
    expect(done.result).toBeUndefined();
  });

  it('an unknown run: the connection is lost with the typed 404, and the outcome stays unknown (running)', async () => {
    const { client } = await fakeClient({ workflows: { steps } });
    const done = await until(watchRun(client, 'workflow:steps:run_01ARZ3NDEKTSV4RRFFQ69G5FAV'), (snapshot) => snapshot.connection === 'lost');
    expect(done.status).toBe('running');
    expect(done.error).toMatchObject({ kind: 'server', message: 'The server could not handle the request (404).' });
    expect(done.error?.cause).toBeInstanceOf(PyFlueNotFoundError);
  });

  it('sends nothing until the first subscribe, and nothing after dispose', async () => {
    const requests: string[] = [];
    const { client, fake } = await fakeClient({ workflows: { steps } });
    const { runId } = await client.workflows.invoke('steps', { count: 3 });
    await fake.idle();
    const counting = new (client.constructor as typeof import('../../src/index.js').PyFlueClient)(fake.baseUrl, {
      fetch: (input: RequestInfo | URL, init?: RequestInit) => {
        requests.push(new Request(input, init).url);
        return fake.fetch(input, init);
      },
    });
    const idle = watchRun(counting, runId);
    expect(idle.getSnapshot().status).toBe('running');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(requests).toEqual([]);
    idle.dispose();
    const watched = watchRun(counting, runId);
    await until(watched, (snapshot) => snapshot.status === 'succeeded');
    expect(requests.map((url) => new URL(url).pathname)).toEqual([`/runs/${encodeURIComponent(runId)}/stream`, `/runs/${encodeURIComponent(runId)}`]);
    await counting.close();
  });

  it('a snapshot keeps its identity until something changes', async () => {
    const { client } = await fakeClient({ workflows: { steps } });
    const { runId } = await client.workflows.invoke('steps', { count: 2 });
    const store = watchRun(client, runId);
    const first = store.getSnapshot();
    const seen = record(store);
    expect(store.getSnapshot()).toBe(first);
    await until(store, (snapshot) => snapshot.status === 'succeeded');
    expect(new Set(seen).size).toBe(seen.length);
    expect(first.events).toEqual([]);
    const last = store.getSnapshot();
    expect(store.getSnapshot()).toBe(last);
    // Earlier events keep their identity as the list grows (the first snapshots may have none: `open` comes with the answer).
    const early = seen.find((snapshot) => snapshot.events.length > 0 && snapshot.events.length < last.events.length)!;
    expect(last.events[0]).toBe(early.events[0]);
  });
});

describe('startWorkflow', () => {
  it('starts one run and resolves with its store, which follows it to its result', async () => {
    const { client } = await fakeClient({ workflows: { steps } });
    const store = await startWorkflow(client, 'steps', { count: 2 });
    expect(store.getSnapshot().runId).toMatch(/^workflow:steps:run_/);
    const done = await until(store, (snapshot) => snapshot.status !== 'running');
    expect(done).toMatchObject({ status: 'succeeded', result: { steps: 2 } });
    const { items: runs } = await client.admin.runs.list();
    expect(runs).toHaveLength(1);
  });

  it('rejects with the typed error when the run cannot start', async () => {
    const { client } = await fakeClient({ workflows: { steps } });
    await expect(startWorkflow(client, 'missing', {})).rejects.toBeInstanceOf(PyFlueNotFoundError);
  });
});
