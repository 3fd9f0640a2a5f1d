/**
 * The transport against loopback stub servers (node:http) that misbehave on purpose:
 * foreign error bodies, dropped sockets, slow answers, aborts, retries, headers, and
 * where requests go (base path prefixes, the admin mount).
 */
import { once } from 'node:events';
import { sourceFile } from '../support/source-file.js';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  PyFlueApiError,
  PyFlueClient,
  PyFlueConnectionError,
  PyFlueError,
  PyFlueInputError,
  PyFlueMethodNotAllowedError,
  PyFlueServerError,
  PyFlueTimeoutError,
  PyFlueUnprocessableEntityError,
  createFlueClient,
} from '../../src/index.js';

// ---------------------------------------------------------------------------
// Stub servers
// ---------------------------------------------------------------------------

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

interface Stub {
  baseUrl: string;
  seen: Seen[];
  /** Resolves with the nth request (0-based) once it has arrived. */
  request(index: number): Promise<{ req: IncomingMessage; res: ServerResponse }>;
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse, body: string, index: number) => void;

const open: Stub[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((stub) => stub.close()));
});

async function startStub(handler: Handler): Promise<Stub> {
  const seen: Seen[] = [];
  const arrivals: Array<{ req: IncomingMessage; res: ServerResponse }> = [];
  const waiters = new Map<number, Array<(value: { req: IncomingMessage; res: ServerResponse }) => void>>();
  const server: Server = createServer((req, res) => {
    const index = arrivals.length;
    arrivals.push({ req, res });
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: '' });
    for (const wake of waiters.get(index) ?? []) wake({ req, res });
    waiters.delete(index);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen[index]!.body = body;
      handler(req, res, body, index);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const stub: Stub = {
    baseUrl: `http://127.0.0.1:${port}`,
    seen,
    request(index) {
      const arrived = arrivals[index];
      if (arrived) return Promise.resolve(arrived);
      return new Promise((resolve) => waiters.set(index, [...(waiters.get(index) ?? []), resolve]));
    },
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close').catch(() => {});
    },
  };
  open.push(stub);
  return stub;
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** A loopback port with nothing listening on it. */
async function refusedPort(): Promise<string> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return `http://127.0.0.1:${port}`;
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error,
  );
}

/** Resolves when the request's connection has closed on the server side. */
function closed(req: IncomingMessage, res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    if (res.closed || req.socket.destroyed) return resolve();
    res.once('close', () => resolve());
  });
}

const ENVELOPE_500 = { error: { type: 'internal_error', message: 'An internal error occurred.', details: 'Try again.', dev: 'boom' } };

// ---------------------------------------------------------------------------
// Foreign bodies and statuses
// ---------------------------------------------------------------------------

