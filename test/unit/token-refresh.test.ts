/**
 * A token that refreshes (issue 24, item 7): `token` may be a function returning a string
 * or a promise of one. It is asked for each call and each socket handshake (never kept
 * longer than one call), and after a 401 it is asked once more and the GET, the stream
 * reconnect or the handshake is tried once more; a POST, which may have run, never is.
 */
import { once } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { PyFlueClient, PyFlueInputError, PyFlueUnauthorizedError, type RunStreamEvent } from '../../src/index.js';
import { collect, rejection } from '../support/assertions.js';
import { runEvents, sseText, startStub } from '../support/stub-server.js';

const disposables: AsyncDisposable[] = [];
afterEach(async () => {
  for (const item of disposables.splice(0).reverse()) await item[Symbol.asyncDispose]();
});

const HEALTH = { ok: true, framework: 'pyflue' };
/** An agent socket's result frame (the AsyncAPI example's shape). */
const RESULT = {
  type: 'result',
  result: {
    text: 'hi',
    metadata: {},
    usage: { input: 1, output: 2, cache_read: 0, cache_write: 0, total_tokens: 3, cost: { input: 0, output: 0, cache_read: 0, cache_write: 0, total: 0 } },
    model: { id: 'echo/deterministic' },
  },
};
const UNAUTHORIZED = { error: { type: 'unauthorized', message: 'The token has expired.', details: '' } };

/** A token endpoint: `expired` first, then `fresh-1`, `fresh-2`, ... (async, as a fetch to an identity provider is). */
function tokenSource(first = 'expired'): { token: (request: { refresh: boolean }) => Promise<string>; calls: () => number; refreshes: boolean[] } {
  let calls = 0;
  const refreshes: boolean[] = [];
  return {
    token: async ({ refresh }) => {
      calls += 1;
      refreshes.push(refresh);
      await Promise.resolve();
      return calls === 1 ? first : `fresh-${calls - 1}`;
    },
    calls: () => calls,
    refreshes,
  };
}

/** A server that answers 401 to `Bearer expired` and records each request's authorization. */
async function gateway(answer: (request: IncomingMessage, response: import('node:http').ServerResponse) => void) {
  const seen: string[] = [];
  const server = await startStub((request, response) => {
    seen.push(`${request.method} ${request.url} ${request.headers.authorization}`);
    if (request.headers.authorization === 'Bearer expired') {
      response.writeHead(401, { 'content-type': 'application/json' });
      return void response.end(JSON.stringify(UNAUTHORIZED));
    }
    answer(request, response);
  });
  disposables.push(server);
  return { baseUrl: server.baseUrl, seen };
}

