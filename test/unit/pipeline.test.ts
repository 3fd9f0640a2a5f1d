/**
 * The request pipeline against loopback stub servers: user middleware on real Requests,
 * per-call headers, `.withResponse()`, the overall deadline, and the retry policy
 * (retry.ts) rule by rule.
 */
import { wireRunRecord } from '../support/assertions.js';
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Middleware } from 'openapi-fetch';
import { afterEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import {
  APIPromise,
  PyFlueClient,
  PyFlueInputError,
  PyFlueServerError,
  PyFlueTimeoutError,
  type RunRecord,
} from '../../src/index.js';
import type { HealthResponse } from '../../src/facade/core/types.js';
import { backoffMs, retryAfterMs, retryDelayMs } from '../../src/facade/internal/retry.js';
import { sourceFile } from '../support/source-file.js';

interface Stub {
  baseUrl: string;
  seen: Array<{ method: string; url: string; headers: IncomingHttpHeaders }>;
}

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

async function stub(handler: (req: IncomingMessage, res: ServerResponse, index: number) => void): Promise<Stub> {
  const seen: Stub['seen'] = [];
  const server = createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    req.resume();
    req.on('end', () => handler(req, res, seen.length - 1));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  servers.push(server);
  return { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

const HEALTH = { ok: true, framework: 'pyflue' };
const RUN = wireRunRecord('run_1');
const UNAVAILABLE = { error: { type: 'unavailable', message: 'Try later.', details: '' } };
const healthy = (_req: IncomingMessage, res: ServerResponse) => json(res, 200, HEALTH, { 'x-server': 'stub' });

const ABORT = sourceFile('src/facade/internal/abort.ts');

/** The delays the transport asks setTimeout for (retry waits), without waiting them. */
function recordDelays(): { delays: number[]; restore: () => void } {
  const delays: number[] = [];
  const realSetTimeout = globalThis.setTimeout;
  const spy = vi.spyOn(globalThis, 'setTimeout').mockImplementation(((handler: () => void, ms?: number) => {
    if (!new Error().stack?.includes(ABORT)) return realSetTimeout(handler, ms);
    delays.push(ms ?? 0);
    return realSetTimeout(handler, 0);
  }) as typeof setTimeout);
  return { delays, restore: () => spy.mockRestore() };
}

describe('user middleware (openapi-fetch Middleware, as it is)', () => {
  it('onRequest reads and sets headers on a real Request; onResponse sees the answer', async () => {
    const server = await stub(healthy);
    const log: string[] = [];
    const middleware: Middleware = {
      onRequest({ request, schemaPath }) {
        expect(request).toBeInstanceOf(Request);
        log.push(`${request.method} ${schemaPath} auth=${request.headers.get('authorization')}`);
        request.headers.set('x-request-id', 'req-1');
      },
      onResponse({ response }) {
        log.push(`status ${response.status} ${response.headers.get('x-server')}`);
      },
    };
    const client = new PyFlueClient(server.baseUrl, { token: 'tok', middleware: [middleware] });
    expect(await client.health()).toEqual(HEALTH);
    expect(log).toEqual(['GET /health auth=Bearer tok', 'status 200 stub']);
    expect(server.seen[0]!.headers['x-request-id']).toBe('req-1');
  });

  it('onRequest may return a new Request (an auth refresh), and client.use adds middleware later, streams included', async () => {
    const server = await stub((req, res) => {
      if (req.headers.authorization !== 'Bearer fresh') return json(res, 401, { error: { type: 'unauthorized', message: 'no', details: '' } });
      if (req.url?.endsWith('/events')) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.end('event: start\ndata: {}\n\nevent: end\ndata: {"text":"hi"}\n\n');
        return;
      }
      json(res, 200, HEALTH);
    });
    const client = new PyFlueClient(server.baseUrl, { token: 'stale' });
    await expect(client.health()).rejects.toMatchObject({ status: 401 });
    client.use({
      onRequest: ({ request }) => {
        const headers = new Headers(request.headers);
        headers.set('authorization', 'Bearer fresh');
        return new Request(request, { headers });
      },
    });
    expect(await client.health()).toEqual(HEALTH);
    const events: string[] = [];
    for await (const event of client.stream('hello')) events.push(event.type);
    expect(events).toEqual(['start', 'end']);
    expect(server.seen.map((seen) => seen.headers.authorization)).toEqual(['Bearer stale', 'Bearer fresh', 'Bearer fresh']);
  });

  it('onError sees a connection failure; an invalid middleware is a PyFlueInputError', async () => {
    const server = await stub(healthy);
    const port = new URL(server.baseUrl).port;
    for (const item of servers.splice(0)) {
      item.closeAllConnections();
      item.close();
      await once(item, 'close');
    }
    const errors: unknown[] = [];
    const client = new PyFlueClient(`http://127.0.0.1:${port}`, { maxRetries: 0, middleware: [{ onError: ({ error }) => void errors.push(error) }] });
    await expect(client.health()).rejects.toThrow(/failed/);
    expect(errors).toHaveLength(1);
    expect(() => client.use({} as Middleware)).toThrow(PyFlueInputError);
    expect(() => new PyFlueClient(server.baseUrl, { middleware: 'nope' as never })).toThrow(PyFlueInputError);
  });
});

describe('per-call options', () => {
  it('headers reach the server on JSON calls and streams, and win over the client headers and token', async () => {
    const server = await stub((req, res) => {
      if (req.url?.includes('/stream')) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.end('id: 1\ndata: {"type":"run_end","event_index":1,"data":{}}\n\n');
        return;
      }
      json(res, 200, RUN);
    });
    const client = new PyFlueClient(server.baseUrl, { token: 'client-token', headers: { 'x-tenant': 'a' } });
    await client.runs.get('run_1', { headers: { 'idempotency-key': 'k-1', authorization: 'Bearer per-call', 'x-tenant': 'b' } });
    for await (const event of client.runs.stream('run_1', { headers: { 'x-correlation-id': 'c-1' } })) expect(event.type).toBe('run_end');
    await client.runs.get('run_1');
    expect(server.seen[0]!.headers).toMatchObject({ 'idempotency-key': 'k-1', authorization: 'Bearer per-call', 'x-tenant': 'b' });
    expect(server.seen[1]!.headers).toMatchObject({ 'x-correlation-id': 'c-1', authorization: 'Bearer client-token' });
    expect(server.seen[2]!.headers).toMatchObject({ authorization: 'Bearer client-token', 'x-tenant': 'a' });
    expect(server.seen[2]!.headers['idempotency-key']).toBeUndefined();
  });

  it('headers that are not an object of strings are a PyFlueInputError, nothing sent', async () => {
    const server = await stub(healthy);
    const client = new PyFlueClient(server.baseUrl);
    await expect(client.health({ headers: new Headers({ a: 'b' }) as never })).rejects.toThrow(PyFlueInputError);
    await expect(client.health({ headers: { a: 1 } as never })).rejects.toThrow(PyFlueInputError);
    expect(server.seen).toHaveLength(0);
  });

  it('.withResponse() resolves the data with the Response; awaiting gives the data alone', async () => {
    const server = await stub(healthy);
    const client = new PyFlueClient(server.baseUrl);
    const call = client.health();
    expect(call).toBeInstanceOf(Promise);
    expect(call).toBeInstanceOf(APIPromise);
    const { data, response } = await call.withResponse();
    expect(data).toEqual(HEALTH);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-server')).toBe('stub');
    expect(await call).toEqual(HEALTH);
    // Types only (no call is made).
    expectTypeOf<Awaited<ReturnType<ReturnType<typeof client.health>['withResponse']>>>().toEqualTypeOf<{ data: HealthResponse; response: Response }>();
    expectTypeOf<Awaited<ReturnType<typeof client.runs.get>>>().toEqualTypeOf<RunRecord>();
    // @ts-expect-error: the data is typed, not any
    expectTypeOf<Awaited<ReturnType<typeof client.runs.get>>>().toEqualTypeOf<string>();
  });

  it('.withResponse() rejects with the typed error; a bad argument rejects before anything is sent', async () => {
    const server = await stub((_req, res) => json(res, 503, UNAVAILABLE));
    const client = new PyFlueClient(server.baseUrl, { maxRetries: 0 });
    await expect(client.runs.get('run_1').withResponse()).rejects.toBeInstanceOf(PyFlueServerError);
    await expect(client.runs.get('').withResponse()).rejects.toBeInstanceOf(PyFlueInputError);
    expect(server.seen).toHaveLength(1);
  });
});

describe('deadlineMs: the whole call, tries and waits included', () => {
  it('a server that never answers ends the call at the deadline with PyFlueTimeoutError (no per-try timeout)', async () => {
    const server = await stub(() => {});
    const client = new PyFlueClient(server.baseUrl, { timeoutMs: 0, maxRetries: 5 });
    const error = await client.health({ deadlineMs: 300 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PyFlueTimeoutError);
    expect((error as Error).message).toMatch(/deadline of 300 ms/);
    expect(server.seen).toHaveLength(1);
  });

  it('retries stop when the next wait would pass the deadline: the call ends with the last server error', async () => {
    const server = await stub((_req, res) => json(res, 503, UNAVAILABLE));
    const client = new PyFlueClient(server.baseUrl, { maxRetries: 10, deadlineMs: 1_000 });
    const error = await client.health().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PyFlueServerError);
    expect((error as PyFlueServerError).status).toBe(503);
    // Backoffs of 375-500 ms, then 750-1000 ms (the jitter takes up to 25 % off): the second
    // try starts before 1 s whatever the jitter, a third never could (>= 1125 ms). With 1.2 s a
    // third try could start with ~50 ms left, and end in a timeout on a loaded machine.
    expect(server.seen).toHaveLength(2);
  });

  it('each try gets what is left of the deadline when that is shorter than timeoutMs', async () => {
    const server = await stub(() => {});
    const client = new PyFlueClient(server.baseUrl, { timeoutMs: 60_000, deadlineMs: 250 });
    await expect(client.runs.get('run_1')).rejects.toThrow(/deadline of 250 ms/);
  });

  it('deadlineMs must be a whole number', async () => {
    expect(() => new PyFlueClient('http://127.0.0.1:9', { deadlineMs: -1 })).toThrow(PyFlueInputError);
    await expect(new PyFlueClient('http://127.0.0.1:9').health({ deadlineMs: 1.5 })).rejects.toThrow(PyFlueInputError);
  });
});

describe('the retry policy, rule by rule', () => {
  it('every retryable status (408, 429, 502, 503, 504) is retried on a GET; 500 is not', async () => {
    for (const status of [408, 429, 502, 503, 504]) {
      const server = await stub((_req, res, index) => (index === 0 ? json(res, status, UNAVAILABLE, { 'retry-after': '0' }) : json(res, 200, HEALTH)));
      expect(await new PyFlueClient(server.baseUrl).health()).toEqual(HEALTH);
      expect(server.seen).toHaveLength(2);
    }
    const server = await stub((_req, res) => json(res, 500, UNAVAILABLE, { 'retry-after': '0' }));
    await expect(new PyFlueClient(server.baseUrl).health()).rejects.toMatchObject({ status: 500 });
    expect(server.seen).toHaveLength(1);
  });

  it('a run stream reconnects on the same statuses: 503 is retried, 500 is not', async () => {
    const streamed = (res: ServerResponse) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end('id: 1\ndata: {"type":"run_end","event_index":1,"data":{}}\n\n');
    };
    const busy = await stub((_req, res, index) => (index === 0 ? json(res, 503, UNAVAILABLE) : streamed(res)));
    const events: unknown[] = [];
    for await (const event of new PyFlueClient(busy.baseUrl).runs.stream('run_1', { reconnectDelayMs: 0 })) events.push(event);
    expect(events).toHaveLength(1);
    expect(busy.seen).toHaveLength(2);
    const broken = await stub((_req, res) => json(res, 500, UNAVAILABLE));
    const stream = new PyFlueClient(broken.baseUrl).runs.stream('run_1', { reconnectDelayMs: 0 });
    await expect(stream[Symbol.asyncIterator]().next()).rejects.toMatchObject({ status: 500 });
    expect(broken.seen).toHaveLength(1);
  });

  it('Retry-After as an HTTP-date is waited for, like Retry-After in seconds', async () => {
    const when = new Date(Date.now() + 3_000).toUTCString();
    const server = await stub((_req, res, index) => (index === 0 ? json(res, 503, UNAVAILABLE, { 'retry-after': when }) : json(res, 200, HEALTH)));
    const { delays, restore } = recordDelays();
    try {
      expect(await new PyFlueClient(server.baseUrl, { timeoutMs: 0 }).health()).toEqual(HEALTH);
    } finally {
      restore();
    }
    expect(delays).toHaveLength(1);
    // The date has whole seconds: between 2 and 3 s from when it was read.
    expect(delays[0]).toBeGreaterThan(1_500);
    expect(delays[0]).toBeLessThanOrEqual(3_000);
  });

  it('the last try fails with the typed server error (with its status and Retry-After), not a generic one', async () => {
    const server = await stub((_req, res) => json(res, 429, UNAVAILABLE, { 'retry-after': '0' }));
    const error = await new PyFlueClient(server.baseUrl, { maxRetries: 2 }).health().catch((caught: unknown) => caught);
    expect(server.seen).toHaveLength(3);
    expect(error).toMatchObject({ status: 429, type: 'other', code: 'unavailable' });
    expect((error as { headers: Headers }).headers.get('retry-after')).toBe('0');
  });

  it('a Retry-After longer than the time left ends the call at once with the last error', async () => {
    const server = await stub((_req, res) => json(res, 503, UNAVAILABLE, { 'retry-after': '30' }));
    const started = Date.now();
    const error = await new PyFlueClient(server.baseUrl, { deadlineMs: 2_000 }).health().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PyFlueServerError);
    expect(server.seen).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('many calls sharing one AbortSignal put one listener on it: no MaxListenersExceededWarning', async () => {
    const server = await stub(healthy);
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const shared = new AbortController();
      const client = new PyFlueClient(server.baseUrl);
      await Promise.all(Array.from({ length: 40 }, () => client.health({ signal: shared.signal })));
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.filter((warning) => warning.name === 'MaxListenersExceededWarning')).toEqual([]);
  });

  it('a shared signal aborted mid-flight still ends every call with its reason', async () => {
    const server = await stub(() => {});
    const shared = new AbortController();
    const client = new PyFlueClient(server.baseUrl);
    const calls = Array.from({ length: 20 }, () => client.health({ signal: shared.signal }).catch((error: unknown) => error));
    while (server.seen.length < 20) await new Promise((resolve) => setTimeout(resolve, 10));
    const reason = new Error('user left');
    shared.abort(reason);
    expect(await Promise.all(calls)).toEqual(Array.from({ length: 20 }, () => reason));
  });

  it('the policy function: Retry-After forms, backoff bounds, and the limits', () => {
    const now = Date.parse('2026-11-29T12:00:00Z');
    expect(retryAfterMs('2', now)).toBe(2_000);
    expect(retryAfterMs('1.5', now)).toBe(1_500);
    expect(retryAfterMs('Sun, 29 Nov 2026 12:00:05 GMT', now)).toBe(5_000);
    expect(retryAfterMs('Sun, 29 Nov 2026 11:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
    for (let retry = 0; retry < 6; retry += 1) {
      const delay = backoffMs(retry);
      expect(delay).toBeGreaterThanOrEqual(Math.min(500 * 2 ** retry, 8_000) * 0.75);
      expect(delay).toBeLessThanOrEqual(Math.min(500 * 2 ** retry, 8_000));
    }
    const busy = new PyFlueServerError({ status: 503, method: 'GET', url: 'http://x/health', body: '', headers: new Headers({ 'retry-after': '3' }) });
    expect(retryDelayMs(busy, { retry: 0, maxRetries: 2 })).toBe(3_000);
    expect(retryDelayMs(busy, { retry: 2, maxRetries: 2 })).toBeUndefined();
    expect(retryDelayMs(busy, { retry: 0, maxRetries: 2, timeLeftMs: 2_999 })).toBeUndefined();
    expect(retryDelayMs(new Error('bug'), { retry: 0, maxRetries: 2 })).toBeUndefined();
  });
});

describe('connect() before the socket code is loaded', () => {
  it('client.close() right after connect() ends the socket: ready and a queued prompt reject, nothing stays open', async () => {
    const opened: string[] = [];
    const client = new PyFlueClient('http://127.0.0.1:9', {
      websocket: (url) => {
        opened.push(url);
        throw new Error('no socket in this test');
      },
    });
    const socket = client.agents.connect('assistant', 'early-close');
    const ready = socket.ready.then(
      () => 'opened',
      (error: unknown) => error,
    );
    const prompt = socket.prompt('never sent').then(
      () => 'answered',
      (error: unknown) => error,
    );
    await client.close();
    expect(await ready).toBeInstanceOf(Error);
    expect(await prompt).toBeInstanceOf(Error);
    expect('then' in socket).toBe(false);
    expect(opened).toEqual([]);
  });
});
