/**
 * 2 000 sequential prompts on one agent socket per side (`client.agents.connect`
 * against the persistent `assistant` agent of the real server), against a raw `ws`
 * client sending the same frames on one socket and awaiting (and JSON-parsing) each
 * reply. The 2 000 prompts go in 5 timed blocks of 400 per side, the sides taking turns
 * block by block, after a warm-up block of 50. Prompt i of every side uses session
 * `s<i>` (the same frame), in its own agent instance, so each side's server work is
 * the same at the same point (a session's history grows with every prompt in it).
 * The Python client's figure (websockets, `client.agents.connect`) is measured in the
 * same turns, for the record.
 */
import WebSocket from 'ws';
import { PyFlueClient } from '../src/index.js';
import { check, compare, round } from './harness.js';
import type { PythonClient } from './python.js';

const BLOCK = 400;
const BLOCKS = 5;
const WARMUP = 50;
const AGENT = 'assistant';

/** A minimal raw client: one socket, one reply awaited per frame sent. */
class RawSocket {
  readonly ws: WebSocket;
  #waiting: ((data: string) => void) | undefined;

  constructor(url: string) {
    this.ws = new WebSocket(url);
    this.ws.on('message', (data) => {
      const waiting = this.#waiting;
      this.#waiting = undefined;
      waiting?.(String(data));
    });
  }

  async open(): Promise<void> {
    if (this.ws.readyState === WebSocket.OPEN) return;
    await new Promise<void>((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
  }

  prompt(message: string, session: string): Promise<{ type: string }> {
    return new Promise((resolve) => {
      this.#waiting = (data) => resolve(JSON.parse(data) as { type: string });
      this.ws.send(JSON.stringify({ type: 'prompt', message, session }));
    });
  }

  close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.ws.once('close', () => resolve());
      this.ws.close(1000);
    });
  }
}

export async function socketBench(baseUrl: string, python: PythonClient, log: (line: string) => void) {
  const tag = Date.now().toString(36);
  const client = new PyFlueClient(baseUrl);
  const ours = client.agents.connect(AGENT, `bench-ts-${tag}`);
  const raw = new RawSocket(`${client.socketUrl(`/agents/${AGENT}/bench-raw-${tag}`)}`);
  try {
    await Promise.all([ours.ready, raw.open()]);
    await python.command({ cmd: 'socket_open', agent: AGENT, id: `bench-py-${tag}` });

    // Warm-up block: sessions w0..w49, outside the measured range.
    const range = (rep: number) => (rep < 0 ? { from: 0, count: WARMUP, prefix: 'w' } : { from: rep * BLOCK, count: BLOCK, prefix: 's' });
    const timings = await compare(
      {
        ours: async (rep) => {
          const { from, count, prefix } = range(rep);
          let last: { type: string } | undefined;
          for (let i = from; i < from + count; i += 1) last = await ours.prompt('hello', { session: `${prefix}${i}` });
          check(last?.type === 'result', 'our socket got results');
        },
        raw_ws: async (rep) => {
          const { from, count, prefix } = range(rep);
          let last: { type: string } | undefined;
          for (let i = from; i < from + count; i += 1) last = await raw.prompt('hello', `${prefix}${i}`);
          check(last?.type === 'result', 'raw ws got results');
        },
        python: async (rep) => {
          const { from, count } = range(rep);
          if (rep < 0) {
            // The Python command numbers sessions s<i>; keep the warm-up out of that range.
            const answer = await python.command<{ ms: number }>({ cmd: 'socket_block', from: 1_000_000, count });
            return answer.ms;
          }
          const answer = await python.command<{ ms: number; last: { type?: string } }>({ cmd: 'socket_block', from, count });
          check(answer.last.type === 'result', 'python socket got results');
          return answer.ms;
        },
      },
      { warmup: 1, reps: BLOCKS },
    );
    const perSecond = (ms: number) => round(BLOCK / (ms / 1000), 1);
    const ratio = timings.raw_ws.median_ms / timings.ours.median_ms;
    log(`socket: ours/raw ${ratio.toFixed(3)} (ours ${perSecond(timings.ours.median_ms)}/s, raw ${perSecond(timings.raw_ws.median_ms)}/s, python ${perSecond(timings.python.median_ms)}/s)`);
    return {
      ratio: round(ratio),
      unit: `prompts/s ours over raw ws; ${BLOCKS * BLOCK} prompts per side on one socket, in ${BLOCKS} alternating blocks of ${BLOCK}`,
      prompts_per_s: {
        ours: perSecond(timings.ours.median_ms),
        raw_ws: perSecond(timings.raw_ws.median_ms),
        python: perSecond(timings.python.median_ms),
      },
      ours_over_python_prompts_per_s: round(timings.python.median_ms / timings.ours.median_ms),
      ...timings,
    };
  } finally {
    await Promise.allSettled([ours.close(), raw.close(), client.close()]);
  }
}
