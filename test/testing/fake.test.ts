/**
 * `@pyflue/client/testing` as its users use it: agents and workflows declared in
 * TypeScript, the client's `fetch` and `websocket` options, faults for resilience tests,
 * `listen()` for other processes, and `close()`. (That it answers as PyFlue does is the
 * conformance suite's job, run against it in the `fake` project, and
 * contract-traffic.test.ts's.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  PyFlueApiError,
  PyFlueClient,
  PyFlueConnectionError,
  PyFlueError,
  PyFlueInputError,
  PyFlueNotFoundError,
  PyFlueServerError,
  PyFlueSocketError,
  PyFlueTimeoutError,
  createFlueClient,
  type RunEvent,
} from '../../src/index.js';
import { createFakePyFlue, echoReply, type FakePyFlue, type FakeTurn } from '../../src/testing/index.js';
import { rejection, knownEvent } from '../support/assertions.js';

const opened: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((item) => item.close()));
});

async function fakeWith(options: Parameters<typeof createFakePyFlue>[0]): Promise<FakePyFlue> {
  const fake = await createFakePyFlue(options);
  opened.push(fake);
  return fake;
}

function clientOf(fake: FakePyFlue, options: ConstructorParameters<typeof PyFlueClient>[1] = {}): PyFlueClient {
  const client = new PyFlueClient(fake.baseUrl, { fetch: fake.fetch, websocket: fake.websocket, ...options });
  opened.push(client);
  return client;
}

async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of stream) items.push(item);
  return items;
}

const greet = async (ctx: { payload: Record<string, any>; id: string; log: { info(m: string, f?: Record<string, unknown>): Promise<void> } }) => {
  await ctx.log.info('greeting', { name: ctx.payload.name });
  await ctx.log.info('greeted');
  return { greeting: `Hello, ${ctx.payload.name}!`, runId: ctx.id };
};

describe('declaring agents and workflows', () => {
  it('a workflow gets ctx.payload, ctx.id and ctx.log; its run records the log events', async () => {
    const fake = await fakeWith({ workflows: { greet } });
    const client = clientOf(fake);
    const done = await client.workflows.invoke('greet', { name: 'Ada' }, { wait: true });
    expect(done.result).toEqual({ greeting: 'Hello, Ada!', runId: done.runId });
    expect(done.runId).toMatch(/^workflow:greet:run_[0-9A-Z]{26}$/);
    const { events } = await client.runs.events(done.runId);
    expect(events.map((event) => [event.type, event.data])).toEqual([
      ['run_start', { agent: 'greet', agent_id: done.runId }],
      ['log', { level: 'info', message: 'greeting', name: 'Ada' }],
      ['log', { level: 'info', message: 'greeted' }],
      ['run_end', { is_error: false, error: null, status: 'succeeded' }],
    ]);
  });

  it('a file-based agent answers its result with _meta (raw) or { result, runId } (flue); a non-object result too', async () => {
    const fake = await fakeWith({
      agents: {
        summarize: async (ctx) => ({ words: String(ctx.payload.text).split(' ').length, instance: ctx.agentId }),
        shout: async (ctx) => String(ctx.payload.text).toUpperCase(),
      },
    });
    const raw = clientOf(fake);
    const flue = createFlueClient({ baseUrl: fake.baseUrl, fetch: fake.fetch });
    opened.push(flue);
    const body = (await raw.agents.invoke('summarize', 'doc-1', { payload: { text: 'a b c' } })) as Record<string, any>;
    expect(body).toEqual({ words: 3, instance: 'doc-1', _meta: { run_id: body._meta.runId, runId: expect.stringMatching(/^run_/) } });
    expect(await flue.agents.invoke('shout', 'x', { payload: { text: 'hey' } })).toEqual({ result: 'HEY', runId: expect.stringMatching(/^run_/) });
    expect(await raw.agents.list()).toEqual([
      { name: 'shout', path: '/agents/shout/{agent_id}', triggers: { webhook: true } },
      { name: 'summarize', path: '/agents/summarize/{agent_id}', triggers: { webhook: true } },
    ]);
  });

  it('a persistent agent gets message, session, instanceId and the history; replies stream as the given deltas', async () => {
    const turns: FakeTurn[] = [];
    const fake = await fakeWith({
      agents: {
        bot: {
          persistent: true,
          reply: (turn) => {
            turns.push(turn);
            return { text: `${turn.message}!`, deltas: [turn.message, '!'], metadata: { n: turn.history.length } };
          },
        },
      },
    });
    const client = clientOf(fake);
    const first = (await client.agents.invoke('bot', 'user-1', { payload: { message: 'hi', session: 'help' } })) as { result: { text: string } };
    expect(first.result).toEqual({
      text: 'hi!',
      metadata: { n: 0 },
      usage: { input: 0, output: 0, cache_read: 0, cache_write: 0, total_tokens: 0, cost: { input: 0, output: 0, cache_read: 0, cache_write: 0, total: 0 } },
      model: { id: 'fake/model' },
    });
    const events = await collect(client.agents.stream('bot', 'user-1', { payload: { message: 'again', session: 'help' } }));
    expect(events).toEqual([
      { type: 'start', session_id: 'user-1:help' },
      { type: 'delta', text: 'again' },
      { type: 'delta', text: '!' },
      { type: 'end', text: 'again!', metadata: { n: 2 } },
    ]);
    await using socket = client.agents.connect('bot', 'user-1');
    expect((await socket.prompt('third', { session: 'help' })).result.text).toBe('third!');
    expect(turns.map(({ message, session, instanceId, agent, sessionId }) => ({ message, session, instanceId, agent, sessionId }))).toEqual([
      { message: 'hi', session: 'help', instanceId: 'user-1', agent: 'bot', sessionId: 'user-1:help' },
      { message: 'again', session: 'help', instanceId: 'user-1', agent: 'bot', sessionId: 'user-1:help' },
      { message: 'third', session: 'help', instanceId: 'user-1', agent: 'bot', sessionId: 'user-1:help' },
    ]);
    expect(turns[2]!.history).toEqual([
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: 'hi!' },
      { role: 'user', content: 'again' },
      { role: 'assistant', content: 'again!' },
    ]);
  });

  it('the default agent is echoReply unless given; sessions.abort aborts a running reply', async () => {
    const echo = clientOf(await fakeWith({}));
    expect((await echo.prompt('hello', { sessionId: 's' })).text).toBe('echo[s]#1: hello');
    expect((await echo.prompt('again', { sessionId: 's' })).text).toBe('echo[s]#2: again');
    // As the fixture's harness: a message that asks for JSON gets a JSON object of its name=value pairs.
    const asked = await echo.prompt('Reply as JSON: city=Lisbon, population=545923.', { sessionId: 's' });
    expect(asked.text).toBe('{"echo": "Reply as JSON: city=Lisbon, population=545923.", "session": "s", "turn": 3, "city": "Lisbon", "population": 545923}');

    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const slow = clientOf(
      await fakeWith({
        defaultAgent: {
          reply: (turn) =>
            new Promise((_, reject) => {
              started();
              turn.signal.addEventListener('abort', () => reject(turn.signal.reason));
            }),
        },
      }),
    );
    const pending = rejection(slow.prompt('long one', { sessionId: 'busy' }));
    await running;
    expect(await slow.sessions.abort('busy')).toEqual({ aborted: true, session_id: 'busy' });
    expect(await pending).toMatchObject({ status: 500, type: 'internal_error' });
    expect(await slow.sessions.abort('busy')).toEqual({ aborted: false, session_id: 'busy' });
  });

  it('one operation per session: a second prompt meanwhile fails (500); a failing reply streams its error frames', async () => {
    let release!: () => void;
    const fake = await fakeWith({
      agents: {
        bot: {
          persistent: true,
          reply: ({ message }) => {
            if (message === 'fail') throw new Error('model down');
            return new Promise<string>((resolve) => (release = () => resolve('done')));
          },
        },
      },
    });
    const client = clientOf(fake, { maxRetries: 0 });
    const first = client.agents.invoke('bot', 'b', { payload: { message: 'slow' } });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const busy = await rejection(client.agents.invoke('bot', 'b', { payload: { message: 'meanwhile' } }));
    expect(busy).toMatchObject({ status: 500, type: 'internal_error', dev: expect.stringMatching(/^Session "b:default" is already running prompt\./) });
    release();
    expect(await first).toMatchObject({ result: { text: 'done' } });

    const response = await fake.fetch(`${fake.baseUrl}/agents/bot/b`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ message: 'fail' }),
    });
    const frames = (await response.text()).trim().split('\n\n');
    expect(frames).toEqual([
      'event: start\ndata: {"type": "start", "session_id": "b:default"}',
      'event: error\ndata: {"type": "Error", "message": "model down"}',
      'event: error\ndata: {"error": {"type": "internal_error", "message": "An internal error occurred.", "details": "The server encountered an unexpected error while streaming this agent.", "dev": "model down"}}',
    ]);
  });

  it('HEAD answers a GET route without a body; a result JSON cannot carry is a 500', async () => {
    const fake = await fakeWith({ workflows: { big: () => ({ n: 1n }) } });
    const head = await fake.fetch(`${fake.baseUrl}/health`, { method: 'HEAD' });
    expect([head.status, head.headers.get('content-type'), await head.text()]).toEqual([200, 'application/json', '']);
    const error = await rejection(clientOf(fake).workflows.invoke('big', {}, { wait: true }));
    expect(error).toMatchObject({ status: 500, type: 'internal_error', dev: expect.stringContaining('BigInt') });
  });

  it('refuses a declaration it cannot serve, saying what to write', async () => {
    await expect(createFakePyFlue({ agents: { bad: { persistent: true } as never } })).rejects.toThrow(/persistent: true, reply/);
    await expect(createFakePyFlue({ workflows: { bad: 'nope' as never } })).rejects.toThrow(/must be a function/);
    await expect(createFakePyFlue({ agents: { 'support/billing': () => null } })).rejects.toThrow(/nested names are dotted/);
  });

  it('answers unknown names with 404s and a throwing handler with 500 internal_error', async () => {
    const client = clientOf(await fakeWith({ workflows: { greet, boom: () => Promise.reject(new Error('kaput')) } }));
    const missing = await rejection(client.workflows.invoke('nope'));
    expect(missing).toBeInstanceOf(PyFlueNotFoundError);
    expect(missing).toMatchObject({ type: 'not_found', details: 'Available workflows: boom, greet.' });
    expect(await rejection(client.workflows.invoke('boom', {}, { wait: true }))).toMatchObject({ status: 500, type: 'internal_error', dev: 'kaput' });
    expect(await rejection(client.runs.get('run_NOPE'))).toMatchObject({ status: 404, type: 'run_not_found' });
  });
});

describe('options', () => {
  it('a base URL with a path prefix: HTTP, admin and sockets all live under it', async () => {
    const fake = await fakeWith({ baseUrl: 'http://tests.invalid/pyflue/', workflows: { greet }, agents: { bot: { persistent: true, reply: echoReply } } });
    expect(fake.baseUrl).toBe('http://tests.invalid/pyflue');
    const client = clientOf(fake);
    const { runId } = await client.workflows.invoke('greet', { name: 'p' }, { wait: true });
    expect((await client.admin.runs.get(runId)).status).toBe('succeeded');
    await using socket = client.agents.connect('bot', 'p');
    expect((await socket.prompt('prefixed')).result.text).toBe('echo[p:default]#1: prefixed');
    const outside = await fake.fetch('http://tests.invalid/health').catch((error: unknown) => error);
    expect(outside).toBeInstanceOf(TypeError);
  });

  it('heartbeatMs: a quiet run stream sends `: heartbeat` comments at that interval', async () => {
    let finish!: () => void;
    const fake = await fakeWith({ heartbeatMs: 5, workflows: { wait: () => new Promise<void>((resolve) => (finish = resolve)) } });
    const { runId } = await clientOf(fake).workflows.invoke('wait');
    const response = await fake.fetch(`${fake.baseUrl}/runs/${encodeURIComponent(runId)}/stream`);
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    while (!text.includes(': heartbeat\n\n')) text += (await reader.read()).value ?? '';
    finish();
    while (!text.includes('event: run_end')) text += (await reader.read()).value ?? '';
    expect(text.startsWith('id: 1\nevent: run_start\ndata: {"run_id": ')).toBe(true);
    expect(await reader.read()).toEqual({ done: true, value: undefined });
  });
});

describe('faults', () => {
  it('next(n, { status: 503, retryAfter }) answers n calls with 503; the client retries a GET through them', async () => {
    const fake = await fakeWith({ workflows: { greet } });
    const calls: string[] = [];
    const client = clientOf(fake, {
      fetch: (input, init) => {
        const request = input instanceof Request ? input : new Request(input, init);
        calls.push(`${request.method} ${new URL(request.url).pathname}`);
        return fake.fetch(input, init);
      },
    });
    const { runId } = await client.workflows.invoke('greet', { name: 'x' }, { wait: true });
    fake.faults.next(2, { status: 503, retryAfter: 0 }, { path: '/runs/' });
    expect(fake.faults.pendingCount).toBe(2);
    expect((await client.runs.get(runId)).status).toBe('succeeded');
    expect(fake.faults.pendingCount).toBe(0);
    expect(calls.filter((call) => call.startsWith('GET /runs/'))).toHaveLength(3);
  });

  it('401 and 429 reach the caller as typed errors with the envelope; other paths are untouched', async () => {
    const fake = await fakeWith({ workflows: { greet } });
    const client = clientOf(fake, { maxRetries: 0 });
    fake.faults.next(1, { status: 401, error: { message: 'Token expired.' } }, { method: 'POST' });
    fake.faults.next(1, { status: 429, retryAfter: 7 }, { path: '/health' });
    const unauthorized = await rejection(client.workflows.invoke('greet', {}));
    expect(unauthorized).toBeInstanceOf(PyFlueApiError);
    expect(unauthorized).toMatchObject({ status: 401, type: 'other', code: 'unauthorized', message: expect.stringContaining('Token expired.') });
    expect((await client.workflows.invoke('greet', {})).status).toBe('accepted');
    const limited = (await rejection(client.health())) as PyFlueApiError;
    expect(limited).toMatchObject({ status: 429, type: 'other', code: 'rate_limited' });
    expect(limited.headers?.get('retry-after')).toBe('7');
  });

  it('next(n, { network: true }) fails calls as a dropped connection', async () => {
    const fake = await fakeWith({ workflows: { greet } });
    fake.faults.next(1, { network: true });
    expect(await rejection(clientOf(fake).workflows.invoke('greet'))).toBeInstanceOf(PyFlueConnectionError);
  });

  it('cutStreamAfter(n): runs.stream and workflows.stream resume after the cut and deliver every event once', async () => {
    const fake = await fakeWith({ workflows: { greet } });
    const calls: string[] = [];
    const client = clientOf(fake, {
      fetch: (input, init) => {
        calls.push(`${input instanceof Request ? input.method : (init?.method ?? 'GET')} ${input instanceof Request ? input.url : String(input)}`);
        return fake.fetch(input, init);
      },
    });
    const { runId } = await client.workflows.invoke('greet', { name: 'x' }, { wait: true });
    fake.faults.cutStreamAfter(2, { path: '/runs/' });
    const events = await collect(client.runs.stream(runId, { reconnectDelayMs: 1 }));
    expect(events.map((event) => knownEvent(event).eventIndex)).toEqual([1, 2, 3, 4]);
    expect(calls.filter((call) => call.includes('/stream'))).toEqual([expect.not.stringContaining('after='), expect.stringContaining('after=2')]);

    // The POST stream is cut after its first event: the rest comes from the run's own stream, and the POST is not repeated.
    calls.length = 0;
    fake.faults.cutStreamAfter(1, { path: '/workflows/' });
    const seen = await collect(client.workflows.stream('greet', { name: 'y' }, { reconnectDelayMs: 1 }));
    expect(seen.map((event) => event.type)).toEqual(['run_start', 'log', 'log', 'run_end']);
    expect(seen.map((event) => knownEvent(event).eventIndex)).toEqual([1, 2, 3, 4]);
    expect(calls.filter((call) => call.startsWith('POST'))).toHaveLength(1);
    expect(calls.filter((call) => call.includes('/stream'))).toEqual([expect.stringContaining('after=1')]);

    // Cut after the last event: run_end arrived, then the connection dropped; nothing is lost or repeated.
    fake.faults.cutStreamAfter(4, { path: '/runs/' });
    expect((await collect(client.runs.stream(runId, { reconnectDelayMs: 1 }))).map((event) => knownEvent(event).eventIndex)).toEqual([1, 2, 3, 4]);
    expect(fake.faults.pendingCount).toBe(0);
  });

  it('stall(): a call gets no answer until the caller gives up, or for ms; afterEvents quiets a stream', async () => {
    const fake = await fakeWith({ workflows: { greet } });
    const client = clientOf(fake, { maxRetries: 0 });
    fake.faults.stall();
    expect(await rejection(client.health({ timeoutMs: 30 }))).toBeInstanceOf(PyFlueTimeoutError);
    fake.faults.stall({ ms: 20 });
    expect(await client.health()).toEqual({ ok: true, framework: 'pyflue' });

    const { runId } = await client.workflows.invoke('greet', { name: 'x' }, { wait: true });
    fake.faults.stall({ afterEvents: 1, match: { path: '/runs/' } });
    const controller = new AbortController();
    const reason = new Error('waited long enough');
    const seen: number[] = [];
    const stalled = rejection(
      (async () => {
        for await (const event of client.runs.stream(runId, { signal: controller.signal })) {
          seen.push(knownEvent(event).eventIndex);
          setTimeout(() => controller.abort(reason), 20);
        }
      })(),
    );
    expect(await stalled).toBe(reason);
    expect(seen).toEqual([1]);

    // With ms, the stream goes quiet once, then delivers the rest.
    fake.faults.stall({ afterEvents: 2, ms: 10, match: { path: '/runs/' } });
    expect((await collect(client.runs.stream(runId))).map((event) => knownEvent(event).eventIndex)).toEqual([1, 2, 3, 4]);
  });

  it('dropSocketAfter(n) drops the next socket after n frames (1006); refuses bad counts', async () => {
    const fake = await fakeWith({ agents: { bot: { persistent: true, reply: echoReply } } });
    fake.faults.dropSocketAfter(1);
    const socket = clientOf(fake).agents.connect('bot', 'x');
    expect((await socket.prompt('one')).result.text).toBe('echo[x:default]#1: one');
    const dropped = await rejection(socket.prompt('two'));
    expect(dropped).toBeInstanceOf(PyFlueSocketError);
    expect((dropped as PyFlueSocketError).closeCode).toBe(1006);
    expect(() => fake.faults.next(0, { status: 503 })).toThrow(PyFlueInputError);
    // @ts-expect-error 200 is not an error status
    expect(() => fake.faults.next(1, { status: 200 })).toThrow(PyFlueInputError);
    fake.faults.next(3, { status: 500 });
    fake.faults.clear();
    expect(fake.faults.pendingCount).toBe(0);
  });
});

describe('listen()', () => {
  it('serves the same fake on a loopback port, for the default fetch and WebSocket', async () => {
    const fake = await fakeWith({ workflows: { greet }, agents: { bot: { persistent: true, reply: echoReply } } });
    const inProcess = clientOf(fake);
    const { runId } = await inProcess.workflows.invoke('greet', { name: 'Ada' }, { wait: true });
    const listening = await fake.listen();
    expect(listening.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const overHttp = new PyFlueClient(listening.baseUrl);
    opened.push(overHttp);
    expect((await overHttp.runs.get(runId)).result).toEqual({ greeting: 'Hello, Ada!', runId });
    const events = await collect(overHttp.workflows.stream('greet', { name: 'Bo' }));
    expect(events.map((event) => event.type)).toEqual(['run_start', 'log', 'log', 'run_end']);
    await using socket = overHttp.agents.connect('bot', 'u');
    expect((await socket.prompt('over a real socket')).result.text).toBe('echo[u:default]#1: over a real socket');
    await using workflowSocket = overHttp.workflows.connect('greet');
    expect((await workflowSocket.invoke({ name: 'Cy' })).result).toMatchObject({ greeting: 'Hello, Cy!' });
    await listening.close();
    expect(await rejection(overHttp.health({ maxRetries: 0 }))).toBeInstanceOf(PyFlueConnectionError);
    // The in-process fake is still up.
    expect(await inProcess.health()).toEqual({ ok: true, framework: 'pyflue' });
  });
});

describe('close()', () => {
  it('drops open streams, aborts ctx.signal, and later calls fail as against a closed port', async () => {
    let signal: AbortSignal | undefined;
    const fake = await createFakePyFlue({
      workflows: {
        wait: (ctx) =>
          new Promise((_, reject) => {
            signal = ctx.signal;
            ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason));
          }),
      },
    });
    const client = clientOf(fake, { maxRetries: 0 });
    const { runId } = await client.workflows.invoke('wait');
    const reading = rejection(collect(client.runs.stream(runId, { maxReconnects: 0 })));
    await fake.close();
    expect(signal?.aborted).toBe(true);
    expect(await reading).toBeInstanceOf(PyFlueError);
    expect(await rejection(client.health())).toBeInstanceOf(PyFlueConnectionError);
    await fake.close();
  });

  it('await using closes it; idle() waits for background runs', async () => {
    let client: PyFlueClient;
    {
      await using fake = await createFakePyFlue({ workflows: { greet } });
      client = new PyFlueClient(fake.baseUrl, { fetch: fake.fetch, maxRetries: 0 });
      const { runId } = await client.workflows.invoke('greet', { name: 'bg' });
      await fake.idle();
      expect((await client.runs.get(runId)).status).toBe('succeeded');
    }
    expect(await rejection(client.health())).toBeInstanceOf(PyFlueConnectionError);
    await client.close();
  });

  it('refuses URLs of other servers instead of sending them anywhere', async () => {
    const fake = await fakeWith({});
    const elsewhere = new PyFlueClient('http://127.0.0.1:9', { fetch: fake.fetch, maxRetries: 0 });
    opened.push(elsewhere);
    const error = await rejection(elsewhere.health());
    expect(error).toBeInstanceOf(PyFlueConnectionError);
  });
});

describe('a failing workflow', () => {
  it('is a PyFlueServerError with wait, and a failed run record', async () => {
    const client = clientOf(
      await fakeWith({
        workflows: {
          explode: async (ctx) => {
            await ctx.log.error('about to fail');
            throw new Error(`no ${ctx.payload.what}`);
          },
        },
      }),
    );
    const error = await rejection(client.workflows.invoke('explode', { what: 'luck' }, { wait: true }));
    expect(error).toBeInstanceOf(PyFlueServerError);
    const [run] = (await client.admin.runs.list({ status: 'failed' })).data;
    expect(run).toMatchObject({ agent: 'explode', status: 'failed', error: { type: 'internal_error', details: 'no luck' } });
  });
});
