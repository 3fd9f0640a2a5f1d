/**
 * Fault tests of every run stream against the real PyFlue fixture server, through the TCP
 * fault proxy (test/support/fault-proxy.ts):
 *
 * - `workflows.stream` and a file-based `agents.stream` (POST streams) cut at seeded
 *   random byte offsets, dozens of times each: the run's own stream takes over after each
 *   cut, and every event arrives once, in order, through `run_end`;
 * - a POST stream that goes silent moves to the run's own stream (no event lost or
 *   repeated, the POST not sent again); a silent `runs.stream` resumes;
 * - streams and sockets that cannot resume (the default agent's prompt stream, a
 *   persistent agent's stream, a socket prompt, a workflow socket run) fail typed after
 *   their idle or answer timeout, saying how long they waited.
 *
 * Idle timeouts are set small (hundreds of ms) so no test waits longer than it must.
 */
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { PyFlueClient, PyFlueTimeoutError, type RunEvent } from '../../src/index.js';
import { startFaultProxy, type ConnectionPlan, type FaultProxy } from '../support/fault-proxy.js';
import { prng, guard, collect, rejection, knownEvents } from '../support/assertions.js';

const baseUrl = inject('pyflueBaseUrl');
const direct = new PyFlueClient(baseUrl);
const target = new URL(baseUrl);

const proxies: FaultProxy[] = [];
const clients: PyFlueClient[] = [];

async function proxied(
  plan?: (index: number) => ConnectionPlan,
  options: ConstructorParameters<typeof PyFlueClient>[1] = {},
): Promise<{ proxy: FaultProxy; client: PyFlueClient }> {
  const proxy = await startFaultProxy(target, plan ? { plan } : {});
  proxies.push(proxy);
  const client = new PyFlueClient(proxy.url, { maxRetries: 0, ...options });
  clients.push(client);
  return { proxy, client };
}

afterEach(async () => {
  // Proxies first: a socket behind a stalled proxy then sees its connection end at once,
  // instead of waiting out the close grace for a close frame that cannot come.
  await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
  await Promise.all(clients.splice(0).map((client) => client.close()));
});
afterAll(() => direct.close());

/** Every event once, in order, from 1 through `run_end`, all of one run. */
function expectWholeRun(events: RunEvent[], total: number, runId: string): void {
  expect(events.map((event) => event.eventIndex)).toEqual(Array.from({ length: total }, (_, position) => position + 1));
  expect(events.every((event) => event.runId === runId)).toBe(true);
  expect(events.at(-1)?.type).toBe('run_end');
}

/** Which connections asked for what: `POST /workflows/burst`, `GET /runs/...`. */
function requests(proxy: FaultProxy): string[] {
  return proxy.connections.map((connection) => connection.clientHead.split(' ', 2).join(' '));
}

/**
 * The cut plan: the first `cuts` connections are cut after a seeded random 2 000..22 000
 * bytes (at most 660 kB in all, less than the ~870 kB of a 3 000-event run, so every cut happens).
 */
function randomCuts(seed: number, cuts: number): (index: number) => ConnectionPlan {
  const random = prng(seed);
  return (index) => (index < cuts ? { cutAfterServerBytes: 2_000 + Math.floor(random() * 20_001) } : {});
}

describe('POST run streams through cuts at random offsets', () => {
  it('workflows.stream: 30 cuts, every event once, in order, the POST sent once', async () => {
    const COUNT = 3_000;
    const SEED = 0x0f10_a7e5;
    const { proxy, client } = await proxied(randomCuts(SEED, 30));
    const stream = client.workflows.stream('burst', { count: COUNT }, { maxReconnects: 50, reconnectDelayMs: 0, signal: AbortSignal.timeout(50_000) });
    const events = await collect(stream);
    const runId = (await stream.runId)!;
    expect(runId).toMatch(/^workflow:burst:run_/);
    expectWholeRun(knownEvents(events), COUNT + 2, runId);
    expect(proxy.stats.cuts).toBe(30);
    // One POST (the run started once); every other stream connection followed the run.
    const sent = requests(proxy);
    expect(sent.filter((request) => request.startsWith('POST'))).toEqual(['POST /workflows/burst']);
    expect(sent.slice(1).every((request) => request.startsWith('GET /runs/'))).toBe(true);
    console.log(`workflows.stream cuts: seed ${SEED.toString(16)}, ${proxy.stats.cuts} cuts, ${proxy.stats.connections} connections`);
  });

  it('agents.stream (file-based): 30 cuts, every event once, in order, the POST sent once', async () => {
    const TICKS = 3_000;
    const SEED = 0xa6e7_5eed;
    const { proxy, client } = await proxied(randomCuts(SEED, 30));
    const stream = client.agents.stream('summarize', 'cuts-1', {
      payload: { text: 'cut me', ticks: TICKS },
      maxReconnects: 50,
      reconnectDelayMs: 0,
      signal: AbortSignal.timeout(50_000),
    });
    const events = (await collect(stream)) as RunEvent[];
    const runId = (await stream.runId)!;
    expect(runId).toMatch(/^run_/);
    // run_start, "summarizing", the ticks, run_end.
    expectWholeRun(events, TICKS + 3, runId);
    expect(proxy.stats.cuts).toBe(30);
    const sent = requests(proxy);
    expect(sent.filter((request) => request.startsWith('POST'))).toEqual(['POST /agents/summarize/cuts-1']);
    console.log(`agents.stream cuts: seed ${SEED.toString(16)}, ${proxy.stats.cuts} cuts, ${proxy.stats.connections} connections`);
  });
});

