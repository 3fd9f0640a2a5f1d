/**
 * Our SSE reader (`readSseBatches`, the reader the client's streams use, every frame
 * visited) against eventsource-parser alone
 * (a TextDecoder feeding `createParser`, events collected), on the same in-memory
 * byte stream of realistic PyFlue run events; plus how our time scales from 100 000
 * to 1 000 000 events.
 */
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { readSseBatches } from '../src/facade/internal/streams/sse.js';
import { chunkedStream, encodeFrames } from './frames.js';
import { check, collectGarbage, compare, pairedRatio, round } from './harness.js';

const EVENTS = 100_000;
const LARGE = 1_000_000;
const CHUNKS = [1024, 64 * 1024] as const;

/** Ours: every frame of every batch visited. */
async function ours(stream: ReadableStream<Uint8Array>): Promise<number> {
  let count = 0;
  for await (const batch of readSseBatches(stream)) {
    for (const frame of batch) if (frame.event !== '') count += 1;
  }
  return count;
}

/**
 * The baseline: the same read loop, decoder and parser, events collected per chunk
 * (as our reader batches them internally) and counted; no async iteration per event.
 */
async function baseline(stream: ReadableStream<Uint8Array>): Promise<number> {
  const reader = stream.getReader();
  const decoder = new TextDecoder('utf-8');
  let batch: EventSourceMessage[] = [];
  let count = 0;
  const parser = createParser({ onEvent: (message) => batch.push(message) });
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      parser.feed(decoder.decode() + '\n\n');
    } else {
      const text = decoder.decode(value, { stream: true });
      if (text !== '') parser.feed(text);
    }
    count += batch.length;
    batch = [];
    if (done) break;
  }
  reader.releaseLock();
  return count;
}

export interface SseResults {
  sse_vs_eventsource_parser: Record<string, unknown> & { ratio: number };
  sse_linearity: Record<string, unknown> & { ratio: number };
}

export async function sseBench(log: (line: string) => void): Promise<SseResults> {
  const small = [encodeFrames(1, EVENTS)];
  const bytes = small[0]!.length;
  log(`sse: ${EVENTS} events, ${(bytes / 2 ** 20).toFixed(1)} MiB`);

  const byChunk: Record<string, unknown> = {};
  let worst = Infinity;
  for (const chunk of CHUNKS) {
    const timings = await compare(
      {
        eventsource_parser: async () => check((await baseline(chunkedStream(small, chunk))) === EVENTS, 'baseline event count'),
        ours: async () => check((await ours(chunkedStream(small, chunk))) === EVENTS, 'our event count'),
      },
      { warmup: 3, reps: 15, between: collectGarbage },
    );
    // Events per second, ours over the baseline's: the baseline's time over ours, paired per
    // repetition (both timed in the same turn), so a busy moment slows both sides alike.
    const paired = pairedRatio(timings.eventsource_parser.samples_ms, timings.ours.samples_ms);
    const ratio = paired.median;
    worst = Math.min(worst, ratio);
    byChunk[`${chunk / 1024}KiB`] = {
      ratio: round(ratio),
      p25: paired.p25,
      p75: paired.p75,
      ours_events_per_s: Math.round(EVENTS / (timings.ours.median_ms / 1000)),
      eventsource_parser_events_per_s: Math.round(EVENTS / (timings.eventsource_parser.median_ms / 1000)),
      ...timings,
    };
    log(`sse: ${chunk / 1024} KiB chunks: ratio ${ratio.toFixed(3)} (p25-p75 ${paired.p25}-${paired.p75})`);
  }

  // 1 000 000 distinct events, built ahead of time in ten pieces (about 290 MB).
  const large: Uint8Array[] = [];
  for (let from = 1; from <= LARGE; from += EVENTS) large.push(encodeFrames(from, from + EVENTS - 1));
  const chunk = 64 * 1024;
  const linear = await compare(
    {
      events_100k: async () => check((await ours(chunkedStream(small, chunk))) === EVENTS, '100k count'),
      events_1m: async () => check((await ours(chunkedStream(large, chunk))) === LARGE, '1M count'),
    },
    { warmup: 1, reps: 5, between: collectGarbage },
  );
  large.length = 0;
  const linearity = linear.events_1m.median_ms / linear.events_100k.median_ms;
  log(`sse: linearity ${linearity.toFixed(2)}`);

  return {
    sse_vs_eventsource_parser: {
      ratio: round(worst),
      unit: 'events/s ours over eventsource-parser: the median of per-repetition paired ratios (worse of the two chunk sizes)',
      events: EVENTS,
      bytes,
      ...byChunk,
    },
    sse_linearity: {
      ratio: round(linearity),
      unit: 'our time for 1 000 000 events over our time for 100 000 (64 KiB chunks)',
      ...linear,
    },
  };
}
