/**
 * Bad input is refused with PyFlueInputError before anything is sent (a recording
 * `fetch` and socket factory prove nothing was), synchronously for methods that return
 * a stream, an iterator or a socket; and every name or id reaches the server as exactly
 * one path segment that decodes back to what was passed.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PyFlueClient, PyFlueInputError, createFlueClient, type WebSocketFactory } from '../../src/index.js';

// ---------------------------------------------------------------------------
// A client whose every way out is recorded
// ---------------------------------------------------------------------------

const fetched: string[] = [];
const socketsOpened: string[] = [];

const recordingFetch: typeof fetch = async (input) => {
  fetched.push(input instanceof Request ? input.url : String(input));
  throw new Error('the test fetch must not be called');
};
const recordingSockets: WebSocketFactory = (url) => {
  socketsOpened.push(url);
  throw new Error('the test socket factory must not be called');
};

const client = new PyFlueClient('http://127.0.0.1:9', { fetch: recordingFetch, websocket: recordingSockets, maxRetries: 0 });

beforeEach(() => {
  fetched.length = 0;
  socketsOpened.length = 0;
});

type Kind = 'promise' | 'sync' | 'either';

function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol') return value.toString();
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/**
 * Runs one call and says what was wrong with how it failed, or undefined when it threw
 * (sync) / rejected (promise) with PyFlueInputError and nothing was fetched or opened.
 */
async function problemWith(kind: Kind, call: () => unknown): Promise<string | undefined> {
  let result: unknown;
  try {
    result = call();
  } catch (error) {
    if (kind === 'promise') return `threw synchronously (${String(error)}) instead of returning a rejected promise`;
    if (!(error instanceof PyFlueInputError)) return `threw ${String(error)}, not a PyFlueInputError`;
    return sentSomething();
  }
  if (kind === 'sync') {
    // Clean up whatever was started, then report.
    await (result as { close?: () => Promise<void> } | undefined)?.close?.().catch(() => {});
    await (result as { return?: () => Promise<unknown> } | undefined)?.return?.().catch(() => {});
    return 'did not throw at call time';
  }
  if (!(result instanceof Promise)) return 'returned no promise';
  try {
    await result;
    return 'resolved';
  } catch (error) {
    if (!(error instanceof PyFlueInputError)) return `rejected with ${String(error)}, not a PyFlueInputError`;
    return sentSomething();
  }
}

function sentSomething(): string | undefined {
  if (fetched.length > 0) return `but fetched ${fetched.join(', ')}`;
  if (socketsOpened.length > 0) return `but opened ${socketsOpened.join(', ')}`;
  return undefined;
}

/** Every problem over all the bad values, so one run shows the whole picture. */
async function problems(kind: Kind, values: readonly unknown[], call: (bad: any) => unknown): Promise<string[]> {
  const found: string[] = [];
  for (const value of values) {
    fetched.length = 0;
    socketsOpened.length = 0;
    const problem = await problemWith(kind, () => call(value));
    if (problem) found.push(`${describeValue(value)}: ${problem}`);
  }
  return found;
}

// ---------------------------------------------------------------------------
// Names and ids
// ---------------------------------------------------------------------------

const BAD_SEGMENTS: readonly unknown[] = ['', '   ', '\t', '.', '..', 'a/b', '/', '/lead', 'trail/', 42, null, undefined, {}, ['a']];
/** sessionId is optional: undefined (and null, through `??`) mean the default session. */
const BAD_SESSION_IDS = BAD_SEGMENTS.filter((value) => value !== undefined && value !== null);

