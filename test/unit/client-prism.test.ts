/**
 * Every HTTP method of the client against a Prism mock of spec/openapi.yaml: the typed
 * result equals the spec's example for the operation (read out of the spec, not copied),
 * and `Prefer: code=<status>` answers map to the typed errors. Prism validates every
 * request (`--errors`), so a request the client gets wrong fails with a 4xx here.
 * Streams are not tested here: Prism cannot serve text/event-stream.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, expectTypeOf, inject, it } from 'vitest';
import { parse } from 'yaml';
import {
  PyFlueApiError,
  PyFlueBadRequestError,
  PyFlueClient,
  PyFlueError,
  PyFlueNotFoundError,
  PyFlueResultError,
  PyFlueServerError,
  PyFlueUnsupportedMediaTypeError,
  create_flue_client,
  createFlueClient,
  type AgentManifestEntry,
  type PromptResult,
  type RunEventList,
  type RunRecord,
} from '../../src/index.js';
import type { FlueAgentResult } from '../../src/facade/core/app.js';
import type { AgentInvokeResponse, HealthResponse, WebhookAccepted, WorkflowCompleted } from '../../src/facade/core/types.js';
import type { StandardSchemaV1 } from '@standard-schema/spec';

// ---------------------------------------------------------------------------
// The spec's examples
// ---------------------------------------------------------------------------

type Json = Record<string, unknown>;
const spec = parse(readFileSync(fileURLToPath(new URL('../../spec/openapi.yaml', import.meta.url)), 'utf8')) as Json;

/** Follows a local `$ref` (`#/components/...`) until the value is no reference. */
function deref(value: unknown): unknown {
  let current = value;
  while (current !== null && typeof current === 'object' && typeof (current as Json).$ref === 'string') {
    const pointer = ((current as Json).$ref as string).replace(/^#\//, '').split('/');
    current = pointer.reduce<unknown>((node, key) => (node as Json)[key.replace(/~1/g, '/').replace(/~0/g, '~')], spec);
  }
  return current;
}

/** The JSON example of one response: `example`, or the named (else first) of `examples`. */
function example(path: string, method: 'get' | 'post', status: number, name?: string): any {
  const operation = deref(((spec.paths as Json)[path] as Json)[method]) as Json;
  const response = deref((operation.responses as Json)[String(status)]) as Json;
  const media = deref((response.content as Json)['application/json']) as Json;
  if (media.example !== undefined) {
    if (name !== undefined) throw new Error(`${method} ${path} ${status} has one example, not "${name}"`);
    return media.example;
  }
  const examples = media.examples as Json;
  const chosen = name === undefined ? Object.values(examples)[0] : examples[name];
  if (chosen === undefined) throw new Error(`${method} ${path} ${status} has no example "${name}"`);
  return (deref(chosen) as Json).value;
}

// ---------------------------------------------------------------------------
// Clients on the Prism mock
// ---------------------------------------------------------------------------

let prismBaseUrl: string;
beforeAll(() => {
  prismBaseUrl = inject('prismBaseUrl');
});

interface Sent {
  method: string;
  url: URL;
  headers: Headers;
  body: string;
}

/** A fetch that records each request and passes it on to the real fetch. */
function recordingFetch(sent: Sent[]): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const body = request.body ? await request.clone().text() : '';
    sent.push({ method: request.method, url: new URL(request.url), headers: request.headers, body });
    return fetch(request);
  };
}

/** A raw-format client on Prism; `prefer` picks Prism's answer (`code=404`, `example=failed`). */
function rawClient(prefer?: string, sent: Sent[] = []) {
  return new PyFlueClient(prismBaseUrl, { fetch: recordingFetch(sent), maxRetries: 0, ...(prefer ? { headers: { prefer } } : {}) });
}

function flueClient(prefer?: string, sent: Sent[] = []) {
  return createFlueClient({ baseUrl: prismBaseUrl, fetch: recordingFetch(sent), maxRetries: 0, ...(prefer ? { headers: { prefer } } : {}) });
}

async function take<T>(iterator: AsyncIterable<T>, count: number): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterator) {
    items.push(item);
    if (items.length === count) break;
  }
  return items;
}

