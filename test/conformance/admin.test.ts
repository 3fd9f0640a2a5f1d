/**
 * Conformance against the real PyFlue 0.2.0 fixture server: `client.admin` (agents,
 * instances and runs, one page at a time and with `for await` across pages; errors), end to end.
 * The run store is shared with every other test file running in parallel, so these tests
 * create uniquely named instances and look for those, never at global counts. Every JSON
 * answer the client receives is checked against spec/openapi.yaml.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PyFlueApiError,
  PyFlueBadRequestError,
  PyFlueError,
  PyFlueNotFoundError,
  PyFlueClient,
  type Page,
  type RunRecord,
} from '../../src/index.js';
import { rejection } from '../support/assertions.js';
import { conformanceTarget } from '../support/conformance-target.js';
import { createValidatingFetch } from '../support/validating-fetch.js';

const target = await conformanceTarget();
const baseUrl = target.baseUrl;
const spec = createValidatingFetch({ fetch: target.fetch, additiveFields: true });
const client = new PyFlueClient(baseUrl, { fetch: spec.fetch, websocket: target.websocket });
const suffix = randomUUID().slice(0, 8);
/** Five runs on this instance, for paging. */
const pagedInstance = `admin-paged-${suffix}`;
const otherInstance = `admin-other-${suffix}`;
/** Oldest first. */
const pagedRunIds: string[] = [];
let otherRunId: string;
let explodeRunId: string;

afterAll(() => client.close());

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}


beforeAll(async () => {
  for (let index = 0; index < 5; index += 1) {
    const body = (await client.agents.invoke('summarize', pagedInstance, { payload: { text: `run ${index}` } })) as {
      _meta: { runId: string };
    };
    pagedRunIds.push(body._meta.runId);
  }
  const other = (await client.agents.invoke('summarize', otherInstance, { payload: { text: 'other' } })) as { _meta: { runId: string } };
  otherRunId = other._meta.runId;
  explodeRunId = (await client.workflows.invoke('explode', { reason: `admin-${suffix}` })).runId;
  for (let attempt = 0; attempt < 200 && (await client.runs.get(explodeRunId)).status === 'running'; attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
});

describe('admin.agents', () => {
  it('list() answers a page of the agents with runs; for await follows every page', async () => {
    const page = await client.admin.agents.list({ limit: 1000 });
    expect(page.nextCursor).toBeNull();
    const names = page.items.map((agent) => agent.name);
    expect(names).toEqual(expect.arrayContaining(['summarize', 'explode']));
    expect(page.items.every((agent) => agent.triggers === null)).toBe(true);

    const small = await client.admin.agents.list({ limit: 1 });
    expect(small.items).toHaveLength(1);
    expect(typeof small.nextCursor).toBe('string');
    const second = await client.admin.agents.list({ limit: 1, cursor: small.nextCursor! });
    expect(second.items).toHaveLength(1);
    expect(second.items[0]!.name).not.toBe(small.items[0]!.name);

    const before = spec.exchanges.length;
    const iterated = await collect(client.admin.agents.list({ limit: 1 }));
    // At least one request per agent: the iterator fetched page after page.
    expect(spec.exchanges.length - before).toBeGreaterThanOrEqual(names.length);
    // Agents only ever get added, so the iteration holds at least the earlier page.
    expect(iterated.map((agent) => agent.name)).toEqual(expect.arrayContaining(names));
  });
});

describe('admin.instances', () => {
  it('list() pages through the instance ids of an agent, ours included', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 50; page += 1) {
      const result = await client.admin.instances.list('summarize', cursor === undefined ? { limit: 1000 } : { limit: 1000, cursor });
      for (const instance of result.items) expect(typeof instance.instanceId).toBe('string');
      seen.push(...result.items.map((instance) => instance.instanceId));
      if (result.nextCursor === null) break;
      cursor = result.nextCursor;
    }
    expect(seen).toEqual(expect.arrayContaining([pagedInstance, otherInstance]));
  });

  it('for await yields every instance across pages of 2, ours included', async () => {
    const instances = await collect(client.admin.instances.list('summarize', { limit: 2 }));
    const ids = instances.map((instance) => instance.instanceId);
    expect(ids).toEqual(expect.arrayContaining([pagedInstance, otherInstance]));
    expect(ids.filter((id) => id === pagedInstance)).toHaveLength(1);
  });
});

