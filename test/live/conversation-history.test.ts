/**
 * createConversation as a chat UI needs it: tool calls as parts, `submitted` before the
 * first token, `retry()` of a failed send (one user message, one reply), `regenerate()`,
 * history from `initialMessages`, `setMessages` and a `storage` (one whose getItem throws
 * included), and an error a UI can show (kind, a short message, the typed error as cause).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PyFlueConnectionError, PyFlueError } from '../../src/index.js';
import { createConversation, type ConversationSnapshot, type LiveStorage } from '../../src/live/index.js';
import { fakeClient, until } from './support.js';

afterEach(() => {
  vi.restoreAllMocks();
});

const texts = (snapshot: ConversationSnapshot) => snapshot.messages.map((m) => `${m.role}:${m.text}:${m.status}`);

function memoryStorage(): LiveStorage & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return { items, getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value), removeItem: (key) => void items.delete(key) };
}

describe('createConversation: parts and states', () => {
  it('a reply with tool calls: tool parts (running, then done with the result) before the text part', async () => {
    const { client } = await fakeClient({
      agents: {
        assistant: {
          persistent: true,
          reply: () => ({ text: 'It is 12:00 in Lisbon.', toolCalls: [{ name: 'clock', args: { city: 'Lisbon' }, result: { time: '12:00' } }] }),
        },
      },
    });
    const conversation = createConversation(client, 'assistant', 'tools-1');
    const seen: ConversationSnapshot[] = [];
    conversation.subscribe((snapshot) => seen.push(snapshot));
    await conversation.send('what time is it in Lisbon?');
    const reply = conversation.getSnapshot().messages[1]!;
    expect(reply.parts).toEqual([
      { type: 'tool', toolCallId: 'call_1', name: 'clock', args: { city: 'Lisbon' }, state: 'done', result: { time: '12:00' }, isError: false },
      { type: 'text', text: 'It is 12:00 in Lisbon.' },
    ]);
    expect(reply.text).toBe('It is 12:00 in Lisbon.');
    // The tool showed as running before it was done.
    const running = seen.map((snapshot) => snapshot.messages[1]?.parts[0]).find((part) => part?.type === 'tool' && part.state === 'running');
    expect(running).toEqual({ type: 'tool', toolCallId: 'call_1', name: 'clock', args: { city: 'Lisbon' }, state: 'running' });
  });

  it('status goes idle → submitted (sent, no token) → streaming (tokens coming) → idle', async () => {
    const { client, fake } = await fakeClient({ agents: { assistant: { persistent: true, reply: () => ({ text: 'ab', deltas: ['a', 'b'] }) } } });
    // `start` only, then silence: sent, nothing of the reply yet.
    fake.faults.stall({ afterEvents: 1, ms: 50, match: { path: '/agents/assistant' } });
    const conversation = createConversation(client, 'assistant', 'states-1');
    const statuses: string[] = [];
    conversation.subscribe((snapshot) => {
      if (statuses.at(-1) !== snapshot.status) statuses.push(snapshot.status);
    });
    await conversation.send('hi');
    expect(statuses).toEqual(['idle', 'submitted', 'streaming', 'idle']);
  });

  it('a failed send: status error with a kind, a short message for the user and the typed error as cause', async () => {
    const { client, fake } = await fakeClient({ agents: { assistant: { persistent: true, reply: () => 'ok' } } });
    fake.faults.next(1, { network: true }, { path: '/agents/assistant' });
    const conversation = createConversation(client, 'assistant', 'errors-1');
    await conversation.send('hi');
    const { error, status } = conversation.getSnapshot();
    expect(status).toBe('error');
    expect(error?.kind).toBe('network');
    expect(error?.message).toBe('Could not reach the server.');
    expect(error?.cause).toBeInstanceOf(PyFlueConnectionError);
    // Persistent agents have no runs: nothing in what the UI shows speaks of one.
    expect(error?.message).not.toMatch(/run|X-Flue/i);
  });

  it('429: kind rate_limit', async () => {
    const { client, fake } = await fakeClient({ agents: { assistant: { persistent: true, reply: () => 'ok' } } });
    fake.faults.next(1, { status: 429, retryAfter: 1 }, { path: '/agents/assistant' });
    const conversation = createConversation(client, 'assistant', 'errors-2');
    await conversation.send('hi');
    expect(conversation.getSnapshot().error).toMatchObject({ kind: 'rate_limit', message: 'Too many requests. Try again in a moment.' });
  });

  it('a payload builder that throws: kind input, the app error kept', async () => {
    const { client } = await fakeClient({ agents: { assistant: { persistent: true, reply: () => 'ok' } } });
    const conversation = createConversation(client, 'assistant', 'errors-3', {
      payload: () => {
        throw new Error('no session yet');
      },
    });
    await conversation.send('hi');
    expect(conversation.getSnapshot().error?.kind).toBe('input');
    expect(conversation.getSnapshot().error?.cause.message).toContain('no session yet');
  });
});

describe('createConversation: retry and regenerate', () => {
  it('retry() after a failed send: one user message and one reply', async () => {
    const { client, fake } = await fakeClient({ agents: { assistant: { persistent: true, reply: (turn) => `re: ${turn.message}` } } });
    fake.faults.next(1, { network: true }, { path: '/agents/assistant' });
    const conversation = createConversation(client, 'assistant', 'retry-1');
    await conversation.send('hi');
    expect(texts(conversation.getSnapshot())).toEqual(['user:hi:error']);
    await conversation.retry();
    expect(texts(conversation.getSnapshot())).toEqual(['user:hi:done', 'assistant:re: hi:done']);
    expect(conversation.getSnapshot()).toMatchObject({ status: 'idle', error: null });
    // Nothing left to retry: a second call does nothing.
    await conversation.retry();
    expect(conversation.getSnapshot().messages).toHaveLength(2);
  });

  it('retry() after a reply that broke mid-way drops the partial reply and asks again', async () => {
    const { client, fake } = await fakeClient({ agents: { assistant: { persistent: true, reply: () => ({ text: 'Hello world', deltas: ['Hello', ' world'] }) } } });
    // start, the first delta, then the connection drops.
    fake.faults.cutStreamAfter(2, { path: '/agents/assistant' });
    const conversation = createConversation(client, 'assistant', 'retry-2');
    await conversation.send('hi');
    expect(texts(conversation.getSnapshot())).toEqual(['user:hi:error', 'assistant:Hello:error']);
    await conversation.retry();
    expect(texts(conversation.getSnapshot())).toEqual(['user:hi:done', 'assistant:Hello world:done']);
  });

  it('regenerate() replaces the last reply with a new one; the user message stays single', async () => {
    let n = 0;
    const { client } = await fakeClient({ agents: { assistant: { persistent: true, reply: () => `answer ${++n}` } } });
    const conversation = createConversation(client, 'assistant', 'regen-1');
    await conversation.send('hi');
    await conversation.regenerate();
    expect(texts(conversation.getSnapshot())).toEqual(['user:hi:done', 'assistant:answer 2:done']);
  });

  it('retry() and regenerate() do nothing while a send is out', async () => {
    const turns: string[] = [];
    const { client, fake } = await fakeClient({ agents: { assistant: { persistent: true, reply: (turn) => (turns.push(turn.message), 'ok') } } });
    fake.faults.stall({ afterEvents: 1, ms: 30, match: { path: '/agents/assistant' } });
    const conversation = createConversation(client, 'assistant', 'regen-2');
    const sent = conversation.send('hi');
    await conversation.regenerate();
    await conversation.retry();
    await sent;
    expect(turns).toEqual(['hi']);
  });
});

describe('createConversation: history', () => {
  it('initialMessages: the conversation starts with them (ids kept or made, text parts filled in); new ids never collide', async () => {
    const { client } = await fakeClient({ agents: { assistant: { persistent: true, reply: () => 'ok' } } });
    const conversation = createConversation(client, 'assistant', 'history-1', {
      initialMessages: [
        { id: 'u1', role: 'user', text: 'earlier' },
        { role: 'assistant', text: 'reply' },
      ],
    });
    expect(conversation.getSnapshot().messages).toEqual([
      { id: 'u1', role: 'user', text: 'earlier', parts: [{ type: 'text', text: 'earlier' }], status: 'done' },
      { id: 'a1', role: 'assistant', text: 'reply', parts: [{ type: 'text', text: 'reply' }], status: 'done' },
    ]);
    await conversation.send('now');
    const ids = conversation.getSnapshot().messages.map((message) => message.id);
    expect(new Set(ids).size).toBe(4);
  });

  it('setMessages replaces the list (a value or a function of the current one)', async () => {
    const { client } = await fakeClient({ agents: { assistant: { persistent: true, reply: () => 'ok' } } });
    const conversation = createConversation(client, 'assistant', 'history-2');
    await conversation.send('one');
    conversation.setMessages((current) => current.slice(0, 1));
    expect(texts(conversation.getSnapshot())).toEqual(['user:one:done']);
    conversation.setMessages([{ role: 'assistant', text: 'Welcome back.' }]);
    expect(texts(conversation.getSnapshot())).toEqual(['assistant:Welcome back.:done']);
    expect(() => conversation.setMessages([{ role: 'robot', text: 'x' } as never])).toThrow(/setMessages\(\)\[0\] must be an array of messages \{ role: 'user' \| 'assistant'.*got an object/);
  });

  it('storage keeps the messages: a conversation made again (a reload) shows them', async () => {
    const storage = memoryStorage();
    const { client } = await fakeClient({ agents: { assistant: { persistent: true, reply: (turn) => ({ text: `re: ${turn.message}`, toolCalls: [{ name: 'look', args: { q: 1 } }] }) } } });
    const first = createConversation(client, 'assistant', 'saved-1', { storage, session: 's' });
    await first.send('hi');
    first.dispose();
    expect([...storage.items.keys()]).toEqual(['pyflue:conversation:assistant:saved-1:s']);
    const again = createConversation(client, 'assistant', 'saved-1', { storage, session: 's', initialMessages: [{ role: 'user', text: 'ignored: storage wins' }] });
    expect(again.getSnapshot().messages).toEqual(first.getSnapshot().messages);
    expect(again.getSnapshot().messages[1]?.parts[0]).toMatchObject({ type: 'tool', name: 'look', state: 'done' });
  });

  it('a page that went away mid-reply: what was saved reads back stopped, and retry() sends it', async () => {
    const storage = memoryStorage();
    const { client, fake } = await fakeClient({ agents: { assistant: { persistent: true, reply: (turn) => `re: ${turn.message}` } } });
    fake.faults.stall({ afterEvents: 1, match: { path: '/agents/assistant' } });
    const first = createConversation(client, 'assistant', 'saved-2', { storage });
    void first.send('hi');
    await until(first, (snapshot) => snapshot.status === 'submitted');
    // The page goes away (no dispose: a reload does not run one).
    fake.faults.clear();
    const again = createConversation(client, 'assistant', 'saved-2', { storage });
    expect(texts(again.getSnapshot())).toEqual(['user:hi:stopped']);
    first.dispose();
  });

  it('a storage whose getItem throws: reported, and the conversation starts from initialMessages', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { client } = await fakeClient({ agents: { assistant: { persistent: true, reply: () => 'ok' } } });
    const storage = {
      getItem: () => {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
      setItem: () => {
        throw new DOMException('Quota exceeded', 'QuotaExceededError');
      },
      removeItem: () => {},
    };
    const conversation = createConversation(client, 'assistant', 'saved-3', { storage, initialMessages: [{ role: 'assistant', text: 'Hi!' }] });
    expect(texts(conversation.getSnapshot())).toEqual(['assistant:Hi!:done']);
    // A setItem that throws does not stop the chat either.
    await conversation.send('hello');
    expect(texts(conversation.getSnapshot())).toEqual(['assistant:Hi!:done', 'user:hello:done', 'assistant:ok:done']);
    const reports = logged.mock.calls.map(([error]) => error as PyFlueError);
    expect(reports.some((error) => error instanceof PyFlueError && /could not read the conversation/i.test(error.message))).toBe(true);
    expect(reports.some((error) => error instanceof PyFlueError && /could not save the conversation/i.test(error.message))).toBe(true);
  });

  it('saved messages that are not messages are reported and left out', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const storage = memoryStorage();
    storage.setItem('pyflue:conversation:assistant:saved-4:default', '{"not": "a list"}');
    const { client } = await fakeClient({});
    const conversation = createConversation(client, 'assistant', 'saved-4', { storage });
    expect(conversation.getSnapshot().messages).toEqual([]);
    expect(logged).toHaveBeenCalledTimes(1);
  });
});
