/**
 * PagePromise over admin lists, against a `fetch` that plays the admin app: awaited, one
 * page (the body as the server sent it, `items`, `runs`, `nextCursor`, with the way to the
 * next page); `for await`, every item across pages, each page fetched when it is reached,
 * within one deadline; a server whose cursors go round (a -> b -> a) ends with a PyFlueError
 * instead of paging for ever; an answer without the page's fields is an error; the wire's
 * snake_case-only fields get their camelCase names.
 */
import { describe, expect, it } from 'vitest';
import { PyFlueApiError, PyFlueClient, PyFlueError, PyFlueInputError, PyFlueTimeoutError, type RunRecord } from '../../src/index.js';

/** A wire RunRecord (both spellings where the server sends both; `event_count` alone). */
function wireRun(n: number) {
  const runId = `run_${String(n).padStart(26, '0')}`;
  return {
    run_id: runId, runId, agent: 'triage', agentName: 'triage', agent_id: 'i-1', instanceId: 'i-1',
    started_at: 1_795_480_629 + n, startedAt: new Date((1_795_480_629 + n) * 1000).toISOString(),
    ended_at: null, endedAt: null, durationMs: null, status: 'running', is_error: false, isError: false,
    error: null, result: null, event_count: n,
  };
}

/** A client whose admin app answers `/admin/runs` from `pages` by cursor ('' is the first page); `asked` records the cursors. */
function clientOver(
  pages: Record<string, { runs: number[]; next: string | null }>,
  asked: Array<string | null>,
  options: { delayMs?: number; deadlineMs?: number; queries?: URLSearchParams[] } = {},
): PyFlueClient {
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const cursor = url.searchParams.get('cursor');
    asked.push(cursor);
    options.queries?.push(url.searchParams);
    if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
    const page = pages[cursor ?? ''];
    if (!page) return new Response(JSON.stringify({ error: { type: 'invalid_query_param', message: 'bad cursor', details: '' } }), { status: 400, headers: { 'content-type': 'application/json' } });
    const items = page.runs.map(wireRun);
    void init;
    // One instance's runs also name the agent and instance, as PyFlue's do.
    const instance = url.pathname.includes('/instances/') ? { agent: 'triage', agentName: 'triage', agent_id: 'i-1', instanceId: 'i-1' } : {};
    return new Response(JSON.stringify({ ...instance, runs: items, items, nextCursor: page.next }), { headers: { 'content-type': 'application/json' } });
  };
  return new PyFlueClient('http://127.0.0.1:9', { fetch: fetch as typeof globalThis.fetch, maxRetries: 0, deadlineMs: options.deadlineMs });
}

const ids = (runs: RunRecord[]) => runs.map((run) => run.eventCount);