describe('silent connections', () => {
  it('a silent workflows.stream moves to the run’s own stream: nothing lost or repeated, no second POST', async () => {
    // A slow run (12 × 40 ms): the POST stream stalls after its head and a few events.
    const { proxy, client } = await proxied((index) => (index === 0 ? { stallAfterServerBytes: 1_200 } : {}));
    const stream = client.workflows.stream('slow', { count: 12, delay_ms: 40 }, { idleTimeoutMs: 300, reconnectDelayMs: 0 });
    const events = await guard(collect(stream), 20_000, 'the stalled workflow stream');
    expectWholeRun(knownEvents(events), 14, (await stream.runId)!);
    // It stalled where planned (then the client closed it), and the rest came by other connections.
    expect(proxy.connections[0]!.serverBytes).toBe(1_200);
    const sent = requests(proxy);
    expect(sent[0]).toBe('POST /workflows/slow');
    expect(sent.slice(1).filter((request) => request.startsWith('POST'))).toEqual([]);
    expect(sent.some((request) => request.startsWith('GET /runs/'))).toBe(true);
  });

  it('a silent file-based agents.stream moves to the run’s own stream the same way', async () => {
    const { proxy, client } = await proxied((index) => (index === 0 ? { stallAfterServerBytes: 1_500 } : {}));
    const stream = client.agents.stream('summarize', 'stall-1', { payload: { text: 'hi', ticks: 100 }, idleTimeoutMs: 300 });
    const events = (await guard(collect(stream), 20_000, 'the stalled agent stream')) as RunEvent[];
    expectWholeRun(events, 103, (await stream.runId)!);
    expect(proxy.connections[0]!.serverBytes).toBe(1_500);
    expect(requests(proxy).filter((request) => request.startsWith('POST'))).toEqual(['POST /agents/summarize/stall-1']);
  });

  it('a silent runs.stream is a drop: it resumes after idleTimeoutMs and delivers every event once', async () => {
    const { runId } = await direct.workflows.invoke('slow', { count: 12, delay_ms: 40 });
    const { proxy, client } = await proxied((index) => (index === 0 ? { stallAfterServerBytes: 1_200 } : {}));
    const events = await guard(collect(client.runs.stream(runId, { idleTimeoutMs: 300, reconnectDelayMs: 0 })), 20_000, 'the stalled run stream');
    expectWholeRun(knownEvents(events), 14, runId);
    expect(proxy.connections[0]!.serverBytes).toBe(1_200);
    expect(proxy.stats.connections).toBeGreaterThanOrEqual(2);
  });

  it('the default agent’s prompt stream cannot resume: silence is a PyFlueTimeoutError saying how long it waited', async () => {
    const { client } = await proxied(() => ({ stallAfterHead: true }));
    const error = await guard(rejection(collect(client.stream('hello', { sessionId: 'idle-1', idleTimeoutMs: 250 }))), 20_000, 'the prompt stream');
    expect(error).toBeInstanceOf(PyFlueTimeoutError);
    expect((error as Error).message).toContain('silent for 250 ms');
  });

  it('a persistent agent’s stream cannot resume either: PyFlueTimeoutError, no second POST', async () => {
    const { proxy, client } = await proxied(() => ({ stallAfterHead: true }));
    const error = await guard(
      rejection(collect(client.agents.stream('assistant', 'idle-2', { payload: { message: 'hi' }, idleTimeoutMs: 250 }))),
      20_000,
      'the persistent agent stream',
    );
    expect(error).toBeInstanceOf(PyFlueTimeoutError);
    expect((error as Error).message).toContain('silent for 250 ms');
    expect(proxy.stats.connections).toBe(1);
  });

  it('an agent socket prompt that gets no answer rejects with PyFlueTimeoutError after its timeoutMs', async () => {
    const { proxy, client } = await proxied();
    const socket = client.agents.connect('assistant', 'answer-timeout');
    await socket.ready;
    proxy.connections[0]!.stall();
    const error = await guard(rejection(socket.prompt('anyone there?', { answerTimeoutMs: 250 })), 20_000, 'the socket prompt');
    expect(error).toBeInstanceOf(PyFlueTimeoutError);
    expect((error as Error).message).toContain('no answer within 250 ms');
  });

  it('a workflow socket run whose server goes silent rejects with PyFlueTimeoutError carrying the run id', async () => {
    const { proxy, client } = await proxied();
    const socket = client.workflows.connect('slow');
    await socket.ready;
    const run = socket.run({ count: 40, delay_ms: 50 }, { idleTimeoutMs: 300 });
    const runId = await socket.runId;
    proxy.connections[0]!.stall();
    const error = await guard(rejection(run), 20_000, 'the workflow socket run');
    expect(error).toBeInstanceOf(PyFlueTimeoutError);
    expect((error as Error).message).toContain('no frame for 300 ms');
    expect((error as PyFlueTimeoutError).runId).toBe(runId);
  });
});