describe('error bodies that are no PyFlue envelope', () => {
  it('a proxy HTML 502 page gives PyFlueServerError with its status and a message about HTML', async () => {
    const page = '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><p>nginx</p></body></html>';
    const stub = await startStub((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end(page);
    });
    const error = await caught(new PyFlueClient(stub.baseUrl, { maxRetries: 0 }).health());
    expect(error).toBeInstanceOf(PyFlueServerError);
    expect(error).toBeInstanceOf(PyFlueApiError);
    const api = error as PyFlueServerError;
    expect(api.status).toBe(502);
    expect(api.type).toBe('http_502');
    expect(api.envelope).toBeUndefined();
    expect(api.body).toBe(page);
    expect(api.message).toMatch(/HTML/);
    expect(api.message).toContain('Bad Gateway');
    expect(api.message).not.toContain('<h1>');
    expect(stub.seen).toHaveLength(1);
  });

  it("FastAPI's {detail: [...]} 422 gives PyFlueUnprocessableEntityError", async () => {
    const detail = [{ type: 'missing', loc: ['body', 'payload'], msg: 'Field required', input: null }];
    const stub = await startStub((_req, res) => json(res, 422, { detail }));
    const error = await caught(new PyFlueClient(stub.baseUrl).workflows.invoke('greet', { name: 'Ada' }));
    expect(error).toBeInstanceOf(PyFlueUnprocessableEntityError);
    const api = error as PyFlueUnprocessableEntityError;
    expect(api.status).toBe(422);
    expect(api.type).toBe('http_422');
    expect(api.envelope).toBeUndefined();
    expect(api.body).toEqual({ detail });
    expect(api.method).toBe('POST');
    expect(api.url).toBe(`${stub.baseUrl}/workflows/greet`);
    expect(api.message).toContain('Field required');
  });

  it('a 405 envelope gives PyFlueMethodNotAllowedError with meta.allowed', async () => {
    const envelope = {
      error: { type: 'method_not_allowed', message: 'Method GET is not allowed.', details: 'Use POST.', meta: { allowed: ['POST'] } },
    };
    const stub = await startStub((_req, res) => json(res, 405, envelope, { allow: 'POST' }));
    const error = await caught(new PyFlueClient(stub.baseUrl, { maxRetries: 0 }).runs.get('run_1'));
    expect(error).toBeInstanceOf(PyFlueMethodNotAllowedError);
    const api = error as PyFlueMethodNotAllowedError;
    expect(api.status).toBe(405);
    expect(api.type).toBe('method_not_allowed');
    expect(api.meta).toEqual({ allowed: ['POST'] });
    expect(api.envelope).toEqual(envelope);
    expect(api.headers?.get('allow')).toBe('POST');
  });

  it('an error with an empty body still gives a typed error', async () => {
    const stub = await startStub((_req, res) => {
      res.writeHead(500, { 'content-length': '0' });
      res.end();
    });
    const error = await caught(new PyFlueClient(stub.baseUrl).health());
    expect(error).toBeInstanceOf(PyFlueServerError);
    expect((error as PyFlueServerError).type).toBe('http_500');
    expect((error as Error).message).toContain('no body');
  });

  it.each([
    ['with a content-length', true],
    ['chunked', false],
  ])('a 200 with an HTML body on a JSON route gives PyFlueApiError (%s)', async (_label, withLength) => {
    const page = '<html><body>Please sign in</body></html>';
    const stub = await startStub((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', ...(withLength ? { 'content-length': String(page.length) } : {}) });
      res.end(page);
    });
    const error = await caught(new PyFlueClient(stub.baseUrl).health());
    expect(error).toBeInstanceOf(PyFlueApiError);
    expect(error).toBeInstanceOf(PyFlueError);
    const api = error as PyFlueApiError;
    expect(api.status).toBe(200);
    expect(api.method).toBe('GET');
    expect(api.url).toBe(`${stub.baseUrl}/health`);
    // Says what came instead, not "failed with 200".
    expect(api.message).toContain('the server answered 200 with an HTML page, not PyFlue JSON (a login or proxy page?)');
    expect(api.message).not.toContain('failed with');
    expect(stub.seen).toHaveLength(1);
  });
});

// ---------------------------------------------------------------------------
// Connection failures, retries, timeouts, aborts
// ---------------------------------------------------------------------------