const SUCCEEDED_RUN = 'workflow:greet:run_01M85FRCNVCVF7N1B5ZG0JRSR7';

// ---------------------------------------------------------------------------
// Success paths
// ---------------------------------------------------------------------------

describe('exports', () => {
  it('keeps the Python-style aliases', () => {
    expect(create_flue_client).toBe(createFlueClient);
    const client = rawClient();
    expect(typeof client.admin.runs.listForInstance).toBe('function');
    expect(client.admin.runs.listForInstance).toBe(client.admin.runs.listForInstance);
  });

  it('normalises the base URL and picks the default response formats', () => {
    expect(new PyFlueClient(`${prismBaseUrl}/`).baseUrl).toBe(prismBaseUrl);
    expect(createFlueClient(prismBaseUrl).baseUrl).toBe(prismBaseUrl);
  });
});

describe('health and agents', () => {
  it('health() returns the example', async () => {
    const sent: Sent[] = [];
    const health = await rawClient(undefined, sent).health();
    expectTypeOf(health).toEqualTypeOf<HealthResponse>();
    expect(health).toEqual(example('/health', 'get', 200));
    expect(sent.map((request) => `${request.method} ${request.url.pathname}`)).toEqual(['GET /health']);
  });

  it('agents() and agents.list() return the example list', async () => {
    const client = rawClient();
    const expected = example('/agents', 'get', 200).agents;
    const called = await client.agents();
    const listed = await client.agents.list();
    expectTypeOf(called).toEqualTypeOf<AgentManifestEntry[]>();
    expect(called).toEqual(expected);
    expect(listed).toEqual(expected);
    expect(expected.length).toBeGreaterThan(0);
  });
});

describe('agents.invoke', () => {
  it('new PyFlueClient defaults to the raw body (persistent example)', async () => {
    const sent: Sent[] = [];
    const reply = await rawClient(undefined, sent).agents.invoke('assistant', 'inst-1', { payload: { message: 'hello', session: 'billing' } });
    expectTypeOf(reply).toEqualTypeOf<AgentInvokeResponse>();
    expect(reply).toEqual(example('/agents/{name}/{agent_id}', 'post', 200, 'persistent'));
    expect(sent[0]!.url.pathname).toBe('/agents/assistant/inst-1');
    expect(JSON.parse(sent[0]!.body)).toEqual({ payload: { message: 'hello', session: 'billing' } });
    expect(sent[0]!.headers.get('x-webhook')).toBeNull();
  });

  it('raw format returns a file-based body as it is, _meta included', async () => {
    const reply = await rawClient('example=fileBased').agents.invoke('summarize', 'inst-1', { payload: { text: 'x' } });
    expect(reply).toEqual(example('/agents/{name}/{agent_id}', 'post', 200, 'fileBased'));
  });

  it('createFlueClient defaults to the flue shape: { result, runId } from _meta', async () => {
    const body = example('/agents/{name}/{agent_id}', 'post', 200, 'fileBased');
    const reply = await flueClient('example=fileBased').agents.invoke('summarize', 'inst-1', { payload: { text: 'x' } });
    expectTypeOf(reply).toEqualTypeOf<FlueAgentResult>();
    const { _meta, ...result } = body;
    expect(reply).toEqual({ result, runId: _meta.runId });
  });

  it('flue shape of a persistent reply is its result', async () => {
    const body = example('/agents/{name}/{agent_id}', 'post', 200, 'persistent');
    const reply = await flueClient().agents.invoke('assistant', 'inst-1', { payload: { message: 'hello' } });
    // Prism adds the X-Flue-Run-Id header declared on the 200 answer even for this example,
    // so a runId may come along; the result is the body's `result` either way.
    expect(reply.result).toEqual(body.result);
  });

  it('a per-call responseFormat overrides the client default, both ways', async () => {
    const body = example('/agents/{name}/{agent_id}', 'post', 200, 'fileBased');
    const asFlue = await rawClient('example=fileBased').agents.invoke('summarize', 'inst-1', { responseFormat: 'flue' });
    expectTypeOf(asFlue).toEqualTypeOf<FlueAgentResult>();
    expect(asFlue).toEqual({ result: { summary: body.summary, words: body.words, instance: body.instance }, runId: body._meta.runId });

    const asRaw = await flueClient('example=fileBased').agents.invoke('summarize', 'inst-1', { responseFormat: 'raw' });
    expectTypeOf(asRaw).toEqualTypeOf<AgentInvokeResponse>();
    expect(asRaw).toEqual(body);
  });

  it('webhook mode sends x-webhook: true and returns the 202 example (raw) or { runId } (flue)', async () => {
    const accepted = example('/agents/{name}/{agent_id}', 'post', 202);
    const sent: Sent[] = [];
    const raw = await rawClient('code=202', sent).agents.invoke('summarize', 'inst-1', { mode: 'webhook', payload: { text: 'x' } });
    expectTypeOf(raw).toEqualTypeOf<WebhookAccepted>();
    expect(raw).toEqual(accepted);
    expect(sent[0]!.headers.get('x-webhook')).toBe('true');

    const flue = await flueClient('code=202').agents.invoke('summarize', 'inst-1', { mode: 'webhook' });
    expectTypeOf(flue).toEqualTypeOf<{ runId: string }>();
    expect(flue).toEqual({ runId: accepted.runId });
  });

  it('an explicit mode: "sync" is the default behaviour', async () => {
    const reply = await rawClient().agents.invoke('assistant', 'inst-1', { mode: 'sync', payload: { message: 'hello' } });
    expect(reply).toEqual(example('/agents/{name}/{agent_id}', 'post', 200, 'persistent'));
  });
});

