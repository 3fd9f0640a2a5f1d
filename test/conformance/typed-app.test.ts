/**
 * Typed apps at run time, against the real PyFlue 0.2.0 fixture server: the `app`
 * option's zod schemas check payloads before anything is sent (PyFlueInputError) and
 * results when they arrive (PyFlueResultError), and hand back the schemas' output.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PyFlueClient, PyFlueInputError, PyFlueResultError, createFlueClient } from '../../src/index.js';
import { rejection } from '../support/assertions.js';
import { conformanceTarget } from '../support/conformance-target.js';

const target = await conformanceTarget();
const baseUrl = target.baseUrl;
/** What reaches the target: the fake's fetch and sockets, or the network's for the real server. */
const reach = { fetch: target.fetch, websocket: target.websocket };
const suffix = randomUUID().slice(0, 8);
const sent: string[] = [];
const counting: typeof fetch = (input, init) => {
  sent.push(String(input instanceof Request ? input.url : input));
  return (target.fetch ?? fetch)(input, init);
};

const Summary = z.object({ summary: z.string(), words: z.number(), instance: z.string() });
const app = {
  agents: {
    assistant: { payload: z.object({ message: z.string().min(1), session: z.string().optional() }), persistent: true as const },
    summarize: { payload: z.object({ text: z.string() }), result: Summary },
    strict: { payload: z.object({ text: z.string() }), result: z.object({ words: z.string() }) },
  },
  workflows: {
    greet: {
      input: z.object({ name: z.string().min(1) }),
      result: z.object({ greeting: z.string(), runId: z.string() }).transform(({ greeting }) => greeting.toUpperCase()),
    },
    burst: { input: z.object({ count: z.number().int() }), result: z.object({ never: z.literal(true) }) },
  },
};
const flue = createFlueClient({ baseUrl, fetch: counting, websocket: target.websocket, app });
const raw = new PyFlueClient(baseUrl, { fetch: counting, websocket: target.websocket, app });

afterAll(async () => {
  await Promise.all([flue.close(), raw.close()]);
});

/** Calls `act` and returns what it sent: nothing, for a payload the schema refuses. */
async function requestsDuring(act: () => Promise<unknown>): Promise<{ error: unknown; requests: string[] }> {
  const before = sent.length;
  const error = await act().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  return { error, requests: sent.slice(before) };
}

describe('payloads are checked before sending', () => {
  it('agents.invoke: a payload the schema refuses throws PyFlueInputError with the issues, and nothing is sent', async () => {
    // A cast stands for a caller without types (JavaScript, or data from outside).
    const { error, requests } = await requestsDuring(() => flue.agents.invoke('summarize', `doc-${suffix}`, { payload: { text: 42 } as never }));
    expect(error).toBeInstanceOf(PyFlueInputError);
    expect((error as PyFlueInputError).message).toMatch(/agent "summarize".*text/);
    expect((error as PyFlueInputError).issues?.[0]?.path).toEqual(['text']);
    expect(requests).toEqual([]);
  });

  it('agents.stream and workflows.stream refuse before the request too', async () => {
    const agent = await requestsDuring(async () => {
      for await (const event of flue.agents.stream('assistant', `inst-${suffix}`, { payload: { message: '' } })) void event;
    });
    expect(agent.error).toBeInstanceOf(PyFlueInputError);
    const workflow = await requestsDuring(async () => {
      for await (const event of flue.workflows.stream('greet', { name: '' })) void event;
    });
    expect(workflow.error).toBeInstanceOf(PyFlueInputError);
    expect([...agent.requests, ...workflow.requests]).toEqual([]);
  });

  it('workflows.invoke refuses a bad input; a good one is sent and runs', async () => {
    const bad = await requestsDuring(() => flue.workflows.invoke('greet', { name: '' }));
    expect(bad.error).toBeInstanceOf(PyFlueInputError);
    expect(bad.requests).toEqual([]);
    const accepted = await flue.workflows.invoke('greet', { name: 'Ada' });
    expect(accepted.status).toBe('accepted');
  });
});