describe('admin lists return a PagePromise', () => {
  it('awaited: one page, the body as sent (items, runs, nextCursor) with hasNextPage() and getNextPage()', async () => {
    const asked: Array<string | null> = [];
    const client = clientOver({ '': { runs: [1, 2], next: 'b' }, b: { runs: [3], next: null } }, asked);
    const first = await client.admin.runs.list({ limit: 2 });
    expect(ids(first.items)).toEqual([1, 2]);
    expect(ids(first.runs)).toEqual([1, 2]);
    expect(first.nextCursor).toBe('b');
    expect(first.hasNextPage()).toBe(true);
    // The page is the server's body: it serializes as sent, with no renamed field.
    expect(JSON.parse(JSON.stringify(first))).toEqual({ runs: [1, 2].map(wireRun), items: [1, 2].map(wireRun), nextCursor: 'b' });
    expect(first).not.toHaveProperty('data');
    const second = await first.getNextPage();
    expect(ids(second.items)).toEqual([3]);
    expect(second.hasNextPage()).toBe(false);
    await expect(second.getNextPage()).rejects.toThrow(/last page/);
    expect(asked).toEqual([null, 'b']);
  });

  it('for await: every item across pages, each page fetched only when reached', async () => {
    const asked: Array<string | null> = [];
    const client = clientOver({ '': { runs: [1], next: 'b' }, b: { runs: [2], next: 'c' }, c: { runs: [3], next: null } }, asked);
    const seen: number[] = [];
    for await (const run of client.admin.runs.list()) {
      seen.push(run.eventCount);
      if (seen.length === 1) expect(asked).toEqual([null]);
    }
    expect(seen).toEqual([1, 2, 3]);
    expect(asked).toEqual([null, 'b', 'c']);
  });

  it('a server whose cursors cycle (a -> b -> a) ends with a PyFlueError, not an endless walk', async () => {
    const asked: Array<string | null> = [];
    const client = clientOver({ '': { runs: [1], next: 'a' }, a: { runs: [2], next: 'b' }, b: { runs: [3], next: 'a' } }, asked);
    const seen: number[] = [];
    const walk = (async () => {
      for await (const run of client.admin.runs.list()) seen.push(run.eventCount);
    })();
    const error = await walk.then(() => undefined, (reason: unknown) => reason);
    expect(error).toBeInstanceOf(PyFlueError);
    expect((error as Error).message).toMatch(/nextCursor "a".*cycle/);
    expect(seen).toEqual([1, 2, 3]);
    expect(asked).toEqual([null, 'a', 'b']);
  });

  it('a cursor answered with itself is the shortest cycle', async () => {
    const client = clientOver({ '': { runs: [1], next: 'a' }, a: { runs: [2], next: 'a' } }, []);
    const page = await client.admin.runs.list({ cursor: 'a' });
    await expect(page.getNextPage()).rejects.toThrow(/cycle/);
  });

  it('bad options reject the page before anything is sent; null options too, never a synchronous TypeError', async () => {
    const asked: Array<string | null> = [];
    const client = clientOver({ '': { runs: [1], next: null } }, asked);
    await expect(client.admin.runs.list({ limit: 0 })).rejects.toBeInstanceOf(PyFlueInputError);
    // @ts-expect-error not a RunStatusQuery word
    await expect(client.admin.runs.list({ status: 'done' })).rejects.toThrow(/status must be one of active, completed, errored, running, succeeded, failed/);
    const lists = [
      () => client.admin.runs.list(null as never),
      () => client.admin.runs.listForInstance('a', 'b', null as never),
      () => client.admin.agents.list(null as never),
      () => client.admin.instances.list('a', null as never),
      () => client.admin.instances.list(5 as never),
      () => client.admin.runs.listForInstance(null as never, 'b'),
    ];
    for (const list of lists) {
      let promise: Promise<unknown> | undefined;
      expect(() => {
        promise = list();
      }).not.toThrow();
      await expect(promise).rejects.toBeInstanceOf(PyFlueInputError);
      // for await over it rejects the same way.
      await expect((async () => {
        for await (const item of list() as AsyncIterable<unknown>) void item;
      })()).rejects.toBeInstanceOf(PyFlueInputError);
    }
    expect(asked).toEqual([]);
  });

  it("the status filter takes every word of the spec's RunStatusQuery, sent as given", async () => {
    const queries: URLSearchParams[] = [];
    const client = clientOver({ '': { runs: [1], next: null } }, [], { queries });
    for (const status of ['active', 'completed', 'errored', 'running', 'succeeded', 'failed'] as const) {
      await client.admin.runs.list({ status });
      await client.admin.runs.listForInstance('triage', 'i-1', { status });
    }
    expect(queries.map((query) => query.get('status'))).toEqual(['active', 'active', 'completed', 'completed', 'errored', 'errored', 'running', 'running', 'succeeded', 'succeeded', 'failed', 'failed']);
  });

  it('a 200 without the fields of a page is a PyFlueApiError naming the route and what is missing', async () => {
    const fetch = async () => new Response('{}', { headers: { 'content-type': 'application/json' } });
    const client = new PyFlueClient('http://127.0.0.1:9', { fetch: fetch as typeof globalThis.fetch, maxRetries: 0 });
    for (const [list, route, missing] of [
      [() => client.admin.runs.list(), 'GET http://127.0.0.1:9/admin/runs', 'runs, items, nextCursor'],
      [() => client.admin.agents.list(), 'GET http://127.0.0.1:9/admin/agents', 'agents, items, nextCursor'],
      [() => client.admin.instances.list('a'), 'GET http://127.0.0.1:9/admin/agents/a/instances', 'agent, agentName, instances, items, nextCursor'],
      [() => client.admin.runs.listForInstance('a', 'b'), 'GET http://127.0.0.1:9/admin/agents/a/instances/b/runs', 'agent, agentName, agent_id, instanceId, runs, items, nextCursor'],
    ] as const) {
      const error = await list().then(() => undefined, (reason: unknown) => reason);
      expect(error).toBeInstanceOf(PyFlueApiError);
      expect((error as Error).message).toContain(route);
      expect((error as Error).message).toContain(`missing: ${missing}.`);
    }
  });

  it('deadlineMs bounds a whole for await walk over pages, not each page', async () => {
    const pages = { '': { runs: [1], next: 'b' }, b: { runs: [2], next: 'c' }, c: { runs: [3], next: 'd' }, d: { runs: [4], next: 'e' }, e: { runs: [5], next: 'f' }, f: { runs: [6], next: null } };
    // Six pages of 60 ms each under a deadline of 200 ms: each page alone is in time, the walk is not.
    const asked: Array<string | null> = [];
    const seen: number[] = [];
    const walk = async (client: PyFlueClient, options = {}) => {
      for await (const run of client.admin.runs.list(options)) seen.push(run.eventCount);
    };
    const error = await walk(clientOver(pages, asked, { delayMs: 60 }), { deadlineMs: 200 }).then(() => undefined, (reason: unknown) => reason);
    expect(error).toBeInstanceOf(PyFlueTimeoutError);
    // Each page alone would have been in time: without a deadline over the walk, all six would arrive.
    expect(seen.length).toBeLessThan(6);
    // The client's deadlineMs bounds it the same way.
    seen.length = 0;
    const fromClient = await walk(clientOver(pages, [], { delayMs: 60, deadlineMs: 200 })).then(() => undefined, (reason: unknown) => reason);
    expect(fromClient).toBeInstanceOf(PyFlueTimeoutError);
    // Paged by hand, each page is a call with its own deadline: all six arrive.
    let page = await clientOver(pages, [], { delayMs: 60 }).admin.runs.list({ deadlineMs: 200 });
    const byHand = [...ids(page.items)];
    while (page.hasNextPage()) {
      page = await page.getNextPage();
      byHand.push(...ids(page.items));
    }
    expect(byHand).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('records carry the camelCase name of every field, the snake_case keys kept', async () => {
    const client = clientOver({ '': { runs: [7], next: null } }, []);
    const [run] = (await client.admin.runs.list()).items;
    expect(run!.eventCount).toBe(7);
    expect(run!.runId).toBe(wireRun(7).runId);
    expect(run).toHaveProperty('event_count', 7);
    // Not enumerable: the record serializes exactly as the server sent it.
    expect(JSON.parse(JSON.stringify(run))).toEqual(wireRun(7));
  });
});
