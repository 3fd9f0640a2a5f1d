/**
 * Per-call headers, user middleware and `.withResponse()` against the real server (and
 * the fake: see conformance-target.ts). The server acts on one request header,
 * `x-webhook: true` (a file-based agent then runs in the background and answers 202 with
 * a receipt), which shows what reached it. Every JSON answer is checked against the spec.
 */
import type { Middleware } from 'openapi-fetch';
import { afterAll, describe, expect, it } from 'vitest';
import { PyFlueClient } from '../../src/index.js';
import { conformanceTarget } from '../support/conformance-target.js';
import { createValidatingFetch } from '../support/validating-fetch.js';

const target = await conformanceTarget();
const baseUrl = target.baseUrl;
const spec = createValidatingFetch({ fetch: target.fetch, additiveFields: true });
const clients: PyFlueClient[] = [];
const make = (options: ConstructorParameters<typeof PyFlueClient>[1] = {}) => {
  const client = new PyFlueClient(baseUrl, { fetch: spec.fetch, websocket: target.websocket, ...options });
  clients.push(client);
  return client;
};
afterAll(() => Promise.all(clients.map((client) => client.close())));

describe('per-call headers against the real server', () => {
  it('a per-call header reaches the server: x-webhook turns a sync call into a background run', async () => {
    const client = make();
    const sync = (await client.agents.invoke('summarize', 'headers-sync', { payload: { text: 'a' } })) as Record<string, unknown>;
    expect(sync.status).not.toBe('accepted');
    const { data, response } = await client.agents
      .invoke('summarize', 'headers-per-call', { payload: { text: 'b' }, headers: { 'x-webhook': 'true' } })
      .withResponse();
    expect(response.status).toBe(202);
    expect(data).toMatchObject({ status: 'accepted' });
    expect(response.headers.get('x-flue-run-id')).toBe((data as { runId: string }).runId);
  });
});

describe('user middleware against the real server', () => {
  it('reads the request headers and sets one the server acts on, on a real Request', async () => {
    const seen: Array<string | null> = [];
    const webhook: Middleware = {
      onRequest({ request, schemaPath }) {
        seen.push(request.headers.get('authorization'));
        if (schemaPath === '/agents/{name}/{agent_id}') request.headers.set('x-webhook', 'true');
      },
    };
    const client = make({ token: 'mw-token', middleware: [webhook] });
    const receipt = await client.agents.invoke('summarize', 'middleware', { payload: { text: 'c' } });
    expect(receipt).toMatchObject({ status: 'accepted' });
    expect(seen).toEqual(['Bearer mw-token']);
  });
});

describe('.withResponse() against the real server', () => {
  it('gives the status and the run id header of a workflow run with the data', async () => {
    const { data, response } = await make().workflows.invoke('greet', { name: 'with-response' }, { wait: true }).withResponse();
    expect(response.status).toBe(200);
    expect(data.status).toBe('completed');
    expect(response.headers.get('x-flue-run-id')).toBe(data.runId);
  });
});

describe('a throwing socket listener against the real server', () => {
  it('goes to the client option onListenerError; the prompt still gets its answer', async () => {
    const reported: unknown[] = [];
    const client = make({ onListenerError: (error) => reported.push(error) });
    await using socket = client.agents.connect('assistant', `listener-${Date.now()}`);
    socket.onEvent(() => {
      throw new Error('listener bug');
    });
    const answer = await socket.prompt('still answered');
    expect(answer.result.text).toContain('still answered');
    expect(reported).toEqual([expect.objectContaining({ message: 'listener bug' })]);
  });
});

describe('the answers the client received', () => {
  it('all hold against spec/openapi.yaml', () => {
    expect(spec.exchanges.filter((exchange) => exchange.checked === 'json').length).toBeGreaterThan(2);
    expect(spec.problems).toEqual([]);
  });
});
