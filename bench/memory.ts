/**
 * RSS growth while streaming 1 000 000 events through `client.runs.stream` from the
 * lazy stub: RSS after 100 000 events vs after 1 000 000, each after two forced GCs.
 * Each measurement runs in a fresh child (`node --expose-gc --import tsx bench/memory.ts
 * <stubUrl> <mode>`) so nothing else in the bench process is counted. For the record,
 * measured the same way: the baseline (raw fetch + TextDecoder + eventsource-parser +
 * JSON.parse), and ours with V8's young generation pre-sized (--min-semi-space-size=16),
 * which shows how much of the growth is V8 enlarging its semi-spaces rather than retention.
 */
import { createParser } from 'eventsource-parser';
import { fileURLToPath } from 'node:url';
import { PyFlueClient } from '../src/index.js';
import { check, median, round, tsxArgs, waitForLine, type Children } from './harness.js';

const TOTAL = 1_000_000;
const MARK = 100_000;
const MiB = 2 ** 20;

interface Sample {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

export interface MemoryRun {
  mode: string;
  events: number;
  seconds: number;
  at_100k: Sample;
  at_1m: Sample;
  max_rss_mib: number;
  /** RSS (MiB) after every 100 000 events. */
  rss_every_100k: number[];
  growth_mib: number;
  heap_growth_mib: number;
}

function sample(): Sample {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  gc();
  gc();
  const usage = process.memoryUsage();
  return {
    rss: round(usage.rss / MiB, 2),
    heapTotal: round(usage.heapTotal / MiB, 2),
    heapUsed: round(usage.heapUsed / MiB, 2),
    external: round(usage.external / MiB, 2),
    arrayBuffers: round(usage.arrayBuffers / MiB, 2),
  };
}

async function child(stubUrl: string, mode: string): Promise<MemoryRun> {
  const runId = `bench-${TOTAL}`;
  let count = 0;
  let atMark: Sample | undefined;
  const trajectory: number[] = [];
  const mark = (): void => {
    if (count % MARK !== 0) return;
    const now = sample();
    trajectory.push(now.rss);
    if (count === MARK) atMark = now;
  };
  const start = performance.now();
  if (mode === 'ours') {
    const client = new PyFlueClient(stubUrl);
    for await (const event of client.runs.stream(runId)) {
      count += 1;
      mark();
      if (event.type === 'unknown' || event.eventIndex !== count) throw new Error(`event ${count} is ${JSON.stringify(event).slice(0, 80)}`);
    }
    await client.close();
  } else {
    const response = await fetch(`${stubUrl}/runs/${runId}/stream`, { headers: { accept: 'text/event-stream' } });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let batch: string[] = [];
    const parser = createParser({ onEvent: (message) => batch.push(message.data) });
    for (;;) {
      const { done, value } = await reader.read();
      parser.feed(done ? decoder.decode() + '\n\n' : decoder.decode(value, { stream: true }));
      for (const data of batch) {
        const event = JSON.parse(data) as { event_index: number };
        count += 1;
        mark();
        if (event.event_index !== count) throw new Error(`event ${count} has index ${event.event_index}`);
      }
      batch = [];
      if (done) break;
    }
  }
  const seconds = (performance.now() - start) / 1000;
  const end = sample();
  trajectory[trajectory.length - 1] = end.rss;
  if (!atMark) throw new Error(`only ${count} events`);
  return {
    mode,
    events: count,
    seconds: round(seconds, 2),
    at_100k: atMark,
    at_1m: end,
    max_rss_mib: round(process.resourceUsage().maxRSS / 1024, 1),
    rss_every_100k: trajectory,
    growth_mib: round(end.rss - atMark.rss, 2),
    heap_growth_mib: round(end.heapUsed - atMark.heapUsed, 2),
  };
}

const MODES = {
  ours: { mode: 'ours', flags: [] as string[] },
  fetch: { mode: 'fetch', flags: [] as string[] },
  /** Ours with V8's young generation at full size from the start: what is left is retention. */
  ours_presized: { mode: 'ours', flags: ['--min-semi-space-size=16'] },
} as const;
type ModeName = keyof typeof MODES;

/**
 * Runs ours, the baseline and ours with a pre-sized young generation `reps` times each,
 * in rotating order, one fresh child per run; the figure is ours with default flags.
 */
export async function memoryBench(stubUrl: string, children: Children, log: (line: string) => void, reps = 3) {
  const script = fileURLToPath(import.meta.url);
  const names = Object.keys(MODES) as ModeName[];
  const runs = Object.fromEntries(names.map((name) => [name, [] as MemoryRun[]])) as Record<ModeName, MemoryRun[]>;
  for (let rep = 0; rep < reps; rep += 1) {
    for (const name of [...names.slice(rep % names.length), ...names.slice(0, rep % names.length)]) {
      const { mode, flags } = MODES[name];
      const proc = children.spawn(process.execPath, tsxArgs(script, [stubUrl, mode], ['--expose-gc', ...flags]));
      const match = await waitForLine(proc, /MEMORY_RESULT (.*)\n/, 120_000);
      const run = JSON.parse(match[1]!) as MemoryRun;
      check(run.events === TOTAL, `${name} streamed ${run.events} events`);
      runs[name].push(run);
    }
  }
  const growth = (name: ModeName) => round(median(runs[name].map((run) => run.growth_mib)), 2);
  const heapTotal = (name: ModeName) => round(median(runs[name].map((run) => run.at_1m.heapTotal - run.at_100k.heapTotal)), 2);
  log(`memory: ours +${growth('ours')} MiB, fetch+eventsource-parser +${growth('fetch')} MiB, ours pre-sized young gen +${growth('ours_presized')} MiB`);
  return {
    value: growth('ours'),
    unit: `MiB of RSS growth from event ${MARK} to ${TOTAL} (median of ${reps} fresh processes, default node flags)`,
    baseline_fetch_eventsource_parser_mib: growth('fetch'),
    ours_presized_young_generation_mib: growth('ours_presized'),
    heap_total_growth_mib: { ours: heapTotal('ours'), fetch: heapTotal('fetch'), ours_presized: heapTotal('ours_presized') },
    heap_used_growth_mib: {
      ours: median(runs.ours.map((run) => run.heap_growth_mib)),
      fetch: median(runs.fetch.map((run) => run.heap_growth_mib)),
    },
    max_rss_mib: { ours: median(runs.ours.map((run) => run.max_rss_mib)), fetch: median(runs.fetch.map((run) => run.max_rss_mib)) },
    events_per_s: {
      ours: Math.round(TOTAL / median(runs.ours.map((run) => run.seconds))),
      fetch: Math.round(TOTAL / median(runs.fetch.map((run) => run.seconds))),
    },
    runs,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [stubUrl, mode = 'ours'] = process.argv.slice(2);
  if (!stubUrl) throw new Error('usage: node --expose-gc --import tsx bench/memory.ts <stubUrl> [ours|fetch]');
  child(stubUrl, mode).then(
    (result) => process.stdout.write(`MEMORY_RESULT ${JSON.stringify(result)}\n`),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
