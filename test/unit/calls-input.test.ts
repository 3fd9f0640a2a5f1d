/**
 * What callers and servers hand the client that it must refuse clearly (issue 16, items
 * 7, 8, 9 and 11): 200 answers of the wrong shape, arguments of the wrong type, option
 * names that do not exist, admin paths and base URLs that would build wrong URLs, and a
 * token the server echoes back.
 */
import { once } from 'node:events';
import { WebSocketServer } from 'ws';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { PyFlueApiError, PyFlueClient, PyFlueError, PyFlueInputError, PyFlueSocketError } from '../../src/index.js';
import { tracing } from '../../src/otel.js';
import { createFakePyFlue } from '../../src/testing/index.js';

/** A client whose fetch answers every request with `status` and `body` (JSON text), counting the requests. */
function answering(status: number, body: string, options: ConstructorParameters<typeof PyFlueClient>[1] = {}) {
  const counter = { fetches: 0 };
  const client = new PyFlueClient('http://127.0.0.1:9', {
    maxRetries: 0,
    ...options,
    fetch: async () => ((counter.fetches += 1), new Response(body, { status, headers: { 'content-type': 'application/json' } })),
  });
  return { client, counter };
}

describe('200 answers of the wrong shape are typed errors (item 7)', () => {
  for (const body of ['null', '{}', '[]', '"text"']) {
    it(`body ${body}: agents.list(), workflows.invoke(), health(), runs.get(), runs.events() reject with PyFlueApiError`, async () => {
      const { client } = answering(200, body);
      const calls: Array<[string, () => Promise<unknown>]> = [
        ['agents.list', () => client.agents.list()],
        ['workflows.invoke', () => client.workflows.invoke('greet', {})],
        ['health', () => client.health()],
        ['runs.get', () => client.runs.get('run_1')],
        ['runs.events', () => client.runs.events('run_1')],
        ['dispatch', () => client.agents.dispatch('chat', 'a1', { input: 'hi' })],
        ['prompt', () => client.prompt('hi')],
      ];
      for (const [name, call] of calls) {
        const outcome = await call().then((value) => ({ resolved: value }), (error: unknown) => error);
        // `{}` is an object: only routes whose answer needs a field (a list, a status) refuse it.
        if (body === '{}' && ['workflows.invoke', 'runs.get', 'dispatch', 'prompt', 'health'].includes(name)) continue;
        expect(outcome, name).toBeInstanceOf(PyFlueApiError);
        expect((outcome as PyFlueApiError).status, name).toBe(200);
        expect((outcome as Error).message, name).toMatch(/not PyFlue JSON|expected/);
      }
    });
  }

  it('health() answered {} names what was missing', async () => {
    const { client } = answering(200, '{}');
    await expect(client.health()).rejects.toThrow(/health's answer \(HealthResponse\) must have ok, framework; missing: ok, framework\./);
  });
});

describe('bad argument types give PyFlueInputError, not TypeErrors (item 8)', () => {
  it('health({ signal: "x" }) and health(null) reject with PyFlueInputError before any request', async () => {
    const { client, counter } = answering(200, '{"ok":true,"framework":"pyflue"}');
    // @ts-expect-error a signal must be an AbortSignal
    await expect(client.health({ signal: 'x' })).rejects.toBeInstanceOf(PyFlueInputError);
    // @ts-expect-error options must be an object
    await expect(client.health(null)).rejects.toBeInstanceOf(PyFlueInputError);
    expect(counter.fetches).toBe(0);
  });

  it('new PyFlueClient(url, null) throws PyFlueInputError', () => {
    // @ts-expect-error options must be an object
    expect(() => new PyFlueClient('http://127.0.0.1:9', null)).toThrow(PyFlueInputError);
  });

  it('a websocketUrl returning a non-string: PyFlueInputError', () => {
    const client = new PyFlueClient('http://127.0.0.1:9', { websocketUrl: (() => 42) as unknown as (url: string) => string });
    expect(() => client.socketUrl('/agents/a/b')).toThrow(PyFlueInputError);
  });

  it('tracing(null) throws PyFlueInputError', () => {
    // @ts-expect-error options must be an object
    expect(() => tracing(null)).toThrow(PyFlueInputError);
    // @ts-expect-error no such option
    expect(() => tracing({ tracername: 'x' })).toThrow(/tracerName/);
  });

  it("onEvent('not a function') on both sockets throws PyFlueInputError at once", async () => {
    await using fake = await createFakePyFlue({
      agents: { chat: { persistent: true, reply: () => ({ text: 'ok' }) } },
      workflows: { greet: async () => ({ ok: true }) },
    });
    await using client = new PyFlueClient(fake.baseUrl, { fetch: fake.fetch, websocket: fake.websocket });
    const agent = client.agents.connect('chat', 'a1');
    await agent.ready;
    // @ts-expect-error a listener must be a function
    expect(() => agent.onEvent('not a function')).toThrow(PyFlueInputError);
    const workflow = client.workflows.connect('greet');
    await workflow.ready;
    // @ts-expect-error a listener must be a function
    expect(() => workflow.onEvent('not a function')).toThrow(PyFlueInputError);
    // The sockets still work.
    await expect(agent.prompt('hi')).resolves.toMatchObject({ type: 'result' });
  });
});

describe('unknown option names are refused, naming the nearest known one (item 9)', () => {
  it('client options: { timeout: 200 } -> "did you mean timeoutMs?"', () => {
    // @ts-expect-error no such option
    expect(() => new PyFlueClient('http://127.0.0.1:9', { timeout: 200 })).toThrow(/did you mean "timeoutMs"\?/);
    // @ts-expect-error no such option
    expect(() => new PyFlueClient('http://127.0.0.1:9', { tokn: 'x' })).toThrow(/did you mean "token"\?/);
  });

  it('every call\'s option bag is checked before any request', async () => {
    const { client, counter } = answering(200, '{"ok":true,"framework":"pyflue"}');
    const rejected: Array<[string, () => unknown]> = [
      // @ts-expect-error no such option
      ['health', () => client.health({ timeout: 200 })],
      // @ts-expect-error no such option
      ['agents.list', () => client.agents.list({ deadline: 5 })],
      // @ts-expect-error no such option
      ['agents.invoke', () => client.agents.invoke('a', 'b', { paylod: {} })],
      // @ts-expect-error no such option
      ['agents.dispatch', () => client.agents.dispatch('a', 'b', { inputs: 'x' })],
      // @ts-expect-error no such option
      ['workflows.invoke', () => client.workflows.invoke('w', {}, { wiat: true })],
      // @ts-expect-error no such option
      ['runs.get', () => client.runs.get('r', { signl: undefined })],
      // @ts-expect-error no such option
      ['runs.events', () => client.runs.events('r', { limt: 5 })],
      // @ts-expect-error no such option
      ['prompt', () => client.prompt('hi', { session: 's' })],
      // @ts-expect-error no such option
      ['sessions.abort', () => client.sessions.abort('s', { timeout: 1 })],
      // @ts-expect-error no such option
      ['admin.runs.list', () => client.admin.runs.list({ limt: 5 })],
      // @ts-expect-error no such option
      ['admin.runs.get', () => client.admin.runs.get('r', { timeout: 5 })],
    ];
    for (const [name, call] of rejected) {
      const outcome = await Promise.resolve().then(call).catch((error: unknown) => error);
      expect(outcome, name).toBeInstanceOf(PyFlueInputError);
      expect((outcome as Error).message, name).toMatch(/did you mean/);
    }
    expect(counter.fetches).toBe(0);
  });

  it('stream option bags are checked when the stream is made', () => {
    const client = new PyFlueClient('http://127.0.0.1:9');
    // @ts-expect-error no such option
    expect(() => client.runs.stream('r', { afterr: 1 })).toThrow(/did you mean "after"\?/);
    // @ts-expect-error no such option
    expect(() => client.workflows.stream('w', {}, { idleTimeout: 1 })).toThrow(/did you mean "idleTimeoutMs"\?/);
    // @ts-expect-error no such option
    expect(() => client.agents.stream('a', 'b', { paylaod: {} })).toThrow(/did you mean "payload"\?/);
    // @ts-expect-error no such option
    expect(() => client.stream('hi', { sesionId: 's' })).toThrow(/did you mean "sessionId"\?/);
  });

  it('values are checked too: wait must be a boolean', async () => {
    const { client } = answering(200, '{"status":"accepted","runId":"r"}');
    // @ts-expect-error wait is a boolean
    await expect(client.workflows.invoke('w', {}, { wait: 'yes' })).rejects.toBeInstanceOf(PyFlueInputError);
  });

  it('socket prompt and workflow run options too', async () => {
    await using fake = await createFakePyFlue({
      agents: { chat: { persistent: true, reply: () => ({ text: 'ok' }) } },
      workflows: { greet: async () => ({ ok: true }) },
    });
    await using client = new PyFlueClient(fake.baseUrl, { fetch: fake.fetch, websocket: fake.websocket });
    const agent = client.agents.connect('chat', 'a1');
    // @ts-expect-error no such option
    await expect(agent.prompt('hi', { sesion: 'x' })).rejects.toThrow(/did you mean "session"\?/);
    const workflow = client.workflows.connect('greet');
    // @ts-expect-error no such option
    await expect(workflow.run({}, { idleTimeout: 5 })).rejects.toThrow(/did you mean "idleTimeoutMs"\?/);
  });
});

describe('URLs, paths and the token in what the server sends back (item 11)', () => {
  it('adminBasePath must be a path: no scheme or host, no query or fragment', () => {
    for (const adminBasePath of ['http://other:2026/x', '//other/x', '/x?y=1', '/x#y', '/x\ny']) {
      expect(() => new PyFlueClient('http://127.0.0.1:9', { adminBasePath }), adminBasePath).toThrow(PyFlueInputError);
    }
    expect(() => new PyFlueClient('http://127.0.0.1:9', { adminBasePath: '/ops/admin' })).not.toThrow();
    expect(() => new PyFlueClient('http://127.0.0.1:9', { adminBasePath: '' })).not.toThrow();
  });

  it('CR, LF or a tab in the base URL is refused, not dropped silently', () => {
    for (const baseUrl of ['http://127.0.0.1:2024/a\nb', 'http://127.0.0.1:2024\r\n', 'http://127.0.\t0.1:2024']) {
      expect(() => new PyFlueClient(baseUrl), JSON.stringify(baseUrl)).toThrow(/line break|tab/);
    }
  });

  it('a 1 MB id is refused before sending, with a short message (not a 1 MB err.url or message)', async () => {
    const { client } = answering(404, JSON.stringify({ error: { type: 'run_not_found', message: 'no such run', details: '' } }));
    const error = (await client.runs.get('x'.repeat(1_000_000)).catch((caught: unknown) => caught)) as PyFlueInputError;
    expect(error).toBeInstanceOf(PyFlueInputError);
    expect(error.message).toMatch(/runId is 1000000 characters long \(at most 8192\)/);
    expect(error.message.length).toBeLessThan(5_000);
  });

  it('the client\'s token echoed in a 401 (envelope or text) is masked in the message and the body', async () => {
    const token = 'sk-echo-1234567890';
    for (const body of [
      JSON.stringify({ error: { type: 'unauthorized', message: `token ${token} is not valid`, details: `got ${token}` } }),
      `invalid token ${token}`,
    ]) {
      const { client } = answering(401, body, { token });
      const error = (await client.health().catch((caught: unknown) => caught)) as PyFlueApiError;
      expect(error).toBeInstanceOf(PyFlueApiError);
      expect(error.message).not.toContain(token);
      expect(JSON.stringify(error.body)).not.toContain(token);
      expect(error.details).not.toContain(token);
      expect(error.message).toContain('***');
    }
  });

  it('the client\'s token echoed in a socket close reason is masked', async () => {
    const token = 'sk-close-123456';
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await once(server, 'listening');
    server.on('connection', (socket) => socket.close(4001, `bad token ${token}`));
    try {
      const { port } = server.address() as AddressInfo;
      await using client = new PyFlueClient(`http://127.0.0.1:${port}`, { token });
      const socket = client.agents.connect('chat', 'a1');
      const error = (await socket.prompt('hi').catch((caught: unknown) => caught)) as PyFlueSocketError;
      expect(error).toBeInstanceOf(PyFlueError);
      expect(error.message).not.toContain(token);
      expect(String(error.closeReason)).not.toContain(token);
      expect(String(error.closeReason)).toContain('***');
    } finally {
      for (const client of server.clients) client.terminate();
      server.close();
    }
  });
});
