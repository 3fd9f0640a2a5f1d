/**
 * Fault tests of the HTTP streams through a TCP fault proxy (test/support/fault-proxy.ts)
 * in front of the real PyFlue fixture server:
 *
 * - `runs.stream` of a 10 000-event run survives dozens of cuts at random byte offsets,
 *   delivering each event once, in order, through `run_end`;
 * - a stalled connection is ended by the caller's abort, with its reason, and closed.
 *
 * The POST streams (`workflows.stream`, `agents.stream`) through cuts and stalls are in
 * run-stream-resume.test.ts.
 */
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { PyFlueClient, type RunEvent } from '../../src/index.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import { prng, guard, knownEvent } from '../support/assertions.js';

const baseUrl = inject('pyflueBaseUrl');
/** Straight to the server: starts runs and checks them. */
const direct = new PyFlueClient(baseUrl);
const target = new URL(baseUrl);

const proxies: FaultProxy[] = [];
const clients: PyFlueClient[] = [];

async function proxied(plan?: (index: number) => { cutAfterServerBytes?: number }): Promise<{ proxy: FaultProxy; client: PyFlueClient }> {
  const proxy = await startFaultProxy(target, plan ? { plan } : {});
  proxies.push(proxy);
  const client = new PyFlueClient(proxy.url, { maxRetries: 0 });
  clients.push(client);
  return { proxy, client };
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
});
afterAll(() => direct.close());

describe('runs.stream through cuts', () => {
  const COUNT = 10_000;
  const TOTAL = COUNT + 2; // run_start, COUNT logs, run_end
  let runId: string;

  beforeAll(async () => {
    // Finished before streaming starts: the whole stream is a replay (about 2.9 MB).
    const completed = await direct.workflows.invoke('burst', { count: COUNT }, { wait: true });
    expect(completed.status).toBe('completed');
    runId = completed.runId;
  });

  it('delivers all 10 002 events exactly once, in order, through >= 50 cuts at random byte offsets', async () => {
    const SEED = 0x5eed_f1e;
    const random = prng(SEED);
    const MAX_CUT_CONNECTIONS = 2_000; // bounds the loop: later connections pass through
    const { proxy, client } = await proxied((index) =>
      index < MAX_CUT_CONNECTIONS ? { cutAfterServerBytes: 2_000 + Math.floor(random() * 58_001) } : {},
    );

    const indexes: number[] = [];
    let wrong: string | undefined;
    let last: RunEvent | undefined;
    const stream = client.runs.stream(runId, { maxReconnects: 100, reconnectDelayMs: 0, signal: AbortSignal.timeout(50_000) });
    for await (const streamed of stream) {
      const event = knownEvent(streamed);
      indexes.push(event.eventIndex);
      // Each event whole: its own run, and a log's payload matching its position.
      if (event.runId !== runId) wrong ??= `event ${event.eventIndex} has runId ${event.runId}`;
      if (event.type === 'log' && (event.data as { n?: unknown }).n !== event.eventIndex - 2) {
        wrong ??= `log ${event.eventIndex} carries n=${JSON.stringify((event.data as { n?: unknown }).n)}`;
      }
      last = event;
    }

    expect(wrong).toBeUndefined();
    expect(indexes.length).toBe(TOTAL);
    // 1..10002, consecutive: nothing lost, nothing repeated, nothing reordered.
    expect(indexes.every((index, position) => index === position + 1)).toBe(true);
    expect(last?.type).toBe('run_end');
    expect(last?.eventIndex).toBe(TOTAL);
    expect(proxy.stats.cuts).toBeGreaterThanOrEqual(50);
    expect(proxy.stats.connections).toBeGreaterThanOrEqual(51);
    // No connection beyond the resumptions: each was cut, except (normally) the last.
    expect(proxy.stats.connections).toBeLessThanOrEqual(proxy.stats.cuts + 1);
    console.log(
      `runs.stream cuts: seed ${SEED.toString(16)}, ${proxy.stats.cuts} cuts, ${proxy.stats.connections} connections, ` +
        `${proxy.stats.serverBytes} bytes from the server`,
    );
  });
});

describe('runs.stream on a stalled connection', () => {
  it('aborting the signal ends the iteration with the abort reason, and the connection is closed', async () => {
    // A live run: ~30 events 50 ms apart, so it is still running when the stall begins.
    const { runId } = await direct.workflows.invoke('slow', { count: 30, delay_ms: 50 });
    const { proxy, client } = await proxied();
    const controller = new AbortController();
    const reason = new Error('the caller gave up on the stalled stream');

    const events: RunEvent[] = [];
    let stalled!: () => void;
    const stallBegun = new Promise<void>((resolve) => (stalled = resolve));
    const consumed = (async () => {
      for await (const event of client.runs.stream(runId, { signal: controller.signal, reconnectDelayMs: 0 })) {
        events.push(knownEvent(event));
        if (events.length === 3) {
          proxy.connections[0]!.stall();
          stalled();
        }
      }
    })();
    // If the stream ends or fails before the stall, fail at once instead of waiting on it.
    await guard(Promise.race([stallBegun, consumed.then(() => Promise.reject(new Error('ended before the stall')))]), 20_000, 'the stall');

    // Let the server finish the run: its remaining events (and run_end) are held by the stall.
    for (let attempt = 0; attempt < 200; attempt += 1) {
      if ((await direct.runs.get(runId)).status !== 'running') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect((await direct.runs.get(runId)).status).toBe('succeeded');
    expect(events.at(-1)?.type).not.toBe('run_end');

    controller.abort(reason);
    const outcome = await guard(
      consumed.then(
        () => 'resolved',
        (error: unknown) => error,
      ),
      5_000,
      'the aborted iteration',
    );
    expect(outcome).toBe(reason);
    // The client closed its side of the stalled connection, and sent no other request.
    // (Node's undici may open a spare connection after an aborted fetch; it stays unused.)
    await guard(proxy.connections[0]!.clientClosed, 5_000, 'the close of the stalled connection');
    expect(proxy.connections[0]!.clientBytes).toBeGreaterThan(0);
    expect(proxy.connections.slice(1).map((connection) => connection.clientBytes)).toEqual(
      proxy.connections.slice(1).map(() => 0),
    );
    expect(events.map((event) => event.eventIndex)).toEqual(events.map((_, position) => position + 1));
    expect(events.length).toBeLessThan(32);
  });
});
