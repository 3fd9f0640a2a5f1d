/**
 * What every live store shares: `subscribe` calls the listener at once with the current
 * snapshot and then with each new one (the Svelte store contract, which React's
 * useSyncExternalStore accepts as it is), and a listener that throws is reported without
 * breaking a send or the other listeners.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { get, derived } from 'svelte/store';
import { createConversation, watchRun, type ConversationSnapshot } from '../../src/live/index.js';
import { fakeClient, until } from './support.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('subscribe', () => {
  it('calls the listener at once with the current snapshot, then with each new one', async () => {
    const { client } = await fakeClient({ agents: { assistant: { persistent: true, reply: () => ({ text: 'ab', deltas: ['a', 'b'] }) } } });
    const conversation = createConversation(client, 'assistant', 'sub-1');
    const seen: ConversationSnapshot[] = [];
    const unsubscribe = conversation.subscribe((snapshot) => seen.push(snapshot));
    expect(seen).toEqual([conversation.getSnapshot()]);
    await conversation.send('hi');
    // Each call hands the snapshot of that moment; the last is the current one.
    expect(seen.at(-1)).toBe(conversation.getSnapshot());
    expect(new Set(seen).size).toBe(seen.length);
    unsubscribe();
    await conversation.send('again');
    expect(seen.at(-1)?.messages).toHaveLength(2);
  });

  it('is a Svelte store as it is: get() and derived() from svelte/store read it', async () => {
    const { client } = await fakeClient({ agents: { assistant: { persistent: true, reply: (turn) => `re: ${turn.message}` } } });
    const conversation = createConversation(client, 'assistant', 'svelte-1');
    expect(get(conversation)).toBe(conversation.getSnapshot());
    const count = derived(conversation, (snapshot) => snapshot.messages.length);
    const counts: number[] = [];
    const stop = count.subscribe((value) => counts.push(value));
    await conversation.send('hi');
    stop();
    expect(counts[0]).toBe(0);
    expect(counts.at(-1)).toBe(2);
    expect(get(count)).toBe(2);
  });

  it('a run store is a Svelte store too: get() starts nothing it should not, derived() follows the run', async () => {
    const steps = async (ctx: { log: { info(message: string, fields?: Record<string, unknown>): Promise<void> } }) => {
      for (let n = 1; n <= 3; n += 1) await ctx.log.info('step', { n });
      return { steps: 3 };
    };
    const { client } = await fakeClient({ workflows: { steps } });
    const { runId } = await client.workflows.invoke('steps', {});
    const store = watchRun(client, runId);
    const statuses = derived(store, (snapshot) => `${snapshot.status}/${snapshot.connection}`);
    const seen: string[] = [];
    const stop = statuses.subscribe((value) => seen.push(value));
    await until(store, (snapshot) => snapshot.status === 'succeeded');
    stop();
    expect(seen[0]).toBe('running/connecting');
    expect(seen).toContain('running/open');
    expect(seen.at(-1)).toBe('succeeded/open');
    store.dispose();
  });

  it('refuses a listener that is no function, with a typed error', async () => {
    const { client } = await fakeClient({});
    const conversation = createConversation(client, 'assistant', 'sub-2');
    expect(() => conversation.subscribe('listener' as never)).toThrow(/subscribe needs a function/);
  });

  it('a listener that throws is reported and breaks neither the send nor the listeners after it', async () => {
    const reported: unknown[] = [];
    const original = (globalThis as { reportError?: unknown }).reportError;
    (globalThis as { reportError?: unknown }).reportError = (error: unknown) => reported.push(error);
    try {
      const { client } = await fakeClient({ agents: { assistant: { persistent: true, reply: () => 'ok' } } });
      const conversation = createConversation(client, 'assistant', 'sub-3');
      let calls = 0;
      conversation.subscribe((snapshot) => {
        if (snapshot.messages.length > 0) throw new Error('listener bug');
      });
      conversation.subscribe(() => (calls += 1));
      await expect(conversation.send('hi')).resolves.toBeUndefined();
      expect(conversation.getSnapshot().messages.map((message) => message.status)).toEqual(['done', 'done']);
      expect(calls).toBeGreaterThan(3);
      expect(reported.length).toBeGreaterThan(0);
      expect((reported[0] as Error).message).toBe('listener bug');
    } finally {
      (globalThis as { reportError?: unknown }).reportError = original;
    }
  });

  it('without reportError (Node), a throwing listener goes to console.error, not to an uncaught exception', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { client } = await fakeClient({ agents: { assistant: { persistent: true, reply: () => 'ok' } } });
    const conversation = createConversation(client, 'assistant', 'sub-4');
    conversation.subscribe((snapshot) => {
      if (snapshot.status === 'submitted') throw new Error('listener bug');
    });
    await conversation.send('hi');
    expect(conversation.getSnapshot().status).toBe('idle');
    expect(logged).toHaveBeenCalledWith(expect.objectContaining({ message: 'listener bug' }));
  });
});