describe('connection failures and retries', () => {
  it('a refused connection gives PyFlueConnectionError', async () => {
    const baseUrl = await refusedPort();
    const error = await caught(new PyFlueClient(baseUrl, { maxRetries: 1 }).health());
    expect(error).toBeInstanceOf(PyFlueConnectionError);
    expect(error).not.toBeInstanceOf(PyFlueTimeoutError);
    const connection = error as PyFlueConnectionError;
    expect(connection.method).toBe('GET');
    expect(connection.url).toBe(`${baseUrl}/health`);
    expect(connection.message).toContain(`GET ${baseUrl}/health failed`);
    expect(connection.cause).toBeDefined();
  });

  it('a GET whose socket is dropped is retried maxRetries times, then PyFlueConnectionError', async () => {
    const stub = await startStub((req) => req.socket.destroy());
    const error = await caught(new PyFlueClient(stub.baseUrl, { maxRetries: 2 }).runs.get('run_1'));
    expect(error).toBeInstanceOf(PyFlueConnectionError);
    expect(stub.seen.map((seen) => `${seen.method} ${seen.url}`)).toEqual(['GET /runs/run_1', 'GET /runs/run_1', 'GET /runs/run_1']);
  });

  it('a per-call maxRetries overrides the client option', async () => {
    const stub = await startStub((req) => req.socket.destroy());
    const error = await caught(new PyFlueClient(stub.baseUrl, { maxRetries: 2 }).health({ maxRetries: 0 }));
    expect(error).toBeInstanceOf(PyFlueConnectionError);
    expect(stub.seen).toHaveLength(1);
  });

  it('a POST whose socket is dropped is not retried', async () => {
    const stub = await startStub((req) => req.socket.destroy());
    const error = await caught(new PyFlueClient(stub.baseUrl, { maxRetries: 2 }).workflows.invoke('greet', { name: 'Ada' }));
    expect(error).toBeInstanceOf(PyFlueConnectionError);
    expect((error as PyFlueConnectionError).method).toBe('POST');
    expect(stub.seen).toHaveLength(1);
  });

  it('a GET answered 503 with Retry-After: 0 is retried and then succeeds', async () => {
    const stub = await startStub((_req, res, _body, index) => {
      if (index === 0) json(res, 503, ENVELOPE_500, { 'retry-after': '0' });
      else json(res, 200, { ok: true, framework: 'pyflue' });
    });
    expect(await new PyFlueClient(stub.baseUrl).health()).toEqual({ ok: true, framework: 'pyflue' });
    expect(stub.seen).toHaveLength(2);
  });

  it('a POST answered 503 is not retried', async () => {
    const stub = await startStub((_req, res) => json(res, 503, ENVELOPE_500, { 'retry-after': '0' }));
    const error = await caught(new PyFlueClient(stub.baseUrl).prompt('hi'));
    expect(error).toBeInstanceOf(PyFlueServerError);
    expect((error as PyFlueServerError).status).toBe(503);
    expect(stub.seen).toHaveLength(1);
  });

  it('a GET answered 500 is not retried (500 is not in the retry list)', async () => {
    const stub = await startStub((_req, res) => json(res, 500, ENVELOPE_500));
    const error = await caught(new PyFlueClient(stub.baseUrl, { maxRetries: 3 }).health());
    expect(error).toBeInstanceOf(PyFlueServerError);
    expect(stub.seen).toHaveLength(1);
  });

  it('timeoutMs on a stub that never answers gives PyFlueTimeoutError and aborts the request', async () => {
    const stub = await startStub(() => {
      /* never answers */
    });
    const client = new PyFlueClient(stub.baseUrl, { timeoutMs: 150, maxRetries: 0 });
    const pending = caught(client.runs.get('run_1'));
    const { req, res } = await stub.request(0);
    const connectionClosed = closed(req, res);
    const error = await pending;
    expect(error).toBeInstanceOf(PyFlueTimeoutError);
    expect(error).toBeInstanceOf(PyFlueConnectionError);
    const timeout = error as PyFlueTimeoutError;
    expect(timeout.method).toBe('GET');
    expect(timeout.url).toBe(`${stub.baseUrl}/runs/run_1`);
    expect(timeout.message).toContain('150 ms');
    await connectionClosed;
    expect(stub.seen).toHaveLength(1);
  });

  it('a per-call timeoutMs overrides the client option', async () => {
    const stub = await startStub(() => {});
    const client = new PyFlueClient(stub.baseUrl, { maxRetries: 0 }); // default 60 s
    const error = await caught(client.health({ timeoutMs: 100 }));
    expect(error).toBeInstanceOf(PyFlueTimeoutError);
    expect((error as Error).message).toContain('100 ms');
  });

  it('a timed-out GET counts as a connection failure and is retried', async () => {
    const stub = await startStub(() => {});
    const error = await caught(new PyFlueClient(stub.baseUrl, { timeoutMs: 100, maxRetries: 1 }).health());
    expect(error).toBeInstanceOf(PyFlueTimeoutError);
    expect(stub.seen).toHaveLength(2);
  });

  it('an already-aborted signal rejects with its reason and sends nothing', async () => {
    const stub = await startStub((_req, res) => json(res, 200, { ok: true, framework: 'pyflue' }));
    const reason = new Error('not today');
    const controller = new AbortController();
    controller.abort(reason);
    const client = new PyFlueClient(stub.baseUrl);
    expect(await caught(client.health({ signal: controller.signal }))).toBe(reason);
    expect(await caught(client.workflows.invoke('greet', {}, { signal: controller.signal }))).toBe(reason);
    expect(stub.seen).toHaveLength(0);
  });

  it('a signal aborted mid-flight rejects with its reason and aborts the request', async () => {
    const stub = await startStub(() => {});
    const reason = new Error('user left');
    const controller = new AbortController();
    const pending = caught(new PyFlueClient(stub.baseUrl).runs.get('run_1', { signal: controller.signal }));
    const { req, res } = await stub.request(0);
    const connectionClosed = closed(req, res);
    controller.abort(reason);
    expect(await pending).toBe(reason);
    await connectionClosed;
    expect(stub.seen).toHaveLength(1);
  });

  it('a signal aborted during the retry backoff rejects with its reason and stops retrying', async () => {
    const stub = await startStub((req) => req.socket.destroy());
    const controller = new AbortController();
    const reason = new Error('stop');
    // Backoff starts at ~0.5 s; the abort comes as soon as the first attempt reached the stub.
    const pending = caught(new PyFlueClient(stub.baseUrl, { maxRetries: 5 }).health({ signal: controller.signal }));
    await stub.request(0);
    controller.abort(reason);
    expect(await pending).toBe(reason);
    expect(stub.seen).toHaveLength(1);
  });
});