function json(response: import('node:http').ServerResponse, body: unknown): void {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

describe('a token function', () => {
  it('that returns an expired token first recovers with exactly one retried request', async () => {
    const { baseUrl, seen } = await gateway((_request, response) => json(response, HEALTH));
    const source = tokenSource();
    await using client = new PyFlueClient(baseUrl, { token: source.token, maxRetries: 0 });
    expect(await client.health()).toEqual(HEALTH);
    expect(seen).toEqual(['GET /health Bearer expired', 'GET /health Bearer fresh-1']);
    expect(source.calls()).toBe(2);
    // Asked again after the 401 with `refresh: true`, so a cache of its own can be skipped.
    expect(source.refreshes).toEqual([false, true]);
  });

  it('is asked for each call, never kept from one call to the next', async () => {
    const { baseUrl, seen } = await gateway((_request, response) => json(response, HEALTH));
    const source = tokenSource('first');
    await using client = new PyFlueClient(baseUrl, { token: source.token });
    await client.health();
    await client.health();
    expect(seen).toEqual(['GET /health Bearer first', 'GET /health Bearer fresh-1']);
  });

  it('a 401 after the refresh is the answer: one retry, then PyFlueUnauthorizedError', async () => {
    const { baseUrl, seen } = await gateway((_request, response) => {
      response.writeHead(401, { 'content-type': 'application/json' });
      response.end(JSON.stringify(UNAUTHORIZED));
    });
    await using client = new PyFlueClient(baseUrl, { token: tokenSource().token, maxRetries: 2 });
    expect(await rejection(client.health())).toBeInstanceOf(PyFlueUnauthorizedError);
    expect(seen).toHaveLength(2);
  });

  it('never retries a POST, which may have run', async () => {
    const { baseUrl, seen } = await gateway((_request, response) => json(response, { status: 'accepted', runId: 'run_1' }));
    await using client = new PyFlueClient(baseUrl, { token: tokenSource().token });
    expect(await rejection(client.workflows.invoke('greet', {}))).toBeInstanceOf(PyFlueUnauthorizedError);
    expect(seen).toEqual(['POST /workflows/greet Bearer expired']);
  });

  it("a string token is not asked again: its 401 is the answer", async () => {
    const { baseUrl, seen } = await gateway((_request, response) => json(response, HEALTH));
    await using client = new PyFlueClient(baseUrl, { token: 'expired' });
    expect(await rejection(client.health())).toBeInstanceOf(PyFlueUnauthorizedError);
    expect(seen).toHaveLength(1);
  });

  it("a run stream's reconnect that meets a 401 is sent again once, with a fresh token", async () => {
    const events = runEvents('run_1', 4);
    let connections = 0;
    const { baseUrl, seen } = await gateway((request, response) => {
      if (request.url?.startsWith('/runs/run_1/stream')) {
        connections += 1;
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        // The first connection is cut after two events; the token expires meanwhile.
        if (connections === 1) return void response.write(sseText(events.slice(0, 2)), () => response.socket?.destroy());
        return void response.end(sseText(events.slice(2)));
      }
      json(response, { run_id: 'run_1', runId: 'run_1', status: 'running', event_count: 2 });
    });
    let calls = 0;
    const token = () => (calls += 1) === 2 ? 'expired' : `t${calls}`;
    await using client = new PyFlueClient(baseUrl, { token });
    const received: RunStreamEvent[] = await collect(client.runs.stream('run_1', { reconnectDelayMs: 0 }));
    expect(received).toHaveLength(4);
    expect(seen.filter((line) => line.includes('/stream'))).toEqual([
      'GET /runs/run_1/stream Bearer t1',
      'GET /runs/run_1/stream?after=2 Bearer expired',
      'GET /runs/run_1/stream?after=2 Bearer t3',
    ]);
  });

  it("a socket handshake refused with 401 is made once more, with a fresh token", async () => {
    const handshakes: string[] = [];
    const server = new WebSocketServer({
      host: '127.0.0.1',
      port: 0,
      verifyClient: (info, done) => {
        handshakes.push(info.req.headers.authorization ?? '');
        if (info.req.headers.authorization === 'Bearer expired') done(false, 401, 'Unauthorized');
        else done(true);
      },
    });
    server.on('connection', (socket) =>
      socket.on('message', () => socket.send(JSON.stringify(RESULT))),
    );
    await once(server, 'listening');
    disposables.push({ [Symbol.asyncDispose]: async () => void (server.clients.forEach((socket) => socket.terminate()), server.close()) });
    const source = tokenSource();
    await using client = new PyFlueClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, { token: source.token });
    const answer = await client.agents.connect('assistant', 'a1').prompt('hello');
    expect(answer.type).toBe('result');
    expect(handshakes).toEqual(['Bearer expired', 'Bearer fresh-1']);
    expect(source.refreshes).toEqual([false, true]);
  });

  it('that gives no usable token: PyFlueInputError that does not repeat it, nothing sent', async () => {
    const { baseUrl, seen } = await gateway((_request, response) => json(response, HEALTH));
    await using client = new PyFlueClient(baseUrl, { token: () => 'secret-with-newline\n' });
    const error = await rejection(client.health());
    expect(error).toBeInstanceOf(PyFlueInputError);
    expect((error as Error).message).toContain('token function');
    expect((error as Error).message).not.toContain('secret-with-newline');
    expect(seen).toEqual([]);
  });
});
