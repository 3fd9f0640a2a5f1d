/**
 * AgentSocket and WorkflowSocket against a loopback mock that sends the frames of
 * spec/asyncapi.yaml (test/support/socket-mock.ts), plus its misbehaviour on demand.
 * No timing assertions: held answers (`mock.hold()`) make "in flight" deterministic;
 * the opening timeout is driven by fake timers, or by a server that never answers with
 * only a hang guard around it.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import type WsWebSocket from 'ws';
import { PyFlueInputError, PyFlueSocketError, PyFlueTimeoutError } from '../../src/facade/core/errors.js';
import { AgentSocket } from '../../src/facade/internal/sockets/agent-socket.js';
import { WorkflowSocket } from '../../src/facade/internal/sockets/workflow-socket.js';
import type { WebSocketLike } from '../../src/facade/core/websocket.js';
import { toWebSocketUrl } from '../../src/facade/internal/context.js';
import { defaultWebSocketFactory } from '../../src/facade/internal/sockets/default-websocket.js';
import type { ConnectionInit } from '../../src/facade/internal/sockets/connection.js';
import type { AgentServerMessage, WorkflowServerMessage } from '../../src/index.js';
import { rejection } from '../support/assertions.js';
import {
  AGENT_COMMANDS,
  FakeWebSocket,
  WORKFLOW_COMMANDS,
  startSilentServer,
  startSocketMock,
  type SilentServer,
  type SocketMock,
} from '../support/socket-mock.js';

let mock: SocketMock;
let counter = 0;
const opened: Array<AgentSocket | WorkflowSocket> = [];

beforeAll(async () => {
  mock = await startSocketMock();
});
afterEach(async () => {
  mock.release();
  await Promise.all(opened.splice(0).map((socket) => socket.close()));
});
afterAll(async () => {
  await mock.stop();
});

interface Opened<T> {
  socket: T;
  path: string;
  /** How many times onSettled ran so far. */
  settledCount: () => number;
  /** Resolves when onSettled first runs. */
  settled: Promise<void>;
}

function init(path: string, overrides: Partial<ConnectionInit> = {}, headers: Record<string, string> = {}) {
  const url = toWebSocketUrl(mock.baseUrl, path);
  let count = 0;
  let markSettled!: () => void;
  const settled = new Promise<void>((resolve) => (markSettled = resolve));
  const connectionInit: ConnectionInit = {
    url,
    open: () => defaultWebSocketFactory(url, { headers }),
    onSettled: () => {
      count += 1;
      markSettled();
    },
    ...overrides,
  };
  return { connectionInit, settled, settledCount: () => count };
}

function agent(name = 'assistant', overrides: Partial<ConnectionInit> = {}, headers: Record<string, string> = {}): Opened<AgentSocket> {
  const path = `/agents/${name}/t-${++counter}`;
  const { connectionInit, settled, settledCount } = init(path, overrides, headers);
  const socket = new AgentSocket(connectionInit);
  opened.push(socket);
  return { socket, path, settled, settledCount };
}

function workflow(name = 'greet'): Opened<WorkflowSocket> {
  // A query makes each path unique so the mock's connection can be found by path.
  const path = `/workflows/${name}?n=${++counter}`;
  const { connectionInit, settled, settledCount } = init(path);
  const socket = new WorkflowSocket(connectionInit);
  opened.push(socket);
  return { socket, path, settled, settledCount };
}

const id = (path: string): string => path.split('/').at(-1)!;