// ---------------------------------------------------------------------------
// Headers, token, custom fetch
// ---------------------------------------------------------------------------

describe('headers and credentials', () => {
  it('the token option sends Authorization: Bearer <token>', async () => {
    const stub = await startStub((_req, res) => json(res, 200, { ok: true, framework: 'pyflue' }));
    const client = new PyFlueClient(stub.baseUrl, { token: 'tok-123' });
    await client.health();
    await client.workflows.invoke('greet').catch(() => {});
    expect(stub.seen.map((seen) => seen.headers.authorization)).toEqual(['Bearer tok-123', 'Bearer tok-123']);
  });

  it('the headers option as an object is sent on every request', async () => {
    const stub = await startStub((_req, res) => json(res, 200, { ok: true, framework: 'pyflue' }));
    const client = createFlueClient({ baseUrl: stub.baseUrl, headers: { 'x-tenant': 'acme', 'x-trace': 't1' } });
    await client.health();
    await client.runs.get('run_1');
    for (const seen of stub.seen) {
      expect(seen.headers['x-tenant']).toBe('acme');
      expect(seen.headers['x-trace']).toBe('t1');
    }
    expect(stub.seen).toHaveLength(2);
  });

  it('the headers option as an async function is called for every call, once: its tries resend the same request', async () => {
    const stub = await startStub((_req, res, _body, index) => {
      if (index === 1) json(res, 503, ENVELOPE_500, { 'retry-after': '0' });
      else json(res, 200, { ok: true, framework: 'pyflue' });
    });
    let calls = 0;
    const client = new PyFlueClient(stub.baseUrl, {
      headers: async () => {
        calls += 1;
        await Promise.resolve();
        return { 'x-call': String(calls) };
      },
    });
    await client.health();
    await client.health(); // 503, then retried below the middleware, with the same headers
    expect(calls).toBe(2);
    expect(stub.seen.map((seen) => seen.headers['x-call'])).toEqual(['1', '2', '2']);
  });

  it('the token wins over an authorization header from the headers option', async () => {
    const stub = await startStub((_req, res) => json(res, 200, { ok: true, framework: 'pyflue' }));
    await new PyFlueClient(stub.baseUrl, { token: 'tok-1', headers: { authorization: 'Basic xyz' } }).health();
    expect(stub.seen[0]!.headers.authorization).toBe('Bearer tok-1');
  });

  it('a custom fetch option is used for every request', async () => {
    const requests: Request[] = [];
    const customFetch: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      requests.push(request);
      return new Response(JSON.stringify({ ok: true, framework: 'custom' }), { status: 200, headers: { 'content-type': 'application/json' } });
    };
    // Nothing listens here: only the custom fetch can answer.
    const baseUrl = await refusedPort();
    const client = new PyFlueClient(baseUrl, { fetch: customFetch, token: 'tok-9' });
    expect(await client.health()).toEqual({ ok: true, framework: 'custom' });
    expect(requests).toHaveLength(1);
    expect(requests[0]!.url).toBe(`${baseUrl}/health`);
    expect(requests[0]!.headers.get('authorization')).toBe('Bearer tok-9');
  });

  it('the token never appears in an error message (401, 500, connection error, timeout)', async () => {
    const token = 'sk-VERY-SECRET-token-4242';
    const stub = await startStub((req, res) => {
      if (req.url === '/health') json(res, 401, { error: { type: 'unauthorized', message: 'Bad credentials.', details: 'Check your token.' } });
      else if (req.url === '/runs/slow') return;
      else json(res, 500, ENVELOPE_500);
    });
    const client = new PyFlueClient(stub.baseUrl, { token, maxRetries: 0, timeoutMs: 100 });
    const refused = new PyFlueClient(await refusedPort(), { token, maxRetries: 0 });
    const errors = [
      await caught(client.health()),
      await caught(client.runs.get('run_1')),
      await caught(refused.health()),
      await caught(client.workflows.invoke('greet')),
      await caught(client.runs.get('slow')),
    ];
    expect(errors[0]).toBeInstanceOf(PyFlueApiError);
    expect((errors[0] as PyFlueApiError).status).toBe(401);
    expect(errors[1]).toBeInstanceOf(PyFlueServerError);
    expect(errors[2]).toBeInstanceOf(PyFlueConnectionError);
    expect(errors[3]).toBeInstanceOf(PyFlueServerError);
    expect(errors[4]).toBeInstanceOf(PyFlueTimeoutError);
    for (const error of errors) {
      expect(String(error)).not.toContain(token);
      expect((error as Error).message).not.toContain(token);
      expect((error as Error).stack ?? '').not.toContain(token);
      expect(String((error as { url?: unknown }).url)).not.toContain(token);
    }
    // The token was sent, so its absence above is the client's doing.
    expect(stub.seen.every((seen) => seen.headers.authorization === `Bearer ${token}`)).toBe(true);
  });
});