describe('agents.dispatch', () => {
  it('returns the 202 receipt and sends { input, session }', async () => {
    const sent: Sent[] = [];
    const receipt = await rawClient(undefined, sent).agents.dispatch('assistant', 'inst-1', {
      input: { ticket: 4521, text: 'Refund please' },
      session: 'billing',
    });
    expect(receipt).toEqual(example('/agents/{name}/{agent_id}/dispatch', 'post', 202));
    expect(sent[0]!.url.pathname).toBe('/agents/assistant/inst-1/dispatch');
    expect(JSON.parse(sent[0]!.body)).toEqual({ input: { ticket: 4521, text: 'Refund please' }, session: 'billing' });
  });

  it('without options sends { input: null }', async () => {
    const sent: Sent[] = [];
    const receipt = await rawClient(undefined, sent).agents.dispatch('assistant', 'inst-1');
    expect(receipt).toEqual(example('/agents/{name}/{agent_id}/dispatch', 'post', 202));
    expect(JSON.parse(sent[0]!.body)).toEqual({ input: null });
  });
});

describe('workflows.invoke', () => {
  it('without wait returns the 202 example (Prism needs Prefer: code=202 to pick it)', async () => {
    const sent: Sent[] = [];
    const accepted = await rawClient('code=202', sent).workflows.invoke('greet', { name: 'Ada' });
    expectTypeOf(accepted).toEqualTypeOf<WebhookAccepted>();
    expect(accepted).toEqual(example('/workflows/{name}', 'post', 202));
    expect(sent[0]!.url.pathname).toBe('/workflows/greet');
    expect(sent[0]!.url.search).toBe('');
    expect(JSON.parse(sent[0]!.body)).toEqual({ payload: { name: 'Ada' } });
  });

  it('with wait sends ?wait=result and returns the completed example', async () => {
    const sent: Sent[] = [];
    const completed = await rawClient(undefined, sent).workflows.invoke('greet', { name: 'Ada' }, { wait: true });
    expectTypeOf(completed).toEqualTypeOf<WorkflowCompleted>();
    expect(completed).toEqual(example('/workflows/{name}', 'post', 200));
    expect(sent[0]!.url.searchParams.get('wait')).toBe('result');
  });

  it('without a payload sends { payload: {} }', async () => {
    const sent: Sent[] = [];
    await rawClient('code=202', sent).workflows.invoke('greet');
    expect(JSON.parse(sent[0]!.body)).toEqual({ payload: {} });
  });
});

