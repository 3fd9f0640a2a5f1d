/**
 * Conformance against the real PyFlue 0.2.0 fixture server: `health()` and `client.agents`
 * (list, invoke in every mode and both response formats, stream, dispatch), end to end.
 * Every JSON answer the clients receive is checked against spec/openapi.yaml.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { PyFlueClient, createFlueClient, create_flue_client, type AgentStreamEvent, type RunEvent, type UnknownFrame, type RunRecord } from '../../src/index.js';
import { conformanceTarget } from '../support/conformance-target.js';
import { createValidatingFetch } from '../support/validating-fetch.js';

const target = await conformanceTarget();
const baseUrl = target.baseUrl;
const spec = createValidatingFetch({ fetch: target.fetch, additiveFields: true });
const raw = new PyFlueClient(baseUrl, { fetch: spec.fetch, websocket: target.websocket });
const flue = createFlueClient({ baseUrl, fetch: spec.fetch, websocket: target.websocket });
const suffix = randomUUID().slice(0, 8);
const unique = (name: string) => `${name}-${suffix}`;

afterAll(async () => {
  await Promise.all([raw.close(), flue.close()]);
});

/** The reply text of a persistent agent's `{result: {text}}` (raw or flue: the same shape). */
function replyText(body: unknown): string {
  const text = (body as { result?: { text?: unknown } } | null)?.result?.text;
  if (typeof text !== 'string') throw new Error(`not a persistent agent reply: ${JSON.stringify(body)}`);
  return text;
}

async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of stream) items.push(item);
  return items;
}

/** Polls `probe` until it returns a value (not undefined); a bounded loop, no timing assertion. */
async function eventually<T>(probe: () => Promise<T | undefined>, what: string, attempts = 200, pauseMs = 50): Promise<T> {
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
  throw new Error(`${what}: not reached after ${attempts} attempts`);
}

/** The body the server really sent for the latest call to `path` (recorded by the validating fetch). */
function lastJsonFor(path: string): unknown {
  const exchange = [...spec.exchanges].reverse().find((item) => new URL(item.url).pathname === path);
  if (!exchange) throw new Error(`no exchange for ${path}`);
  return exchange.json;
}

describe('health()', () => {
  it('answers { ok: true, framework: "pyflue" }', async () => {
    expect(await raw.health()).toMatchObject({ ok: true, framework: 'pyflue' });
    expect(await flue.health()).toMatchObject({ ok: true, framework: 'pyflue' });
  });
});

describe('agents() and agents.list()', () => {
  it('list every discovered agent, nested and hidden ones included', async () => {
    const called = await raw.agents();
    const listed = await raw.agents.list();
    expect(called).toEqual(listed);
    const byName = new Map(listed.map((agent) => [agent.name, agent]));
    expect([...byName.keys()].sort()).toEqual(['assistant', 'internal', 'narrator', 'summarize', 'support.billing']);
    expect(byName.get('support.billing')).toMatchObject({
      name: 'support.billing',
      path: '/agents/support.billing/{agent_id}',
      triggers: { webhook: true },
    });
    expect(byName.get('internal')?.triggers).toMatchObject({ webhook: false });
    expect(byName.get('assistant')?.triggers).toMatchObject({ webhook: true });
  });
});

