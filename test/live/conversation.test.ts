/**
 * createConversation against the fake of @pyflue/client/testing: a reply streams into the
 * assistant's message, stop() keeps the text so far, a failed send keeps the user's message
 * with a typed error, sends queue in order, and a snapshot changes identity only on change.
 */
import { describe, expect, it, vi } from 'vitest';
import { PyFlueError, PyFlueStreamError } from '../../src/index.js';
import { createConversation } from '../../src/live/index.js';
import type { FakeTurn } from '../../src/testing/index.js';
import { fakeClient, record, until } from './support.js';

const texts = (messages: ReadonlyArray<{ role: string; text: string; status: string }>) => messages.map((m) => `${m.role}:${m.text}:${m.status}`);

describe('createConversation', () => {
  it('streams a reply: delta frames grow the assistant message, end makes it done', async () => {
    const turns: FakeTurn[] = [];
    const { client } = await fakeClient({
      agents: {
        assistant: {
          persistent: true,
          reply: (turn) => {
            turns.push(turn);
            return { text: `echo: ${turn.message}`, deltas: ['echo', ': ', turn.message] };
          },
        },
      },
    });
    const conversation = createConversation(client, 'assistant', 'chat-1', { session: 'support' });
    expect(conversation.getSnapshot()).toEqual({ status: 'idle', messages: [], error: null, usage: null });
    const seen = record(conversation);
    await conversation.send('hi');
    expect(turns.map((turn) => [turn.message, turn.session, turn.instanceId])).toEqual([['hi', 'support', 'chat-1']]);
    const assistantTexts = seen.map((snapshot) => snapshot.messages.find((message) => message.role === 'assistant')?.text);
    // Each delta was a snapshot of its own: the reply grew in front of the user.
    expect(assistantTexts).toEqual(expect.arrayContaining(['', 'echo', 'echo: ', 'echo: hi']));
    expect(conversation.getSnapshot().status).toBe('idle');
    expect(texts(conversation.getSnapshot().messages)).toEqual(['user:hi:done', 'assistant:echo: hi:done']);
    expect(conversation.getSnapshot().messages.map((message) => message.id)).toEqual(['u1', 'a2']);
  });

  it('takes usage from the end frame metadata when a harness puts it there', async () => {
    const usage = { input: 3, output: 5, cache_read: 0, cache_write: 0, total_tokens: 8, cost: { input: 0, output: 0, cache_read: 0, cache_write: 0, total: 0 } };
    const { client } = await fakeClient({ agents: { assistant: { persistent: true, reply: () => ({ text: 'ok', metadata: { usage } }) } } });
    const conversation = createConversation(client, 'assistant', 'chat-usage');
    await conversation.send('hi');
    expect(conversation.getSnapshot().usage).toEqual(usage);
    // The wire's names stay; the camelCase ones its type promises are there too.
    expect(conversation.getSnapshot().usage?.totalTokens).toBe(8);
    expect(conversation.getSnapshot().usage?.cost.cacheRead).toBe(0);
  });

  it('stop() aborts the reply and keeps the text so far', async () => {
    const { client, fake } = await fakeClient({ agents: { assistant: { persistent: true, reply: () => ({ text: 'Hello world', deltas: ['Hello', ' world'] }) } } });
    // start, the first delta, then silence: a reply still coming.
    fake.faults.stall({ afterEvents: 2, match: { path: '/agents/assistant' } });
    const conversation = createConversation(client, 'assistant', 'chat-2');
    const sent = conversation.send('hi');
    await until(conversation, (snapshot) => snapshot.messages.some((message) => message.text === 'Hello'));
    conversation.stop();
    await sent;
    expect(conversation.getSnapshot()).toMatchObject({ status: 'idle', error: null });
    expect(texts(conversation.getSnapshot().messages)).toEqual(['user:hi:done', 'assistant:Hello:stopped']);
  });

  it('a send aborted by its own signal stops that reply only', async () => {
    const turns: string[] = [];
    const { client, fake } = await fakeClient({
      agents: { assistant: { persistent: true, reply: (turn) => (turns.push(turn.message), { text: turn.message.toUpperCase(), deltas: [turn.message.toUpperCase()] }) } },
    });
    fake.faults.stall({ afterEvents: 1, match: { path: '/agents/assistant' } });
    const conversation = createConversation(client, 'assistant', 'chat-signal');
    const controller = new AbortController();
    const first = conversation.send('one', { signal: controller.signal });
    const second = conversation.send('two');
    // The first prompt reached the agent; its stream is held after `start`.
    await vi.waitFor(() => expect(turns).toEqual(['one']));
    controller.abort();
    await Promise.all([first, second]);
    expect(texts(conversation.getSnapshot().messages)).toEqual(['user:one:done', 'assistant::stopped', 'user:two:done', 'assistant:TWO:done']);
  });

  it('a failed send keeps the user message, marks it failed and sets a typed error; the next send clears it', async () => {
    let fail = true;
    const { client } = await fakeClient({
      agents: {
        assistant: {
          persistent: true,
          reply: () => {
            if (fail) throw new Error('the model is down');
            return 'back up';
          },
        },
      },
    });
    const conversation = createConversation(client, 'assistant', 'chat-3');
    await conversation.send('hi');
    const failed = conversation.getSnapshot();
    expect(failed.status).toBe('error');
    // The server's error frame: kind `server`, a message a user can read, the typed error as cause.
    expect(failed.error).toMatchObject({ kind: 'server', message: 'The server could not handle the request.' });
    expect(failed.error?.cause).toBeInstanceOf(PyFlueError);
    expect(failed.error?.cause).toBeInstanceOf(PyFlueStreamError);
    expect(failed.error?.cause.message).toContain('the model is down');
    expect(texts(failed.messages)).toEqual(['user:hi:error']);
    fail = false;
    await conversation.send('again');
    expect(conversation.getSnapshot()).toMatchObject({ status: 'idle', error: null });
    expect(texts(conversation.getSnapshot().messages)).toEqual(['user:hi:error', 'user:again:done', 'assistant:back up:done']);
  });

  it('a refused call (404 agent_not_found) is the error too, never a rejection', async () => {
    const { client } = await fakeClient({ agents: {} });
    const conversation = createConversation(client, 'nobody', 'x');
    await expect(conversation.send('hi')).resolves.toBeUndefined();
    expect(conversation.getSnapshot().error).toMatchObject({ kind: 'server', message: 'The server could not handle the request (404).' });
    expect(conversation.getSnapshot().error?.cause.name).toBe('PyFlueNotFoundError');
  });

  it('sends queue in order: one prompt at a time, each after the reply before it', async () => {
    let active = 0;
    let most = 0;
    const order: string[] = [];
    const { client } = await fakeClient({
      agents: {
        assistant: {
          persistent: true,
          reply: async (turn) => {
            active += 1;
            most = Math.max(most, active);
            order.push(turn.message);
            await new Promise((resolve) => setTimeout(resolve, 5));
            active -= 1;
            return `re: ${turn.message}`;
          },
        },
      },
    });
    const conversation = createConversation(client, 'assistant', 'chat-4');
    const sends = [conversation.send('one'), conversation.send('two'), conversation.send('three')];
    // All three user messages show at once; the replies come one by one.
    expect(texts(conversation.getSnapshot().messages)).toEqual(['user:one:streaming', 'user:two:streaming', 'user:three:streaming']);
    // Sent, no reply yet.
    expect(conversation.getSnapshot().status).toBe('submitted');
    await Promise.all(sends);
    expect(order).toEqual(['one', 'two', 'three']);
    expect(most).toBe(1);
    expect(conversation.getSnapshot().messages.map((message) => message.text)).toEqual(['one', 're: one', 'two', 're: two', 'three', 're: three']);
  });

  it('stop() also drops the sends still waiting', async () => {
    const turns: string[] = [];
    const { client, fake } = await fakeClient({ agents: { assistant: { persistent: true, reply: (turn) => (turns.push(turn.message), turn.message) } } });
    fake.faults.stall({ afterEvents: 1, match: { path: '/agents/assistant' } });
    const conversation = createConversation(client, 'assistant', 'chat-5');
    const sends = [conversation.send('one'), conversation.send('two')];
    await vi.waitFor(() => expect(turns).toEqual(['one']));
    conversation.stop();
    await Promise.all(sends);
    expect(texts(conversation.getSnapshot().messages)).toEqual(['user:one:done', 'assistant::stopped', 'user:two:stopped']);
    expect(turns).toEqual(['one']);
    expect(conversation.getSnapshot().status).toBe('idle');
  });

  it('a snapshot keeps its identity until something changes; each change is a new, frozen-in-time object', async () => {
    const { client } = await fakeClient({ agents: { assistant: { persistent: true, reply: () => ({ text: 'ab', deltas: ['a', 'b'] }) } } });
    const conversation = createConversation(client, 'assistant', 'chat-6');
    const before = conversation.getSnapshot();
    expect(conversation.getSnapshot()).toBe(before);
    const seen = record(conversation);
    await conversation.send('hi');
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen[0]).not.toBe(before);
    // An earlier snapshot is not changed by later ones.
    expect(before).toEqual({ status: 'idle', messages: [], error: null, usage: null });
    expect(seen[0]!.messages).toHaveLength(1);
    const after = conversation.getSnapshot();
    expect(conversation.getSnapshot()).toBe(after);
    // Unchanged messages keep their identity across snapshots (cheap list re-renders).
    expect(after.messages[0]).toBe(seen[seen.length - 1]!.messages[0]);
  });

  it('dispose() stops the reply, forgets the listeners and ignores later sends', async () => {
    const turns: string[] = [];
    const { client, fake } = await fakeClient({ agents: { assistant: { persistent: true, reply: (turn) => (turns.push(turn.message), turn.message) } } });
    fake.faults.stall({ afterEvents: 1, match: { path: '/agents/assistant' } });
    const conversation = createConversation(client, 'assistant', 'chat-7');
    let calls = 0;
    const sent = conversation.send('one');
    conversation.subscribe(() => (calls += 1));
    await vi.waitFor(() => expect(turns).toEqual(['one']));
    const heard = calls;
    conversation.dispose();
    await sent;
    await conversation.send('two');
    expect(calls).toBe(heard);
    expect(turns).toEqual(['one']);
  });
});
