/**
 * Fault tests of the sockets: the connection is reset (TCP RST) by a fault proxy
 * (test/support/fault-proxy.ts) in front of the real PyFlue fixture server, while work is
 * pending. Everything pending rejects with PyFlueSocketError, nothing is left unhandled
 * or open, and closing afterwards is harmless.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { PyFlueClient, PyFlueSocketError, type AgentServerMessage, type WorkflowServerMessage } from '../../src/index.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';

const target = new URL(inject('pyflueBaseUrl'));
const suffix = randomUUID().slice(0, 8);

let proxy: FaultProxy;
/** The client's socket URLs come from its base URL: the proxy's. */
let client: PyFlueClient;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeEach(async () => {
  unhandled.length = 0;
  process.on('unhandledRejection', onUnhandled);
  proxy = await startFaultProxy(target);
  client = new PyFlueClient(proxy.url);
});

afterEach(async () => {
  await client.close();
  await proxy.close();
  process.off('unhandledRejection', onUnhandled);
});

/** Rejects with a clear error if `promise` has not settled within `ms` (a hang guard, not a timing check). */
function guard<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`hang guard: ${what} did not settle within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The rejection of `promise` (fails if it resolves), hang-guarded. */
function rejection(promise: Promise<unknown>, what: string): Promise<unknown> {
  return guard(
    promise.then(
      (value) => {
        throw new Error(`${what}: expected a rejection, got ${JSON.stringify(value)}`);
      },
      (error: unknown) => error,
    ),
    10_000,
    what,
  );
}

/** Resolves once `condition()` holds, polling a bounded number of times. */
async function until(condition: () => boolean, what: string, attempts = 400, everyMs = 25): Promise<void> {
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  throw new Error(`hang guard: ${what} did not happen in ${attempts} polls`);
}

/** A few macrotask turns, so late callbacks and unhandled-rejection reports get their chance. */
async function settleTurns(turns = 5): Promise<void> {
  for (let turn = 0; turn < turns; turn += 1) await new Promise((resolve) => setTimeout(resolve, 10));
}

/** Counts of the handle kinds a leaked socket or timer would show up as. */
function handleCounts(): Record<'TCPSocketWrap' | 'TCPServerWrap' | 'Timeout', number> {
  const counts = { TCPSocketWrap: 0, TCPServerWrap: 0, Timeout: 0 };
  for (const kind of process.getActiveResourcesInfo()) {
    if (kind in counts) counts[kind as keyof typeof counts] += 1;
  }
  return counts;
}

describe('agent socket reset mid-prompt', () => {
  it('every pending prompt rejects with PyFlueSocketError; no event after; close() is harmless; no handle stays open', async () => {
    // Taken before this test opens anything: vitest's own handles are in it too.
    const before = handleCounts();
    const local = await startFaultProxy(target);
    const localClient = new PyFlueClient(local.url);
    const id = `kill-${suffix}`;
    const socket = localClient.agents.connect('assistant', id);
    const seen: AgentServerMessage[] = [];
    socket.onEvent((frame) => seen.push(frame));

    // The path works: one answer through the proxy.
    const first = await guard(socket.prompt('one'), 10_000, 'the first prompt');
    expect(first.result.text).toBe(`echo[${id}:default]#1: one`);
    expect(seen).toEqual([first]);
    expect(local.stats.connections).toBe(1);

    // Four in flight, then a reset in the same tick: none can have been answered.
    const pending = ['two', 'three', 'four', 'five'].map((message, index) =>
      socket.prompt(message, index % 2 ? { session: 'other' } : {}),
    );
    local.connections[0]!.reset();
    const errors = await Promise.all(pending.map((promise, index) => rejection(promise, `prompt ${index + 2}`)));

    for (const error of errors) {
      expect(error).toBeInstanceOf(PyFlueSocketError);
      // 1006: closed without a close frame (the connection was reset).
      expect((error as PyFlueSocketError).closeCode).toBe(1006);
    }
    expect(local.stats.resets).toBe(1);
    // A prompt after the end fails at once, the same way.
    await expect(socket.prompt('six')).rejects.toBeInstanceOf(PyFlueSocketError);

    await settleTurns();
    expect(seen).toEqual([first]);
    // close() after the server-side end resolves, twice, and so does the client's close.
    await expect(guard(socket.close(), 5_000, 'close()')).resolves.toBeUndefined();
    await expect(guard(socket.close(), 5_000, 'a second close()')).resolves.toBeUndefined();
    await guard(localClient.close(), 5_000, 'client.close()');
    await local.close();
    expect(seen).toEqual([first]);
    expect(unhandled).toEqual([]);

    // Nothing this test opened is left: no socket, server or timer beyond what was there before.
    // Closed handles leave the list a few turns later: poll (bounded), then assert.
    let after = handleCounts();
    for (let attempt = 0; attempt < 200; attempt += 1) {
      if (after.TCPSocketWrap <= before.TCPSocketWrap && after.TCPServerWrap <= before.TCPServerWrap && after.Timeout <= before.Timeout) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
      after = handleCounts();
    }
    expect(after.TCPSocketWrap).toBeLessThanOrEqual(before.TCPSocketWrap);
    expect(after.TCPServerWrap).toBeLessThanOrEqual(before.TCPServerWrap);
    expect(after.Timeout).toBeLessThanOrEqual(before.Timeout);
  });
});