describe('persistent agent: agents.invoke with { message, session }', () => {
  it('keeps each session of each instance apart, turn numbers growing per session (raw format)', async () => {
    const one = unique('conv');
    const two = unique('conv-other');
    const say = (id: string, message: string, session?: string) =>
      raw.agents.invoke('assistant', id, { payload: session === undefined ? { message } : { message, session } });

    const first = await say(one, 'one', 'a');
    expect(first).toMatchObject({ result: expect.objectContaining({ text: `echo[${one}:a]#1: one` }) });
    expect(Object.keys(first as object)).toEqual(['result']);
    expect(replyText(first)).toBe(`echo[${one}:a]#1: one`);
    expect((first as { result: { metadata: unknown } }).result.metadata).toEqual({ harness: 'echo', turn: 1 });

    expect(replyText(await say(one, 'two', 'a'))).toBe(`echo[${one}:a]#2: two`);
    expect(replyText(await say(one, 'other session', 'b'))).toBe(`echo[${one}:b]#1: other session`);
    expect(replyText(await say(two, 'other instance', 'a'))).toBe(`echo[${two}:a]#1: other instance`);
    expect(replyText(await say(one, 'three', 'a'))).toBe(`echo[${one}:a]#3: three`);
    // No session: the server's `default` session.
    expect(replyText(await say(one, 'plain'))).toBe(`echo[${one}:default]#1: plain`);
    expect(replyText(await say(one, 'plain again'))).toBe(`echo[${one}:default]#2: plain again`);
  });

  it('answers { result } with no runId in the flue format (createFlueClient), sharing the server state', async () => {
    const id = unique('flue-conv');
    const viaRaw = await raw.agents.invoke('assistant', id, { payload: { message: 'hello', session: 's' } });
    expect(replyText(viaRaw)).toBe(`echo[${id}:s]#1: hello`);

    const viaFlue = await flue.agents.invoke('assistant', id, { payload: { message: 'again', session: 's' } });
    expect(Object.keys(viaFlue)).toEqual(['result']);
    expect('runId' in viaFlue).toBe(false);
    expect(viaFlue.result).toEqual({
      text: `echo[${id}:s]#2: again`,
      metadata: { harness: 'echo', turn: 2 },
      usage: expect.objectContaining({ input: 1, output: 2, total_tokens: 3 }),
      model: { id: 'echo/deterministic' },
    });
  });

  it('routes a nested agent name (support.billing)', async () => {
    const id = unique('billing');
    const reply = await raw.agents.invoke('support.billing', id, { payload: { message: 'invoice 42?' } });
    expect(replyText(reply)).toBe(`echo[${id}:default]#1: invoice 42?`);
    const followUp = await flue.agents.invoke('support.billing', id, { payload: { message: 'and 43?' } });
    expect(replyText(followUp)).toBe(`echo[${id}:default]#2: and 43?`);
  });
});

describe('ids that need percent-encoding', () => {
  it('reach the same instance over HTTP, the socket and the admin app', async () => {
    const id = `ø q?x=1&y #50%:${suffix}`;
    expect(replyText(await raw.agents.invoke('assistant', id, { payload: { message: 'http' } }))).toBe(`echo[${id}:default]#1: http`);
    const socket = raw.agents.connect('assistant', id);
    expect((await socket.prompt('socket')).result.text).toBe(`echo[${id}:default]#2: socket`);
    await socket.close();
    const body = (await raw.agents.invoke('summarize', id, { payload: { text: 'encoded' } })) as Record<string, any>;
    expect(body.instance).toBe(id);
    const page = await raw.admin.runs.listForInstance('summarize', id);
    expect(page.items.every((run) => run.instanceId === id)).toBe(true);
    expect(page.items.map((run) => run.runId)).toEqual([body._meta.runId]);
    expect((await raw.prompt('default agent', { sessionId: id })).text).toBe(`echo[${id}]#1: default agent`);
  });
});

describe('createFlueClient forms', () => {
  it('createFlueClient(baseUrl, options) and create_flue_client default to the flue format', async () => {
    const id = unique('forms');
    for (const client of [createFlueClient(baseUrl, { fetch: spec.fetch, websocket: target.websocket }), create_flue_client({ baseUrl: `${baseUrl}/`, fetch: spec.fetch, websocket: target.websocket })]) {
      expect(client.baseUrl).toBe(baseUrl);
      const answer = await client.agents.invoke('summarize', id, { payload: { text: 'forms' } });
      expect(answer).toEqual({ result: { summary: 'forms', words: 1, instance: id }, runId: expect.stringMatching(/^run_/) });
      await client.close();
    }
  });
});

