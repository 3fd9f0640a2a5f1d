/**
 * Event streams against node:http stubs that write server-sent events by hand: typed
 * events, error frames, malformed data, every way of stopping a stream (break, close(),
 * `await using`, abort, client.close()) closing the HTTP connection, the resumable run
 * stream, typed prompt results, and the legacy prompt stream.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import { knownEvents } from '../support/assertions.js';
import {
  PyFlueApiError,
  PyFlueClient,
  PyFlueClientClosedError,
  PyFlueError,
  PyFlueInputError,
  PyFlueNotFoundError,
  PyFlueResultError,
  PyFlueStreamError,
  type EventStream,
  type PromptStreamEvent,
  type RunEvent,
  type RunStreamEvent,
} from '../../src/index.js';
import type { StandardSchemaV1 } from '@standard-schema/spec';

// ---------------------------------------------------------------------------
// Stubs
// ---------------------------------------------------------------------------

interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  body: string;
  /** Resolves when the connection of this request has closed. */
  closed: Promise<void>;
}

interface Stub {
  baseUrl: string;
  exchanges: Exchange[];
  /** Resolves with the nth exchange (0-based) once its body has arrived. */
  exchange(index: number): Promise<Exchange>;
  close(): Promise<void>;
}

const stubs: Stub[] = [];
const clients: PyFlueClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await Promise.all(stubs.splice(0).map((stub) => stub.close()));
});

async function startStub(handler: (exchange: Exchange, index: number) => void): Promise<Stub> {
  const exchanges: Exchange[] = [];
  const waiters = new Map<number, Array<(exchange: Exchange) => void>>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    const closed = new Promise<void>((resolve) => res.once('close', () => resolve()));
    req.on('end', () => {
      const exchange: Exchange = { req, res, url: new URL(req.url ?? '/', 'http://stub'), body: Buffer.concat(chunks).toString('utf8'), closed };
      const index = exchanges.push(exchange) - 1;
      for (const wake of waiters.get(index) ?? []) wake(exchange);
      waiters.delete(index);
      handler(exchange, index);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const stub: Stub = {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    exchanges,
    exchange(index) {
      const found = exchanges[index];
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => waiters.set(index, [...(waiters.get(index) ?? []), resolve]));
    },
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close').catch(() => {});
    },
  };
  stubs.push(stub);
  return stub;
}

function client(stub: Stub, options: ConstructorParameters<typeof PyFlueClient>[1] = {}): PyFlueClient {
  const made = new PyFlueClient(stub.baseUrl, options);
  clients.push(made);
  return made;
}

const RUN_ID = 'workflow:greet:run_01M85FRCNVCVF7N1B5ZG0JRSR7';

function runEvent(index: number, type = 'log', data: Record<string, unknown> = { level: 'info', message: `step ${index}` }): RunEvent {
  return { run_id: RUN_ID, runId: RUN_ID, event_index: index, eventIndex: index, type, timestamp: 1795480629 + index, data } as unknown as RunEvent;
}

const RUN_START = runEvent(1, 'run_start', { agent: 'greet', agent_id: RUN_ID });
const runEnd = (index: number) => runEvent(index, 'run_end', { is_error: false, error: null, status: 'succeeded' });

