/**
 * Conformance against the real PyFlue 0.2.0 fixture server: every error the server
 * produces reaches the caller as its typed class with status and type; the `token`
 * option is sent and breaks nothing; and the spec check of the other conformance files
 * can fail. Every JSON answer the client receives is checked against spec/openapi.yaml.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import {
  PyFlueApiError,
  PyFlueBadRequestError,
  PyFlueConnectionError,
  PyFlueError,
  PyFlueInputError,
  PyFlueNotFoundError,
  PyFlueServerError,
  PyFlueTimeoutError,
  PyFlueClient,
  createFlueClient,
} from '../../src/index.js';
import { rejection, knownEvent, pastInternalError } from '../support/assertions.js';
import { conformanceTarget } from '../support/conformance-target.js';
import { createValidatingFetch } from '../support/validating-fetch.js';

const target = await conformanceTarget();
const baseUrl = target.baseUrl;
const spec = createValidatingFetch({ fetch: target.fetch, additiveFields: true });
const client = new PyFlueClient(baseUrl, { fetch: spec.fetch, websocket: target.websocket });
const suffix = randomUUID().slice(0, 8);
const unique = (name: string) => `${name}-${suffix}`;

afterAll(() => client.close());


/** Reads a stream to its end and answers what it threw. */
async function streamRejection(stream: AsyncIterable<unknown>): Promise<unknown> {
  return rejection(
    (async () => {
      const items: unknown[] = [];
      for await (const item of stream) items.push(item);
      return items;
    })(),
  );
}

function expectApiError(error: unknown, Class: typeof PyFlueApiError, status: number, type: string): PyFlueApiError {
  expect(error).toBeInstanceOf(Class);
  expect(error).toBeInstanceOf(PyFlueApiError);
  expect(error).toBeInstanceOf(PyFlueError);
  const apiError = error as PyFlueApiError;
  expect(apiError.status).toBe(status);
  expect(apiError.type).toBe(type);
  expect(apiError.envelope?.error.type).toBe(type);
  expect(apiError.message).toContain(`${status} ${type}`);
  return apiError;
}

describe('errors the server produces', () => {
  it('an unknown run: PyFlueNotFoundError run_not_found from get, events and stream', async () => {
    const runId = `run_NOSUCHRUN${suffix.toUpperCase()}`;
    const fromGet = expectApiError(await rejection(client.runs.get(runId)), PyFlueNotFoundError, 404, 'run_not_found');
    expect(fromGet.method).toBe('GET');
    expect(fromGet.url).toBe(`${baseUrl}/runs/${runId}`);
    expect(fromGet.details).toContain('evicted');
    expectApiError(await rejection(client.runs.events(runId)), PyFlueNotFoundError, 404, 'run_not_found');
    expectApiError(await streamRejection(client.runs.stream(runId)), PyFlueNotFoundError, 404, 'run_not_found');
  });

  it('an unknown agent: PyFlueNotFoundError agent_not_found in every mode', async () => {
    const name = unique('no-such-agent');
    const sync = expectApiError(await rejection(client.agents.invoke(name, 'x', { payload: {} })), PyFlueNotFoundError, 404, 'agent_not_found');
    expect(sync.dev).toContain('summarize');
    expectApiError(await rejection(client.agents.invoke(name, 'x', { mode: 'webhook' })), PyFlueNotFoundError, 404, 'agent_not_found');
    expectApiError(await streamRejection(client.agents.stream(name, 'x', { payload: { message: 'hi' } })), PyFlueNotFoundError, 404, 'agent_not_found');
    // dispatch answers the generic not_found.
    expectApiError(await rejection(client.agents.dispatch(name, 'x', { input: 'hi' })), PyFlueNotFoundError, 404, 'not_found');
  });

  it('an agent hidden from webhooks: PyFlueNotFoundError agent_not_webhook', async () => {
    expectApiError(await rejection(client.agents.invoke('internal', unique('hidden'))), PyFlueNotFoundError, 404, 'agent_not_webhook');
    const flue = createFlueClient({ baseUrl, fetch: spec.fetch, websocket: target.websocket });
    expectApiError(await rejection(flue.agents.invoke('internal', unique('hidden'), { mode: 'webhook' })), PyFlueNotFoundError, 404, 'agent_not_webhook');
    await flue.close();
  });

  it('dispatch to a file-based agent: PyFlueBadRequestError invalid_request', async () => {
    expectApiError(await rejection(client.agents.dispatch('summarize', unique('dispatch'), { input: 'x' })), PyFlueBadRequestError, 400, 'invalid_request');
  });

  it('an unknown workflow: PyFlueNotFoundError not_found from invoke, invoke with wait, and stream', async () => {
    const name = unique('no-such-workflow');
    const error = expectApiError(await rejection(client.workflows.invoke(name, {})), PyFlueNotFoundError, 404, 'not_found');
    expect(error.details).toContain('greet');
    expectApiError(await rejection(client.workflows.invoke(name, {}, { wait: true })), PyFlueNotFoundError, 404, 'not_found');
    expectApiError(await streamRejection(client.workflows.stream(name, {})), PyFlueNotFoundError, 404, 'not_found');
  });

  it('a bad query parameter: PyFlueBadRequestError invalid_query_param with meta.param', async () => {
    const error = expectApiError(await rejection(client.admin.runs.list({ cursor: 'garbage' })), PyFlueBadRequestError, 400, 'invalid_query_param');
    expect(error.meta).toMatchObject({ param: 'cursor', value: 'garbage' });
    expect(error.url).toBe(`${baseUrl}/admin/runs?cursor=garbage`);
  });

  it('a failing workflow: PyFlueServerError internal_error with the reason in dev', async () => {
    const error = expectApiError(
      await rejection(client.workflows.invoke('explode', { reason: unique('reason') }, { wait: true })),
      PyFlueServerError,
      500,
      'internal_error',
    );
    expect(error.dev).toBe(unique('reason'));
    await pastInternalError(client);
  });

  it('input the server cannot route is refused before anything is sent', async () => {
    const before = spec.exchanges.length;
    await expect(client.agents.invoke('support/billing', 'x')).rejects.toBeInstanceOf(PyFlueInputError);
    // Streams are not promises: they refuse at once.
    expect(() => client.agents.stream('assistant', '..')).toThrow(PyFlueInputError);
    await expect(client.runs.get('')).rejects.toBeInstanceOf(PyFlueInputError);
    expect(spec.exchanges.length).toBe(before);
  });
});

