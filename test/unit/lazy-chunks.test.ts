/**
 * The lazy chunks (internal/load.ts) when one cannot load: an app whose chunk server went
 * away, a deploy that replaced its files. Every loader is tried through the public client,
 * with the chunk's module mocked to fail as a bundler's loader does:
 * - the chunks a call cannot go on without (streams, sockets, schema, answers, raw, admin) reject
 *   the call with a PyFlueError whose `cause` is the import's own error;
 * - the failures chunk (what failures say, and the retry policy) is needed only when a call
 *   already failed: the call still fails with its own typed error, never the chunk's, and is
 *   not retried (issue 22, item 5).
 * None of them hangs or leaves an unhandled rejection.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PyFlueConnectionError, PyFlueNotFoundError, PyFlueServerError } from '../../src/index.js';
import { resolveOptions } from '../../src/facade/internal/options.js';
import { Transport } from '../../src/facade/internal/transport.js';
import { loadFailures } from '../../src/facade/internal/load.js';
import { guard, rejection } from '../support/assertions.js';

const chunkFailed = () => Promise.reject(new TypeError('Failed to fetch dynamically imported module: /assets/failures-x1.js'));

/** A transport over `fetch`, whose failures chunk loads as `failures` says. */
function transport(fetch: typeof globalThis.fetch, failures: Transport['lazy']['failures'] = chunkFailed): Transport {
  return new Transport(resolveOptions('http://127.0.0.1:9', { fetch, maxRetries: 2 }, 'raw'), { failures });
}

const runGet = (client: Transport) => client.json({}, (init) => client.api.GET('/runs/{run_id}', { params: { path: { run_id: 'run_1' } }, ...init }));

describe('a failure whose chunk cannot load (the transport)', () => {
  it('an error status is still its typed error, with its code', async () => {
    const client = transport((async () => Response.json({ error: { type: 'run_not_found', message: 'No run.', details: '' } }, { status: 404 })) as typeof fetch);
    const error = await rejection(runGet(client));
    expect(error).toBeInstanceOf(PyFlueNotFoundError);
    expect(error).toMatchObject({ type: 'run_not_found', status: 404 });
  });

  it('a refused connection is still a PyFlueConnectionError', async () => {
    const client = transport((async () => {
      throw new TypeError('fetch failed');
    }) as typeof fetch);
    expect(await rejection(runGet(client))).toBeInstanceOf(PyFlueConnectionError);
  });

  it('without the retry policy, a retryable answer is not retried: the call ends with it', async () => {
    let calls = 0;
    const client = transport((async () => ((calls += 1), Response.json({ error: { type: 'busy', message: 'Later.', details: '' } }, { status: 503 }))) as typeof fetch);
    expect(await rejection(runGet(client))).toBeInstanceOf(PyFlueServerError);
    expect(calls).toBe(1);
  });

  it('with the chunk, the same 503 is retried under the policy (the control)', async () => {
    let calls = 0;
    const client = transport(
      (async () => ((calls += 1), Response.json({ error: { type: 'busy', message: 'Later.', details: '' } }, { status: 503, headers: { 'retry-after': '0' } }))) as typeof fetch,
      loadFailures,
    );
    expect(await rejection(runGet(client))).toBeInstanceOf(PyFlueServerError);
    expect(calls).toBe(3);
  });
});

// ─── Every loader, through the public client ────────────────────────────────

/** The chunk entries of internal/load.ts, as this file's imports name them. */
const CHUNKS = {
  streams: '../../src/facade/internal/streams/index.js',
  sockets: '../../src/facade/internal/sockets/index.js',
  schema: '../../src/facade/internal/schema/index.js',
  failures: '../../src/facade/internal/failures.js',
  raw: '../../src/facade/internal/raw-request.js',
  admin: '../../src/facade/internal/admin-lists.js',
} as const;

/** What a bundler's loader rejects with when a chunk's file is gone. */
let original: TypeError;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

/**
 * The package's entry loaded anew, with `chunk`'s module failing to load. (vitest hands the
 * import a rejection of its own whose cause is the factory's error; in an app, the import
 * rejects with the loader's error itself. Either way the chain from `cause` reaches it.)
 */
async function entryWithout(chunk: keyof typeof CHUNKS) {
  original = new TypeError(`Failed to fetch dynamically imported module: /assets/${chunk}-x1.js`);
  const failure = original;
  vi.doMock(CHUNKS[chunk], () => {
    throw failure;
  });
  vi.resetModules();
  return import('../../src/index.js');
}

/** `error` and its causes, outermost first. */
function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let item = error; item !== undefined && chain.length < 10; item = (item as { cause?: unknown }).cause) chain.push(item);
  return chain;
}

/** A fetch that answers `body` with `status`, counting its calls. */
function answering(status: number, body: unknown, headers: Record<string, string> = {}) {
  const fetch = vi.fn(async () => Response.json(body, { status, headers }));
  return fetch as typeof fetch & typeof globalThis.fetch;
}

const notCalled = () => vi.fn(async () => Response.json({ ok: true })) as ReturnType<typeof vi.fn> & typeof globalThis.fetch;

/** A Standard Schema validator that accepts anything (the schema chunk would call it). */
const anything = { '~standard': { version: 1, vendor: 'test', validate: (value: unknown) => ({ value: value as Record<string, unknown> }) } } as const;

