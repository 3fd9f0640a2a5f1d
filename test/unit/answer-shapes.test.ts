/**
 * Every 2xx JSON answer is checked against the fields its route's schema requires (from the
 * spec: src/generated/answers.ts), before it is returned: a `200 {}` is a PyFlueApiError
 * naming the route and what is missing, for every JSON method; a field the spec does not know
 * is kept as it came; a file-based agent's result (any JSON value) is not checked.
 */
import { describe, expect, it } from 'vitest';
import { PyFlueApiError, PyFlueClient } from '../../src/index.js';
import { wireRunRecord } from '../support/assertions.js';

function answering(body: unknown, status = 200): PyFlueClient {
  const fetch = (async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })) as typeof globalThis.fetch;
  return new PyFlueClient('http://127.0.0.1:9', { fetch, maxRetries: 0 });
}

describe('a 2xx answer without the fields its route requires is an error', () => {
  const client = answering({});
  it.each([
    ['runs.get', () => client.runs.get('run_1'), 'GET http://127.0.0.1:9/runs/run_1', "getRun's answer (RunRecord)", 'event_count'],
    ['admin.runs.get', () => client.admin.runs.get('run_1'), 'GET http://127.0.0.1:9/admin/runs/run_1', "adminGetRun's answer (RunRecord)", 'run_id'],
    ['runs.events', () => client.runs.events('run_1'), 'GET http://127.0.0.1:9/runs/run_1/events', "listRunEvents's answer (RunEventListResponse)", 'events'],
    ['workflows.invoke', () => client.workflows.invoke('greet', {}, { wait: true }), 'POST http://127.0.0.1:9/workflows/greet?wait=result', "invokeWorkflow's answer (WorkflowCompletedResponse)", 'result'],
    ['prompt', () => client.prompt('hi'), 'POST http://127.0.0.1:9/prompt/default', "prompt's answer (PromptResult)", 'usage'],
    ['sessions.abort', () => client.sessions.abort('s-1'), 'POST http://127.0.0.1:9/sessions/s-1/abort', "abortSession's answer (AbortSessionResponse)", 'aborted'],
    ['agents.list', () => client.agents.list(), 'GET http://127.0.0.1:9/agents', "listAgents's answer (AgentListResponse)", 'agents'],
    ['health', () => client.health(), 'GET http://127.0.0.1:9/health', "health's answer (HealthResponse)", 'framework'],
  ] as const)('%s', async (_name, call, route, schema, field) => {
    const error = await Promise.resolve(call()).then(() => undefined, (reason: unknown) => reason);
    expect(error).toBeInstanceOf(PyFlueApiError);
    expect((error as Error).message).toContain(`${route}: the server answered`);
    expect((error as Error).message).toContain(schema);
    expect((error as Error).message).toMatch(new RegExp(`missing: .*${field}`));
  });

  it('agents.dispatch answered 200 {} (not its 202 receipt) is not checked against the receipt', async () => {
    // The spec gives dispatch a 202 only: another status has no schema to check, and any object passes.
    await expect(answering({}).agents.dispatch('a', 'i')).resolves.toEqual({});
    await expect(answering({}, 202).agents.dispatch('a', 'i')).rejects.toThrow(/dispatchAgent's answer \(DispatchAcceptedResponse\) must have/);
  });

  it('a field the spec does not know is kept as it came; the camelCase names are added', async () => {
    const record = await answering(wireRunRecord('run_1', { progress_note: 'new in a later release' })).runs.get('run_1');
    expect(record).toMatchObject({ progress_note: 'new in a later release', eventCount: 3 });
  });

  it("a file-based agent's result is any JSON value, not checked", async () => {
    await expect(answering([1, 2]).agents.invoke('summarize', 'i')).resolves.toEqual([1, 2]);
    await expect(answering('text').agents.invoke('summarize', 'i')).resolves.toBe('text');
  });

  it("a persistent agent's reply has its usage's camelCase names", async () => {
    const usage = { input: 1, output: 2, cache_read: 3, cache_write: 4, total_tokens: 10, cost: { input: 0, output: 0, cache_read: 0.5, cache_write: 0, total: 0.5 } };
    const reply = (await answering({ result: { text: 'hi', metadata: {}, usage, model: { id: null } } }).agents.invoke('assistant', 'i')) as {
      result: { usage: { cacheRead: number; totalTokens: number; cost: { cacheRead: number } } };
    };
    expect(reply.result.usage.cacheRead).toBe(3);
    expect(reply.result.usage.totalTokens).toBe(10);
    expect(reply.result.usage.cost.cacheRead).toBe(0.5);
  });
});