type Values = readonly unknown[];
const NAME_TAKERS: Array<[string, Kind, (bad: any) => unknown, Values?]> = [
  ['agents.invoke(name)', 'promise', (bad) => client.agents.invoke(bad, 'i-1')],
  ['agents.invoke(id)', 'promise', (bad) => client.agents.invoke('assistant', bad)],
  ['agents.invoke(name, webhook)', 'promise', (bad) => client.agents.invoke(bad, 'i-1', { mode: 'webhook' })],
  ['agents.invoke(name, stream)', 'sync', (bad) => client.agents.invoke(bad, 'i-1', { mode: 'stream' })],
  ['agents.invoke(id, stream)', 'sync', (bad) => client.agents.invoke('assistant', bad, { mode: 'stream' })],
  ['agents.stream(name)', 'sync', (bad) => client.agents.stream(bad, 'i-1')],
  ['agents.stream(id)', 'sync', (bad) => client.agents.stream('assistant', bad)],
  ['agents.dispatch(name)', 'promise', (bad) => client.agents.dispatch(bad, 'i-1', { input: 'hi' })],
  ['agents.dispatch(id)', 'promise', (bad) => client.agents.dispatch('assistant', bad)],
  ['agents.connect(name)', 'sync', (bad) => client.agents.connect(bad, 'i-1')],
  ['agents.connect(id)', 'sync', (bad) => client.agents.connect('assistant', bad)],
  ['workflows.invoke(name)', 'promise', (bad) => client.workflows.invoke(bad)],
  ['workflows.invoke(name, wait)', 'promise', (bad) => client.workflows.invoke(bad, {}, { wait: true })],
  ['workflows.stream(name)', 'sync', (bad) => client.workflows.stream(bad)],
  ['workflows.connect(name)', 'sync', (bad) => client.workflows.connect(bad)],
  ['runs.get(runId)', 'promise', (bad) => client.runs.get(bad)],
  ['runs.events(runId)', 'promise', (bad) => client.runs.events(bad)],
  ['runs.stream(runId)', 'sync', (bad) => client.runs.stream(bad)],
  ['admin.instances.list(agentName)', 'promise', (bad) => client.admin.instances.list(bad)],
  ['admin.runs.get(runId)', 'promise', (bad) => client.admin.runs.get(bad)],
  ['admin.runs.listForInstance(agentName)', 'promise', (bad) => client.admin.runs.listForInstance(bad, 'i-1')],
  ['admin.runs.listForInstance(id)', 'promise', (bad) => client.admin.runs.listForInstance('greet', bad)],
  ['sessions.abort(sessionId)', 'promise', (bad) => client.sessions.abort(bad)],
  ['prompt(sessionId)', 'promise', (bad) => client.prompt('hi', { sessionId: bad }), BAD_SESSION_IDS],
  ['stream(sessionId)', 'sync', (bad) => client.stream('hi', { sessionId: bad }), BAD_SESSION_IDS],
];