describe('runs', () => {
  it('runs.get returns the run record example', async () => {
    const sent: Sent[] = [];
    const run = await rawClient(undefined, sent).runs.get(SUCCEEDED_RUN);
    expectTypeOf(run).toEqualTypeOf<RunRecord>();
    expect(run).toEqual(example('/runs/{run_id}', 'get', 200, 'succeeded'));
    expect(sent[0]!.url.pathname).toBe(`/runs/${encodeURIComponent(SUCCEEDED_RUN)}`);
  });

  it('runs.get with the failed example', async () => {
    const run = await rawClient('example=failed').runs.get('workflow:explode:run_01M85FRCQ74FD80ZY8RDBNFYTJ');
    expect(run).toEqual(example('/runs/{run_id}', 'get', 200, 'failed'));
  });

  it('runs.events sends after, limit and types and returns the example', async () => {
    const sent: Sent[] = [];
    const page = await rawClient(undefined, sent).runs.events(SUCCEEDED_RUN, { after: 1, limit: 5, types: ['log', 'run_end'] });
    expectTypeOf(page).toEqualTypeOf<RunEventList>();
    expect(page).toEqual(example('/runs/{run_id}/events', 'get', 200));
    const query = sent[0]!.url.searchParams;
    expect(query.get('after')).toBe('1');
    expect(query.get('limit')).toBe('5');
    expect(query.get('types')).toBe('log,run_end');
  });

  it('runs.events with a single type string and no options', async () => {
    const sent: Sent[] = [];
    const client = rawClient(undefined, sent);
    await client.runs.events(SUCCEEDED_RUN, { types: 'log' });
    await client.runs.events(SUCCEEDED_RUN);
    expect(sent[0]!.url.searchParams.get('types')).toBe('log');
    expect(sent[1]!.url.search).toBe('');
  });

  it('runs.events accepts after: 0', async () => {
    const sent: Sent[] = [];
    await rawClient(undefined, sent).runs.events(SUCCEEDED_RUN, { after: 0 });
    expect(sent[0]!.url.searchParams.get('after')).toBe('0');
  });
});

describe('default agent', () => {
  it('prompt returns the example and sends { payload: { prompt } }', async () => {
    const sent: Sent[] = [];
    const reply = await rawClient(undefined, sent).prompt('What is on the agenda?', { sessionId: 'standup' });
    expectTypeOf(reply).toEqualTypeOf<PromptResult>();
    expect(reply).toEqual(example('/prompt/{agent_id}', 'post', 200));
    expect(sent[0]!.url.pathname).toBe('/prompt/standup');
    expect(JSON.parse(sent[0]!.body)).toEqual({ payload: { prompt: 'What is on the agenda?' } });
  });

  it('prompt uses the "default" session when none is given', async () => {
    const sent: Sent[] = [];
    await rawClient(undefined, sent).prompt('hi');
    expect(sent[0]!.url.pathname).toBe('/prompt/default');
  });

  it('prompt with a result Standard Schema adds the validated result', async () => {
    const seen: unknown[] = [];
    const schema: StandardSchemaV1<unknown, { echoed: string }> = {
      '~standard': {
        version: 1,
        vendor: 'test',
        validate: (value) => {
          seen.push(value);
          return typeof value === 'string' ? { value: { echoed: value } } : { issues: [{ message: 'expected a string' }] };
        },
      },
    };
    const body = example('/prompt/{agent_id}', 'post', 200);
    const reply = await rawClient().prompt('What is on the agenda?', { sessionId: 'standup', result: schema });
    expectTypeOf(reply.result).toEqualTypeOf<{ echoed: string }>();
    // The example's text has no JSON in it, so the whole text is what the schema sees.
    expect(seen).toEqual([body.text]);
    expect(reply).toEqual({ ...body, result: { echoed: body.text } });
  });

  it('prompt with a result schema that rejects the text throws PyFlueResultError', async () => {
    const schema: StandardSchemaV1<unknown, number> = {
      '~standard': { version: 1, vendor: 'test', validate: async () => ({ issues: [{ message: 'expected a number', path: ['score'] }] }) },
    };
    const body = example('/prompt/{agent_id}', 'post', 200);
    const error = await rawClient()
      .prompt('What is on the agenda?', { result: schema })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PyFlueResultError);
    expect(error).toBeInstanceOf(PyFlueError);
    expect((error as PyFlueResultError).text).toBe(body.text);
    expect((error as PyFlueResultError).issues).toEqual([{ message: 'expected a number', path: ['score'] }]);
    expect((error as Error).message).toContain('score: expected a number');
  });

  it('sessions.abort returns the example', async () => {
    const sent: Sent[] = [];
    const outcome = await rawClient(undefined, sent).sessions.abort('standup');
    expect(outcome).toEqual(example('/sessions/{session_id}/abort', 'post', 200));
    expect(`${sent[0]!.method} ${sent[0]!.url.pathname}`).toBe('POST /sessions/standup/abort');
  });
});