/** Rejects with a clear error if `promise` has not settled within `ms` (a hang guard, not a timing check). */
function guard<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`hang guard: ${what} did not settle within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Collects `unhandledRejection` reports until `stop()`, which returns them after a few macrotask turns. */
function collectUnhandled(): { stop: () => Promise<unknown[]> } {
  const reasons: unknown[] = [];
  const onUnhandled = (reason: unknown): void => {
    reasons.push(reason);
  };
  process.on('unhandledRejection', onUnhandled);
  return {
    stop: async () => {
      for (let turn = 0; turn < 5; turn += 1) await new Promise((resolve) => setTimeout(resolve, 10));
      process.off('unhandledRejection', onUnhandled);
      return reasons;
    },
  };
}

/** A promise that never settles: an `open()` stuck resolving headers. */
const never = <T>(): Promise<T> => new Promise<T>(() => {});
const texts = (results: Array<{ result: { text: string } }>): string[] => results.map((r) => r.result.text);

describe('toWebSocketUrl', () => {
  it('maps http to ws and https to wss, keeping host, port and path prefix', () => {
    expect(toWebSocketUrl('http://h:1', '/agents/a/b')).toBe('ws://h:1/agents/a/b');
    expect(toWebSocketUrl('http://h:1/prefix', '/agents/a/b')).toBe('ws://h:1/prefix/agents/a/b');
    expect(toWebSocketUrl('https://example.com/api/v1/', '/workflows/w')).toBe('wss://example.com/api/v1/workflows/w');
    expect(toWebSocketUrl('http://h:2/', 'agents/a/b')).toBe('ws://h:2/agents/a/b');
  });

  it('drops the base URL query and hash', () => {
    expect(toWebSocketUrl('http://h:1/p/?token=abc#frag', '/agents/a/b')).toBe('ws://h:1/p/agents/a/b');
  });

  it('rejects any other protocol with PyFlueInputError', () => {
    expect(() => toWebSocketUrl('ftp://h/', '/agents/a/b')).toThrow(PyFlueInputError);
    expect(() => toWebSocketUrl('ftp://h/', '/agents/a/b')).toThrow(/ftp:/);
    expect(() => toWebSocketUrl('ws://h/', '/agents/a/b')).toThrow(/ws:.*http: or https:/);
  });
});

describe('defaultWebSocketFactory', () => {
  it('sends headers with the handshake (Node, ws) and yields a WebSocketLike', async () => {
    // Both implementations fit the interface; tsc checks these lines.
    expectTypeOf<WsWebSocket>().toExtend<WebSocketLike>();
    expectTypeOf<WebSocket>().toExtend<WebSocketLike>();
    const { socket, path } = agent('assistant', {}, { Authorization: 'Bearer secret-token' });
    await socket.ready;
    const connection = await mock.connection(path);
    expect(connection.headers.authorization).toBe('Bearer secret-token');
  });

  it('a refused handshake (401) rejects ready and pending prompts with PyFlueSocketError', async () => {
    const url = toWebSocketUrl(mock.baseUrl, '/forbidden/x');
    let settled = 0;
    const socket = new AgentSocket({ url, open: () => defaultWebSocketFactory(url, { headers: {} }), onSettled: () => settled++ });
    const pending = socket.prompt('hello');
    await expect(socket.ready).rejects.toThrow(PyFlueSocketError);
    await expect(socket.ready).rejects.toThrow(/401/);
    await expect(pending).rejects.toThrow(PyFlueSocketError);
    await socket.close();
    expect(settled).toBe(1);
  });
});

describe('AgentSocket', () => {
  it('answers several prompts in flight in order, sent before the socket opened', async () => {
    const { socket, path } = agent();
    const results = await Promise.all([
      socket.prompt('one', { session: 'a' }),
      socket.prompt('two', { session: 'b' }),
      socket.prompt('three', { session: 'a' }),
    ]);
    const i = id(path);
    expect(texts(results)).toEqual([`echo[${i}:a]#1: one`, `echo[${i}:b]#1: two`, `echo[${i}:a]#2: three`]);
    // Everything but the text is the spec's example.
    expect(results[0]).toEqual({ ...mock.examples.AgentResultMessage!.firstTurn, result: { ...results[0]!.result } });
    expect(results[0]!.result.usage).toEqual(mock.examples.AgentResultMessage!.firstTurn!.result.usage);
    const received = (await mock.connection(path)).received.map((text) => JSON.parse(text));
    expect(received).toEqual([
      { type: 'prompt', message: 'one', session: 'a' },
      { type: 'prompt', message: 'two', session: 'b' },
      { type: 'prompt', message: 'three', session: 'a' },
    ]);
  });

  it('omits session from the frame when none is given', async () => {
    const { socket, path } = agent();
    const result = await socket.prompt('plain');
    expect(result.result.text).toBe(`echo[${id(path)}:default]#1: plain`);
    expect(JSON.parse((await mock.connection(path)).received[0]!)).toEqual({ type: 'prompt', message: 'plain' });
  });

  it('an aborted prompt in the middle rejects at once and keeps the next answers aligned', async () => {
    const { socket, path } = agent();
    await socket.ready;
    mock.hold();
    const controller = new AbortController();
    const reason = new Error('user gave up');
    const first = socket.prompt('one');
    const second = socket.prompt('two', { signal: controller.signal });
    const third = socket.prompt('three');
    await mock.receivedCount(path, 3); // all three are in flight on the server
    controller.abort(reason);
    await expect(second).rejects.toBe(reason); // before any answer was released
    mock.release();
    const i = id(path);
    expect((await first).result.text).toBe(`echo[${i}:default]#1: one`);
    // The server answered "two" (#2); that answer was consumed, not given to "three".
    expect((await third).result.text).toBe(`echo[${i}:default]#3: three`);
    expect((await socket.prompt('four')).result.text).toBe(`echo[${i}:default]#4: four`);
  });

  it('a signal aborted beforehand rejects with its reason and sends nothing', async () => {
    const { socket, path } = agent();
    const reason = new Error('already aborted');
    await expect(socket.prompt('never', { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    await socket.prompt('sent');
    expect((await mock.connection(path)).received.map((text) => JSON.parse(text).message)).toEqual(['sent']);
  });

  it('validates input before sending anything', async () => {
    const { socket, path } = agent();
    await expect(socket.prompt(42 as unknown as string)).rejects.toThrow(PyFlueInputError);
    await expect(socket.prompt('x', { session: '' })).rejects.toThrow(PyFlueInputError);
    await expect(socket.prompt('x', { session: '   ' })).rejects.toThrow(/session must be a non-empty string/);
    await expect(socket.prompt('x', { session: 7 as unknown as string })).rejects.toThrow(/session/);
    await socket.prompt('valid');
    // The valid prompt was sent after the invalid ones; it is the only frame the server saw.
    expect((await mock.connection(path)).received.map((text) => JSON.parse(text).message)).toEqual(['valid']);
  });

  it('an error frame rejects every pending prompt with the server error', async () => {
    const { socket } = agent('no-such-agent');
    const events: AgentServerMessage[] = [];
    socket.onEvent((message) => events.push(message));
    const prompts = [socket.prompt('a'), socket.prompt('b')];
    const expected = mock.examples.SocketErrorMessage!.unknownAgent!;
    for (const prompt of prompts) {
      const error = await prompt.then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(PyFlueSocketError);
      expect((error as PyFlueSocketError).error).toEqual(expected.error);
      expect((error as PyFlueSocketError).message).toContain(expected.error.message);
    }
    expect(events).toEqual([expected]);
    await expect(socket.prompt('after')).rejects.toThrow(/closed; connect again/);
  });

  it('an error frame mid-conversation rejects the prompts after it too', async () => {
    const { socket } = agent();
    const failing = socket.prompt(AGENT_COMMANDS.errorFrame);
    const after = socket.prompt('never answered');
    await expect(failing).rejects.toMatchObject({ name: 'PyFlueSocketError', error: { type: 'internal_error', details: 'kaboom' } });
    await expect(after).rejects.toMatchObject({ error: { type: 'internal_error' } });
  });

  it('a dropped connection rejects pending prompts with PyFlueSocketError and its close code', async () => {
    const { socket, settled } = agent();
    const ok = socket.prompt('fine');
    const dropped = socket.prompt(AGENT_COMMANDS.drop);
    const queued = socket.prompt('behind it');
    expect((await ok).result.text).toContain('fine');
    for (const pending of [dropped, queued]) {
      await expect(pending).rejects.toBeInstanceOf(PyFlueSocketError);
      await expect(pending).rejects.toMatchObject({ closeCode: 1006 });
    }
    await settled;
    await expect(socket.prompt('later')).rejects.toThrow(/closed; connect again/);
  });

  it('close code 1011 (the server failed on a prompt) rejects with code and reason', async () => {
    const { socket } = agent();
    const error = await socket.prompt(AGENT_COMMANDS.close1011).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(PyFlueSocketError);
    expect(error).toMatchObject({ closeCode: 1011, closeReason: 'internal error' });
    expect((error as Error).message).toMatch(/1011/);
  });

  describe('protocol violations reject pending prompts and close with 1002', () => {
    const cases = [
      ['a non-JSON frame', AGENT_COMMANDS.nonJson, /not JSON/],
      ['a JSON frame that is no object', AGENT_COMMANDS.nonObject, /not a JSON object/],
      ['a frame failing the guard', AGENT_COMMANDS.invalid, /"result" frame that does not have that frame's shape/],
    ] as const;
    for (const [what, command, message] of cases) {
      it(what, async () => {
        const { socket, path } = agent();
        const bad = socket.prompt(command);
        const behind = socket.prompt('behind it');
        await expect(bad).rejects.toThrow(message);
        await expect(behind).rejects.toMatchObject({ name: 'PyFlueSocketError', closeCode: 1002 });
        expect(await (await mock.connection(path)).closed).toBe(1002);
      });
    }

    it('a result frame while no prompt is pending', async () => {
      const { socket, path } = agent();
      const result = await socket.prompt(AGENT_COMMANDS.extraResult);
      expect(result.result.text).toContain(AGENT_COMMANDS.extraResult);
      expect(await (await mock.connection(path)).closed).toBe(1002);
      await expect(socket.prompt('after')).rejects.toThrow(PyFlueSocketError);
    });
  });

  it('close() while connecting rejects ready and pending prompts; onSettled runs once', async () => {
    const { socket, settledCount } = agent();
    const pending = socket.prompt('too late');
    await socket.close();
    await expect(socket.ready).rejects.toThrow(PyFlueSocketError);
    await expect(pending).rejects.toThrow(/closed by the client \(close\(\)\)/);
    expect(settledCount()).toBe(1);
  });

  it('close() while open() never settles resolves, aborts the signal and rejects what was pending', async () => {
    let signal: AbortSignal | undefined;
    const { socket, settledCount } = agent('assistant', {
      open: (given) => {
        signal = given;
        return never(); // e.g. a headers function that hangs
      },
    });
    const pending = socket.prompt('too late');
    expect(signal?.aborted).toBe(false);
    await guard(socket.close(), 5_000, 'close()');
    expect(signal?.aborted).toBe(true);
    expect(signal?.reason).toBeInstanceOf(PyFlueSocketError);
    await expect(pending).rejects.toThrow(/closed by the client \(close\(\)\)/);
    await expect(socket.ready).rejects.toBe(signal?.reason);
    expect(settledCount()).toBe(1);
  });

  it('a socket open() delivers after close() is closed at once; close() did not wait for it', async () => {
    let signal: AbortSignal | undefined;
    let created: WebSocketLike | undefined;
    let provide!: () => void;
    const gate = new Promise<void>((resolve) => (provide = resolve));
    let lateClosed!: (code: number) => void;
    const closedLate = new Promise<number>((resolve) => (lateClosed = resolve));
    const { socket, settledCount } = agent('assistant', {
      open: async (given) => {
        signal = given;
        await gate; // headers still being resolved, and the signal ignored
        created = defaultWebSocketFactory(toWebSocketUrl(mock.baseUrl, '/agents/assistant/gated'), { headers: {} });
        created.addEventListener('close', (event) => lateClosed(event.code));
        return created;
      },
    });
    await guard(socket.close(), 5_000, 'close()');
    expect(created).toBeUndefined();
    expect(signal?.aborted).toBe(true);
    provide();
    await guard(closedLate, 5_000, 'the late socket closing');
    expect(created?.readyState).toBe(3); // CLOSED
    await expect(socket.ready).rejects.toThrow(PyFlueSocketError);
    expect(settledCount()).toBe(1);
  });

  it('a late socket that is already open is closed with the code close() was given', async () => {
    const late = new FakeWebSocket();
    let provide!: (socket: FakeWebSocket) => void;
    const { socket } = agent('assistant', { open: () => new Promise<FakeWebSocket>((resolve) => (provide = resolve)) });
    await socket.close(4001, 'bye');
    late.serverOpens();
    provide(late);
    await vi.waitFor(() => expect(late.closedWith).toEqual({ code: 4001, reason: 'bye' }), { timeout: 5_000 });
    expect(late.sent).toEqual([]);
  });

  it('open() failing rejects ready and prompts with PyFlueSocketError carrying the cause', async () => {
    const cause = new Error('could not resolve headers');
    const { socket, settledCount, settled } = agent('assistant', { open: () => Promise.reject(cause) });
    const pending = socket.prompt('x');
    await expect(socket.ready).rejects.toMatchObject({ name: 'PyFlueSocketError', cause });
    await expect(pending).rejects.toThrow(/could not resolve headers/);
    await settled;
    expect(settledCount()).toBe(1);
  });

  it('a failing socket nobody awaits causes no unhandled rejection', async () => {
    const unhandled = collectUnhandled();
    const { socket, settled } = agent('assistant', {
      open: () => {
        throw new Error('sync failure');
      },
    });
    await settled;
    expect(await unhandled.stop()).toEqual([]);
    // It did fail: only nobody was listening.
    await expect(socket.ready).rejects.toThrow(/sync failure/);
  });

  it('close() after the server closed, and twice, resolves; onSettled still runs once', async () => {
    const { socket, settled, settledCount } = agent('no-such-agent');
    await settled; // the server sent its error frame and closed
    await socket.close();
    await Promise.all([socket.close(), socket.close(4000, 'bye')]);
    expect(settledCount()).toBe(1);
  });

  it('close() twice while open returns promises that both resolve, with the first code', async () => {
    const { socket, path, settledCount } = agent();
    await socket.ready;
    await Promise.all([socket.close(4001, 'first'), socket.close(1000)]);
    expect(await (await mock.connection(path)).closed).toBe(4001);
    expect(settledCount()).toBe(1);
  });

  it('close() rejects a code a browser would refuse', async () => {
    const { socket } = agent();
    await expect(socket.close(1002)).rejects.toThrow(PyFlueInputError);
    await expect(socket.close(1000, 'x'.repeat(124))).rejects.toThrow(/123/);
  });

  it('await using closes the socket at the end of the block', async () => {
    let path = '';
    {
      const made = agent();
      path = made.path;
      await using socket = made.socket;
      expect((await socket.prompt('scoped')).result.text).toContain('scoped');
    }
    expect(await (await mock.connection(path)).closed).toBe(1000);
  });

  it('onEvent sees every frame until unsubscribed', async () => {
    const { socket } = agent();
    const first: string[] = [];
    const second: string[] = [];
    const stopFirst = socket.onEvent((m) => first.push(m.type === 'result' ? m.result.text : m.type));
    socket.onEvent((m) => second.push(m.type === 'result' ? m.result.text : m.type));
    await socket.prompt('one');
    stopFirst();
    stopFirst(); // harmless twice
    await socket.prompt('two');
    expect(first).toHaveLength(1);
    expect(second).toHaveLength(2);
    expect(second[1]).toContain('two');
  });

  it('a listener that throws breaks neither the socket nor other listeners, and its error reaches onListenerError', async () => {
    const reported: unknown[] = [];
    const { socket } = agent('assistant', { onListenerError: (error) => reported.push(error) });
    const seen: AgentServerMessage[] = [];
    socket.onEvent(() => {
      throw new Error('listener bug');
    });
    socket.onEvent((message) => seen.push(message));
    expect((await socket.prompt('one')).result.text).toContain('one');
    expect((await socket.prompt('two')).result.text).toContain('two');
    expect(seen).toHaveLength(2);
    expect(reported).toHaveLength(2);
    expect((reported[0] as Error).message).toBe('listener bug');
  });

  it('without onListenerError a throwing listener is reported as an uncaught error (reportError), not swallowed', async () => {
    const reportError = vi.fn();
    vi.stubGlobal('reportError', reportError);
    try {
      const { socket } = workflow();
      socket.onEvent(() => {
        throw new TypeError('workflow listener bug');
      });
      const { result } = await socket.invoke({ name: 'Ada' });
      expect(result).toBeDefined();
      expect(reportError).toHaveBeenCalled();
      expect((reportError.mock.calls[0]![0] as Error).message).toBe('workflow listener bug');
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('opening timeout (timeoutMs)', () => {
  let silent: SilentServer;
  beforeAll(async () => {
    silent = await startSilentServer();
  });
  afterAll(async () => {
    await silent.stop();
  });

  it('a handshake that gets no answer ends ready and a pending prompt with PyFlueSocketError caused by PyFlueTimeoutError', async () => {
    const unhandled = collectUnhandled();
    const url = toWebSocketUrl(silent.baseUrl, '/agents/assistant/silent');
    let settled = 0;
    const socket = new AgentSocket({ url, open: () => defaultWebSocketFactory(url, { headers: {} }), connectTimeoutMs: 200, onSettled: () => settled++ });
    const pending = socket.prompt('never answered');
    // The upgrade request did reach the server; it just never answers.
    expect(await guard(silent.request, 5_000, 'the upgrade request')).toMatch(/^GET \/agents\/assistant\/silent HTTP\/1\.1\r\n[\s\S]*upgrade: websocket/i);

    const error = await guard(rejection(socket.ready), 5_000, 'ready');
    expect(error).toBeInstanceOf(PyFlueSocketError);
    expect((error as Error).message).toMatch(/the handshake got no answer within 200 ms/);
    expect((error as Error).message).toMatch(/raise connectTimeoutMs/);
    const cause = (error as Error).cause;
    expect(cause).toBeInstanceOf(PyFlueTimeoutError);
    expect(cause).toMatchObject({ method: 'WEBSOCKET', url });
    await expect(pending).rejects.toBe(error);
    await expect(socket.prompt('after')).rejects.toThrow(/closed; connect again/);

    await guard(socket.close(), 5_000, 'close()');
    expect(settled).toBe(1);
    // The client gave up the TCP connection too: nothing is left open.
    await guard(silent.peerClosed(silent.stats.accepted), 5_000, 'the TCP connection closing');
    expect(await unhandled.stop()).toEqual([]);
  });

  it('a workflow socket that never opens rejects run and runId', async () => {
    const url = toWebSocketUrl(silent.baseUrl, '/workflows/greet');
    const socket = new WorkflowSocket({ url, open: () => defaultWebSocketFactory(url, { headers: {} }), connectTimeoutMs: 200 });
    opened.push(socket);
    const error = await guard(rejection(socket.run({ name: 'x' })), 5_000, 'run()');
    expect(error).toBeInstanceOf(PyFlueSocketError);
    expect((error as Error).cause).toBeInstanceOf(PyFlueTimeoutError);
    await expect(socket.runId).rejects.toThrow(/no run id.*no answer within 200 ms/);
  });

  describe('with fake timers and no network', () => {
    beforeEach(() => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    });
    afterEach(() => {
      vi.useRealTimers();
    });
    const url = 'ws://127.0.0.1:9/agents/assistant/fake';

    it('an open() that has not settled when the time runs out is aborted; the error says so', async () => {
      let signal: AbortSignal | undefined;
      const socket = new AgentSocket({
        url,
        open: (given) => {
          signal = given;
          return never();
        },
        connectTimeoutMs: 1_000,
      });
      const pending = socket.prompt('x');
      expect(vi.getTimerCount()).toBe(1);
      vi.advanceTimersByTime(1_000);
      const error = await rejection(socket.ready);
      expect(error).toBeInstanceOf(PyFlueSocketError);
      expect((error as Error).message).toMatch(/did not open within 1000 ms.*open\(\)/);
      expect((error as Error).cause).toBeInstanceOf(PyFlueTimeoutError);
      expect(signal?.aborted).toBe(true);
      expect(signal?.reason).toBe(error);
      await expect(pending).rejects.toBe(error);
      await socket.close(); // settled already: resolves without open() ever settling
      expect(vi.getTimerCount()).toBe(0);
    });

    it('the timer is cleared once the socket opens, and the socket then lives past it', async () => {
      const fake = new FakeWebSocket();
      const socket = new AgentSocket({ url, open: () => fake, connectTimeoutMs: 1_000 });
      expect(vi.getTimerCount()).toBe(1);
      fake.serverOpens();
      await socket.ready;
      expect(vi.getTimerCount()).toBe(0);
      vi.advanceTimersByTime(5_000);
      const sending = socket.prompt('still open');
      expect(fake.sent.map((text) => JSON.parse(text))).toEqual([{ type: 'prompt', message: 'still open' }]);
      await socket.close();
      await expect(sending).rejects.toThrow(/closed by the client/);
      expect(fake.closedWith).toEqual({ code: 1000, reason: undefined });
      expect(fake.listenerCount).toBe(0);
    });

    const endings: Array<[string, (socket: AgentSocket, fake: FakeWebSocket) => unknown, RegExp]> = [
      ['close() before it opened', (socket) => socket.close(), /closed by the client/],
      ['the server closing before it opened', (_, fake) => fake.serverCloses(1006), /closed with code 1006 before opening/],
    ];
    for (const [what, end, message] of endings) {
      it(`the timer is cleared by ${what}`, async () => {
        const fake = new FakeWebSocket();
        const socket = new AgentSocket({ url, open: () => fake, connectTimeoutMs: 1_000 });
        expect(vi.getTimerCount()).toBe(1);
        await end(socket, fake);
        await expect(socket.ready).rejects.toThrow(message);
        expect(vi.getTimerCount()).toBe(0);
        expect(fake.listenerCount).toBe(0);
      });
    }

    it('the timer is cleared when open() fails', async () => {
      const socket = new AgentSocket({ url, open: () => Promise.reject(new Error('no headers')), connectTimeoutMs: 1_000 });
      await expect(socket.ready).rejects.toThrow(/no headers/);
      expect(vi.getTimerCount()).toBe(0);
    });

    it('timeoutMs 0 or undefined sets no timer', async () => {
      for (const timeoutMs of [0, undefined]) {
        const fake = new FakeWebSocket();
        const socket = new AgentSocket({ url, open: () => fake, connectTimeoutMs: timeoutMs });
        expect(vi.getTimerCount()).toBe(0);
        await socket.close();
        expect(fake.closedWith).toEqual({ code: 1000, reason: undefined });
      }
    });
  });
});

describe('WorkflowSocket', () => {
  const greetRunId = (): string => mock.examples.WorkflowResultMessage!.greet!.runId as string;

  it('run resolves every message through the result frame, included', async () => {
    const { socket, path } = workflow('greet');
    const events: WorkflowServerMessage[] = [];
    socket.onEvent((m) => events.push(m));
    const messages = await socket.run({ name: 'Socket' });
    expect(messages.map((m) => m.type)).toEqual(['run_start', 'log', 'run_end', 'result']);
    expect(messages.slice(0, 3)).toEqual([
      mock.examples.WorkflowRunEventMessage!.runStart,
      mock.examples.WorkflowRunEventMessage!.log,
      mock.examples.WorkflowRunEventMessage!.runEnd,
    ]);
    expect(messages.at(-1)).toMatchObject({ type: 'result', result: { greeting: 'Hello, Socket!' } });
    expect(events).toEqual(messages);
    expect(await socket.runId).toBe(greetRunId());
    expect((await mock.connection(path)).received.map((text) => JSON.parse(text))).toEqual([{ payload: { name: 'Socket' } }]);
  });

  it('run without a payload sends an empty one', async () => {
    const { socket, path } = workflow('greet');
    await socket.run();
    expect((await mock.connection(path)).received).toEqual(['{"payload":{}}']);
  });

  it('invoke resolves the result and run id', async () => {
    const { socket } = workflow('greet');
    const { result, runId } = await socket.invoke({ name: 'Ada' });
    expect(result).toEqual(mock.examples.WorkflowResultMessage!.greet!.result);
    expect(runId).toBe(greetRunId());
  });

  it('a failed run: run resolves with the error frame last, invoke rejects with it', async () => {
    const failed = mock.examples.SocketErrorMessage!.runFailed!;
    const { socket: first } = workflow('explode');
    const messages = await first.run({ reason: 'kaboom' });
    expect(messages.map((m) => m.type)).toEqual(['run_end', 'error']);
    expect(messages.at(-1)).toEqual(failed);

    const { socket: second } = workflow('explode');
    const error = await second.invoke({ reason: 'kaboom' }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(PyFlueSocketError);
    expect((error as PyFlueSocketError).error).toEqual(failed.error);
    expect((error as Error).message).toContain('kaboom');
    expect(await second.runId).toBe(mock.examples.WorkflowRunEventMessage!.runEndFailed!.runId);
  });

  it('an unknown workflow: invoke and runId reject with the not_found error', async () => {
    const { socket } = workflow('nope');
    const expected = mock.examples.SocketErrorMessage!.unknownWorkflow!;
    await expect(socket.invoke({})).rejects.toMatchObject({ name: 'PyFlueSocketError', error: expected.error });
    await expect(socket.runId).rejects.toMatchObject({ name: 'PyFlueSocketError', error: expected.error });
  });

  it('a second run or invoke on the same socket is rejected', async () => {
    const { socket } = workflow('greet');
    await socket.run({ name: 'once' });
    await expect(socket.run({ name: 'twice' })).rejects.toThrow(PyFlueInputError);
    await expect(socket.invoke({ name: 'twice' })).rejects.toThrow(/runs one invocation.*connect again/);
  });

  it('validates the payload before sending anything', async () => {
    const { socket, path } = workflow('greet');
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    for (const bad of [[1, 2], 'text', null, new Map(), circular]) {
      await expect(socket.run(bad as Record<string, unknown>)).rejects.toThrow(PyFlueInputError);
    }
    // Nothing was sent, so the one invocation is still available.
    await socket.run({ name: 'valid' });
    expect((await mock.connection(path)).received).toEqual(['{"payload":{"name":"valid"}}']);
  });

  it('a connection dropped mid-run rejects run; runId is already known', async () => {
    const { socket } = workflow('greet');
    await expect(socket.run({ mock: WORKFLOW_COMMANDS.dropAfterStart })).rejects.toMatchObject({
      name: 'PyFlueSocketError',
      closeCode: 1006,
    });
    expect(await socket.runId).toBe(greetRunId());
  });

  it('a socket ending before any run event rejects runId', async () => {
    const { socket } = workflow('greet');
    await expect(socket.run({ mock: WORKFLOW_COMMANDS.dropBeforeStart })).rejects.toThrow(PyFlueSocketError);
    await expect(socket.runId).rejects.toThrow(/no run id/);
  });

  it('runId rejecting with nobody awaiting it is no unhandled rejection', async () => {
    const { socket, settled } = workflow('greet');
    await socket.close();
    await settled;
    // vitest fails the run on an unhandled rejection; check it did reject.
    await expect(socket.runId).rejects.toBeInstanceOf(PyFlueSocketError);
  });

  it('an invalid run event is a protocol violation (close 1002)', async () => {
    const { socket, path } = workflow('greet');
    await expect(socket.run({ mock: WORKFLOW_COMMANDS.invalid })).rejects.toThrow(/"log" frame that does not have that frame's shape/);
    expect(await (await mock.connection(path)).closed).toBe(1002);
  });

  it('a frame after the terminal frame is not part of the run', async () => {
    const { socket, settled } = workflow('greet');
    const events: WorkflowServerMessage[] = [];
    socket.onEvent((m) => events.push(m));
    const messages = await socket.run({ mock: WORKFLOW_COMMANDS.extraFrame });
    await settled;
    expect(messages.map((m) => m.type)).toEqual(['run_start', 'log', 'run_end', 'result']);
    expect(events).toHaveLength(4);
  });

  it('aborting a run rejects with the reason and closes the socket', async () => {
    const { socket, path, settled, settledCount } = workflow('greet');
    mock.hold();
    const controller = new AbortController();
    const running = socket.run({ name: 'x' }, { signal: controller.signal });
    await mock.receivedCount(path, 1);
    controller.abort('stop');
    await expect(running).rejects.toBe('stop');
    await settled;
    expect(settledCount()).toBe(1);
    expect(await (await mock.connection(path)).closed).toBe(1000);
  });

  it('await using closes the socket', async () => {
    let path = '';
    {
      const made = workflow('greet');
      path = made.path;
      await using socket = made.socket;
      await socket.ready;
    }
    expect(await (await mock.connection(path)).closed).toBe(1000);
  });
});