describe('file-based agent: agents.invoke', () => {
  it('sync, raw format: the handler result with _meta.runId; the run is recorded', async () => {
    const id = unique('sum-raw');
    const body = (await raw.agents.invoke('summarize', id, { payload: { text: 'Quarterly numbers are up three percent.' } })) as Record<string, any>;
    expect(body).toEqual({
      summary: 'Quarterly numbers are up three percent.',
      words: 6,
      instance: id,
      _meta: { run_id: expect.stringMatching(/^run_[0-9A-Z]{26}$/), runId: expect.stringMatching(/^run_/) },
    });
    expect(body._meta.run_id).toBe(body._meta.runId);
    const run = await raw.runs.get(body._meta.runId);
    expect(run).toMatchObject({
      runId: body._meta.runId,
      agent: 'summarize',
      agent_id: id,
      status: 'succeeded',
      is_error: false,
      error: null,
      result: { summary: 'Quarterly numbers are up three percent.', words: 6, instance: id },
      event_count: 3,
    });
  });

  it('sync, flue format: { result, runId }, runId being the one the server put in _meta', async () => {
    const id = unique('sum-flue');
    const answer = await flue.agents.invoke('summarize', id, { payload: { text: 'one two three' } });
    expect(answer).toEqual({ result: { summary: 'one two three', words: 3, instance: id }, runId: expect.stringMatching(/^run_/) });
    const sent = lastJsonFor(`/agents/summarize/${id}`) as { _meta: { runId: string } };
    expect(answer.runId).toBe(sent._meta.runId);
    expect((await raw.runs.get(answer.runId!)).result).toEqual({ summary: 'one two three', words: 3, instance: id });
  });

  it('responseFormat per call overrides the client default both ways', async () => {
    const id = unique('sum-override');
    const asFlue = await raw.agents.invoke('summarize', id, { payload: { text: 'x' }, responseFormat: 'flue' });
    expect(asFlue).toEqual({ result: { summary: 'x', words: 1, instance: id }, runId: expect.stringMatching(/^run_/) });
    const asRaw = (await flue.agents.invoke('summarize', id, { payload: { text: 'y' }, responseFormat: 'raw' })) as Record<string, any>;
    expect(asRaw).toMatchObject({ summary: 'y', words: 1, instance: id, _meta: { runId: expect.stringMatching(/^run_/) } });
  });

  it('webhook mode: accepted at once, and the run then completes', async () => {
    const id = unique('sum-hook');
    const accepted = (await raw.agents.invoke('summarize', id, { payload: { text: 'raw hook' }, mode: 'webhook' })) as Record<string, any>;
    expect(accepted).toMatchObject({ status: 'accepted', run_id: expect.stringMatching(/^run_/), runId: expect.stringMatching(/^run_/) });
    expect(accepted.run_id).toBe(accepted.runId);

    const flueAccepted = await flue.agents.invoke('summarize', id, { payload: { text: 'flue hook' }, mode: 'webhook' });
    expect(Object.keys(flueAccepted)).toEqual(['runId']);
    expect(flueAccepted.runId).toMatch(/^run_/);
    expect(flueAccepted.runId).not.toBe(accepted.runId);

    for (const [runId, text] of [[accepted.runId as string, 'raw hook'], [flueAccepted.runId, 'flue hook']] as const) {
      const run = await eventually<RunRecord>(async () => {
        const record = await raw.runs.get(runId).catch(() => undefined);
        return record?.status === 'succeeded' ? record : undefined;
      }, `webhook run ${runId}`);
      expect(run).toMatchObject({ agent: 'summarize', agent_id: id, result: { summary: text, instance: id } });
    }
  });

  it('stream mode: invoke({ mode: "stream" }) and agents.stream yield run_start, log, run_end; runId resolves', async () => {
    const id = unique('sum-stream');
    for (const stream of [
      raw.agents.invoke('summarize', id, { payload: { text: 'streamed words' }, mode: 'stream' }),
      flue.agents.stream('summarize', id, { payload: { text: 'streamed words' } }),
    ]) {
      const events = (await collect(stream)) as Array<Record<string, any>>;
      const runId = await stream.runId;
      expect(runId).toMatch(/^run_/);
      expect(events.map((event) => event.type)).toEqual(['run_start', 'log', 'run_end']);
      expect(events.map((event) => event.event_index)).toEqual([1, 2, 3]);
      expect(events.map((event) => event.eventIndex)).toEqual([1, 2, 3]);
      for (const event of events) expect(event.runId).toBe(runId);
      expect(events[0]!.data).toMatchObject({ agent: 'summarize', agent_id: id });
      expect(events[1]!.data).toEqual({ level: 'info', message: 'summarizing', chars: 14 });
      expect(events[2]!.data).toMatchObject({ is_error: false, error: null, status: 'succeeded' });
      expect((await raw.runs.get(runId!)).result).toEqual({ summary: 'streamed words', words: 2, instance: id });
    }
  });
});