describe('admin', () => {
  it('admin.agents.list returns the example page and sends cursor and limit', async () => {
    const sent: Sent[] = [];
    const page = await rawClient(undefined, sent).admin.agents.list({ cursor: 'abc', limit: 2 });
    const wire = example('/admin/agents', 'get', 200);
    expect(page.items).toEqual(wire.items);
    expect(page.nextCursor).toBe(wire.nextCursor);
    expect(sent[0]!.url.pathname).toBe('/admin/agents');
    expect(Object.fromEntries(sent[0]!.url.searchParams)).toEqual({ cursor: 'abc', limit: '2' });
  });

  it('for await over admin.agents.list follows nextCursor page by page, fetching only on demand', async () => {
    const sent: Sent[] = [];
    const page = example('/admin/agents', 'get', 200);
    expect(page.nextCursor).toEqual(expect.any(String)); // Prism answers this page forever
    const items = await take(rawClient(undefined, sent).admin.agents.list({ limit: 2 }), page.items.length + 1);
    expect(items).toEqual([...page.items, page.items[0]]);
    expect(sent).toHaveLength(2);
    expect(sent[0]!.url.searchParams.get('cursor')).toBeNull();
    expect(sent[1]!.url.searchParams.get('cursor')).toBe(page.nextCursor);
    expect(sent.map((request) => request.url.searchParams.get('limit'))).toEqual(['2', '2']);
  });

  it('admin.instances.list returns the example, awaited and iterated', async () => {
    const sent: Sent[] = [];
    const client = rawClient(undefined, sent);
    const page = example('/admin/agents/{name}/instances', 'get', 200);
    expect((await client.admin.instances.list('summarize', { limit: 10 })).items).toEqual(page.items);
    expect(page.nextCursor).toBeNull();
    const items = [];
    for await (const item of client.admin.instances.list('summarize')) items.push(item);
    expect(items).toEqual(page.items);
    expect(sent.map((request) => request.url.pathname)).toEqual(['/admin/agents/summarize/instances', '/admin/agents/summarize/instances']);
  });

  it('admin.runs.list sends its filters and returns the example', async () => {
    const sent: Sent[] = [];
    const page = await rawClient(undefined, sent).admin.runs.list({ status: 'failed', agentName: 'explode', limit: 1 });
    const wire = example('/admin/runs', 'get', 200);
    expect(page.items).toEqual(wire.items);
    expect(page.nextCursor).toBe(wire.nextCursor);
    expect(sent[0]!.url.pathname).toBe('/admin/runs');
    expect(Object.fromEntries(sent[0]!.url.searchParams)).toEqual({ status: 'failed', agentName: 'explode', limit: '1' });
  });

  it('admin.runs.listForInstance returns the example', async () => {
    const sent: Sent[] = [];
    const client = rawClient(undefined, sent);
    const page = example('/admin/agents/{name}/instances/{agent_id}/runs', 'get', 200);
    const records = page.items;
    expect((await client.admin.runs.listForInstance('summarize', 'inst-1', { status: 'succeeded' })).items).toEqual(records);
    expect((await client.admin.runs.listForInstance('summarize', 'inst-1')).items).toEqual(records);
    expect(sent.map((request) => request.url.pathname)).toEqual([
      '/admin/agents/summarize/instances/inst-1/runs',
      '/admin/agents/summarize/instances/inst-1/runs',
    ]);
    expect(sent[0]!.url.searchParams.get('status')).toBe('succeeded');
  });

  it('for await over admin.runs.listForInstance stops at a null nextCursor', async () => {
    const page = example('/admin/agents/{name}/instances/{agent_id}/runs', 'get', 200);
    const items = [];
    for await (const item of rawClient().admin.runs.listForInstance('summarize', 'inst-1')) items.push(item);
    expect(items).toEqual(page.items);
  });

  it('admin.runs.get returns the record example', async () => {
    const sent: Sent[] = [];
    const run = await rawClient(undefined, sent).admin.runs.get(SUCCEEDED_RUN);
    expectTypeOf(run).toEqualTypeOf<RunRecord>();
    expect(run).toEqual(example('/admin/runs/{run_id}', 'get', 200, 'succeeded'));
    expect(sent[0]!.url.pathname).toBe(`/admin/runs/${encodeURIComponent(SUCCEEDED_RUN)}`);
  });

  it('for await over admin.runs.list follows nextCursor', async () => {
    const sent: Sent[] = [];
    const page = example('/admin/runs', 'get', 200);
    const items = await take(rawClient(undefined, sent).admin.runs.list({ status: 'failed' }), 2);
    const first = page.items[0];
    expect(items).toEqual([first, first]);
    expect(sent.map((request) => request.url.searchParams.get('cursor'))).toEqual([null, page.nextCursor]);
    expect(sent.map((request) => request.url.searchParams.get('status'))).toEqual(['failed', 'failed']);
  });
});