/** One SSE frame, as PyFlue writes it. */
function frame(event: RunEvent | { event: string; data: unknown; id?: number }): string {
  if ('eventIndex' in event) return `id: ${event.eventIndex}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
  return `${event.id === undefined ? '' : `id: ${event.id}\n`}event: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`;
}

function startSse(res: ServerResponse, headers: Record<string, string> = {}): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...headers });
  res.flushHeaders();
}

/** Writes `text` and resolves once it has been handed to the socket. */
function write(res: ServerResponse, text: string): Promise<void> {
  return new Promise((resolve) => res.write(text, () => resolve()));
}

/** The first `count` items of a stream, then leaves the loop (break). */
async function take<T>(stream: AsyncIterable<T>, count: number): Promise<T[]> {
  const items: T[] = [];
  for await (const item of stream) {
    items.push(item);
    if (items.length >= count) break;
  }
  return items;
}

/** Reads `stream` in the background: what it received, the loop ('ended' when it ends quietly), and the first event's arrival. */
function readInBackground(stream: AsyncIterable<RunStreamEvent>): { received: RunStreamEvent[]; loop: Promise<string>; gotFirst: Promise<void> } {
  const received: RunStreamEvent[] = [];
  let first!: () => void;
  const gotFirst = new Promise<void>((resolve) => (first = resolve));
  const loop = (async () => {
    for await (const event of stream) {
      received.push(event);
      first();
    }
    return 'ended';
  })();
  return { received, loop, gotFirst };
}

async function all<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of stream) items.push(item);
  return items;
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error,
  );
}

/** A stub for POST /workflows/greet: run_start, then log frames as the test pushes them; open until ended. */
async function workflowStub(options: { frames?: RunEvent[]; end?: boolean } = {}) {
  return startStub(({ res }) => {
    startSse(res, { 'x-flue-run-id': RUN_ID });
    for (const event of options.frames ?? [RUN_START]) res.write(frame(event));
    if (options.end) res.end();
  });
}

// ---------------------------------------------------------------------------
// workflows.stream
// ---------------------------------------------------------------------------

describe('workflows.stream', () => {
  it('yields typed run events and resolves runId from X-Flue-Run-Id', async () => {
    const events = [RUN_START, runEvent(2), runEvent(3), runEnd(4)];
    const stub = await workflowStub({ frames: events, end: true });
    const stream = client(stub).workflows.stream('greet', { name: 'Ada' });
    expectTypeOf(stream).toEqualTypeOf<EventStream<RunStreamEvent>>();
    const received = await all(stream);
    expect(received).toEqual(events);
    expect(await stream.runId).toBe(RUN_ID);
    const [exchange] = stub.exchanges;
    expect(exchange!.req.method).toBe('POST');
    expect(exchange!.url.pathname).toBe('/workflows/greet');
    expect(exchange!.req.headers.accept).toBe('text/event-stream');
    expect(JSON.parse(exchange!.body)).toEqual({ payload: { name: 'Ada' } });
  });

  it('runId resolves while the stream is still open', async () => {
    const stub = await workflowStub();
    const stream = client(stub).workflows.stream('greet');
    const iterator = stream[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toEqual(RUN_START);
    expect(await stream.runId).toBe(RUN_ID);
    await iterator.return?.();
  });

  it('runId resolves from the headers even before the stream is iterated', async () => {
    // Reading runId starts the stream, so it needs no iteration. Hang guard: give up after 5 s.
    const stub = await workflowStub();
    const stream = client(stub).workflows.stream('greet');
    let guard: ReturnType<typeof setTimeout> | undefined;
    const runId = await Promise.race([stream.runId, new Promise((resolve) => (guard = setTimeout(() => resolve('<never resolved>'), 5_000)))]);
    clearTimeout(guard);
    expect(runId).toBe(RUN_ID);
    await stream.close();
  });

  it('runId resolves undefined when there is no X-Flue-Run-Id header', async () => {
    const stub = await startStub(({ res }) => {
      startSse(res);
      res.end(frame(runEnd(1)));
    });
    const stream = client(stub).workflows.stream('greet');
    expect(await all(stream)).toEqual([runEnd(1)]);
    expect(await stream.runId).toBeUndefined();
  });

  it('an event: error frame throws PyFlueStreamError with the envelope', async () => {
    const envelope = { error: { type: 'internal_error', message: 'An internal error occurred.', details: 'The workflow raised.', dev: 'boom' } };
    const stub = await startStub(({ res }) => {
      startSse(res, { 'x-flue-run-id': RUN_ID });
      res.end(frame(RUN_START) + frame({ event: 'error', data: envelope }));
    });
    const received: RunStreamEvent[] = [];
    const error = await caught(
      (async () => {
        for await (const event of client(stub).workflows.stream('greet')) received.push(event);
      })(),
    );
    expect(received).toEqual([RUN_START]);
    expect(error).toBeInstanceOf(PyFlueStreamError);
    expect(error).toBeInstanceOf(PyFlueError);
    expect((error as PyFlueStreamError).envelope).toEqual(envelope);
    expect((error as Error).message).toContain('internal_error');
    expect((error as Error).message).toContain('boom');
  });

  it('an error frame that is no envelope still gives PyFlueStreamError with a synthesised envelope', async () => {
    const stub = await startStub(({ res }) => {
      startSse(res);
      res.end(frame({ event: 'error', data: { type: 'RuntimeError', message: 'harness died' } }));
    });
    const error = await caught(all(client(stub).workflows.stream('greet')));
    expect(error).toBeInstanceOf(PyFlueStreamError);
    expect((error as PyFlueStreamError).envelope?.error).toMatchObject({ type: 'RuntimeError', message: 'harness died' });
  });

  it('a data line that is not JSON throws PyFlueStreamError', async () => {
    const stub = await startStub(({ res }) => {
      startSse(res);
      res.end(`${frame(RUN_START)}id: 2\nevent: log\ndata: {"not": json}\n\n`);
    });
    const received: RunStreamEvent[] = [];
    const error = await caught(
      (async () => {
        for await (const event of client(stub).workflows.stream('greet')) received.push(event);
      })(),
    );
    expect(received).toEqual([RUN_START]);
    expect(error).toBeInstanceOf(PyFlueStreamError);
    expect((error as PyFlueStreamError).envelope).toBeUndefined();
    expect((error as Error).cause).toBeInstanceOf(SyntaxError);
    expect((error as Error).message).toContain('"log"');
  });

  it('an HTTP error before the stream starts throws the typed API error', async () => {
    const stub = await startStub(({ res }) => {
      const body = JSON.stringify({ error: { type: 'not_found', message: 'Unknown workflow: nope.', details: 'Available workflows: greet.' } });
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(body);
    });
    const error = await caught(all(client(stub).workflows.stream('nope')));
    expect(error).toBeInstanceOf(PyFlueNotFoundError);
    expect((error as PyFlueNotFoundError).type).toBe('not_found');
  });
});

// ---------------------------------------------------------------------------
// Stopping a stream
// ---------------------------------------------------------------------------

describe('stopping a stream closes the HTTP connection', () => {
  it('breaking out of for await early', async () => {
    const stub = await workflowStub({ frames: [RUN_START, runEvent(2), runEvent(3)] });
    const items = await take(client(stub).workflows.stream('greet'), 1);
    expect(items).toEqual([RUN_START]);
    await stub.exchanges[0]!.closed; // hang guard: the test timeout
    expect(stub.exchanges[0]!.res.writableFinished).toBe(false); // the server never ended it: the client closed it
  });

  it('stream.close() ends a pending for await without an error', async () => {
    const stub = await workflowStub();
    const stream = client(stub).workflows.stream('greet');
    const { received, loop, gotFirst } = readInBackground(stream);
    await gotFirst; // the loop now waits for a frame that never comes
    await stream.close();
    expect(await loop).toBe('ended');
    expect(received).toEqual([RUN_START]);
    await stub.exchanges[0]!.closed;
    expect(await stream.runId).toBe(RUN_ID);
  });

  it('close() before iterating sends nothing and the stream then ends empty', async () => {
    const stub = await workflowStub();
    const stream = client(stub).workflows.stream('greet');
    await stream.close();
    expect(await all(stream)).toEqual([]);
    expect(await stream.runId).toBeUndefined();
    expect(stub.exchanges).toHaveLength(0);
  });

  it('await using closes the stream at the end of the block', async () => {
    const stub = await workflowStub({ frames: [RUN_START, runEvent(2)] });
    const http = client(stub);
    let first: RunStreamEvent | undefined;
    {
      await using stream = http.workflows.stream('greet');
      const iterator = stream[Symbol.asyncIterator]();
      first = (await iterator.next()).value as RunStreamEvent;
    }
    expect(first).toEqual(RUN_START);
    await stub.exchanges[0]!.closed;
  });

  it('iterating the same stream twice throws PyFlueInputError', async () => {
    const stub = await workflowStub({ frames: [RUN_START, runEnd(2)], end: true });
    const stream = client(stub).workflows.stream('greet');
    expect(await all(stream)).toEqual([RUN_START, runEnd(2)]);
    expect(() => stream[Symbol.asyncIterator]()).toThrow(PyFlueInputError);
    await expect(all(stream)).rejects.toBeInstanceOf(PyFlueInputError);
    expect(stub.exchanges).toHaveLength(1);
  });

  it('iterating twice at the same time throws too', async () => {
    const stub = await workflowStub();
    const stream = client(stub).workflows.stream('greet');
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    expect(() => stream[Symbol.asyncIterator]()).toThrow(/already iterated/);
    await iterator.return?.();
  });

  it('an abort signal mid-stream rejects with its reason', async () => {
    const stub = await workflowStub();
    const controller = new AbortController();
    const reason = new Error('user navigated away');
    const stream = client(stub).workflows.stream('greet', {}, { signal: controller.signal });
    const received: RunStreamEvent[] = [];
    const error = await caught(
      (async () => {
        for await (const event of stream) {
          received.push(event);
          controller.abort(reason);
        }
      })(),
    );
    expect(error).toBe(reason);
    expect(received).toEqual([RUN_START]);
    await stub.exchanges[0]!.closed;
  });

  it('an abort while waiting for the next frame rejects with its reason', async () => {
    const stub = await workflowStub();
    const controller = new AbortController();
    const reason = new Error('later');
    const stream = client(stub).workflows.stream('greet', {}, { signal: controller.signal });
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    const pending = iterator.next();
    controller.abort(reason);
    expect(await caught(pending)).toBe(reason);
    await stub.exchanges[0]!.closed;
  });

  it('an already-aborted signal rejects with its reason and sends nothing', async () => {
    const stub = await workflowStub();
    const reason = new Error('too late');
    const stream = client(stub).workflows.stream('greet', {}, { signal: AbortSignal.abort(reason) });
    expect(await caught(all(stream))).toBe(reason);
    expect(stub.exchanges).toHaveLength(0);
  });

  it('client.close() settles open streams, read or not, with PyFlueClientClosedError; a started unread one releases its connection', async () => {
    const stub = await workflowStub();
    const http = client(stub);
    const open = http.workflows.stream('greet');
    const idle = http.workflows.stream('greet');
    const never = http.workflows.stream('greet');
    const { received, loop, gotFirst } = readInBackground(open);
    await gotFirst;
    // Reading runId starts the stream: its headers arrive without iterating it.
    expect(await idle.runId).toBeTypeOf('string');
    await http.close();
    expect(await caught(loop)).toBeInstanceOf(PyFlueClientClosedError);
    expect(received).toEqual([RUN_START]);
    // The two started streams were sent; `never` was not (streams are lazy). Both connections are closed now.
    expect(stub.exchanges).toHaveLength(2);
    await Promise.all(stub.exchanges.map((exchange) => exchange.closed));
    expect(await caught(all(idle))).toBeInstanceOf(PyFlueClientClosedError);
    expect(await caught(all(never))).toBeInstanceOf(PyFlueClientClosedError);
    expect(stub.exchanges).toHaveLength(2);
  });
});

// ---------------------------------------------------------------------------
// runs.stream: resume after drops
// ---------------------------------------------------------------------------

describe('runs.stream', () => {
  it('resumes with ?after=<last index> after mid-frame cuts and delivers each event once, in order', async () => {
    const events = [RUN_START, runEvent(2), runEvent(3), runEvent(4), runEvent(5), runEnd(6)];
    const at = (index: number) => events[index - 1]!;
    /** What the stub sends for each `after`: whole frames, then half a frame and a cut. */
    const script: Record<string, { whole: number[]; cutInside?: number }> = {
      '0': { whole: [1, 2], cutInside: 3 },
      // Replays 2 although after=2 asked past it: the client must skip it.
      '2': { whole: [2, 3, 4], cutInside: 5 },
      '4': { whole: [5, 6] },
    };
    const stub = await startStub(async ({ req, res, url }) => {
      const plan = script[url.searchParams.get('after') ?? '0'];
      if (!plan) {
        res.writeHead(500).end();
        return;
      }
      startSse(res);
      await write(res, plan.whole.map((index) => frame(at(index))).join(''));
      if (plan.cutInside === undefined) {
        res.end();
        return;
      }
      const partial = frame(at(plan.cutInside));
      await write(res, partial.slice(0, Math.floor(partial.length / 2)));
      req.socket.destroy();
    });
    const received = await all(client(stub).runs.stream(RUN_ID, { reconnectDelayMs: 0 }));
    expect(received).toEqual(events);
    const afters = stub.exchanges.map((exchange) => exchange.url.searchParams.get('after'));
    // A cut may lose frames still in flight, which the stub then sends again for the same
    // `after`: compare the distinct values in order.
    expect(afters.filter((after, index) => after !== afters[index - 1])).toEqual([null, '2', '4']);
    for (const exchange of stub.exchanges) {
      expect(exchange.url.pathname).toBe(`/runs/${encodeURIComponent(RUN_ID)}/stream`);
      expect(exchange.req.method).toBe('GET');
      expect(exchange.req.headers.accept).toBe('text/event-stream');
    }
  });

  it('resumes after a clean end without run_end while the run is still running', async () => {
    const stub = await startStub(({ res, url }) => {
      if (!url.pathname.endsWith('/stream')) {
        // The client asks whether the run is over before resuming.
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'running', event_count: 2 }));
        return;
      }
      startSse(res);
      if (url.searchParams.get('after') === '2') res.end(frame(runEnd(3)));
      else res.end(frame(RUN_START) + frame(runEvent(2)));
    });
    const received = await all(client(stub).runs.stream(RUN_ID, { reconnectDelayMs: 0 }));
    expect(knownEvents(received).map((event) => event.eventIndex)).toEqual([1, 2, 3]);
    const streams = stub.exchanges.filter((exchange) => exchange.url.pathname.endsWith('/stream'));
    expect(streams.map((exchange) => exchange.url.searchParams.get('after'))).toEqual([null, '2']);
  });

  it('ends without events when resumed after the last event of a finished run', async () => {
    const stub = await startStub(({ res, url }) => {
      if (!url.pathname.endsWith('/stream')) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'succeeded', event_count: 6 }));
        return;
      }
      startSse(res);
      res.end();
    });
    expect(await all(client(stub).runs.stream(RUN_ID, { after: 6, reconnectDelayMs: 0 }))).toEqual([]);
    expect(stub.exchanges.map((exchange) => exchange.url.pathname.split('/').pop())).toEqual(['stream', encodeURIComponent(RUN_ID)]);
  });

  it('starts after the given index', async () => {
    const stub = await startStub(({ res }) => {
      startSse(res);
      res.end(frame(runEvent(4)) + frame(runEvent(5)) + frame(runEnd(6)));
    });
    const received = await all(client(stub).runs.stream(RUN_ID, { after: 4 }));
    expect(knownEvents(received).map((event) => event.eventIndex)).toEqual([5, 6]);
    expect(stub.exchanges[0]!.url.searchParams.get('after')).toBe('4');
  });

  it('gives up with PyFlueStreamError after maxRetries drops without progress', async () => {
    const stub = await startStub(async ({ req, res }) => {
      startSse(res);
      await write(res, ': heartbeat\n\n');
      req.socket.destroy();
    });
    const error = await caught(all(client(stub).runs.stream(RUN_ID, { maxReconnects: 2, reconnectDelayMs: 0 })));
    expect(error).toBeInstanceOf(PyFlueStreamError);
    expect((error as Error).message).toContain('3 times in a row');
    expect(stub.exchanges).toHaveLength(3); // the first try + maxRetries
  });

  it('a 404 throws PyFlueNotFoundError without retrying', async () => {
    const envelope = { error: { type: 'run_not_found', message: `Run "${RUN_ID}" is not known to this server.`, details: 'Evicted?' } };
    const stub = await startStub(({ res }) => {
      const body = JSON.stringify(envelope);
      res.writeHead(404, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
    const error = await caught(all(client(stub).runs.stream(RUN_ID, { maxReconnects: 5, reconnectDelayMs: 0 })));
    expect(error).toBeInstanceOf(PyFlueNotFoundError);
    expect((error as PyFlueNotFoundError).envelope).toEqual(envelope);
    expect(stub.exchanges).toHaveLength(1);
  });

  it('an error frame is not retried', async () => {
    const stub = await startStub(({ res }) => {
      startSse(res);
      res.end(frame({ event: 'error', data: { error: { type: 'internal_error', message: 'x', details: '' } } }));
    });
    const error = await caught(all(client(stub).runs.stream(RUN_ID, { reconnectDelayMs: 0 })));
    expect(error).toBeInstanceOf(PyFlueStreamError);
    expect(stub.exchanges).toHaveLength(1);
  });

  it('an abort while waiting to reconnect rejects with the reason', async () => {
    const stub = await startStub(async ({ req, res }) => {
      startSse(res);
      await write(res, frame(RUN_START));
      req.socket.destroy();
    });
    const controller = new AbortController();
    const reason = new Error('bye');
    const stream = client(stub).runs.stream(RUN_ID, { signal: controller.signal, reconnectDelayMs: 60_000 });
    const iterator = stream[Symbol.asyncIterator]();
    const first = await iterator.next();
    expect(first.value).toEqual(RUN_START);
    const pending = iterator.next(); // the drop, then a 60 s wait
    controller.abort(reason);
    expect(await caught(pending)).toBe(reason);
    expect(stub.exchanges).toHaveLength(1);
  });
});

// ---------------------------------------------------------------------------
// The default agent: typed results and the legacy stream
// ---------------------------------------------------------------------------

interface Score {
  score: number;
  label: string;
}

const scoreSchema: StandardSchemaV1<unknown, Score> = {
  '~standard': {
    version: 1,
    vendor: 'test',
    validate(value) {
      const issues: StandardSchemaV1.Issue[] = [];
      if (value === null || typeof value !== 'object') return { issues: [{ message: 'expected an object' }] };
      const candidate = value as Record<string, unknown>;
      if (typeof candidate.score !== 'number') issues.push({ message: 'expected a number', path: ['score'] });
      if (typeof candidate.label !== 'string') issues.push({ message: 'expected a string', path: [{ key: 'label' }] });
      return issues.length ? { issues } : { value: { score: candidate.score as number, label: candidate.label as string } };
    },
  },
};

function promptStub(text: string) {
  return startStub(({ res }) => {
    const body = JSON.stringify({
      text,
      metadata: { harness: 'echo', turn: 1 },
      usage: { input: 1, output: 1, cache_read: 0, cache_write: 0, total_tokens: 2, cost: { input: 0, output: 0, cache_read: 0, cache_write: 0, total: 0 } },
      model: { id: 'echo/deterministic' },
    });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(body);
  });
}

describe('client.prompt with a result schema', () => {
  it('parses the ---RESULT_START--- block', async () => {
    const text = 'Thinking about it {not json}.\n---RESULT_START---\n{"score": 7, "label": "good"}\n---RESULT_END---\nDone.';
    const stub = await promptStub(text);
    const reply = await client(stub).prompt('Rate this', { sessionId: 's-1', result: scoreSchema });
    expectTypeOf(reply.result).toEqualTypeOf<Score>();
    expect(reply.result).toEqual({ score: 7, label: 'good' });
    expect(reply.text).toBe(text);
    expect(reply.model).toEqual({ id: 'echo/deterministic' });
    expect(stub.exchanges[0]!.url.pathname).toBe('/prompt/s-1');
    expect(JSON.parse(stub.exchanges[0]!.body)).toEqual({ payload: { prompt: 'Rate this' } });
  });

  it('uses the last block when there are several', async () => {
    const stub = await promptStub(
      '---RESULT_START---\n{"score": 1, "label": "draft"}\n---RESULT_END---\n---RESULT_START---\n{"score": 2, "label": "final"}\n---RESULT_END---',
    );
    expect((await client(stub).prompt('x', { result: scoreSchema })).result).toEqual({ score: 2, label: 'final' });
  });

  it('throws PyFlueResultError when the block does not match the schema', async () => {
    const text = '---RESULT_START---\n{"score": "high"}\n---RESULT_END---';
    const stub = await promptStub(text);
    const error = await caught(client(stub).prompt('Rate this', { result: scoreSchema }));
    expect(error).toBeInstanceOf(PyFlueResultError);
    expect(error).toBeInstanceOf(PyFlueError);
    const result = error as PyFlueResultError;
    expect(result.text).toBe(text);
    expect(result.issues).toEqual([
      { message: 'expected a number', path: ['score'] },
      { message: 'expected a string', path: [{ key: 'label' }] },
    ]);
    expect(result.message).toContain('score: expected a number');
    expect(result.message).toContain('label: expected a string');
  });

  it('throws PyFlueResultError when the block is not valid JSON', async () => {
    const stub = await promptStub('---RESULT_START---\n{"score": 7,, }\n---RESULT_END---');
    const error = await caught(client(stub).prompt('Rate this', { result: scoreSchema }));
    expect(error).toBeInstanceOf(PyFlueResultError);
    expect((error as PyFlueResultError).issues).toEqual([{ message: 'invalid JSON' }]);
  });

  it('without a schema returns the reply untouched', async () => {
    const stub = await promptStub('---RESULT_START---\n{"score": 7}\n---RESULT_END---');
    const reply = await client(stub).prompt('x');
    expect(reply).not.toHaveProperty('result');
  });
});

describe('client.stream (the legacy prompt stream)', () => {
  it('adds type from the event name to every frame', async () => {
    const stub = await startStub(({ res }) => {
      startSse(res);
      res.end(
        frame({ event: 'start', data: { session_id: 'standup' } }) +
          frame({ event: 'delta', data: { text: 'Hel' } }) +
          frame({ event: 'tool_start', data: { name: 'search' } }) +
          frame({ event: 'delta', data: { text: 'lo' } }) +
          frame({ event: 'end', data: { text: 'Hello', metadata: { turn: 1 } } }),
      );
    });
    const stream = client(stub).stream('Say hello', { sessionId: 'standup' });
    expectTypeOf(stream).toEqualTypeOf<EventStream<PromptStreamEvent>>();
    expect(await all(stream)).toEqual([
      { type: 'start', session_id: 'standup' },
      { type: 'delta', text: 'Hel' },
      { type: 'tool_start', name: 'search' },
      { type: 'delta', text: 'lo' },
      { type: 'end', text: 'Hello', metadata: { turn: 1 } },
    ]);
    const [exchange] = stub.exchanges;
    expect(`${exchange!.req.method} ${exchange!.url.pathname}`).toBe('POST /prompt/standup/events');
    expect(exchange!.req.headers.accept).toBe('text/event-stream');
    expect(JSON.parse(exchange!.body)).toEqual({ payload: { prompt: 'Say hello' } });
    expect(await stream.runId).toBeUndefined();
  });

  it('an error frame throws PyFlueStreamError', async () => {
    const envelope = { error: { type: 'internal_error', message: 'The harness failed.', details: '' } };
    const stub = await startStub(({ res }) => {
      startSse(res);
      res.end(frame({ event: 'start', data: { session_id: 'default' } }) + frame({ event: 'error', data: envelope }));
    });
    const error = await caught(all(client(stub).stream('x')));
    expect(error).toBeInstanceOf(PyFlueStreamError);
    expect((error as PyFlueStreamError).envelope).toEqual(envelope);
  });
});

describe('agents.stream', () => {
  it('yields a persistent agent’s frames as they are (type included) and sends the payload', async () => {
    const stub = await startStub(({ res }) => {
      startSse(res);
      res.end(
        frame({ event: 'start', data: { type: 'start', session_id: 'inst-1:default' } }) +
          frame({ event: 'delta', data: { type: 'delta', text: 'hi' } }) +
          frame({ event: 'end', data: { type: 'end', text: 'hi', metadata: {} } }),
      );
    });
    const http = client(stub);
    const viaStream = await all(http.agents.stream('assistant', 'inst-1', { payload: { message: 'hello' } }));
    const viaInvoke = await all(http.agents.invoke('assistant', 'inst-1', { mode: 'stream', payload: { message: 'hello' } }));
    const expected = [
      { type: 'start', session_id: 'inst-1:default' },
      { type: 'delta', text: 'hi' },
      { type: 'end', text: 'hi', metadata: {} },
    ];
    expect(viaStream).toEqual(expected);
    expect(viaInvoke).toEqual(expected);
    for (const exchange of stub.exchanges) {
      expect(exchange.url.pathname).toBe('/agents/assistant/inst-1');
      expect(JSON.parse(exchange.body)).toEqual({ payload: { message: 'hello' } });
      expect(exchange.req.headers.accept).toBe('text/event-stream');
    }
  });
});

describe('streams: answers and states found in review', () => {
  it('a 200 answer that is not an event stream is an error, not an empty stream', async () => {
    const stub = await startStub(({ res }) => {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html>proxy login</html>');
    });
    const error = await caught(all(client(stub).workflows.stream('greet')));
    expect(error).toBeInstanceOf(PyFlueApiError);
    expect((error as Error).message).toContain('the server answered 200 with an HTML page, not a PyFlue event stream (a login or proxy page?)');
  });

  it('closing a stream paused between events releases it (the client forgets it, the connection closes)', async () => {
    const stub = await startStub(async ({ res }) => {
      startSse(res, { 'x-flue-run-id': RUN_ID });
      await write(res, frame(RUN_START) + frame(runEvent(2)));
    });
    const http = client(stub);
    const stream = http.workflows.stream('greet');
    const iterator = stream[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toEqual(RUN_START);
    // Paused here: no next() pending. close() must still end the generator and its request.
    await stream.close();
    await stub.exchanges[0]!.closed;
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
  });

  it('runs.stream publishes its runId at once', async () => {
    const stub = await startStub(({ res }) => {
      startSse(res);
      res.end(frame(RUN_START) + frame(runEnd(2)));
    });
    const stream = client(stub).runs.stream(RUN_ID);
    expect(await stream.runId).toBe(RUN_ID);
    expect(knownEvents(await all(stream)).map((event) => event.eventIndex)).toEqual([1, 2]);
  });

  it('runs.stream does not retry a failure of the caller (a headers function that throws)', async () => {
    const stub = await startStub(({ res }) => {
      startSse(res);
      res.end(frame(RUN_START) + frame(runEnd(2)));
    });
    const failure = new Error('no token');
    let calls = 0;
    const http = client(stub, {
      headers: () => {
        calls += 1;
        throw failure;
      },
    });
    expect(await caught(all(http.runs.stream(RUN_ID, { reconnectDelayMs: 0 })))).toBe(failure);
    expect(calls).toBe(1);
    expect(stub.exchanges).toHaveLength(0);
  });
});