describe('results are checked on arrival', () => {
  it('a file-based agent: the schema output, with _meta kept in the raw format and runId in the Flue shape', async () => {
    const shaped = await flue.agents.invoke('summarize', `doc-${suffix}`, { payload: { text: 'one two three' } });
    expect(shaped.result).toEqual({ summary: 'one two three', words: 3, instance: `doc-${suffix}` });
    expect(shaped.runId).toMatch(/^run_/);
    const body = await raw.agents.invoke('summarize', `doc-${suffix}`, { payload: { text: 'four five' } });
    expect(body.words).toBe(2);
    expect(body._meta.runId).toMatch(/^run_/);
  });

  it('a result the schema refuses throws PyFlueResultError carrying the value (the call itself succeeded)', async () => {
    const strict = createFlueClient({ baseUrl, ...reach, app: { agents: { summarize: app.agents.strict } } });
    const error = await rejection(strict.agents.invoke('summarize', `doc-${suffix}`, { payload: { text: 'a b' } }));
    await strict.close();
    expect(error).toBeInstanceOf(PyFlueResultError);
    expect((error as PyFlueResultError).message).toMatch(/agent "summarize".*words/);
    expect((error as PyFlueResultError).value).toMatchObject({ words: 2 });
  });

  it('workflows.invoke with wait: the schema output (a transform applies)', async () => {
    const done = await flue.workflows.invoke('greet', { name: 'Ada' }, { wait: true });
    expect(done.result).toBe('HELLO, ADA!');
    const error = await rejection(flue.workflows.invoke('burst', { count: 2 }, { wait: true }));
    expect(error).toBeInstanceOf(PyFlueResultError);
  });

  it('a persistent agent answers a PromptResult, which no result schema touches', async () => {
    const reply = await raw.agents.invoke('assistant', `inst-${suffix}`, { payload: { message: 'hi' } });
    expect(reply.result.text).toBe(`echo[inst-${suffix}:default]#1: hi`);
  });
});

describe('over a workflow socket', () => {
  it('the payload is checked before the invoke frame, the result when invoke resolves', async () => {
    const refused = flue.workflows.connect('greet');
    await expect(refused.invoke({ name: '' })).rejects.toBeInstanceOf(PyFlueInputError);
    await refused.close();
    await using socket = flue.workflows.connect('greet');
    const { result, runId } = await socket.invoke({ name: 'Socket' });
    expect(result).toBe('HELLO, SOCKET!');
    expect(runId).toMatch(/^workflow:greet:run_/);
    await using failing = flue.workflows.connect('burst');
    await expect(failing.invoke({ count: 1 })).rejects.toBeInstanceOf(PyFlueResultError);
  });
});

describe('the app option itself', () => {
  it('refuses entries that are not Standard Schema validators, when the client is made', () => {
    expect(() => new PyFlueClient(baseUrl, { app: { agents: { summarize: { payload: { text: 'string' } } } } })).toThrow(PyFlueInputError);
    expect(() => createFlueClient({ baseUrl, app: { workflows: { greet: { result: 'string' } } } })).toThrow(/Standard Schema/);
  });
});

describe('without an app', () => {
  it('a persistent reply is { result } and a file-based result carries _meta', async () => {
    const untyped = new PyFlueClient(baseUrl, reach);
    const reply = await untyped.agents.invoke('assistant', `plain-${suffix}`, { payload: { message: 'hi' } });
    const summary = await untyped.agents.invoke('summarize', `plain-${suffix}`, { payload: { text: 'a b' } });
    await untyped.close();
    expect((reply as { result: { text: string } }).result.text).toBe(`echo[plain-${suffix}:default]#1: hi`);
    expect(reply).not.toHaveProperty('_meta');
    expect(summary).toHaveProperty('_meta.runId');
  });
});