// ---------------------------------------------------------------------------
// Error mapping
// ---------------------------------------------------------------------------

async function failure(promise: Promise<unknown>): Promise<PyFlueApiError> {
  const error = await promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(PyFlueApiError);
  expect(error).toBeInstanceOf(PyFlueError);
  return error as PyFlueApiError;
}

function errorExample(path: string, method: 'get' | 'post', status: number) {
  return example(path, method, status) as { error: { type: string; message: string; details: string; dev?: string; meta?: Json } };
}

describe('error answers through Prism', () => {
  it('400 invalid_query_param -> PyFlueBadRequestError with meta', async () => {
    const envelope = errorExample('/runs/{run_id}/events', 'get', 400);
    const error = await failure(rawClient('code=400').runs.events(SUCCEEDED_RUN, { limit: 5 }));
    expect(error).toBeInstanceOf(PyFlueBadRequestError);
    expect(error.name).toBe('PyFlueBadRequestError');
    expect(error.status).toBe(400);
    expect(error.type).toBe('invalid_query_param');
    expect(error.type).toBe(envelope.error.type);
    expect(error.details).toBe(envelope.error.details);
    expect(error.meta).toEqual(envelope.error.meta);
    expect(error.envelope).toEqual(envelope);
    expect(error.method).toBe('GET');
    expect(error.url).toBe(`${prismBaseUrl}/runs/${encodeURIComponent(SUCCEEDED_RUN)}/events?limit=5`);
    expect(error.message).toContain(envelope.error.message);
  });

  it('400 invalid_json on a POST -> PyFlueBadRequestError with dev', async () => {
    const envelope = errorExample('/agents/{name}/{agent_id}', 'post', 400);
    const error = await failure(rawClient('code=400').agents.invoke('assistant', 'inst-1'));
    expect(error).toBeInstanceOf(PyFlueBadRequestError);
    expect(error.type).toBe('invalid_json');
    expect(error.dev).toBe(envelope.error.dev);
    expect(error.envelope).toEqual(envelope);
    expect(error.method).toBe('POST');
    expect(error.url).toBe(`${prismBaseUrl}/agents/assistant/inst-1`);
  });

  it('404 run_not_found -> PyFlueNotFoundError', async () => {
    const envelope = errorExample('/runs/{run_id}', 'get', 404);
    const error = await failure(rawClient('code=404').runs.get('run_01M85FRCNCXV4JZ2ECRDXWZA51'));
    expect(error).toBeInstanceOf(PyFlueNotFoundError);
    expect(error.status).toBe(404);
    expect(error.type).toBe('run_not_found');
    expect(error.details).toBe(envelope.error.details);
    expect(error.meta).toBeUndefined();
    expect(error.envelope).toEqual(envelope);
    expect(error.url).toBe(`${prismBaseUrl}/runs/run_01M85FRCNCXV4JZ2ECRDXWZA51`);
  });

  it('404 from the admin app and from a workflow', async () => {
    const admin = await failure(rawClient('code=404').admin.runs.get(SUCCEEDED_RUN));
    expect(admin).toBeInstanceOf(PyFlueNotFoundError);
    expect(admin.envelope).toEqual(errorExample('/admin/runs/{run_id}', 'get', 404));
    expect(admin.url).toBe(`${prismBaseUrl}/admin/runs/${encodeURIComponent(SUCCEEDED_RUN)}`);

    const workflow = await failure(rawClient('code=404').workflows.invoke('nope'));
    expect(workflow).toBeInstanceOf(PyFlueNotFoundError);
    expect(workflow.type).toBe('not_found');
    expect(workflow.envelope).toEqual(errorExample('/workflows/{name}', 'post', 404));
  });

  it('404 agent_not_found on invoke, in both response formats', async () => {
    const envelope = errorExample('/agents/{name}/{agent_id}', 'post', 404);
    for (const client of [rawClient('code=404'), flueClient('code=404')]) {
      const error = await failure(client.agents.invoke('nope', 'inst-1'));
      expect(error).toBeInstanceOf(PyFlueNotFoundError);
      expect(error.type).toBe('agent_not_found');
      expect(error.dev).toBe(envelope.error.dev);
    }
  });

  it('415 -> PyFlueUnsupportedMediaTypeError with meta.received', async () => {
    const envelope = errorExample('/agents/{name}/{agent_id}/dispatch', 'post', 415);
    const error = await failure(rawClient('code=415').agents.dispatch('assistant', 'inst-1', { input: 'hi' }));
    expect(error).toBeInstanceOf(PyFlueUnsupportedMediaTypeError);
    expect(error.status).toBe(415);
    expect(error.type).toBe('unsupported_media_type');
    expect(error.meta).toEqual({ received: 'text/plain' });
    expect(error.envelope).toEqual(envelope);
    expect(error.method).toBe('POST');
  });

  it('500 -> PyFlueServerError, not retried', async () => {
    const envelope = errorExample('/health', 'get', 500);
    const sent: Sent[] = [];
    const client = new PyFlueClient(prismBaseUrl, { fetch: recordingFetch(sent), headers: { prefer: 'code=500' } }); // default maxRetries
    const error = await failure(client.health());
    expect(error).toBeInstanceOf(PyFlueServerError);
    expect(error.status).toBe(500);
    expect(error.type).toBe('internal_error');
    expect(error.dev).toBe('boom');
    expect(error.envelope).toEqual(envelope);
    expect(error.method).toBe('GET');
    expect(error.url).toBe(`${prismBaseUrl}/health`);
    expect(sent).toHaveLength(1);
  });

  it('500 on every other operation is a PyFlueServerError too', async () => {
    const client = rawClient('code=500');
    const calls: Array<() => Promise<unknown>> = [
      () => client.agents.list(),
      () => client.workflows.invoke('greet', {}, { wait: true }),
      () => client.runs.events(SUCCEEDED_RUN),
      () => client.prompt('hi'),
      () => client.sessions.abort('standup'),
      () => client.admin.agents.list(),
      () => client.admin.instances.list('summarize'),
      () => client.admin.runs.list(),
      () => client.admin.runs.listForInstance('summarize', 'inst-1'),
    ];
    for (const call of calls) {
      const error = await failure(call());
      expect(error).toBeInstanceOf(PyFlueServerError);
      expect(error.type).toBe('internal_error');
    }
  });

  it('the 400 meta example of the admin app', async () => {
    const error = await failure(rawClient('code=400').admin.runs.list({ limit: 3 }));
    expect(error).toBeInstanceOf(PyFlueBadRequestError);
    expect(error.meta).toEqual(errorExample('/admin/runs', 'get', 400).error.meta);
  });
});
