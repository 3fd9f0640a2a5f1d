/**
 * Conformance against the real PyFlue 0.2.0 fixture server: the sockets
 * (`agents.connect`, `workflows.connect`) on their success and error paths, and
 * `client.close()` closing what the client opened, end to end. The HTTP answers these
 * tests also receive are checked against spec/openapi.yaml.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import {
  PyFlueClient,
  PyFlueClientClosedError,
  PyFlueInputError,
  PyFlueSocketError,
  type AgentServerMessage,
  type AgentSocket,
  type RunEvent,
  type WorkflowServerMessage,
} from '../../src/index.js';
import { rejection, knownEvent, knownEvents } from '../support/assertions.js';
import { conformanceTarget } from '../support/conformance-target.js';
import { createValidatingFetch } from '../support/validating-fetch.js';

const target = await conformanceTarget();
const baseUrl = target.baseUrl;
const spec = createValidatingFetch({ fetch: target.fetch, additiveFields: true });
const client = new PyFlueClient(baseUrl, { fetch: spec.fetch, websocket: target.websocket });
const suffix = randomUUID().slice(0, 8);
const unique = (name: string) => `${name}-${suffix}`;

afterAll(() => client.close());


describe('agents.connect', () => {
  it('answers prompts in flight in order, with per-session turns; onEvent sees every frame; await using closes it', async () => {
    const id = unique('socket');
    const seen: AgentServerMessage[] = [];
    let socket: AgentSocket;
    {
      await using opened = client.agents.connect('assistant', id);
      socket = opened;
      opened.onEvent((frame) => seen.push(frame));
      // All sent before the first answer is in; the FIFO settles each with its own answer.
      const replies = await Promise.all([
        opened.prompt('one', { session: 'a' }),
        opened.prompt('two', { session: 'b' }),
        opened.prompt('three', { session: 'a' }),
        opened.prompt('four'),
        opened.prompt('five', { session: 'b' }),
      ]);
      await opened.ready;
      expect(replies.map((reply) => reply.result.text)).toEqual([
        `echo[${id}:a]#1: one`,
        `echo[${id}:b]#1: two`,
        `echo[${id}:a]#2: three`,
        `echo[${id}:default]#1: four`,
        `echo[${id}:b]#2: five`,
      ]);
      expect(replies.every((reply) => reply.type === 'result')).toBe(true);
      expect(replies[2]!.result.metadata).toEqual({ harness: 'echo', turn: 2 });
      expect(seen).toEqual(replies);
    }
    // Leaving the block closed the socket.
    const afterDispose = await rejection(socket.prompt('too late'));
    expect(afterDispose).toBeInstanceOf(PyFlueSocketError);

    // The socket and HTTP share the instance's sessions.
    const overHttp = (await client.agents.invoke('assistant', id, { payload: { message: 'via http', session: 'a' } })) as {
      result: { text: string };
    };
    expect(overHttp.result.text).toBe(`echo[${id}:a]#3: via http`);
  });

  it('an aborted prompt rejects with the reason; its answer is skipped, the next prompts get their own', async () => {
    const id = unique('socket-abort');
    await using socket = client.agents.connect('assistant', id);
    // The socket code is loaded on connect; once it is, prompts are sent at once (before that, an aborted one is never sent).
    await socket.ready;
    const controller = new AbortController();
    const first = socket.prompt('first', { signal: controller.signal });
    const second = socket.prompt('second');
    const reason = new Error('no longer needed');
    controller.abort(reason);
    expect(await rejection(first)).toBe(reason);
    // The server still answered `first` (turn 1): that answer is consumed, not handed to `second`.
    expect((await second).result.text).toBe(`echo[${id}:default]#2: second`);
    expect((await socket.prompt('third')).result.text).toBe(`echo[${id}:default]#3: third`);
  });

  it('reaches a nested agent (support.billing)', async () => {
    const id = unique('socket-billing');
    await using socket = client.agents.connect('support.billing', id);
    expect((await socket.prompt('invoice 7?')).result.text).toBe(`echo[${id}:default]#1: invoice 7?`);
    expect((await socket.prompt('and 8?')).result.text).toBe(`echo[${id}:default]#2: and 8?`);
  });

  it('an unknown agent: the prompt rejects with PyFlueSocketError carrying the not_found error frame', async () => {
    for (const name of [unique('no-such-agent'), 'summarize']) {
      const socket = client.agents.connect(name, unique('socket-missing'));
      const frames: AgentServerMessage[] = [];
      socket.onEvent((frame) => frames.push(frame));
      const error = await rejection(socket.prompt('anyone?'));
      expect(error).toBeInstanceOf(PyFlueSocketError);
      expect((error as PyFlueSocketError).error).toMatchObject({ type: 'not_found', message: `Unknown persistent agent: ${name}.` });
      expect(frames).toEqual([{ type: 'error', error: { type: 'not_found', message: `Unknown persistent agent: ${name}.` } }]);
      // Nothing more can be sent on it.
      const again = await rejection(socket.prompt('still there?'));
      expect(again).toBeInstanceOf(PyFlueSocketError);
      expect((again as PyFlueSocketError).error?.type).toBe('not_found');
      await socket.close();
    }
  });
});

describe('workflows.connect', () => {
  it('run(payload) resolves with every message through the result frame; runId resolves', async () => {
    await using socket = client.workflows.connect('greet');
    const frames: WorkflowServerMessage[] = [];
    socket.onEvent((frame) => frames.push(frame));
    const messages = await socket.run({ name: 'Socket' });
    expect(messages.map((message) => message.type)).toEqual(['run_start', 'log', 'log', 'log', 'run_end', 'result']);
    const runId = await socket.runId;
    expect(runId).toMatch(/^workflow:greet:run_/);
    const events = messages.slice(0, 5) as Array<WorkflowServerMessage & { eventIndex: number; runId: string }>;
    expect(events.map((event) => event.eventIndex)).toEqual([1, 2, 3, 4, 5]);
    expect(events.every((event) => event.runId === runId)).toBe(true);
    expect(messages.at(-1)).toMatchObject({ type: 'result', run_id: runId, runId, result: { greeting: 'Hello, Socket!', runId } });
    expect(frames).toEqual(messages);
    // A workflow socket runs one invocation.
    await expect(socket.run({ name: 'twice' })).rejects.toBeInstanceOf(PyFlueInputError);
  });

  it('invoke(payload) resolves with { result, runId }; the run is recorded over HTTP', async () => {
    await using socket = client.workflows.connect('greet');
    const outcome = await socket.invoke({ name: 'Invoked' });
    expect(outcome).toEqual({ result: { greeting: 'Hello, Invoked!', runId: outcome.runId }, runId: expect.stringMatching(/^workflow:greet:run_/) });
    expect(await socket.runId).toBe(outcome.runId);
    const recorded: RunEvent[] = knownEvents((await client.runs.events(outcome.runId)).events);
    expect(recorded.map((event) => event.type)).toEqual(['run_start', 'log', 'log', 'log', 'run_end']);
    expect((await client.runs.get(outcome.runId)).status).toBe('succeeded');
  });

  it('a failing workflow: invoke rejects with PyFlueSocketError carrying the error; run ends with the error frame', async () => {
    const invoked = client.workflows.connect('explode');
    const error = await rejection(invoked.invoke({ reason: 'socket-invoke' }));
    expect(error).toBeInstanceOf(PyFlueSocketError);
    expect((error as PyFlueSocketError).error).toMatchObject({ type: 'internal_error', message: 'An internal error occurred.', details: 'socket-invoke' });
    // The run did start, so its id is known.
    const failedRunId = await invoked.runId;
    expect((await client.runs.get(failedRunId)).status).toBe('failed');
    await invoked.close();

    await using ran = client.workflows.connect('explode');
    const messages = await ran.run({ reason: 'socket-run' });
    expect(messages.map((message) => message.type)).toEqual(['run_start', 'log', 'run_end', 'error']);
    expect(messages.at(-1)).toEqual({
      type: 'error',
      error: { type: 'internal_error', message: 'An internal error occurred.', details: 'socket-run' },
    });
    expect(messages[2]).toMatchObject({ type: 'run_end', data: { is_error: true, status: 'failed' } });
  });

  it('an unknown workflow: invoke rejects with the not_found error, and runId rejects', async () => {
    const name = unique('no-such-workflow');
    const socket = client.workflows.connect(name);
    const error = await rejection(socket.invoke({}));
    expect(error).toBeInstanceOf(PyFlueSocketError);
    expect((error as PyFlueSocketError).error).toEqual({ type: 'not_found', message: `Unknown workflow: ${name}.` });
    await expect(socket.runId).rejects.toBeInstanceOf(PyFlueSocketError);
    await socket.close();
  });
});

describe('client.close()', () => {
  it('closes open sockets and streams: a later prompt rejects, a pending for await over a live run rejects with PyFlueClientClosedError', async () => {
    const closing = new PyFlueClient(baseUrl, { fetch: spec.fetch, websocket: target.websocket });
    const id = unique('close');
    const socket = closing.agents.connect('assistant', id);
    expect((await socket.prompt('before close')).result.text).toBe(`echo[${id}:default]#1: before close`);

    // A live run of 40 × 100 ms: its stream is still pending when the client closes.
    const { runId } = await closing.workflows.invoke('slow', { count: 40, delay_ms: 100 });
    const stream = closing.runs.stream(runId);
    const seen: RunEvent[] = [];
    let firstSeen!: () => void;
    const gotFirst = new Promise<void>((resolve) => (firstSeen = resolve));
    const reading = (async () => {
      for await (const event of stream) {
        seen.push(knownEvent(event));
        firstSeen();
      }
      return 'ended without error';
    })().catch((error: unknown) => error);
    await gotFirst;

    await closing.close();
    const ended = await reading;
    expect(ended).toBeInstanceOf(PyFlueClientClosedError);
    expect(ended).toMatchObject({ runId, lastEventIndex: seen.length });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.some((event) => event.type === 'run_end')).toBe(false);
    expect((await client.runs.get(runId)).status).toBe('running');

    const error = await rejection(socket.prompt('after close'));
    expect(error).toBeInstanceOf(PyFlueSocketError);
    // Closing again is harmless.
    await closing.close();
  });
});

describe('the answers the client received', () => {
  it('all hold against spec/openapi.yaml', () => {
    expect(spec.exchanges.filter((exchange) => exchange.checked === 'json').length).toBeGreaterThan(4);
    expect(spec.problems).toEqual([]);
  });
});
