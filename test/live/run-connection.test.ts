/**
 * watchRun keeps the connection apart from the outcome: a drop shows `reconnecting` (never
 * `failed`), the store reconnects on its own after the last event it has (every event
 * once), at once on the browser's `online` event or `retry()`, and a refusal that would
 * repeat shows `lost` until `retry()`. Events are appended in place: no copy per event.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PyFlueServerError } from '../../src/index.js';
import { watchRun, type RunSnapshot } from '../../src/live/index.js';
import type { FakeRunContext } from '../../src/testing/index.js';
import { knownEvents } from '../support/assertions.js';
import { fakeClient, until } from './support.js';

afterEach(() => {
  vi.unstubAllGlobals();
});

const steps = async (ctx: FakeRunContext) => {
  for (let n = 1; n <= Number(ctx.payload.count ?? 3); n += 1) await ctx.log.info('step', { n });
  return { steps: Number(ctx.payload.count ?? 3) };
};

/** The connection states a store went through, each change once. */
function connections(store: { subscribe(listener: (snapshot: RunSnapshot) => void): () => void }): string[] {
  const seen: string[] = [];
  store.subscribe((snapshot) => {
    const state = `${snapshot.status}/${snapshot.connection}`;
    if (seen.at(-1) !== state) seen.push(state);
  });
  return seen;
}