// ---------------------------------------------------------------------------
// Where requests go
// ---------------------------------------------------------------------------

describe('base URL, admin mount and socket URLs', () => {
  async function pathsOf(baseUrl: (stub: Stub) => string, options: { adminBasePath?: string } = {}) {
    const stub = await startStub((_req, res) => json(res, 200, { runs: [], items: [], nextCursor: null, agents: [] }));
    const client = new PyFlueClient(baseUrl(stub), options);
    await client.admin.runs.list({ limit: 1 });
    await client.admin.agents.list();
    await client.admin.runs.get('run_1');
    await client.admin.instances.list('greet');
    await client.admin.runs.listForInstance('greet', 'i-1');
    return stub.seen.map((seen) => seen.url);
  }

  it('admin requests go to <base path>/admin by default', async () => {
    expect(await pathsOf((stub) => stub.baseUrl)).toEqual([
      '/admin/runs?limit=1',
      '/admin/agents',
      '/admin/runs/run_1',
      '/admin/agents/greet/instances',
      '/admin/agents/greet/instances/i-1/runs',
    ]);
  });

  it('the default admin mount follows the base URL path', async () => {
    expect(await pathsOf((stub) => `${stub.baseUrl}/pyflue/`)).toEqual([
      '/pyflue/admin/runs?limit=1',
      '/pyflue/admin/agents',
      '/pyflue/admin/runs/run_1',
      '/pyflue/admin/agents/greet/instances',
      '/pyflue/admin/agents/greet/instances/i-1/runs',
    ]);
  });

  it("adminBasePath '/ops/admin' is a path from the origin", async () => {
    const paths = await pathsOf((stub) => `${stub.baseUrl}/pyflue`, { adminBasePath: '/ops/admin' });
    expect(paths).toEqual([
      '/ops/admin/runs?limit=1',
      '/ops/admin/agents',
      '/ops/admin/runs/run_1',
      '/ops/admin/agents/greet/instances',
      '/ops/admin/agents/greet/instances/i-1/runs',
    ]);
  });

  it("adminBasePath without slashes ('ops/admin/') means the same", async () => {
    expect((await pathsOf((stub) => stub.baseUrl, { adminBasePath: 'ops/admin/' }))[0]).toBe('/ops/admin/runs?limit=1');
  });

  it("adminBasePath '' puts the admin routes at the origin's root", async () => {
    expect(await pathsOf((stub) => stub.baseUrl, { adminBasePath: '' })).toEqual([
      '/runs?limit=1',
      '/agents',
      '/runs/run_1',
      '/agents/greet/instances',
      '/agents/greet/instances/i-1/runs',
    ]);
  });

  it('a base URL with a path prefix keeps it for every HTTP route', async () => {
    const stub = await startStub((_req, res) => json(res, 200, { ok: true, framework: 'pyflue', agents: [], events: [] }));
    const client = new PyFlueClient(`${stub.baseUrl}/tenant/a/`, { maxRetries: 0 });
    await client.health();
    await client.agents();
    await client.agents.invoke('summarize', 'i-1', { payload: { text: 'x' } });
    await client.agents.dispatch('assistant', 'i-1', { input: 'hi' });
    await client.workflows.invoke('greet', {}, { wait: true });
    await client.runs.get('run_1');
    await client.runs.events('run_1', { after: 2 });
    await client.prompt('hi');
    await client.sessions.abort('s1');
    expect(client.baseUrl).toBe(`${stub.baseUrl}/tenant/a`);
    expect(stub.seen.map((seen) => `${seen.method} ${seen.url}`)).toEqual([
      'GET /tenant/a/health',
      'GET /tenant/a/agents',
      'POST /tenant/a/agents/summarize/i-1',
      'POST /tenant/a/agents/assistant/i-1/dispatch',
      'POST /tenant/a/workflows/greet?wait=result',
      'GET /tenant/a/runs/run_1',
      'GET /tenant/a/runs/run_1/events?after=2',
      'POST /tenant/a/prompt/default',
      'POST /tenant/a/sessions/s1/abort',
    ]);
  });

  it('an error from a prefixed base names the full URL', async () => {
    const stub = await startStub((_req, res) => json(res, 500, ENVELOPE_500));
    const error = await caught(new PyFlueClient(`${stub.baseUrl}/tenant`).runs.get('run_1'));
    expect((error as PyFlueServerError).url).toBe(`${stub.baseUrl}/tenant/runs/run_1`);
  });

  it('socketUrl maps http to ws and https to wss, keeping the base path', () => {
    expect(new PyFlueClient('http://127.0.0.1:2024').socketUrl('/agents/a/b')).toBe('ws://127.0.0.1:2024/agents/a/b');
    expect(new PyFlueClient('https://flue.example.com').socketUrl('/agents/a/b')).toBe('wss://flue.example.com/agents/a/b');
    expect(new PyFlueClient('https://flue.example.com/pf/').socketUrl('/agents/a/b')).toBe('wss://flue.example.com/pf/agents/a/b');
    expect(new PyFlueClient('http://127.0.0.1:2024/x/y').socketUrl('agents/a/b')).toBe('ws://127.0.0.1:2024/x/y/agents/a/b');
  });

  it('socketUrl applies the websocketUrl transform', () => {
    const client = new PyFlueClient('https://flue.example.com', { websocketUrl: (url) => `${url}?ticket=abc` });
    expect(client.socketUrl('/workflows/greet')).toBe('wss://flue.example.com/workflows/greet?ticket=abc');
  });
});

