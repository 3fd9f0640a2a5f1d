/**
 * watchRun takes the run's outcome from its own `run_end` frame: a failed run ends failed
 * at once (no record read), a succeeded one reads its record for the result only, and a
 * read that fails then leaves the outcome as the frame said. A stream the store must start
 * again (out of reconnects) shows `reconnecting`, and `retry()` starts it now.
 */
import { describe, expect, it } from 'vitest';
import { PyFlueConnectionError, PyFlueServerError, PyFlueStreamError, type RunStreamEvent } from '../../src/index.js';
import { watchRun } from '../../src/live/index.js';
import { until } from './support.js';

const RUN = 'run_1';
const runStart = { type: 'run_start', runId: RUN, eventIndex: 1, data: { agent: 'w', agentId: RUN } };
const runEnd = (status: 'succeeded' | 'failed', error: unknown = null) => ({ type: 'run_end', runId: RUN, eventIndex: 2, data: { status, isError: status === 'failed', error } });

/** A client whose run stream is `streams[n]()` on its n-th call (none left: nothing), and whose record read does `get`. */
function stubClient(streams: Array<() => AsyncIterable<unknown>>, get: () => Promise<unknown>) {
  const calls = { streams: [] as Array<number | undefined>, gets: 0 };
  const client = {
    agents: { stream: () => ({}) },
    workflows: { invoke: async () => ({}) },
    runs: {
      stream(_runId: string, options: { after?: number }) {
        const next = streams[calls.streams.length] ?? events();
        calls.streams.push(options.after);
        return next();
      },
      get: () => {
        calls.gets += 1;
        return get();
      },
    },
  };
  return { client: client as never, calls };
}

/** A stream of `list`, then the end of the body (or `error`, thrown there). */
const events =
  (...list: unknown[]) =>
  (error?: unknown) =>
    (async function* () {
      yield* list;
      if (error !== undefined) throw error;
    })();

describe('watchRun: the outcome from run_end', () => {
  it('a run_end failed ends the run failed at once, with the frame\'s error, and reads no record', async () => {
    const { client, calls } = stubClient([events(runStart, runEnd('failed', { type: 'ValueError', message: 'bad input', details: '' }))], () => Promise.reject(new Error('never read')));
    const store = watchRun(client, RUN);
    const done = await until(store, (snapshot) => snapshot.status !== 'running');
    expect(done).toMatchObject({ status: 'failed', connection: 'open', result: undefined, lastEventIndex: 2 });
    expect(done.error).toMatchObject({ kind: 'run_failed', message: 'The run failed: bad input' });
    expect(done.error?.cause).toBeInstanceOf(PyFlueStreamError);
    expect((done.error?.cause as PyFlueStreamError).envelope?.error.type).toBe('ValueError');
    expect(calls.gets).toBe(0);
    store.dispose();
  });

  it('a run_end succeeded whose record read then fails still ends succeeded (the result unknown)', async () => {
    const { client, calls } = stubClient([events(runStart, runEnd('succeeded'))], () =>
      Promise.reject(new PyFlueServerError({ status: 500, method: 'GET', url: 'http://127.0.0.1/runs/run_1', body: 'down' })),
    );
    const store = watchRun(client, RUN);
    const done = await until(store, (snapshot) => snapshot.status !== 'running');
    expect(done).toMatchObject({ status: 'succeeded', connection: 'open', error: null, result: undefined });
    expect(calls.gets).toBe(1);
    expect(calls.streams).toHaveLength(1);
    store.dispose();
  });

  it('a run_end succeeded takes the result from the record, even when the record still says running', async () => {
    const { client } = stubClient([events(runStart, runEnd('succeeded'))], async () => ({ status: 'running', result: { ok: 1 } }));
    const store = watchRun(client, RUN);
    const done = await until(store, (snapshot) => snapshot.status !== 'running');
    expect(done).toMatchObject({ status: 'succeeded', result: { ok: 1 }, error: null });
    store.dispose();
  });

  it('without run_end (resumed after it) the record says the outcome', async () => {
    const { client, calls } = stubClient([events()], async () => ({ status: 'failed', result: null, error: { type: 'E', message: 'gone wrong', details: '' } }));
    const store = watchRun(client, RUN, { after: 2 });
    const done = await until(store, (snapshot) => snapshot.status !== 'running');
    expect(done.error).toMatchObject({ kind: 'run_failed', message: 'The run failed: gone wrong' });
    expect(calls.streams).toEqual([2]);
    store.dispose();
  });

  it.each([
    ['no answer (kind network)', new PyFlueConnectionError('GET /runs/run_1/stream failed: refused', 'GET', 'http://127.0.0.1/runs/run_1/stream'), 'network'],
    ['a 503 (the retry policy says again)', new PyFlueServerError({ status: 503, method: 'GET', url: 'http://127.0.0.1/runs/run_1/stream', body: 'busy' }), 'server'],
  ])('a stream that gave up on drops, %s, shows reconnecting; retry() starts it again now, after the last event', async (_label, error, kind) => {
    const { client, calls } = stubClient([() => events(runStart)(error), events(runEnd('succeeded'))], async () => ({ status: 'succeeded', result: 7 }));
    const store = watchRun(client, RUN);
    const reconnecting = await until(store, (snapshot) => snapshot.connection === 'reconnecting');
    expect(reconnecting).toMatchObject({ status: 'running', error: { kind } });
    store.retry();
    const done = await until(store, (snapshot) => snapshot.status !== 'running');
    expect(done).toMatchObject({ status: 'succeeded', result: 7 });
    expect(calls.streams).toEqual([0, 1]);
    store.dispose();
  });

  it('a refusal that would repeat (an error frame) is lost until retry()', async () => {
    const frame = new PyFlueStreamError('error frame', { envelope: { error: { type: 'boom', message: 'no', details: '' } } });
    const { client, calls } = stubClient([() => events()(frame), events(runStart, runEnd('failed'))], () => Promise.reject(new Error('never read')));
    const store = watchRun(client, RUN);
    const lost = await until(store, (snapshot) => snapshot.connection === 'lost');
    expect(lost).toMatchObject({ status: 'running', error: { kind: 'server' } });
    store.retry();
    const done = await until(store, (snapshot) => snapshot.status !== 'running');
    expect(done.status).toBe('failed');
    expect(calls.streams).toEqual([0, 0]);
    store.dispose();
  });
});