describe('watchRun: connection apart from outcome', () => {
  it('a dropped stream shows reconnecting, never failed, and resumes with every event once', async () => {
    const { client, fake } = await fakeClient({ workflows: { steps } });
    const { runId } = await client.workflows.invoke('steps', { count: 10 });
    await fake.idle();
    fake.faults.cutStreamAfter(4, { path: '/runs/' });
    const store = watchRun(client, runId);
    const seen = connections(store);
    const done = await until(store, (snapshot) => snapshot.status !== 'running');
    expect(done.status).toBe('succeeded');
    expect(seen).toEqual(['running/connecting', 'running/open', 'running/reconnecting', 'running/open', 'succeeded/open']);
    expect(knownEvents(done.events).map((event) => event.eventIndex)).toEqual(Array.from({ length: 12 }, (_, index) => index + 1));
    expect(done.error).toBeNull();
    store.dispose();
  });

  it('while the server is unreachable it keeps trying (error kind network), then picks up where it was', async () => {
    const { client, fake } = await fakeClient({ workflows: { steps } });
    const { runId } = await client.workflows.invoke('steps', { count: 3 });
    await fake.idle();
    fake.faults.next(3, { network: true }, { path: '/runs/' });
    const store = watchRun(client, runId);
    const errors: string[] = [];
    store.subscribe((snapshot) => snapshot.error && errors.push(`${snapshot.connection}:${snapshot.error.kind}`));
    const done = await until(store, (snapshot) => snapshot.status !== 'running');
    expect(done).toMatchObject({ status: 'succeeded', connection: 'open', error: null, result: { steps: 3 } });
    expect(errors[0]).toBe('reconnecting:network');
    expect(knownEvents(done.events).map((event) => event.eventIndex)).toEqual([1, 2, 3, 4, 5]);
    store.dispose();
  });

  it("the browser's online event ends the wait at once (here a Retry-After of 30 s)", async () => {
    const target = new EventTarget();
    vi.stubGlobal('addEventListener', target.addEventListener.bind(target));
    vi.stubGlobal('removeEventListener', target.removeEventListener.bind(target));
    const { client, fake } = await fakeClient({ workflows: { steps } });
    const { runId } = await client.workflows.invoke('steps', { count: 2 });
    await fake.idle();
    fake.faults.next(1, { status: 503, retryAfter: 30 }, { path: '/runs/' });
    const store = watchRun(client, runId);
    await until(store, (snapshot) => snapshot.connection === 'reconnecting');
    expect(store.getSnapshot().error?.kind).toBe('server');
    const woken = Date.now();
    target.dispatchEvent(new Event('online'));
    await until(store, (snapshot) => snapshot.status === 'succeeded');
    expect(Date.now() - woken).toBeLessThan(10_000);
    store.dispose();
  });

  it('a 429 while reconnecting is kind rate_limit', async () => {
    const { client, fake } = await fakeClient({ workflows: { steps } });
    const { runId } = await client.workflows.invoke('steps', { count: 2 });
    await fake.idle();
    fake.faults.next(1, { status: 429, retryAfter: 30 }, { path: '/runs/' });
    const store = watchRun(client, runId);
    const reconnecting = await until(store, (snapshot) => snapshot.connection === 'reconnecting');
    expect(reconnecting.error).toMatchObject({ kind: 'rate_limit' });
    store.retry();
    await until(store, (snapshot) => snapshot.status === 'succeeded');
    store.dispose();
  });

  it('a refusal that would repeat (500) is lost, status still running; retry() tries again', async () => {
    const { client, fake } = await fakeClient({ workflows: { steps } });
    const { runId } = await client.workflows.invoke('steps', { count: 2 });
    await fake.idle();
    fake.faults.next(1, { status: 500 }, { path: '/runs/' });
    const store = watchRun(client, runId);
    const lost = await until(store, (snapshot) => snapshot.connection === 'lost');
    expect(lost.status).toBe('running');
    expect(lost.error?.cause).toBeInstanceOf(PyFlueServerError);
    // Lost stays lost: nothing is tried on its own.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(store.getSnapshot().connection).toBe('lost');
    store.retry();
    const done = await until(store, (snapshot) => snapshot.status === 'succeeded');
    expect(done).toMatchObject({ connection: 'open', error: null, result: { steps: 2 } });
    store.dispose();
  });

  it('dispose() while reconnecting ends the wait and sends nothing more', async () => {
    const requests: string[] = [];
    const { client, fake } = await fakeClient({ workflows: { steps } });
    const { runId } = await client.workflows.invoke('steps', { count: 2 });
    await fake.idle();
    fake.faults.next(1, { status: 503, retryAfter: 30 }, { path: '/runs/' });
    const counting = new (client.constructor as typeof import('../../src/index.js').PyFlueClient)(fake.baseUrl, {
      fetch: (input: RequestInfo | URL, init?: RequestInit) => (requests.push(new Request(input, init).url), fake.fetch(input, init)),
    });
    const store = watchRun(counting, runId);
    await until(store, (snapshot) => snapshot.connection === 'reconnecting');
    store.dispose();
    const sent = requests.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(requests).toHaveLength(sent);
    await counting.close();
  });

  it('appends each event in place: no copy of the list per event (a snapshot copies its events only when read)', async () => {
    const count = 5_000;
    const events = Array.from({ length: count }, (_, index) => ({ type: 'log', eventIndex: index + 1, data: { level: 'info', message: 'tick', n: index } }));
    const stub = {
      agents: { stream: () => ({}) },
      workflows: { invoke: async () => ({}) },
      runs: {
        async *stream() {
          yield* events;
          yield { type: 'run_end', eventIndex: count + 1, data: { status: 'succeeded', isError: false, error: null } };
        },
        get: async () => ({ status: 'succeeded', result: { ok: true } }),
      },
    };
    const slice = vi.spyOn(Array.prototype, 'slice');
    const store = watchRun(stub as never, 'run_1');
    let snapshots = 0;
    store.subscribe((snapshot) => {
      snapshots += snapshot.status === 'running' ? 1 : 0;
    });
    await until(store, (snapshot) => snapshot.status === 'succeeded');
    const copies = slice.mock.calls.length;
    slice.mockRestore();
    expect(snapshots).toBeGreaterThan(count);
    // None of the 5 000 snapshots copied the list: nobody read it.
    expect(copies).toBe(0);
    const last = store.getSnapshot();
    expect(last.events).toHaveLength(count + 1);
    expect(last.logs).toHaveLength(count);
    expect(last.events).toBe(last.events);
    store.dispose();
  });
});
