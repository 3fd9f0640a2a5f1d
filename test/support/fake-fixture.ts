/**
 * The fixture project of pyflue-server/fixture, declared for the fake
 * (`@pyflue/client/testing`): the same agents and workflows, answering the same way, so
 * the conformance suite can run against both and expect the same answers.
 */
import { echoReply, type FakePyFlueOptions, type FakeRunContext } from '../../src/testing/index.js';

/** Python's `len(text.split())`. */
const wordCount = (text: string) => text.split(/\s+/).filter(Boolean).length;

/** Python's `int(value)` for a payload field, with its default. */
const intOf = (value: unknown, fallback: number) => (value === undefined ? fallback : Math.trunc(Number(value)));

/** `asyncio.sleep` that ends early (rejecting) when the fake closes. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export const fixture = {
  agents: {
    // agents/assistant.py and agents/support/billing.py: create_agent(...), replies from the echo harness.
    assistant: { persistent: true, reply: echoReply },
    'support.billing': { persistent: true, reply: echoReply },
    // agents/narrator.py: the echo reply, after a call of its `clock` tool when the message names it.
    narrator: {
      persistent: true,
      reply: (turn) => {
        const reply = echoReply(turn) as { text: string };
        const city = /\bcity=([^\s,;]+)/.exec(turn.message)?.[1] ?? 'Lisbon';
        return /\bclock\b/.test(turn.message) ? { ...reply, toolCalls: [{ name: 'clock', args: { city }, result: { city, time: '12:00' } }] } : reply;
      },
    },
    // agents/summarize.py
    summarize: async (ctx: FakeRunContext) => {
      const text = String(ctx.payload.text ?? '');
      await ctx.log.info('summarizing', { chars: [...text].length });
      return { summary: [...text].slice(0, 40).join(''), words: wordCount(text), instance: ctx.agentId };
    },
    // agents/internal.py: triggers = {"webhook": False}
    internal: { handler: async () => ({ secret: true }), triggers: { webhook: false } },
  },
  workflows: {
    // workflows/burst.py
    burst: async (ctx) => {
      const count = Math.min(intOf(ctx.payload.count, 10), 200_000);
      for (let index = 0; index < count; index += 1) await ctx.log.info('tick', { n: index });
      return { count };
    },
    // workflows/progress.py
    progress: async (ctx) => {
      const count = Math.min(intOf(ctx.payload.count, 8), 1000);
      const delayMs = Math.min(Number(ctx.payload.delay_ms ?? 250), 5000);
      for (let n = 1; n <= count; n += 1) {
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        if (ctx.payload.fail_at !== undefined && n === intOf(ctx.payload.fail_at, 0)) throw new Error(`Step ${n} of ${count} failed.`);
        await ctx.log.info('step', { n, of: count });
      }
      return { steps: count };
    },
    // workflows/explode.py
    explode: async (ctx) => {
      const reason = String(ctx.payload.reason ?? 'boom');
      await ctx.log.error('about to fail', { reason });
      throw new Error(reason);
    },
    // workflows/greet.py
    greet: async (ctx) => {
      const name = String(ctx.payload.name ?? 'world');
      await ctx.log.info('starting', { step: 1 });
      await ctx.log.warn('halfway', { step: 2 });
      await ctx.log.info('done', { step: 3 });
      return { greeting: `Hello, ${name}!`, runId: ctx.id };
    },
    // workflows/slow.py
    slow: async (ctx) => {
      const count = Math.min(intOf(ctx.payload.count, 5), 1000);
      const delayMs = Math.min(Number(ctx.payload.delay_ms ?? 100), 2000);
      for (let index = 0; index < count; index += 1) {
        await sleep(delayMs, ctx.signal);
        await ctx.log.info('tick', { n: index });
      }
      return { count };
    },
  },
} satisfies FakePyFlueOptions;