describe('names and ids that cannot be one path segment', () => {
  it.each(NAME_TAKERS)('%s refuses them before any request', async (_label, kind, call, values = BAD_SEGMENTS) => {
    expect(await problems(kind, values, call)).toEqual([]);
  });

  it('the message says what to fix', () => {
    expect(() => client.runs.stream('a/b')).toThrow(/contains "\/"/);
    expect(() => client.runs.stream('..')).toThrow(/would change the URL's path/);
    expect(() => client.runs.stream('  ')).toThrow(/must not be empty or blank/);
    expect(() => client.runs.stream(7 as never)).toThrow(/must be a string; got number 7/);
  });
});

// ---------------------------------------------------------------------------
// Payloads, inputs and options
// ---------------------------------------------------------------------------

const BAD_PAYLOADS: readonly unknown[] = [[], ['a'], 'text', '', null, 42, true];

describe('payloads and inputs', () => {
  it.each<[string, Kind, (bad: any) => unknown]>([
    ['agents.invoke', 'promise', (bad) => client.agents.invoke('summarize', 'i-1', { payload: bad })],
    ['agents.invoke webhook', 'promise', (bad) => client.agents.invoke('summarize', 'i-1', { payload: bad, mode: 'webhook' })],
    ['agents.invoke stream', 'sync', (bad) => client.agents.invoke('summarize', 'i-1', { payload: bad, mode: 'stream' })],
    ['agents.stream', 'sync', (bad) => client.agents.stream('summarize', 'i-1', { payload: bad })],
    ['workflows.invoke', 'promise', (bad) => client.workflows.invoke('greet', bad)],
    ['workflows.invoke wait', 'promise', (bad) => client.workflows.invoke('greet', bad, { wait: true })],
    ['workflows.stream', 'sync', (bad) => client.workflows.stream('greet', bad)],
  ])('%s refuses a payload that is no JSON object', async (_label, kind, call) => {
    expect(await problems(kind, BAD_PAYLOADS, call)).toEqual([]);
  });

  it('prompt and stream refuse a prompt that is no string', async () => {
    const values = [42, null, undefined, { prompt: 'hi' }, ['hi']];
    expect(await problems('promise', values, (bad) => client.prompt(bad))).toEqual([]);
    expect(await problems('sync', values, (bad) => client.stream(bad))).toEqual([]);
  });

  it('dispatch refuses a blank or non-string session and an input that is no JSON value', async () => {
    expect(await problems('promise', ['', '  ', 5, null], (bad) => client.agents.dispatch('assistant', 'i-1', { session: bad }))).toEqual([]);
    expect(
      await problems('promise', [() => 1, Symbol('s')], (bad) => client.agents.dispatch('assistant', 'i-1', { input: bad })),
    ).toEqual([]);
  });

  it('prompt refuses a result that is no Standard Schema', async () => {
    const values = [null, {}, { '~standard': {} }, { '~standard': { validate: 'no' } }, () => true, 'zod', { parse: () => 1 }];
    expect(await problems('promise', values, (bad) => client.prompt('hi', { result: bad }))).toEqual([]);
  });

  it('agents.invoke refuses a bad mode (thrown or rejected)', async () => {
    expect(await problems('either', ['bogus', 'STREAM', 'Sync', '', 1], (bad) => client.agents.invoke('a', 'i-1', { mode: bad }))).toEqual([]);
  });

  it('agents.invoke refuses a bad per-call responseFormat', async () => {
    expect(
      await problems('promise', ['json', 'text', '', 1, null], (bad) => client.agents.invoke('a', 'i-1', { responseFormat: bad })),
    ).toEqual([]);
  });
});

describe('query options', () => {
  const BAD_LIMITS = [0, 1001, 1.5, -1, Number.NaN, Number.POSITIVE_INFINITY, '10', null];

  it.each<[string, Kind, (bad: any) => unknown]>([
    ['runs.events', 'promise', (bad) => client.runs.events('run_1', { limit: bad })],
    ['admin.agents.list', 'promise', (bad) => client.admin.agents.list({ limit: bad })],
    ['admin.instances.list', 'promise', (bad) => client.admin.instances.list('greet', { limit: bad })],
    ['admin.runs.list', 'promise', (bad) => client.admin.runs.list({ limit: bad })],
    ['admin.runs.listForInstance', 'promise', (bad) => client.admin.runs.listForInstance('greet', 'i-1', { limit: bad })],
  ])('%s refuses a limit outside 1..1000', async (_label, kind, call) => {
    expect(await problems(kind, BAD_LIMITS, call)).toEqual([]);
  });

  it('limit 1 and 1000 are accepted (they reach fetch)', async () => {
    await client.runs.events('run_1', { limit: 1 }).catch(() => {});
    await client.admin.runs.list({ limit: 1000 }).catch(() => {});
    expect(fetched.map((url) => new URL(url).search)).toEqual(['?limit=1', '?limit=1000']);
  });

  it('after must be a whole number >= 0 (runs.events, runs.stream)', async () => {
    const values = [-1, 1.5, '3', Number.NaN, null];
    expect(await problems('promise', values, (bad) => client.runs.events('run_1', { after: bad }))).toEqual([]);
    expect(await problems('sync', values, (bad) => client.runs.stream('run_1', { after: bad }))).toEqual([]);
  });

  it('runs.stream refuses a negative or fractional maxRetries and retryDelayMs', async () => {
    expect(await problems('sync', [-1, 1.5, '2'], (bad) => client.runs.stream('run_1', { maxReconnects: bad }))).toEqual([]);
    expect(await problems('sync', [-1, 0.5, '2'], (bad) => client.runs.stream('run_1', { reconnectDelayMs: bad }))).toEqual([]);
  });

  it('types must be a non-empty list of names without commas', async () => {
    const values = [[], '', '  ', [''], [' '], ['a,b'], 'a,b', ['log', 'a,b'], [1], 5, null];
    expect(await problems('promise', values, (bad) => client.runs.events('run_1', { types: bad }))).toEqual([]);
  });

  it('status must be one of the run status names', async () => {
    const values = ['done', 'active', 'errored', 'SUCCEEDED', '', 1, null];
    expect(await problems('promise', values, (bad) => client.admin.runs.list({ status: bad }))).toEqual([]);
    expect(await problems('promise', values, (bad) => client.admin.runs.listForInstance('greet', 'i-1', { status: bad }))).toEqual([]);
  });

  it('cursor and agentName must be non-empty strings', async () => {
    expect(await problems('promise', ['', '  ', 5], (bad) => client.admin.agents.list({ cursor: bad }))).toEqual([]);
    expect(await problems('promise', ['', '  ', 5], (bad) => client.admin.runs.list({ cursor: bad }))).toEqual([]);
    expect(await problems('promise', ['', '  ', 5], (bad) => client.admin.runs.list({ agentName: bad }))).toEqual([]);
  });

  it('per-call timeoutMs and maxRetries are checked like the client options', async () => {
    // Regression: unchecked, a negative or NaN timeoutMs silently meant "no timeout".
    expect(await problems('promise', [-1, Number.NaN, 1.5, '100'], (bad) => client.health({ timeoutMs: bad }))).toEqual([]);
    expect(await problems('promise', [-1, 1.5, '2'], (bad) => client.health({ maxRetries: bad }))).toEqual([]);
  });
});

describe('payloads JSON cannot carry', () => {
  // Regression: JSON.stringify failing inside openapi-fetch was once reported as a
  // PyFlueConnectionError ("Is the PyFlue server running?").
  it('a circular payload is refused with PyFlueInputError', async () => {
    const circular: Record<string, unknown> = { a: 1 };
    circular.self = circular;
    expect(await problems('promise', [circular], (bad) => client.workflows.invoke('greet', bad))).toEqual([]);
    expect(await problems('promise', [circular], (bad) => client.agents.invoke('summarize', 'i-1', { payload: bad }))).toEqual([]);
  });

  it('a BigInt in a payload or dispatch input is refused with PyFlueInputError', async () => {
    expect(await problems('promise', [{ n: 10n }], (bad) => client.workflows.invoke('greet', bad))).toEqual([]);
    expect(await problems('promise', [10n], (bad) => client.agents.dispatch('assistant', 'i-1', { input: bad }))).toEqual([]);
  });

  it('a Map payload is refused rather than sent as {}', async () => {
    expect(await problems('promise', [new Map([['name', 'Ada']])], (bad) => client.workflows.invoke('greet', bad))).toEqual([]);
  });
});

// ---------------------------------------------------------------------------
// Client options
// ---------------------------------------------------------------------------

describe('client options', () => {
  function refused(create: () => unknown): string | undefined {
    try {
      create();
      return 'was accepted';
    } catch (error) {
      return error instanceof PyFlueInputError ? undefined : `threw ${String(error)}`;
    }
  }

  it.each<[string, () => unknown]>([
    ['no base URL', () => new PyFlueClient(undefined as never)],
    ['a websocket factory that is no function', () => new PyFlueClient('http://127.0.0.1:2024', { websocket: 'ws://x' as never })],
    ['a websocketUrl that is no function', () => new PyFlueClient('http://127.0.0.1:2024', { websocketUrl: 'wss://x' as never })],
    ['an empty base URL', () => new PyFlueClient('')],
    ['a blank base URL', () => new PyFlueClient('   ')],
    ['a relative base URL', () => new PyFlueClient('/api')],
    ['a host without a scheme', () => new PyFlueClient('localhost:2024')],
    ['an ftp base URL', () => new PyFlueClient('ftp://127.0.0.1/pub')],
    ['a ws base URL', () => new PyFlueClient('ws://127.0.0.1:2024')],
    ['a base URL with a query', () => new PyFlueClient('http://127.0.0.1:2024/?token=abc')],
    ['a base URL with a fragment', () => new PyFlueClient('http://127.0.0.1:2024/#x')],
    ['a negative timeoutMs', () => new PyFlueClient('http://127.0.0.1:2024', { timeoutMs: -1 })],
    ['a fractional timeoutMs', () => new PyFlueClient('http://127.0.0.1:2024', { timeoutMs: 1.5 })],
    ['a NaN timeoutMs', () => new PyFlueClient('http://127.0.0.1:2024', { timeoutMs: Number.NaN })],
    ['a string timeoutMs', () => new PyFlueClient('http://127.0.0.1:2024', { timeoutMs: '100' as never })],
    ['a fractional maxRetries', () => new PyFlueClient('http://127.0.0.1:2024', { maxRetries: 1.5 })],
    ['a negative maxRetries', () => new PyFlueClient('http://127.0.0.1:2024', { maxRetries: -1 })],
    ['an empty token', () => new PyFlueClient('http://127.0.0.1:2024', { token: '' })],
    ['a non-string token', () => new PyFlueClient('http://127.0.0.1:2024', { token: 42 as never })],
    ['a non-string adminBasePath', () => new PyFlueClient('http://127.0.0.1:2024', { adminBasePath: 5 as never })],
    ['a bad responseFormat', () => new PyFlueClient('http://127.0.0.1:2024', { responseFormat: 'json' as never })],
    ['a fetch that is no function', () => new PyFlueClient('http://127.0.0.1:2024', { fetch: 'fetch' as never })],
    ['createFlueClient() without arguments', () => (createFlueClient as (options?: unknown) => unknown)()],
    ['createFlueClient({}) without baseUrl', () => createFlueClient({} as never)],
    ['createFlueClient with an ftp baseUrl', () => createFlueClient({ baseUrl: 'ftp://x' })],
    ['createFlueClient(string) with a query', () => createFlueClient('http://127.0.0.1:2024?x=1')],
  ])('refuses %s', (_label, create) => {
    expect(refused(create)).toBeUndefined();
  });

  it('accepts the edge values', () => {
    expect(() => new PyFlueClient('http://127.0.0.1:2024', { timeoutMs: 0, maxRetries: 0, adminBasePath: '' })).not.toThrow();
    expect(() => new PyFlueClient('https://example.com/prefix/', { responseFormat: 'flue' })).not.toThrow();
    // The Python client's spellings: ClientOptions documents them, but PyFlueClientOptions
    // narrows responseFormat to 'raw' | 'flue', so TypeScript callers cannot pass them.
    expect(() => new PyFlueClient('http://127.0.0.1:2024', { responseFormat: 'pyflue' as never })).not.toThrow();
    expect(() => new PyFlueClient('http://127.0.0.1:2024', { responseFormat: 'sdk' as never })).not.toThrow();
  });

  it('never puts the token of a refused base URL in the message', () => {
    let message = '';
    try {
      new PyFlueClient('ftp://user:sk-secret-77@example.com/');
    } catch (error) {
      message = String(error);
    }
    expect(message).toMatch(/http or https/);
    expect(message).not.toContain('sk-secret-77');
  });
});

// ---------------------------------------------------------------------------
// Path segments are encoded
// ---------------------------------------------------------------------------

describe('every path segment is percent-encoded', () => {
  let baseUrl: string;
  let server: ReturnType<typeof createServer>;
  const urls: string[] = [];

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      urls.push(req.url ?? '');
      req.resume();
      req.on('end', () => {
        const path = (req.url ?? '').split('?')[0]!;
        if (path.endsWith('/stream') || path.endsWith('/events') && req.method === 'POST' || req.headers.accept === 'text/event-stream') {
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          const end = { run_id: 'r', runId: 'r', event_index: 1, eventIndex: 1, type: 'run_end', timestamp: 1, data: {} };
          res.end(`event: run_end\nid: 1\ndata: ${JSON.stringify(end)}\n\n`);
          return;
        }
        const body = JSON.stringify({ agents: [], items: [], events: [], nextCursor: null, text: '' });
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
        res.end(body);
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    server.close();
  });
  beforeEach(() => {
    urls.length = 0;
  });

  const TRICKY = [
    'workflow:greet:run_01M85FRCNVCVF7N1B5ZG0JRSR7',
    'my agent',
    '100%',
    '50%25',
    '%2F',
    'what?',
    'a?b=c',
    'a#b',
    'café ☕',
    '日本語',
    'a+b',
    'x&y=z',
    'a\\b',
    '...',
    ' lead and trail ',
    'semi;colon',
    "it's (ok)",
    '{agent_id}',
    '$&$1',
    'support.billing',
  ];

  /** The path's segments, each decoded; the query separately. */
  function segments(url: string): { path: string[]; query: string } {
    const [path, query = ''] = url.split('?') as [string, string?];
    expect(path).not.toContain('#');
    return { path: path.split('/').slice(1).map((segment) => decodeURIComponent(segment)), query };
  }

  async function drain(stream: AsyncIterable<unknown>): Promise<void> {
    for await (const _ of stream) {
      // read to the end
    }
  }

  it.each(TRICKY)('%j reaches the server as one segment on every route', async (value) => {
    const http = new PyFlueClient(baseUrl, { maxRetries: 0 });
    const expected: Array<[string[], string]> = [];
    const expect200 = async (call: Promise<unknown>, path: string[], query = '') => {
      await call;
      expected.push([path, query]);
    };
    await expect200(http.agents.invoke(value, value), ['agents', value, value]);
    await expect200(http.agents.dispatch(value, value), ['agents', value, value, 'dispatch']);
    await expect200(http.workflows.invoke(value), ['workflows', value]);
    await expect200(http.workflows.invoke(value, {}, { wait: true }), ['workflows', value], 'wait=result');
    await expect200(http.runs.get(value), ['runs', value]);
    await expect200(http.runs.events(value, { after: 1 }), ['runs', value, 'events'], 'after=1');
    await expect200(http.sessions.abort(value), ['sessions', value, 'abort']);
    await expect200(http.prompt('hi', { sessionId: value }), ['prompt', value]);
    await expect200(http.admin.runs.get(value), ['admin', 'runs', value]);
    await expect200(http.admin.instances.list(value), ['admin', 'agents', value, 'instances']);
    await expect200(http.admin.runs.listForInstance(value, value), ['admin', 'agents', value, 'instances', value, 'runs']);
    await expect200(drain(http.workflows.stream(value)), ['workflows', value]);
    await expect200(drain(http.agents.stream(value, value)), ['agents', value, value]);
    await expect200(drain(http.runs.stream(value)), ['runs', value, 'stream']);
    await expect200(drain(http.stream('hi', { sessionId: value })), ['prompt', value, 'events']);

    expect(urls.map(segments)).toEqual(expected.map(([path, query]) => ({ path, query })));
  });

  it.each(TRICKY)('%j is one segment of the socket URLs', async (value) => {
    const opened: string[] = [];
    const sockets = new PyFlueClient('https://flue.example.com/base', {
      websocket: (url) => {
        opened.push(url);
        throw new Error('no sockets here');
      },
    });
    const agent = sockets.agents.connect(value, value);
    const workflow = sockets.workflows.connect(value);
    // The factory runs once the headers are resolved (it throws here, so ready rejects).
    await Promise.all([agent.ready.catch(() => {}), workflow.ready.catch(() => {})]);
    await Promise.all([agent.close(), workflow.close()]);
    await sockets.close();
    expect(opened.map((url) => new URL(url).protocol)).toEqual(['wss:', 'wss:']);
    expect(opened.map((url) => new URL(url).search + new URL(url).hash)).toEqual(['', '']);
    expect(opened.map((url) => segments(new URL(url).pathname).path)).toEqual([
      ['base', 'agents', value, value],
      ['base', 'workflows', value],
    ]);
  });
});