describe('workflow socket reset mid-run (slow)', () => {
  const payload = { count: 40, delay_ms: 50 };

  it('run() rejects with PyFlueSocketError; runId stays resolved from the run event that arrived first', async () => {
    const socket = client.workflows.connect('slow');
    const seen: WorkflowServerMessage[] = [];
    socket.onEvent((frame) => seen.push(frame));
    const running = socket.run(payload);
    // run_start and two log events are in: the run is under way.
    await until(() => seen.length >= 3, 'three run events');
    proxy.connections[0]!.reset();

    const error = await rejection(running, 'run()');
    expect(error).toBeInstanceOf(PyFlueSocketError);
    expect((error as PyFlueSocketError).closeCode).toBe(1006);
    const runId = await guard(socket.runId, 5_000, 'runId');
    expect(runId).toMatch(/^workflow:slow:run_/);
    expect(seen.every((frame) => 'runId' in frame && frame.runId === runId)).toBe(true);
    expect(seen.some((frame) => frame.type === 'result')).toBe(false);

    const count = seen.length;
    await settleTurns();
    expect(seen.length).toBe(count);
    await expect(guard(socket.close(), 5_000, 'close()')).resolves.toBeUndefined();
    expect(unhandled).toEqual([]);
  });

  it('invoke() rejects with PyFlueSocketError; runId resolved', async () => {
    const socket = client.workflows.connect('slow');
    const seen: WorkflowServerMessage[] = [];
    socket.onEvent((frame) => seen.push(frame));
    const invoking = socket.invoke(payload);
    await until(() => seen.length >= 2, 'two run events');
    proxy.connections[0]!.reset();

    const error = await rejection(invoking, 'invoke()');
    expect(error).toBeInstanceOf(PyFlueSocketError);
    expect((error as PyFlueSocketError).closeCode).toBe(1006);
    expect(await guard(socket.runId, 5_000, 'runId')).toBe((seen[0] as { runId: string }).runId);
    await expect(guard(socket.close(), 5_000, 'close()')).resolves.toBeUndefined();
    expect(unhandled).toEqual([]);
  });

  it('killed before any run event: run() and runId both reject with PyFlueSocketError, nothing unhandled', async () => {
    const socket = client.workflows.connect('slow');
    const seen: WorkflowServerMessage[] = [];
    socket.onEvent((frame) => seen.push(frame));
    await guard(socket.ready, 10_000, 'the socket opening');
    // The invoke frame is dropped by the stall, so no run can start before the reset.
    proxy.connections[0]!.stall();
    const running = socket.run(payload);
    proxy.connections[0]!.reset();

    const error = await rejection(running, 'run()');
    expect(error).toBeInstanceOf(PyFlueSocketError);
    const runIdError = await rejection(socket.runId, 'runId');
    expect(runIdError).toBeInstanceOf(PyFlueSocketError);
    expect((runIdError as PyFlueSocketError).closeCode).toBe(1006);
    expect(seen).toEqual([]);
    await settleTurns();
    expect(unhandled).toEqual([]);
    await expect(guard(socket.close(), 5_000, 'close()')).resolves.toBeUndefined();
  });
});
