/**
 * Conformance against the real PyFlue 0.2.0 fixture server: `client.workflows` over HTTP
 * (invoke, invoke with wait, stream; success and failure), end to end. Every JSON answer
 * the client receives is checked against spec/openapi.yaml.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { PyFlueClient, PyFlueServerError, PyFlueStreamError, type RunEvent, type RunRecord } from '../../src/index.js';
import { conformanceTarget } from '../support/conformance-target.js';
import { createValidatingFetch } from '../support/validating-fetch.js';
import { knownEvent, pastInternalError } from '../support/assertions.js';

const target = await conformanceTarget();
const baseUrl = target.baseUrl;
const spec = createValidatingFetch({ fetch: target.fetch, additiveFields: true });
const client = new PyFlueClient(baseUrl, { fetch: spec.fetch, websocket: target.websocket });

afterAll(() => client.close());

/** Polls `probe` until it returns a value (not undefined); a bounded loop, no timing assertion. */
async function eventually<T>(probe: () => Promise<T | undefined>, what: string, attempts = 200, pauseMs = 50): Promise<T> {
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
  throw new Error(`${what}: not reached after ${attempts} attempts`);
}

const finished = (runId: string) =>
  eventually<RunRecord>(async () => {
    const run = await client.runs.get(runId);
    return run.status === 'running' ? undefined : run;
  }, `run ${runId} to end`);

describe('workflows.invoke', () => {
  it('starts a run in the background: accepted with its runId, and the run then succeeds', async () => {
    const accepted = await client.workflows.invoke('greet', { name: 'Ada' });
    expect(accepted).toEqual({
      status: 'accepted',
      run_id: expect.stringMatching(/^workflow:greet:run_[0-9A-Z]{26}$/),
      runId: expect.stringMatching(/^workflow:greet:run_/),
    });
    expect(accepted.runId).toBe(accepted.runId);
    const run = await finished(accepted.runId);
    expect(run).toMatchObject({
      runId: accepted.runId,
      agent: 'greet',
      agent_id: accepted.runId,
      status: 'succeeded',
      is_error: false,
      error: null,
      result: { greeting: 'Hello, Ada!', runId: accepted.runId },
      event_count: 5,
    });
  });

  it('with { wait: true } answers the completed run and its result', async () => {
    const completed = await client.workflows.invoke('greet', { name: 'Grace' }, { wait: true });
    expect(completed).toEqual({
      status: 'completed',
      run_id: completed.runId,
      runId: expect.stringMatching(/^workflow:greet:run_/),
      result: { greeting: 'Hello, Grace!', runId: completed.runId },
    });
    // Waited for: the run has ended by the time the answer is in.
    expect((await client.runs.get(completed.runId)).status).toBe('succeeded');
  });

  it('with no payload runs with an empty one', async () => {
    const completed = await client.workflows.invoke('greet', undefined, { wait: true });
    expect(completed.result).toEqual({ greeting: 'Hello, world!', runId: completed.runId });
  });

  it('a failing workflow with { wait: true } rejects with PyFlueServerError (internal_error, dev = the reason)', async () => {
    const error = await client.workflows.invoke('explode', { reason: 'kaboom-wait' }, { wait: true }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PyFlueServerError);
    const serverError = error as PyFlueServerError;
    expect(serverError.status).toBe(500);
    expect(serverError.type).toBe('internal_error');
    expect(serverError.dev).toContain('kaboom-wait');
    expect(serverError.method).toBe('POST');
    expect(serverError.url).toContain('/workflows/explode');
    expect(serverError.message).toContain('500 internal_error');
    await pastInternalError(client);
  });

  it('a failing workflow invoked in the background is accepted, and its run then fails with the reason', async () => {
    const accepted = await client.workflows.invoke('explode', { reason: 'kaboom-background' });
    expect(accepted.status).toBe('accepted');
    const run = await finished(accepted.runId);
    expect(run).toMatchObject({
      status: 'failed',
      is_error: true,
      isError: true,
      result: null,
      error: { type: 'internal_error', details: 'kaboom-background' },
    });
  });
});

describe('workflows.stream', () => {
  it('streams the run events until run_end, and runId resolves from the headers', async () => {
    const stream = client.workflows.stream('greet', { name: 'Streamed' });
    const events: RunEvent[] = [];
    for await (const event of stream) events.push(knownEvent(event));
    const runId = await stream.runId;
    expect(runId).toMatch(/^workflow:greet:run_/);
    expect(events.map((event) => event.type)).toEqual(['run_start', 'log', 'log', 'log', 'run_end']);
    expect(events.map((event) => event.eventIndex)).toEqual([1, 2, 3, 4, 5]);
    expect(events.every((event) => event.runId === runId && event.runId === runId)).toBe(true);
    expect(events.slice(1, 4).map((event) => event.data)).toEqual([
      { level: 'info', message: 'starting', step: 1 },
      { level: 'warn', message: 'halfway', step: 2 },
      { level: 'info', message: 'done', step: 3 },
    ]);
    expect(events[4]!.data).toEqual({ is_error: false, error: null, status: 'succeeded' });
    expect((await client.runs.get(runId!)).result).toEqual({ greeting: 'Hello, Streamed!', runId });
  });

  it('a failing workflow streams up to run_end with is_error true, and ends there', async () => {
    const stream = client.workflows.stream('explode', { reason: 'kaboom-stream' });
    const events: RunEvent[] = [];
    let thrown: unknown;
    try {
      for await (const event of stream) events.push(knownEvent(event));
    } catch (error) {
      thrown = error;
    }
    const runId = await stream.runId;
    expect(events.map((event) => event.type)).toEqual(['run_start', 'log', 'run_end']);
    expect(events.map((event) => event.eventIndex)).toEqual([1, 2, 3]);
    expect(events[1]!.data).toEqual({ level: 'error', message: 'about to fail', reason: 'kaboom-stream' });
    expect(events.at(-1)!.data).toEqual({
      is_error: true,
      status: 'failed',
      error: { type: 'internal_error', message: 'An internal error occurred.', details: 'kaboom-stream' },
    });
    // PyFlue 0.2.0 sends an `event: error` frame (the envelope) after run_end on this route;
    // run_end already reports the failure, so the stream ends there without throwing.
    expect(thrown).toBeUndefined();
    expect((await client.runs.get(runId!)).status).toBe('failed');
  });
});

describe('the answers the client received', () => {
  it('all hold against spec/openapi.yaml', () => {
    expect(spec.exchanges.filter((exchange) => exchange.checked === 'json').length).toBeGreaterThan(8);
    expect(spec.exchanges.filter((exchange) => exchange.checked === 'stream-headers').length).toBe(2);
    expect(spec.problems).toEqual([]);
  });
});