// ---------------------------------------------------------------------------
// Retry backoff and error classification (regressions found by these tests)
// ---------------------------------------------------------------------------

const TRANSPORT = sourceFile('src/facade/internal/transport.ts');

describe('retry backoff and error classification', () => {
  /** Records the delays the client asks setTimeout for, with a fetch that needs no network. */
  async function retryDelays(first: () => Response | Promise<Response>): Promise<number[]> {
    const delays: number[] = [];
    const realSetTimeout = globalThis.setTimeout;
    const spy = vi.spyOn(globalThis, 'setTimeout').mockImplementation(((handler: () => void, ms?: number) => {
      // Only the client's own timers (the test runner sets some too).
      if (!new Error().stack?.includes(TRANSPORT)) return realSetTimeout(handler, ms);
      delays.push(ms ?? 0);
      return realSetTimeout(handler, 0); // do not actually wait
    }) as typeof setTimeout);
    let calls = 0;
    const fakeFetch: typeof fetch = async () => {
      calls += 1;
      if (calls === 1) return first();
      return new Response(JSON.stringify({ ok: true, framework: 'pyflue' }), { headers: { 'content-type': 'application/json' } });
    };
    try {
      // timeoutMs 0: no timeout timer, so every setTimeout is a retry delay.
      await new PyFlueClient('http://127.0.0.1:9', { fetch: fakeFetch, timeoutMs: 0, maxRetries: 1 }).health();
    } finally {
      spy.mockRestore();
    }
    expect(calls).toBe(2);
    return delays;
  }

  it('a connection error is retried after an exponential backoff (>= 375 ms for the first retry)', async () => {
    const delays = await retryDelays(() => {
      throw new TypeError('fetch failed');
    });
    expect(delays).toHaveLength(1);
    expect(delays[0]).toBeGreaterThanOrEqual(375);
  });

  it('a 503 with Retry-After: 2 waits the 2000 ms the server asked for', async () => {
    const delays = await retryDelays(() => new Response(JSON.stringify(ENVELOPE_500), { status: 503, headers: { 'retry-after': '2' } }));
    expect(delays).toEqual([2000]);
  });

  it('a 503 WITHOUT Retry-After is retried after the exponential backoff, not at once', async () => {
    // Regression: a missing header once read as Number(null) === 0, so every retryable
    // answer without Retry-After was retried at once.
    const delays = await retryDelays(() => new Response(JSON.stringify(ENVELOPE_500), { status: 503 }));
    expect(delays).toHaveLength(1);
    expect(delays[0]).toBeGreaterThanOrEqual(375);
  });

  it('a headers function that throws surfaces its own error, not a connection error, and is not retried', async () => {
    // Regression: every non-API error was once wrapped in PyFlueConnectionError and retried.
    const stub = await startStub((_req, res) => json(res, 200, { ok: true, framework: 'pyflue' }));
    const failure = new Error('token refresh failed');
    let calls = 0;
    const client = new PyFlueClient(stub.baseUrl, {
      maxRetries: 2,
      headers: () => {
        calls += 1;
        throw failure;
      },
    });
    const error = await caught(client.health());
    expect(stub.seen).toHaveLength(0);
    expect(error).not.toBeInstanceOf(PyFlueConnectionError);
    expect(error === failure || (error as Error).cause === failure).toBe(true);
    expect(calls).toBe(1);
  });

  it('a 200 with an empty body on a JSON route gives PyFlueApiError, not undefined', async () => {
    // openapi-fetch gives data undefined for a Content-Length: 0 answer; unchecked, health()
    // resolved with undefined and agents.list() threw a bare TypeError.
    const stub = await startStub((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '0' });
      res.end();
    });
    const client = new PyFlueClient(stub.baseUrl);
    expect(await caught(client.agents.list())).toBeInstanceOf(PyFlueApiError);
    expect(await caught(client.health())).toBeInstanceOf(PyFlueApiError);
  });
});

describe('headers functions and base URLs (found in review)', () => {
  it('a headers function that never settles cannot hang a call: the timeout still fires', async () => {
    const stub = await startStub((_req, res) => json(res, 200, { ok: true, framework: 'pyflue' }));
    const client = new PyFlueClient(stub.baseUrl, { timeoutMs: 100, maxRetries: 0, headers: () => new Promise<never>(() => {}) });
    expect(await caught(client.health())).toBeInstanceOf(PyFlueTimeoutError);
    expect(stub.seen).toHaveLength(0);
  });

  it('... and an abort signal still ends it with its reason', async () => {
    const stub = await startStub((_req, res) => json(res, 200, { ok: true, framework: 'pyflue' }));
    const client = new PyFlueClient(stub.baseUrl, { timeoutMs: 0, headers: () => new Promise<never>(() => {}) });
    const controller = new AbortController();
    const pending = caught(client.health({ signal: controller.signal }));
    const reason = new Error('user gave up');
    controller.abort(reason);
    expect(await pending).toBe(reason);
  });

  it('a base URL carrying credentials is refused (they would leak into messages and logs)', () => {
    expect(() => new PyFlueClient('http://user:secret@127.0.0.1:2024')).toThrow(PyFlueInputError);
  });
});
