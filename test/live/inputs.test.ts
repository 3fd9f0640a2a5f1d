/**
 * Every /live entry checks its arguments before anything is sent: a PyFlueInputError that
 * says what to fix (with "did you mean" for an unknown option key), never a TypeError
 * from deep inside or a failure much later.
 */
import { describe, expect, it } from 'vitest';
import { PyFlueInputError } from '../../src/index.js';
import { createConversation, startWorkflow, watchRun } from '../../src/live/index.js';
import { fakeClient } from './support.js';

const refused = (run: () => unknown): PyFlueInputError => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(PyFlueInputError);
    return error as PyFlueInputError;
  }
  throw new Error('expected a PyFlueInputError');
};

describe('/live argument checks', () => {
  it('createConversation: client, names, options', async () => {
    const { client } = await fakeClient({});
    expect(refused(() => createConversation(null as never, 'assistant' as never, 'x', {} as never)).message).toMatch(/createConversation\(\) needs a PyFlueClient.*got null/);
    expect(refused(() => createConversation('http://x' as never, 'assistant' as never, 'x', {} as never)).message).toMatch(/needs a PyFlueClient/);
    expect(refused(() => createConversation(client, 5 as never, 'x')).message).toMatch(/agentName must be a string; got number 5/);
    expect(refused(() => createConversation(client, 'assistant', '')).message).toMatch(/instanceId must not be empty/);
    expect(refused(() => createConversation(client, 'assistant', 'x', { session: 5 as never })).message).toMatch(/session must be a non-empty string; got number 5/);
    expect(refused(() => createConversation(client, 'assistant', 'x', { sesion: 'a' } as never)).message).toMatch(/unknown option "sesion"; did you mean "session"\?/);
    expect(refused(() => createConversation(client, 'assistant', 'x', { payload: 'x' as never })).message).toMatch(/payload must be a function/);
    expect(refused(() => createConversation(client, 'assistant', 'x', { storage: new Map() as never })).message).toMatch(/storage must have getItem, setItem and removeItem/);
    expect(refused(() => createConversation(client, 'assistant', 'x', { initialMessages: 'hi' as never })).message).toMatch(/initialMessages must be an array of messages/);
    expect(refused(() => createConversation(client, 'assistant', 'x', { initialMessages: [{ role: 'user' }] as never })).message).toMatch(/initialMessages\[0\] must be an array of messages \{ role: 'user' \| 'assistant', text or parts/);
    expect(refused(() => createConversation(client, 'assistant', 'x', { initialMessages: [{ id: 'a', role: 'user', text: '1' }, { id: 'a', role: 'user', text: '2' }] })).message).toMatch(/initialMessages\[1\] must be .* with unique ids/);
    expect(refused(() => createConversation(client, 'assistant', 'x', [] as never)).message).toMatch(/options must be a plain object/);
  });

  it('a conversation’s own calls: send, subscribe', async () => {
    const { client } = await fakeClient({});
    const conversation = createConversation(client, 'assistant', 'x');
    expect(refused(() => conversation.send(5 as never)).message).toMatch(/send\(\) needs the message as a string; got number 5/);
    expect(refused(() => conversation.send('hi', { signl: AbortSignal.timeout(10) } as never)).message).toMatch(/did you mean "signal"/);
    expect(refused(() => conversation.send('hi', { signal: 'x' as never })).message).toMatch(/signal must be an AbortSignal/);
    expect(refused(() => conversation.subscribe(5 as never)).message).toMatch(/subscribe needs a function/);
    // Nothing was added by the refused sends.
    expect(conversation.getSnapshot().messages).toEqual([]);
  });

  it('watchRun and startWorkflow', async () => {
    const { client } = await fakeClient({});
    expect(refused(() => watchRun(undefined as never, 'run_1')).message).toMatch(/watchRun\(\) needs a PyFlueClient/);
    expect(refused(() => watchRun(client, 5 as never)).message).toMatch(/runId must be a string/);
    expect(refused(() => watchRun(client, 'run_1', { afer: 3 } as never)).message).toMatch(/did you mean "after"/);
    expect(refused(() => watchRun(client, 'run_1', { after: -1 })).message).toMatch(/after must be a whole number 0 or more/);
    await expect(startWorkflow({} as never, 'greet' as never, {} as never)).rejects.toBeInstanceOf(PyFlueInputError);
    await expect(startWorkflow(client, '' as never, {})).rejects.toThrow(/name must not be empty/);
    await expect(startWorkflow(client, 'greet' as never, {}, { sigal: 1 } as never)).rejects.toThrow(/did you mean "signal"/);
  });
});
