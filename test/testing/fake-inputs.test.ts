/**
 * The fake's own arguments are checked up front with typed errors (PyFlueInputError, "did
 * you mean" for option keys), and a persistent agent's `reply` may return `toolCalls`,
 * streamed as `tool_start`/`tool_end` frames before the text (as a harness that calls tools).
 */
import { describe, expect, it } from 'vitest';
import { PyFlueClient, PyFlueInputError } from '../../src/index.js';
import type { AgentEvent } from '../../src/facade/core/types.js';
import { createFakePyFlue } from '../../src/testing/index.js';

describe('createFakePyFlue: typed argument errors', () => {
  it('refuses bad options with PyFlueInputError', async () => {
    await expect(createFakePyFlue({ workflow: {} } as never)).rejects.toThrow(/unknown option "workflow"; did you mean "workflows"\?/);
    await expect(createFakePyFlue({ baseUrl: 'not a url' })).rejects.toBeInstanceOf(PyFlueInputError);
    await expect(createFakePyFlue({ baseUrl: 'ftp://x' })).rejects.toThrow(/must be http\(s\)/);
    await expect(createFakePyFlue({ maxRuns: 0 })).rejects.toThrow(/maxRuns must be a whole number 1 or more/);
    await expect(createFakePyFlue({ agents: [] as never })).rejects.toThrow(/agents must be an object/);
    await expect(createFakePyFlue({ workflows: { greet: 5 as never } })).rejects.toBeInstanceOf(PyFlueInputError);
    await expect(createFakePyFlue({ agents: { 'a/b': () => ({}) } })).rejects.toBeInstanceOf(PyFlueInputError);
    await expect(createFakePyFlue({ agents: { bot: { persistent: true } as never } })).rejects.toBeInstanceOf(PyFlueInputError);
  });

  it('refuses bad fault and listen arguments with PyFlueInputError', async () => {
    await using fake = await createFakePyFlue();
    expect(() => fake.faults.stall({ count: 0 })).toThrow(PyFlueInputError);
    expect(() => fake.faults.stall({ afterEvent: 1 } as never)).toThrow(/did you mean "afterEvents"/);
    expect(() => fake.faults.cutStreamAfter(-1)).toThrow(PyFlueInputError);
    expect(() => fake.faults.dropSocketAfter(1.5)).toThrow(PyFlueInputError);
    await expect(fake.listen({ prot: 0 } as never)).rejects.toThrow(/did you mean "port"/);
    await expect(fake.listen({ port: 70_000 })).rejects.toThrow(/port must be a whole number from 0 to 65535/);
  });
});

describe('a reply with toolCalls', () => {
  it('streams tool_start and tool_end (defaults filled in) before the text; a plain prompt returns the text only', async () => {
    await using fake = await createFakePyFlue({
      agents: {
        bot: {
          persistent: true,
          reply: () => ({
            text: 'Done.',
            toolCalls: [{ name: 'search', args: { q: 'x' }, result: ['a'] }, { name: 'fail', isError: true, result: 'boom', toolCallId: 'own-id' }],
          }),
        },
      },
    });
    await using client = new PyFlueClient(fake.baseUrl, { fetch: fake.fetch });
    const events: AgentEvent[] = [];
    for await (const event of client.agents.stream('bot', 'x', { payload: { message: 'go' } })) events.push(event);
    expect(events.map((event) => event.type)).toEqual(['start', 'tool_start', 'tool_end', 'tool_start', 'tool_end', 'delta', 'end']);
    expect(events[1]).toEqual({ type: 'tool_start', toolName: 'search', toolCallId: 'call_1', args: { q: 'x' } });
    expect(events[2]).toEqual({ type: 'tool_end', toolName: 'search', toolCallId: 'call_1', isError: false, result: ['a'] });
    expect(events[4]).toEqual({ type: 'tool_end', toolName: 'fail', toolCallId: 'own-id', isError: true, result: 'boom' });
    const prompted = await client.agents.invoke('bot', 'y', { payload: { message: 'go' } });
    expect(JSON.stringify(prompted)).not.toContain('search');
  });

  it('toolCalls of the wrong shape fail the prompt as a harness error would (500 with the reason)', async () => {
    await using fake = await createFakePyFlue({ agents: { bot: { persistent: true, reply: () => ({ text: 'x', toolCalls: [{ args: {} }] as never }) } } });
    await using client = new PyFlueClient(fake.baseUrl, { fetch: fake.fetch });
    const failed = await client.agents.invoke('bot', 'y', { payload: { message: 'go' } }).then(
      () => undefined,
      (error: unknown) => error as { status: number; dev?: string },
    );
    expect(failed?.status).toBe(500);
    // The reason is where PyFlue puts an exception's text: `dev`.
    expect(failed?.dev).toMatch(/toolCalls\[0\] needs a name/);
  });
});