describe('persistent agent streaming', () => {
  it('agents.stream yields start, delta(s), end whose text is the echo; no runId', async () => {
    const id = unique('stream');
    const stream = raw.agents.stream('assistant', id, { payload: { message: 'stream me please', session: 's' } });
    const events = (await collect(stream)) as Array<(AgentStreamEvent | RunEvent | UnknownFrame) & Record<string, any>>;
    expect(await stream.runId).toBeUndefined();
    expect(events[0]).toMatchObject({ type: 'start', session_id: `${id}:s` });
    const deltas = events.filter((event) => event.type === 'delta');
    expect(deltas.length).toBeGreaterThan(0);
    expect(events.at(-1)).toMatchObject({ type: 'end', text: `echo[${id}:s]#1: stream me please`, metadata: { harness: 'echo', turn: 1 } });
    expect(deltas.map((event) => event.text).join('')).toBe(`echo[${id}:s]#1: stream me please`);
    expect(events.map((event) => event.type)).toEqual(['start', ...deltas.map(() => 'delta'), 'end']);

    // invoke({ mode: 'stream' }) is the same, and the streamed turn counted in the session.
    const again = (await collect(flue.agents.invoke('assistant', id, { payload: { message: 'again', session: 's' }, mode: 'stream' }))) as Array<
      Record<string, any>
    >;
    expect(again.at(-1)).toMatchObject({ type: 'end', text: `echo[${id}:s]#2: again` });
  });
});

describe('agents.dispatch', () => {
  /**
   * Dispatches `input` to a fresh session of `id`, leaves the session alone for a while
   * (a prompt sent before the dispatched input is processed does not see it: PyFlue 0.2.0
   * keeps the two conversations apart), then prompts it once: turn #2 shows that the
   * dispatched input was processed first. A bounded loop, each attempt waiting longer.
   */
  async function dispatchThenProbe(client: typeof raw | typeof flue, id: string, input: unknown, withSession: boolean): Promise<string> {
    for (let attempt = 1; attempt <= 30; attempt += 1) {
      const session = withSession ? `inbox-${attempt}` : undefined;
      // Without a session the target is the default one, so each attempt takes a fresh instance.
      const instance = withSession ? id : `${id}-${attempt}`;
      const receipt = await client.agents.dispatch('assistant', instance, session === undefined ? { input } : { input, session });
      expect(receipt.status).toBe('accepted');
      await new Promise((resolve) => setTimeout(resolve, 25 * attempt));
      const payload = session === undefined ? { message: 'probe' } : { message: 'probe', session };
      const reply = replyText(await raw.agents.invoke('assistant', instance, { payload }));
      const label = `${instance}:${session ?? 'default'}`;
      if (reply === `echo[${label}]#2: probe`) return reply;
      expect(reply).toBe(`echo[${label}]#1: probe`);
    }
    throw new Error('the dispatched input was not processed after 30 attempts');
  }

  it('is accepted, and the dispatched input is then processed in that instance and session', async () => {
    const id = unique('dispatch');
    const receipt = await raw.agents.dispatch('assistant', id, { input: 'handle this later', session: 'receipt' });
    expect(receipt).toMatchObject({
      status: 'accepted',
      dispatch_id: expect.stringMatching(/^dispatch_/),
      dispatchId: expect.stringMatching(/^dispatch_/),
      accepted_at: expect.any(String),
      acceptedAt: expect.any(String),
    });
    expect(receipt.dispatchId).toBe(receipt.dispatchId);
    expect(Number.isNaN(Date.parse(receipt.acceptedAt))).toBe(false);

    expect(await dispatchThenProbe(raw, id, 'handle this later', true)).toMatch(new RegExp(`^echo\\[${id}:inbox-\\d+\\]#2: probe$`));
    // Only the dispatched session got the input: the instance's default session is untouched.
    expect(replyText(await raw.agents.invoke('assistant', id, { payload: { message: 'fresh' } }))).toBe(`echo[${id}:default]#1: fresh`);
  });

  it('without a session and with a non-string input, goes to the default session', async () => {
    const id = unique('dispatch-default');
    expect(await dispatchThenProbe(flue, id, { ticket: 4521, text: 'Refund please' }, false)).toMatch(/:default\]#2: probe$/);
  });
});

describe('the answers the clients received', () => {
  it('all hold against spec/openapi.yaml', () => {
    expect(spec.exchanges.filter((exchange) => exchange.checked === 'json').length).toBeGreaterThan(20);
    expect(spec.exchanges.some((exchange) => exchange.checked === 'stream-headers')).toBe(true);
    expect(spec.problems).toEqual([]);
  });
});