describe('a chunk that cannot load, through the client', () => {
  beforeEach(() => {
    unhandled.length = 0;
    process.on('unhandledRejection', onUnhandled);
  });
  afterEach(async () => {
    // A turn of the event loop for any rejection nobody handled to be reported.
    await new Promise((resolve) => setTimeout(resolve, 0));
    process.off('unhandledRejection', onUnhandled);
    for (const chunk of Object.values(CHUNKS)) vi.doUnmock(chunk);
    vi.resetModules();
    expect(unhandled).toEqual([]);
  });

  /** The error a call without its chunk rejects with: a PyFlueError saying so, the import's error as its cause. */
  async function expectChunkError(promise: Promise<unknown>, entry: Awaited<ReturnType<typeof entryWithout>>, what: RegExp) {
    const error = await guard(rejection(promise), 5_000, 'the call without its chunk');
    expect(error).toBeInstanceOf(entry.PyFlueError);
    expect((error as Error).message).toMatch(what);
    expect((error as Error).message).toMatch(/could not be loaded/);
    expect((error as Error).cause).toBeDefined();
    expect((error as Error).cause).not.toBeInstanceOf(entry.PyFlueError);
    expect(causes((error as Error).cause)).toContain(original);
  }

  it('streams: a run stream, and runs.events, reject with the chunk error', async () => {
    const entry = await entryWithout('streams');
    const fetch = answering(200, { run_id: 'run_1', runId: 'run_1', events: [], next_after: 0, nextAfter: 0 });
    const client = entry.createFlueClient({ baseUrl: 'http://127.0.0.1:9', fetch });
    const stream = client.runs.stream('run_1');
    await expectChunkError((async () => {
      for await (const _event of stream) void _event;
    })(), entry, /streams/);
    // Nothing was asked of the server for the stream: its code is what was missing.
    expect(fetch).not.toHaveBeenCalled();
    await expectChunkError(client.runs.events('run_1'), entry, /streams/);
  });

  it('sockets: connect() gives a socket whose ready and prompt reject with the chunk error', async () => {
    const entry = await entryWithout('sockets');
    const client = entry.createFlueClient({ baseUrl: 'http://127.0.0.1:9', fetch: notCalled() });
    const socket = client.agents.connect('assistant', 'a1');
    await expectChunkError(socket.ready, entry, /sockets/);
    await expectChunkError(socket.prompt('hi'), entry, /sockets/);
    // A listener on a socket that never came neither throws nor leaves a rejection behind.
    socket.onEvent(() => {})();
    await socket.close().catch(() => {});
  });

  it("schema: a typed app's call rejects with the chunk error before anything is sent", async () => {
    const entry = await entryWithout('schema');
    const fetch = notCalled();
    const client = entry.createFlueClient({ baseUrl: 'http://127.0.0.1:9', fetch, app: { agents: { summarize: { payload: anything } } } });
    await expectChunkError(client.agents.invoke('summarize', 'x', { payload: { text: 'hi' } }), entry, /schema/);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('raw: a client.raw call rejects with the chunk error before anything is sent', async () => {
    const entry = await entryWithout('raw');
    const fetch = notCalled();
    const client = entry.createFlueClient({ baseUrl: 'http://127.0.0.1:9', fetch });
    await expectChunkError(client.raw.GET('/health'), entry, /client\.raw/);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('admin: a list (awaited and walked) and admin.runs.get reject with the chunk error before anything is sent', async () => {
    const entry = await entryWithout('admin');
    const fetch = notCalled();
    const client = entry.createFlueClient({ baseUrl: 'http://127.0.0.1:9', fetch });
    await expectChunkError(client.admin.runs.list({ limit: 1 }), entry, /client\.admin/);
    await expectChunkError((async () => {
      for await (const _run of client.admin.agents.list()) void _run;
    })(), entry, /client\.admin/);
    await expectChunkError(client.admin.runs.get('run_1'), entry, /client\.admin/);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('failures (and the retry policy): a failed call still fails with its own typed error, not retried', async () => {
    const entry = await entryWithout('failures');
    const notFound = answering(404, { error: { type: 'run_not_found', message: 'No run.', details: '' } });
    const client = entry.createFlueClient({ baseUrl: 'http://127.0.0.1:9', fetch: notFound });
    const error = await guard(rejection(client.runs.get('run_1')), 5_000, 'a 404 without the failures chunk');
    expect(error).toBeInstanceOf(entry.PyFlueNotFoundError);
    expect(error).toMatchObject({ type: 'run_not_found', status: 404 });

    const busy = answering(503, { error: { type: 'busy', message: 'Later.', details: '' } }, { 'retry-after': '0' });
    const retrying = entry.createFlueClient({ baseUrl: 'http://127.0.0.1:9', fetch: busy, maxRetries: 2 });
    expect(await guard(rejection(retrying.runs.get('run_1')), 5_000, 'a 503 without the failures chunk')).toBeInstanceOf(entry.PyFlueServerError);
    expect(busy).toHaveBeenCalledTimes(1);

    const refused = entry.createFlueClient({
      baseUrl: 'http://127.0.0.1:9',
      fetch: (async () => {
        throw new TypeError('fetch failed');
      }) as typeof fetch,
    });
    expect(await guard(rejection(refused.health()), 5_000, 'a refused call without the failures chunk')).toBeInstanceOf(entry.PyFlueConnectionError);
  });
});