describe('calls that get no answer', () => {
  it('an answer slower than timeoutMs rejects with PyFlueTimeoutError', async () => {
    // The run takes about 2 s; the call waits 100 ms for it.
    const error = await rejection(client.workflows.invoke('slow', { count: 10, delay_ms: 200 }, { wait: true, timeoutMs: 100 }));
    expect(error).toBeInstanceOf(PyFlueTimeoutError);
    expect(error).toBeInstanceOf(PyFlueConnectionError);
    expect((error as PyFlueTimeoutError).message).toContain('within 100 ms');
  });

  it('an aborted signal rejects with its reason, and a stream aborted mid-way throws the reason', async () => {
    const reason = new Error('caller gave up');
    await expect(client.health({ signal: AbortSignal.abort(reason) })).rejects.toBe(reason);

    const { runId } = await client.workflows.invoke('slow', { count: 20, delay_ms: 50 });
    const controller = new AbortController();
    const seen: number[] = [];
    const thrown = await streamRejection(
      (async function* () {
        for await (const event of client.runs.stream(runId, { signal: controller.signal })) {
          seen.push(knownEvent(event).eventIndex);
          if (seen.length === 2) controller.abort(reason);
          yield event;
        }
      })(),
    );
    expect(thrown).toBe(reason);
    expect(seen).toEqual([1, 2]);
  });
});

describe('the token option', () => {
  it('is sent as a Bearer token on HTTP calls and socket handshakes, and breaks nothing (the server ignores auth)', async () => {
    const recorded = createValidatingFetch({ fetch: target.fetch, additiveFields: true });
    const handshakes: Array<Record<string, string>> = [];
    const withToken = new PyFlueClient(baseUrl, {
      token: 'test-token-123',
      fetch: recorded.fetch,
      websocket: (url, init) => {
        handshakes.push(init.headers);
        return target.openSocket(url, init);
      },
    });
    try {
      expect(await withToken.health()).toMatchObject({ ok: true, framework: 'pyflue' });
      const id = unique('token');
      const reply = (await withToken.agents.invoke('assistant', id, { payload: { message: 'with token' } })) as { result: { text: string } };
      expect(reply.result.text).toBe(`echo[${id}:default]#1: with token`);
      const events: unknown[] = [];
      for await (const event of withToken.workflows.stream('greet', { name: 'Token' })) events.push(event);
      expect(events).toHaveLength(5);
      const { runId } = await withToken.workflows.invoke('greet', {}, { wait: true });
      expect((await withToken.admin.runs.get(runId)).status).toBe('succeeded');
      await using socket = withToken.agents.connect('assistant', id);
      expect((await socket.prompt('over the socket')).result.text).toBe(`echo[${id}:default]#2: over the socket`);

      expect(recorded.exchanges).toHaveLength(5);
      for (const exchange of recorded.exchanges) expect(exchange.requestHeaders.get('authorization')).toBe('Bearer test-token-123');
      expect(handshakes).toEqual([{ authorization: 'Bearer test-token-123' }]);
      expect(recorded.problems).toEqual([]);
    } finally {
      await withToken.close();
    }
  });
});

describe('the spec check itself', () => {
  it('reports an answer that breaks the spec, though the client accepts it', async () => {
    const stubbed = createValidatingFetch({
      fetch: async (input) => {
        const path = new URL(input instanceof Request ? input.url : String(input)).pathname;
        if (path === '/health') return Response.json({ ok: 'yes', framework: 'pyflue', extra: 1 });
        return Response.json({ error: { type: 'teapot', message: 'short and stout', details: '' } }, { status: 418 });
      },
    });
    const stubClient = new PyFlueClient(baseUrl, { fetch: stubbed.fetch, maxRetries: 0 });
    await stubClient.health();
    await expect(stubClient.runs.get('run_X')).rejects.toBeInstanceOf(PyFlueApiError);
    expect(stubbed.problems).toEqual([
      'GET /health -> 200: /ok must be boolean',
      'GET /health -> 200: (body) must NOT have unevaluated properties "extra"',
      'GET /runs/{run_id} -> 418: status 418 is not documented for this route',
    ]);
  });
});

describe('the answers the client received', () => {
  it('all hold against spec/openapi.yaml', () => {
    expect(spec.exchanges.filter((exchange) => exchange.status >= 400).length).toBeGreaterThanOrEqual(15);
    expect(spec.problems).toEqual([]);
  });
});
