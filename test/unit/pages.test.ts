/**
 * PagePromise over admin lists, against a `fetch` that plays the admin app: awaited, one
 * page; `for await`, every item across pages, each page fetched when it is reached; a
 * server whose cursors go round (a -> b -> a) ends with a PyFlueError instead of paging
 * for ever; the wire's snake_case-only fields get their camelCase names.
 */
import { describe, expect, it } from 'vitest';
import { PyFlueClient, PyFlueError, PyFlueInputError, type RunRecord } from '../../src/index.js';

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
function clientOver(pages: Record<string, { runs: number[]; next: string | null }>, asked: Array<string | null>): PyFlueClient {
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const cursor = url.searchParams.get('cursor');
    asked.push(cursor);
    const page = pages[cursor ?? ''];
    if (!page) return new Response(JSON.stringify({ error: { type: 'invalid_query_param', message: 'bad cursor', details: '' } }), { status: 400, headers: { 'content-type': 'application/json' } });
    const items = page.runs.map(wireRun);
    void init;
    return new Response(JSON.stringify({ runs: items, items, nextCursor: page.next }), { headers: { 'content-type': 'application/json' } });
  };
  return new PyFlueClient('http://127.0.0.1:9', { fetch: fetch as typeof globalThis.fetch, maxRetries: 0 });
}

const ids = (runs: RunRecord[]) => runs.map((run) => run.eventCount);

describe('admin lists return a PagePromise', () => {
  it('awaited: one page with data, nextCursor, hasNextPage() and getNextPage()', async () => {
    const asked: Array<string | null> = [];
    const client = clientOver({ '': { runs: [1, 2], next: 'b' }, b: { runs: [3], next: null } }, asked);
    const first = await client.admin.runs.list({ limit: 2 });
    expect(ids(first.data)).toEqual([1, 2]);
    expect(first.nextCursor).toBe('b');
    expect(first.hasNextPage()).toBe(true);
    const second = await first.getNextPage();
    expect(ids(second.data)).toEqual([3]);
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

  it('bad options reject the page before anything is sent', async () => {
    const asked: Array<string | null> = [];
    const client = clientOver({ '': { runs: [1], next: null } }, asked);
    await expect(client.admin.runs.list({ limit: 0 })).rejects.toBeInstanceOf(PyFlueInputError);
    // @ts-expect-error the admin filter words are gone: one run-status vocabulary
    await expect(client.admin.runs.list({ status: 'completed' })).rejects.toBeInstanceOf(PyFlueInputError);
    expect(asked).toEqual([]);
  });

  it('records carry the camelCase name of every field, the snake_case keys kept', async () => {
    const client = clientOver({ '': { runs: [7], next: null } }, []);
    const [run] = (await client.admin.runs.list()).data;
    expect(run!.eventCount).toBe(7);
    expect(run!.runId).toBe(wireRun(7).runId);
    expect(run).toHaveProperty('event_count', 7);
    // Not enumerable: the record serializes exactly as the server sent it.
    expect(JSON.parse(JSON.stringify(run))).toEqual(wireRun(7));
  });
});
