/**
 * A run stream's `onConnection` (the hook /live's watchRun follows instead of a resume loop
 * of its own): `connecting`, then `open` when the server answers, `reconnecting` (with why)
 * before each wait after a drop, `open` again, and `lost` with the error the stream ends
 * with; nothing for the caller's own abort; a callback that throws changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { PyFlueClient, PyFlueInputError, PyFlueNotFoundError, type RunStreamOptions } from '../../src/index.js';

type RunConnection = Parameters<NonNullable<RunStreamOptions['onConnection']>>[0];
import { createFakePyFlue, type FakeRunContext } from '../../src/testing/index.js';
import { knownEvents } from '../support/assertions.js';

const steps = async (ctx: FakeRunContext) => {
  for (let n = 1; n <= 4; n += 1) await ctx.log.info('step', { n });
  return { steps: 4 };
};

async function setUp(onListenerError?: (error: unknown) => void) {
  const fake = await createFakePyFlue({ workflows: { steps } });
  const client = new PyFlueClient(fake.baseUrl, { fetch: fake.fetch, onListenerError });
  const { runId } = await client.workflows.invoke('steps', {});
  await fake.idle();
  return {
    fake,
    client,
    runId,
    async [Symbol.asyncDispose]() {
      await client.close();
      await fake.close();
    },
  };
}

/** Collects the states told, with the error's class when one came. */
const recorder = () => {
  const seen: string[] = [];
  const onConnection = (state: RunConnection, error?: unknown) => void seen.push(error === undefined ? state : `${state}:${(error as Error).name}`);
  return { seen, onConnection };
};

describe('run stream onConnection', () => {
  it('connecting, open, reconnecting with why, open again: every event once', async () => {
    await using setup = await setUp();
    setup.fake.faults.next(1, { network: true }, { path: '/runs/' });
    const { seen, onConnection } = recorder();
    const events = [];
    for await (const event of setup.client.runs.stream(setup.runId, { onConnection, reconnectDelayMs: 1 })) events.push(event);
    expect(seen).toEqual(['connecting', 'reconnecting:PyFlueConnectionError', 'open']);
    expect(knownEvents(events).map((event) => event.eventIndex)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('a cut after some events: open, reconnecting, open', async () => {
    await using setup = await setUp();
    setup.fake.faults.cutStreamAfter(2, { path: '/runs/' });
    const { seen, onConnection } = recorder();
    const events = [];
    for await (const event of setup.client.runs.stream(setup.runId, { onConnection, reconnectDelayMs: 1 })) events.push(event);
    expect(seen[0]).toBe('connecting');
    expect(seen[1]).toBe('open');
    expect(seen[2]).toMatch(/^reconnecting/);
    expect(seen.at(-1)).toBe('open');
    expect(knownEvents(events).map((event) => event.eventIndex)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('a refusal that would repeat is lost, with the error the loop throws', async () => {
    await using setup = await setUp();
    const { seen, onConnection } = recorder();
    let thrown: unknown;
    try {
      for await (const _ of setup.client.runs.stream('run_unknown', { onConnection })) void _;
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(PyFlueNotFoundError);
    expect(seen).toEqual(['connecting', 'lost:PyFlueNotFoundError']);
  });

  it('out of reconnects is lost too', async () => {
    await using setup = await setUp();
    setup.fake.faults.next(5, { network: true }, { path: '/runs/' });
    const { seen, onConnection } = recorder();
    await expect(async () => {
      for await (const _ of setup.client.runs.stream(setup.runId, { onConnection, maxReconnects: 2, reconnectDelayMs: 1 })) void _;
    }).rejects.toThrow(/dropped 3 times/);
    expect(seen).toEqual(['connecting', 'reconnecting:PyFlueConnectionError', 'reconnecting:PyFlueConnectionError', 'lost:PyFlueStreamError']);
  });

  it("the caller's own abort is no lost connection", async () => {
    await using setup = await setUp();
    const { seen, onConnection } = recorder();
    const controller = new AbortController();
    await expect(async () => {
      for await (const _ of setup.client.runs.stream(setup.runId, { onConnection, signal: controller.signal })) controller.abort();
    }).rejects.toThrow();
    expect(seen).toEqual(['connecting', 'open']);
  });

  it('a callback that throws goes to onListenerError and the stream goes on', async () => {
    const reported: unknown[] = [];
    await using setup = await setUp((error) => reported.push(error));
    const events = [];
    const onConnection = (state: RunConnection) => {
      throw new Error(`listener broke on ${state}`);
    };
    for await (const event of setup.client.runs.stream(setup.runId, { onConnection })) events.push(event);
    expect(events).toHaveLength(6);
    expect(reported.map((error) => (error as Error).message)).toEqual(['listener broke on connecting', 'listener broke on open']);
  });

  it('is checked before anything is sent: a function or nothing', () => {
    const client = new PyFlueClient('http://127.0.0.1:9');
    expect(() => client.runs.stream('run_1', { onConnection: 'yes' as never })).toThrow(PyFlueInputError);
    expect(() => client.runs.stream('run_1', { onConnection: 'yes' as never })).toThrow(/onConnection must be a function/);
    expect(() => client.runs.stream('run_1', { onConection: () => {} } as never)).toThrow(/did you mean "onConnection"/);
  });
});
