/**
 * What no stream may do, against node:http stubs that misbehave on purpose: end quietly
 * without its end, lose an event without an id, repeat a POST, hide where it stopped,
 * outlive client.close(), hold a socket or a timer before it is used, or grow a message
 * with a huge id. (Cuts and stalls against the real server: run-stream-resume.test.ts.)
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import {
  PyFlueClient,
  PyFlueClientClosedError,
  PyFlueConnectionError,
  PyFlueError,
  PyFlueInputError,
  PyFlueNotFoundError,
  PyFlueStreamError,
  type AgentStreamOptions,
  type RunEvent,
  type SocketPromptOptions,
  type WorkflowRunOptions,
} from '../../src/index.js';
import type { ResumeOptions } from '../../src/facade/core/options.js';
import { AGENT_COMMANDS, startSocketMock } from '../support/socket-mock.js';
import { guard, collect, rejection } from '../support/assertions.js';

interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
}

const servers: Array<{ close(): Promise<void> }> = [];
const clients: PyFlueClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function stub(handler: (exchange: Exchange, index: number) => void): Promise<{ baseUrl: string; exchanges: Exchange[] }> {
  const exchanges: Exchange[] = [];
  // Room for a 1 MB URL (the long-id test); Node's default is 16 KiB.
  const server = createServer({ maxHeaderSize: 2_000_000 }, (req, res) => {
    req.resume();
    req.on('end', () => {
      const exchange = { req, res, url: new URL(req.url ?? '/', 'http://stub') };
      handler(exchange, exchanges.push(exchange) - 1);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  servers.push({
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close').catch(() => {});
    },
  });
  return { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, exchanges };
}

function client(baseUrl: string, options: ConstructorParameters<typeof PyFlueClient>[1] = {}): PyFlueClient {
  const made = new PyFlueClient(baseUrl, options);
  clients.push(made);
  return made;
}

const RUN_ID = 'workflow:greet:run_01M85FRCNVCVF7N1B5ZG0JRSR7';
function event(index: number, type = 'log'): RunEvent {
  const data = type === 'run_end' ? { is_error: false, error: null, status: 'succeeded' } : { level: 'info', message: `step ${index}` };
  return { run_id: RUN_ID, runId: RUN_ID, event_index: index, eventIndex: index, type, timestamp: 1795480629 + index, data } as RunEvent;
}
const frame = (e: RunEvent) => `id: ${e.eventIndex}\nevent: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`;
function sse(res: ServerResponse, headers: Record<string, string> = {}): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', ...headers });
  res.flushHeaders();
}
const EVENTS = [event(1, 'run_start'), event(2), event(3), event(4), event(5, 'run_end')];

describe('a body that ends without run_end is never a success', () => {
  it('workflows.stream: a clean end after event 2 is a drop; the run’s own stream delivers the rest, once', async () => {
    const { baseUrl, exchanges } = await stub(({ res, url }) => {
      if (url.pathname === '/workflows/greet') {
        sse(res, { 'x-flue-run-id': RUN_ID });
        return void res.end(EVENTS.slice(0, 2).map(frame).join(''));
      }
      // GET /runs/{id}/stream?after=2: replays 2 again (the client must skip it), then the rest.
      sse(res);
      res.end(EVENTS.slice(Number(url.searchParams.get('after')) - 1).map(frame).join(''));
    });
    const events = await collect(client(baseUrl).workflows.stream('greet', {}, { reconnectDelayMs: 0 }));
    expect(events).toEqual(EVENTS);
    expect(exchanges.map(({ req, url }) => `${req.method} ${url.pathname}${url.search}`)).toEqual([
      'POST /workflows/greet',
      `GET /runs/${encodeURIComponent(RUN_ID)}/stream?after=2`,
    ]);
  });

  it('an empty 200 event stream on runs.stream is retried, then fails typed with the run and the last index', async () => {
    const { baseUrl } = await stub(({ res, url }) => {
      if (url.pathname.endsWith('/stream')) {
        sse(res);
        return void res.end(url.searchParams.get('after') ? '' : EVENTS.slice(0, 3).map(frame).join(''));
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ run_id: RUN_ID, runId: RUN_ID, status: 'running', event_count: 3 }));
    });
    const events: RunEvent[] = [];
    const error = await rejection(collect(client(baseUrl).runs.stream(RUN_ID, { maxReconnects: 2, reconnectDelayMs: 0 }), events));
    expect(events).toEqual(EVENTS.slice(0, 3));
    expect(error).toBeInstanceOf(PyFlueStreamError);
    expect(error).toMatchObject({ runId: RUN_ID, lastEventIndex: 3 });
  });

  it('the default agent’s prompt stream: a body without its end frame is a PyFlueStreamError; with it, a success', async () => {
    const { baseUrl } = await stub(({ res, url }) => {
      sse(res);
      const start = 'event: start\ndata: {}\n\nevent: delta\ndata: {"text":"hel"}\n\n';
      res.end(url.pathname.endsWith('/complete/events') ? `${start}event: end\ndata: {"text":"hello"}\n\n` : start);
    });
    const http = client(baseUrl);
    const received: unknown[] = [];
    const error = await rejection(collect(http.stream('hi', { sessionId: 'cut' }), received));
    expect(received).toHaveLength(2);
    expect(error).toBeInstanceOf(PyFlueStreamError);
    expect((error as Error).message).toContain('ended before its end frame');
    const whole = await collect(http.stream('hi', { sessionId: 'complete' }));
    expect(whole.map((frame) => frame.type)).toEqual(['start', 'delta', 'end']);
  });
});

describe('a POST stream is never sent twice', () => {
  it('a drop before the run id is known ends the stream with an error that says the POST was not repeated', async () => {
    const { baseUrl, exchanges } = await stub(({ req }) => req.socket.destroy());
    const error = await rejection(collect(client(baseUrl).workflows.stream('greet', {}, { reconnectDelayMs: 0 })));
    expect(error).toBeInstanceOf(PyFlueConnectionError);
    expect((error as Error).message).toContain('the POST was not repeated: it would start a second run');
    expect(error).toMatchObject({ runId: undefined, lastEventIndex: 0 });
    expect(exchanges).toHaveLength(1);
  });
});

describe('the error that ends a run stream says where it ended', () => {
  it('workflows.stream cut after event 3, then the run is gone (404): the 404 carries runId and lastEventIndex 3', async () => {
    const { baseUrl } = await stub(({ res, url }) => {
      if (url.pathname === '/workflows/greet') {
        sse(res, { 'x-flue-run-id': RUN_ID });
        res.write(EVENTS.slice(0, 3).map(frame).join(''), () => res.socket?.destroy());
        return;
      }
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { type: 'run_not_found', message: 'Run not found.', details: '' } }));
    });
    const events: RunEvent[] = [];
    const error = await rejection(collect(client(baseUrl).workflows.stream('greet', {}, { reconnectDelayMs: 0 }), events));
    expect(events).toEqual(EVENTS.slice(0, 3));
    expect(error).toBeInstanceOf(PyFlueNotFoundError);
    expect(error).toMatchObject({ runId: RUN_ID, lastEventIndex: 3 });
  });
});

describe('events without ids', () => {
  it('runs.stream delivers events that have neither an SSE id nor an event_index; only indexed ones move the resume point', async () => {
    const bare = { type: 'log', data: { message: 'no index' } };
    const { baseUrl, exchanges } = await stub(({ res, url }) => {
      sse(res);
      if (!url.searchParams.get('after')) {
        // 1, an unindexed event, 2, then a cut.
        res.write(`${frame(EVENTS[0]!)}event: log\ndata: ${JSON.stringify(bare)}\n\n${frame(EVENTS[1]!)}`, () => res.socket?.destroy());
        return;
      }
      res.end(EVENTS.slice(2).map(frame).join(''));
    });
    const events = await collect(client(baseUrl).runs.stream(RUN_ID, { reconnectDelayMs: 0 }));
    expect(events).toEqual([EVENTS[0], bare, ...EVENTS.slice(1)]);
    expect(exchanges[1]!.url.searchParams.get('after')).toBe('2');
  });
});

describe('client.close() settles everything', () => {
  it('an in-flight JSON call, a retry wait and a stream reject with PyFlueClientClosedError; later calls fail at once', async () => {
    const { baseUrl, exchanges } = await stub(({ res, url }) => {
      if (url.pathname === '/runs/wait') {
        res.writeHead(503, { 'retry-after': '30', 'content-type': 'application/json' });
        return void res.end(JSON.stringify({ error: { type: 'unavailable', message: 'busy', details: '' } }));
      }
      if (url.pathname.endsWith('/stream')) return void (sse(res), res.write(frame(EVENTS[0]!)));
      // /health: never answered.
    });
    const http = new PyFlueClient(baseUrl, { maxRetries: 1 });
    const hanging = rejection(http.health());
    const waiting = rejection(http.runs.get('wait'));
    const received: RunEvent[] = [];
    const streaming = rejection(collect(http.runs.stream(RUN_ID), received));
    while (exchanges.length < 3 || received.length < 1) await new Promise((resolve) => setTimeout(resolve, 5));

    await http.close();
    const [health, retry, stream] = await guard(Promise.all([hanging, waiting, streaming]), 5_000, 'the calls in flight');
    for (const error of [health, retry, stream]) expect(error).toBeInstanceOf(PyFlueClientClosedError);
    expect(stream).toMatchObject({ runId: RUN_ID, lastEventIndex: 1 });

    // After close(): promises reject, streams and sockets throw, and nothing is sent.
    const sent = exchanges.length;
    expect(await rejection(http.health())).toBeInstanceOf(PyFlueClientClosedError);
    expect(() => http.runs.stream(RUN_ID)).toThrow(PyFlueClientClosedError);
    expect(() => http.agents.connect('assistant', 'x')).toThrow(PyFlueClientClosedError);
    expect(exchanges.length).toBe(sent);
    await http.close(); // idempotent
  });

  it('a pending socket prompt rejects with PyFlueClientClosedError', async () => {
    const mock = await startSocketMock();
    servers.push({ close: () => mock.stop() });
    const http = new PyFlueClient(mock.baseUrl);
    const socket = http.agents.connect('assistant', 'closing');
    await socket.ready;
    mock.hold();
    const pending = rejection(socket.prompt('never answered'));
    await mock.receivedCount('/agents/assistant/closing', 1);
    const closing = http.close();
    expect(await guard(pending, 5_000, 'the pending prompt')).toBeInstanceOf(PyFlueClientClosedError);
    mock.release(); // lets the mock answer the close frame too
    await closing;
  });
});

describe('a stream that is never iterated holds nothing', () => {
  it('sends nothing and holds no socket or timer until it is iterated or its runId is read', async () => {
    const { baseUrl, exchanges } = await stub(({ res }) => {
      sse(res, { 'x-flue-run-id': RUN_ID });
      res.write(frame(EVENTS[0]!));
    });
    const http = client(baseUrl, { idleTimeoutMs: 60_000 });
    const count = (kind: string) => process.getActiveResourcesInfo().filter((resource) => resource === kind).length;
    const before = { timers: count('Timeout'), sockets: count('TCPSocketWrap'), sent: exchanges.length };
    const streams = Array.from({ length: 5 }, () => http.workflows.stream('greet'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(exchanges.length).toBe(before.sent);
    // Nothing added (what earlier tests left may still be closing, so at most as many as before).
    expect(count('Timeout')).toBeLessThanOrEqual(before.timers);
    expect(count('TCPSocketWrap')).toBeLessThanOrEqual(before.sockets);
    // Reading runId starts one: its request goes out and the id comes from the headers.
    expect(await streams[0]!.runId).toBe(RUN_ID);
    expect(exchanges.length).toBe(before.sent + 1);
  });
});

describe('messages stay readable', () => {
  it('a long run id does not make a long message; a 1 MB one is refused before sending', async () => {
    const { baseUrl } = await stub(({ res }) => {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { type: 'run_not_found', message: 'Run not found.', details: '' } }));
    });
    // The longest id taken (8 192 characters) reaches the server; its URL is cut in the message.
    const long = `run_${'x'.repeat(8_188)}`;
    const error = await rejection(client(baseUrl).runs.get(long));
    expect(error).toBeInstanceOf(PyFlueNotFoundError);
    expect((error as Error).message.length).toBeLessThan(600);
    expect((error as Error).message).toContain('run_not_found');
    const streamed = await rejection(collect(client(baseUrl).runs.stream(long)));
    expect(streamed).toBeInstanceOf(PyFlueError);
    expect((streamed as Error).message.length).toBeLessThan(600);
    const huge = `run_${'x'.repeat(1_000_000)}`;
    // A stream checks its arguments when it is made: it throws at once.
    let thrownByStream: unknown;
    try {
      client(baseUrl).runs.stream(huge);
    } catch (caught) {
      thrownByStream = caught;
    }
    for (const refused of [await rejection(client(baseUrl).runs.get(huge)), thrownByStream]) {
      expect(refused).toBeInstanceOf(PyFlueInputError);
      expect((refused as Error).message.length).toBeLessThan(600);
    }
  });

  it('a socket closed with 1006 is explained as a lost connection, not as 1011', async () => {
    const mock = await startSocketMock();
    servers.push({ close: () => mock.stop() });
    const socket = client(mock.baseUrl).agents.connect('assistant', 'drop');
    const error = await rejection(socket.prompt(AGENT_COMMANDS.drop));
    expect(error).toMatchObject({ closeCode: 1006 });
    expect((error as Error).message).toContain('code 1006 means the connection was lost without a close frame');
    expect((error as Error).message).not.toContain('1011');
  });

  it('a 2xx that is not PyFlue JSON says what came instead', async () => {
    const { baseUrl } = await stub(({ res }) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>Sign in</title>');
    });
    const error = await rejection(client(baseUrl).runs.get('run_1'));
    expect((error as Error).message).toContain('the server answered 200 with an HTML page, not PyFlue JSON (a login or proxy page?)');
  });
});

describe('types of the new options and fields', () => {
  it('compile as documented', () => {
    expectTypeOf<PyFlueError['runId']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<PyFlueError['lastEventIndex']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<ResumeOptions['idleTimeoutMs']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<AgentStreamOptions>().toHaveProperty('idleTimeoutMs');
    expectTypeOf<SocketPromptOptions>().toHaveProperty('answerTimeoutMs');
    expectTypeOf<WorkflowRunOptions>().toHaveProperty('idleTimeoutMs');
    expectTypeOf<PyFlueClientClosedError>().toMatchTypeOf<PyFlueError>();
    const http = new PyFlueClient('http://127.0.0.1:1', { idleTimeoutMs: 1_000 });
    clients.push(http);
    // Lazy: building these sends nothing, so the unreachable address does not matter.
    http.workflows.stream('greet', {}, { idleTimeoutMs: 300, maxReconnects: 3, reconnectDelayMs: 0 });
    http.agents.stream('summarize', 'x', { payload: {}, idleTimeoutMs: 300 });
    // @ts-expect-error idleTimeoutMs is a number of milliseconds (and refused at run time, before anything is sent)
    expect(() => http.runs.stream('run_1', { idleTimeoutMs: '300' })).toThrow(/idleTimeoutMs/);
    // @ts-expect-error the client option too
    expect(() => new PyFlueClient('http://127.0.0.1:1', { idleTimeoutMs: '1s' })).toThrow(/idleTimeoutMs/);
  });
});
