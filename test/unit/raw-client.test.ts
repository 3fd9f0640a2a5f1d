/**
 * `client.raw`: the client's typed openapi-fetch client, used as openapi-fetch documents
 * it (`{ data, error, response }`), going through the same pipeline as every facade call:
 * base URL, token, client and call headers, `client.use()` middleware, timeouts, retries
 * of GETs, and `client.close()`.
 */
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client, ClientPathsWithMethod, Middleware } from 'openapi-fetch';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import type { paths } from '../../src/generated/openapi.js';
import { PyFlueClient, PyFlueClientClosedError, PyFlueTimeoutError, type RunRecord } from '../../src/index.js';
import { guard } from '../support/assertions.js';

const RUN = { run_id: 'run_1', runId: 'run_1', status: 'succeeded', event_count: 3 };
const seen: Array<{ method: string; url: string; headers: IncomingHttpHeaders }> = [];
/** Answers to hand out for `/runs/flaky`, first to last (then a 200). */
const flaky: number[] = [];

function answer(req: IncomingMessage, res: ServerResponse): void {
  seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
  const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  if (req.url === '/runs/run_1') return json(200, RUN);
  if (req.url === '/runs/flaky') {
    const status = flaky.shift();
    return status ? json(status, { error: { type: 'unavailable', message: 'later', details: '' } }, { 'retry-after': '0' }) : json(200, RUN);
  }
  if (req.url === '/runs/silent') return; // never answers
  if (req.url === '/admin/runs?limit=1') return json(200, { runs: [RUN], items: [RUN], nextCursor: null });
  json(404, { error: { type: 'run_not_found', message: 'no such run', details: '' } });
}

let server: Server;
let baseUrl: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => answer(req, res));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe('client.raw', () => {
  it('is an openapi-fetch Client<paths>: typed paths and data', async () => {
    await using client = new PyFlueClient(baseUrl);
    expectTypeOf(client.raw).toEqualTypeOf<Client<paths>>();
    const { data, error, response } = await client.raw.GET('/runs/{run_id}', { params: { path: { run_id: 'run_1' } } });
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data).toEqual(RUN);
    expectTypeOf(data!.status).toEqualTypeOf<RunRecord['status']>();
    type GetPath = ClientPathsWithMethod<typeof client.raw, 'get'>;
    const knownPath: GetPath = '/runs/{run_id}';
    expect(knownPath).toBe('/runs/{run_id}');
    // @ts-expect-error a path the spec does not have
    const unknownPath: GetPath = '/no/such/route';
    void unknownPath;
  });

  it('sends the token, the client headers and the call headers (the call wins), and runs client.use() middleware', async () => {
    await using client = new PyFlueClient(baseUrl, { token: 'secret-token', headers: { 'x-app': 'desk', 'x-both': 'client' } });
    const log: string[] = [];
    const middleware: Middleware = {
      onRequest({ request }) {
        log.push(`request ${request.method} ${new URL(request.url).pathname} auth=${request.headers.get('authorization')}`);
      },
      onResponse({ response }) {
        log.push(`response ${response.status}`);
      },
    };
    client.use(middleware);
    seen.length = 0;
    await client.raw.GET('/runs/{run_id}', { params: { path: { run_id: 'run_1' } }, headers: { 'x-call': 'one', 'x-both': 'call' } });
    expect(log).toEqual(['request GET /runs/run_1 auth=Bearer secret-token', 'response 200']);
    expect(seen[0]!.headers).toMatchObject({ authorization: 'Bearer secret-token', 'x-app': 'desk', 'x-call': 'one', 'x-both': 'call' });
    // eject takes the middleware back off, as openapi-fetch's does.
    client.raw.eject(middleware);
    await client.raw.GET('/runs/{run_id}', { params: { path: { run_id: 'run_1' } } });
    expect(log).toHaveLength(2);
  });

  it('an error status resolves with the envelope in `error`, as openapi-fetch does', async () => {
    await using client = new PyFlueClient(baseUrl);
    const { data, error, response } = await client.raw.GET('/runs/{run_id}', { params: { path: { run_id: 'nope' } } });
    expect(data).toBeUndefined();
    expect(response.status).toBe(404);
    expect(error).toEqual({ error: { type: 'run_not_found', message: 'no such run', details: '' } });
  });

  it("retries a GET's 503 under the client's retry policy, then answers", async () => {
    await using client = new PyFlueClient(baseUrl, { maxRetries: 2 });
    flaky.push(503, 503);
    seen.length = 0;
    const { data } = await client.raw.GET('/runs/{run_id}', { params: { path: { run_id: 'flaky' } } });
    expect(data).toEqual(RUN);
    expect(seen.filter((request) => request.url === '/runs/flaky')).toHaveLength(3);
  });

  it('when the retries run out, the last answer comes back in `error`', async () => {
    await using client = new PyFlueClient(baseUrl, { maxRetries: 1 });
    flaky.push(503, 503, 503);
    const { error, response } = await client.raw.GET('/runs/{run_id}', { params: { path: { run_id: 'flaky' } } });
    expect(response.status).toBe(503);
    expect(error).toMatchObject({ error: { type: 'unavailable' } });
    flaky.length = 0;
  });

  it("a silent server ends the call with the client's timeout (PyFlueTimeoutError)", async () => {
    await using client = new PyFlueClient(baseUrl, { timeoutMs: 200, maxRetries: 0 });
    const call = client.raw.GET('/runs/{run_id}', { params: { path: { run_id: 'silent' } } });
    await expect(guard(call, 5_000, 'a silent raw GET')).rejects.toBeInstanceOf(PyFlueTimeoutError);
  });

  it("the caller's signal and client.close() end a call in flight", async () => {
    const client = new PyFlueClient(baseUrl, { timeoutMs: 0, maxRetries: 0 });
    const controller = new AbortController();
    const aborted = client.raw.GET('/runs/{run_id}', { params: { path: { run_id: 'silent' } }, signal: controller.signal });
    controller.abort(new Error('stop'));
    await expect(aborted).rejects.toThrow('stop');
    const closed = client.raw.GET('/runs/{run_id}', { params: { path: { run_id: 'silent' } } });
    await client.close();
    await expect(guard(closed, 5_000, 'a raw GET after close()')).rejects.toBeInstanceOf(PyFlueClientClosedError);
  });

  it('reaches the admin routes by their full path, with query parameters', async () => {
    await using client = new PyFlueClient(baseUrl);
    const { data } = await client.raw.GET('/admin/runs', { params: { query: { limit: 1 } } });
    expect(data?.nextCursor).toBeNull();
    expect(data?.runs).toEqual([RUN]);
  });
});
