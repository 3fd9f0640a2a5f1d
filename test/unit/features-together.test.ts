/**
 * What the client's features promise together (deadlines, shared signals, header checks,
 * safe errors, user middleware), against the in-process fake. Each case failed once the
 * features were first combined; they stay as regression tests.
 */
import { getEventListeners } from 'node:events';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { PyFlueClient, PyFlueInputError, PyFlueTimeoutError } from '../../src/index.js';
import { createFakePyFlue } from '../../src/testing/index.js';

describe('features that hold together', () => {
  it('a per-call deadlineMs holds on a run stream as on every other call (it is in RunStreamOptions)', async () => {
    await using fake = await createFakePyFlue({ workflows: { greet: async () => ({ ok: true }) } });
    await using client = new PyFlueClient(fake.baseUrl, { fetch: fake.fetch, websocket: fake.websocket, timeoutMs: 0 });
    fake.faults.stall({ match: { path: '/workflows/' } });
    // A guard only, so a failure ends: the deadline (100 ms) must end the call long before it.
    const guard = AbortSignal.timeout(10_000);
    const outcome = await (async () => {
      for await (const _ of client.workflows.stream('greet', {}, { deadlineMs: 100, signal: guard }));
    })().then(() => 'ended', (error: unknown) => error);
    expect(outcome).toBeInstanceOf(PyFlueTimeoutError);
    expect(String((outcome as Error).message)).toMatch(/deadline/);
  });

  it('many streams sharing one AbortSignal put one listener on it, as JSON calls do', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    await using fake = await createFakePyFlue({ workflows: { slow: async () => { await gate; return {}; } } });
    await using client = new PyFlueClient(fake.baseUrl, { fetch: fake.fetch, websocket: fake.websocket });
    const shared = new AbortController();
    const streams = Array.from({ length: 12 }, () => client.workflows.stream('slow', {}, { signal: shared.signal }));
    await Promise.all(streams.map((stream) => stream.runId)); // starts each one
    const listeners = getEventListeners(shared.signal, 'abort').length;
    release();
    await Promise.all(streams.map(async (stream) => { for await (const _ of stream); }));
    expect(listeners).toBeLessThanOrEqual(1);
  });

  it('the client headers option is checked like per-call headers: a Headers instance is refused, not dropped', () => {
    const headers = new Headers({ 'x-tenant': 'acme' }) as unknown as Record<string, string>;
    expect(() => new PyFlueClient('http://127.0.0.1:9', { headers })).toThrow(PyFlueInputError);
  });

  it("no HTTP error keeps its fetch's error object, which may reference the Request (and its Authorization)", async () => {
    const token = 'sk-review-secret-token';
    const client = new PyFlueClient('http://127.0.0.1:9', {
      token,
      maxRetries: 0,
      // A fetch wrapper whose error keeps the request, as ofetch's FetchError and others do.
      fetch: async (request: Request | URL | string) => {
        throw Object.assign(new TypeError('fetch failed'), { request });
      },
    });
    const error = await client.health().catch((caught: unknown) => caught);
    expect(inspect(error, { depth: null })).not.toContain(token);
    await client.close();
  });
});

describe('user middleware inside the call budget', () => {
  it('a middleware that never settles cannot outlive timeoutMs, the signal or close()', async () => {
    await using fake = await createFakePyFlue({});
    const client = new PyFlueClient(fake.baseUrl, { fetch: fake.fetch, websocket: fake.websocket, timeoutMs: 100 });
    client.use({ onRequest: () => new Promise<undefined>(() => {}) }); // an auth refresh that hangs
    let guardTimer: ReturnType<typeof setTimeout> | undefined;
    const guard = new Promise((resolve) => (guardTimer = setTimeout(resolve, 5_000, 'still pending after 5 s')));
    const outcome = await Promise.race([client.health().then(() => 'resolved', (error: unknown) => error), guard]);
    clearTimeout(guardTimer);
    await client.close();
    expect(outcome).toBeInstanceOf(PyFlueTimeoutError);
  });

  it("a middleware's own error is not a connection failure (not retried, not blamed on the server)", async () => {
    await using fake = await createFakePyFlue({});
    let fetches = 0;
    const client = new PyFlueClient(fake.baseUrl, {
      fetch: (input: RequestInfo | URL, init?: RequestInit) => ((fetches += 1), fake.fetch(input, init)),
      websocket: fake.websocket,
      maxRetries: 2,
    });
    const bug = new Error('bug in my logging middleware');
    client.use({ onResponse: () => { throw bug; } });
    const error = await client.health().catch((caught: unknown) => caught);
    await client.close();
    expect(fetches).toBe(1);
    expect(error).toBe(bug);
  });
});