describe('admin.runs', () => {
  it('list({ agentName, status }) filters by agent and status', async () => {
    const completed = await client.admin.runs.list({ agentName: 'summarize', status: 'succeeded', limit: 1000 });
    expect(completed.items.every((run) => run.agentName === 'summarize' && run.status === 'succeeded')).toBe(true);
    expect(completed.items.map((run) => run.runId)).toEqual(expect.arrayContaining([...pagedRunIds, otherRunId]));

    const errored = await client.admin.runs.list({ agentName: 'explode', status: 'failed', limit: 1000 });
    expect(errored.items.every((run) => run.agentName === 'explode' && run.status === 'failed' && run.isError)).toBe(true);
    const ours = errored.items.find((run) => run.runId === explodeRunId);
    expect(ours?.error).toMatchObject({ type: 'internal_error', details: `admin-${suffix}` });

    // A filter that excludes our runs leaves them out.
    const failedSummaries = await client.admin.runs.list({ agentName: 'summarize', status: 'failed', limit: 1000 });
    expect(failedSummaries.items.some((run) => pagedRunIds.includes(run.runId))).toBe(false);
    const all = await client.admin.runs.list({ limit: 1000 });
    expect(all.items.map((run) => run.runId)).toEqual(expect.arrayContaining([explodeRunId, otherRunId]));
  });

  it('listForInstance pages through an instance most recent first, 2 at a time', async () => {
    const pages: Page<RunRecord>[] = [];
    let page = await client.admin.runs.listForInstance('summarize', pagedInstance, { limit: 2 });
    pages.push(page);
    while (page.nextCursor !== null && pages.length < 10) {
      page = await page.getNextPage();
      pages.push(page);
    }
    expect(pages.map((item) => item.items.length)).toEqual([2, 2, 1]);
    expect(pages.slice(0, 2).every((item) => typeof item.nextCursor === 'string')).toBe(true);
    for (const item of pages) {
      expect(item.hasNextPage()).toBe(item.nextCursor !== null);
    }
    const runs = pages.flatMap((item) => item.items);
    expect(runs.map((run) => run.runId)).toEqual([...pagedRunIds].reverse());
    expect(runs.every((run) => run.instanceId === pagedInstance && run.status === 'succeeded')).toBe(true);
    const starts = runs.map((run) => run.startedAt);
    expect(starts).toEqual([...starts].sort().reverse());
    expect(runs.at(-1)!.result).toEqual({ summary: 'run 0', words: 2, instance: pagedInstance });

    const withStatus = await client.admin.runs.listForInstance('summarize', pagedInstance, { status: 'failed' });
    expect(withStatus.items).toEqual([]);
    expect(withStatus.nextCursor).toBeNull();
  });

  it('for await over listForInstance and list yields each of the five runs exactly once', async () => {
    const perInstance = await collect(client.admin.runs.listForInstance('summarize', pagedInstance, { limit: 2 }));
    expect(perInstance.map((run) => run.runId)).toEqual([...pagedRunIds].reverse());

    const everySummary = await collect(client.admin.runs.list({ agentName: 'summarize', limit: 1000 }));
    const ours = everySummary.filter((run) => run.instanceId === pagedInstance).map((run) => run.runId);
    expect(ours).toEqual([...pagedRunIds].reverse());
  });

  it('get() answers the same record as runs.get()', async () => {
    for (const runId of [pagedRunIds[0]!, explodeRunId]) {
      const viaAdmin: RunRecord = await client.admin.runs.get(runId);
      expect(viaAdmin).toEqual(await client.runs.get(runId));
      expect(viaAdmin.runId).toBe(runId);
    }
  });
});

describe('admin errors', () => {
  it('a bad cursor is PyFlueBadRequestError invalid_query_param naming the cursor', async () => {
    for (const call of [
      () => client.admin.runs.list({ cursor: 'not-a-cursor' }),
      () => client.admin.agents.list({ cursor: 'not-a-cursor' }),
      () => client.admin.runs.listForInstance('summarize', pagedInstance, { cursor: 'not-a-cursor' }),
    ]) {
      const error = await rejection(call());
      expect(error).toBeInstanceOf(PyFlueBadRequestError);
      expect(error).toBeInstanceOf(PyFlueApiError);
      expect(error).toBeInstanceOf(PyFlueError);
      expect(error).toMatchObject({ status: 400, type: 'invalid_query_param', meta: { param: 'cursor', value: 'not-a-cursor' } });
    }
    // for await surfaces the same error.
    const fromIterator = await rejection(collect(client.admin.runs.list({ cursor: 'not-a-cursor' })));
    expect(fromIterator).toMatchObject({ status: 400, type: 'invalid_query_param', meta: { param: 'cursor' } });
  });

  it('an unknown agent is PyFlueNotFoundError agent_not_found', async () => {
    const name = `no-such-agent-${suffix}`;
    for (const call of [
      () => client.admin.instances.list(name),
      () => client.admin.runs.list({ agentName: name }),
      () => client.admin.runs.listForInstance(name, pagedInstance),
    ]) {
      const error = await rejection(call());
      expect(error).toBeInstanceOf(PyFlueNotFoundError);
      expect(error).toMatchObject({ status: 404, type: 'agent_not_found' });
    }
  });

  it('an unknown instance is instance_not_found; an unknown run is run_not_found', async () => {
    const instanceError = await rejection(client.admin.runs.listForInstance('summarize', `no-such-instance-${suffix}`));
    expect(instanceError).toBeInstanceOf(PyFlueNotFoundError);
    expect(instanceError).toMatchObject({ status: 404, type: 'instance_not_found' });

    const runError = await rejection(client.admin.runs.get(`run_NOSUCHRUN${suffix.toUpperCase()}`));
    expect(runError).toBeInstanceOf(PyFlueNotFoundError);
    expect(runError).toMatchObject({ status: 404, type: 'run_not_found' });
  });
});

describe('the answers the client received', () => {
  it('all hold against spec/openapi.yaml', () => {
    expect(spec.exchanges.filter((exchange) => exchange.checked === 'json').length).toBeGreaterThan(25);
    expect(spec.exchanges.some((exchange) => new URL(exchange.url).pathname.startsWith('/admin/'))).toBe(true);
    expect(spec.problems).toEqual([]);
  });
});
