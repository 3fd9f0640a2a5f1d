/**
 * The soak: about 3 minutes (PYFLUE_SOAK_SECONDS) of mixed traffic through one long-lived
 * client, and a short-lived one now and then, against the real PyFlue server behind the
 * fault proxy, which cuts one connection in five at a varying byte offset. Heap in use is
 * sampled after forced GCs once a warm-up has loaded every lazy module (15 s, `after_load`)
 * and V8's optimised code has settled (60 s, `start`), then every 30 s and at the end; the
 * figure is end minus start, to be at most 1 MiB (`growth_since_load_mib` includes the warm-up).
 *
 * PYFLUE_SOAK_SNAPSHOTS=<dir> also writes a V8 heap snapshot there at the start and at the
 * end (after the GCs), to diff in Chrome DevTools' Memory tab when the heap grows;
 * PYFLUE_SOAK_ONLY=<kind> runs one kind of call alone, to find which one holds memory.
 *
 * The traffic runs in a fresh child (`node --expose-gc --import tsx bench/soak.ts <url>
 * <seconds>`), so neither the proxy nor the bench itself is counted.
 */
import { writeHeapSnapshot } from 'node:v8';
import { fileURLToPath } from 'node:url';
import { PyFlueClient } from '../src/index.js';
import { startFaultProxy } from '../test/support/fault-proxy.js';
import { round, tsxArgs, waitForLine, type Children } from './harness.js';

const MiB = 2 ** 20;
export const SOAK_LIMIT_MIB = 1;

export interface SoakRun {
  seconds: number;
  rounds: number;
  calls: number;
  /** Calls that failed, by error name (cuts the client could not resume from, mostly). */
  failures: Record<string, number>;
  heap_used_mib: { after_load: number; start: number; end: number; every_30s: number[] };
  growth_mib: number;
  /** From the first sample (lazy modules loaded, 15 s in) to the end: warm-up included. */
  growth_since_load_mib: number;
}

/**
 * Heap in use after GC. The GCs are a turn apart: FinalizationRegistry callbacks (undici
 * registers every Response's body in one) only run on a later task, and until they do the
 * registry's cells and their WeakRefs still count, which reads as growth that is not.
 */
/** `PYFLUE_SOAK_ONLY=<kind>` runs one kind of call alone (health, agents, invoke, stream, admin, notFound, abort, socket), to find which one holds memory. */
const ONLY = process.env.PYFLUE_SOAK_ONLY;

async function heapUsedMiB(): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  for (let pass = 0; pass < 3; pass += 1) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  gc();
  return round(process.memoryUsage().heapUsed / MiB, 3);
}

/** One round of mixed traffic: every kind of call the client makes, each allowed to fail on a cut. */
async function round_(client: PyFlueClient, index: number, count: (error?: unknown) => void): Promise<void> {
  const attempt = async (call: () => Promise<unknown>, kind = '') => {
    if (ONLY && kind !== ONLY) return;
    try {
      await call();
      count();
    } catch (error) {
      count(error);
    }
  };
  const instance = `soak-${index % 20}`; // a bounded set of instances: the server's sessions stay bounded too
  await attempt(() => client.health(), 'health');
  await attempt(() => client.agents.list(), 'agents');
  await attempt(() => client.agents.invoke('summarize', instance, { payload: { text: 'one two three' } }), 'invoke');
  await attempt(async () => {
    const stream = client.workflows.stream('greet', { name: instance });
    for await (const _ of stream) void _;
    const runId = await stream.runId;
    if (runId) await client.runs.get(runId);
    for await (const _ of client.runs.stream(runId!)) break; // left early
  }, 'stream');
  await attempt(() => client.admin.runs.list({ limit: 5 }), 'admin');
  await attempt(() => client.runs.get('run_00000000000000000000000000'), 'notFound'); // a typed 404, every round
  await attempt(async () => {
    const controller = new AbortController();
    const pending = client.workflows.invoke('slow', { count: 2, delay_ms: 50 }, { wait: true, signal: controller.signal });
    controller.abort(new Error('soak abort'));
    await pending;
  }, 'abort');
  if (index % 5 === 0) {
    await attempt(async () => {
      await using socket = client.agents.connect('assistant', instance);
      await socket.prompt('soak', { session: `s${index % 3}` });
    }, 'socket');
  }
}

async function child(baseUrl: string, seconds: number): Promise<SoakRun> {
  const failures: Record<string, number> = {};
  let calls = 0;
  const count = (error?: unknown) => {
    calls += 1;
    if (error) {
      const name = error instanceof Error ? error.name : typeof error;
      failures[name] = (failures[name] ?? 0) + 1;
    }
  };
  const client = new PyFlueClient(baseUrl, { maxRetries: 2 });
  let rounds = 0;
  const run = async (untilMs: number) => {
    while (performance.now() < untilMs) {
      await round_(client, rounds, count);
      rounds += 1;
      if (rounds % 10 === 0) {
        // A short-lived client too: created, used, closed.
        await using brief = new PyFlueClient(baseUrl);
        await round_(brief, rounds, count);
      }
    }
  };
  // Warm-up: every lazy module loaded and every code path compiled before the first sample
  // (15 s), then until V8's optimised code and feedback settle (60 s in all): over the first
  // minute the heap grows by about 1 MiB whatever the call count (2 000 or 10 000 health()
  // calls in a row retain the same, so it does not grow with the traffic), which is
  // code, not a leak. Both samples are reported.
  await run(performance.now() + Math.min(15_000, seconds * 100));
  const afterLoad = await heapUsedMiB();
  await run(performance.now() + Math.min(45_000, seconds * 250));
  const start = await heapUsedMiB();
  const snapshots = process.env.PYFLUE_SOAK_SNAPSHOTS;
  if (snapshots) writeHeapSnapshot(`${snapshots}/soak-start.heapsnapshot`);
  const every30s = [start];
  const begin = performance.now();
  for (let mark = 1; performance.now() - begin < seconds * 1000; mark += 1) {
    await run(Math.min(begin + seconds * 1000, begin + mark * 30_000));
    every30s.push(await heapUsedMiB());
  }
  const end = await heapUsedMiB();
  if (snapshots) writeHeapSnapshot(`${snapshots}/soak-end.heapsnapshot`);
  await client.close();
  every30s[every30s.length - 1] = end;
  return {
    seconds: round((performance.now() - begin) / 1000, 1),
    rounds,
    calls,
    failures,
    heap_used_mib: { after_load: afterLoad, start, end, every_30s: every30s },
    growth_mib: round(end - start, 3),
    growth_since_load_mib: round(end - afterLoad, 3),
  };
}

/** Runs the soak in a fresh child against `baseUrl` behind a fault proxy; the figure is the heap growth in MiB. */
export async function soakBench(baseUrl: string, children: Children, log: (line: string) => void) {
  const seconds = Number(process.env.PYFLUE_SOAK_SECONDS ?? 180);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new Error(`PYFLUE_SOAK_SECONDS must be a positive number, not ${process.env.PYFLUE_SOAK_SECONDS}`);
  const target = new URL(baseUrl);
  // One connection in five is cut, after between 200 and about 3 200 bytes from the server.
  const proxy = await startFaultProxy(target, { plan: (index) => (index % 5 === 3 ? { cutAfterServerBytes: 200 + ((index * 997) % 3000) } : {}) });
  try {
    log(`soak: ${seconds} s of mixed traffic through the fault proxy at ${proxy.url}`);
    const proc = children.spawn(process.execPath, tsxArgs(fileURLToPath(import.meta.url), [proxy.url, String(seconds)], ['--expose-gc']));
    const match = await waitForLine(proc, /SOAK_RESULT (.*)\n/, (seconds + 120) * 1000);
    const run = JSON.parse(match[1]!) as SoakRun;
    const pass = run.growth_mib <= SOAK_LIMIT_MIB;
    log(
      `soak: heap in use ${run.heap_used_mib.after_load} MiB after loading, ${run.heap_used_mib.start} MiB at the start, ${run.heap_used_mib.end} MiB at the end: ` +
        `growth ${run.growth_mib} MiB <= ${SOAK_LIMIT_MIB} MiB: ${pass ? 'PASS' : 'FAIL'} ` +
        `(${run.rounds} rounds, ${run.calls} calls, ${proxy.stats.cuts} cuts)`,
    );
    return {
      value: run.growth_mib,
      unit: `MiB of heap in use (after GC) gained over ${run.seconds} s of mixed traffic with cuts, one fresh process`,
      pass_line: `growth <= ${SOAK_LIMIT_MIB} MiB`,
      cuts: proxy.stats.cuts,
      connections: proxy.stats.connections,
      ...run,
    };
  } finally {
    await proxy.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [baseUrl, seconds = '180'] = process.argv.slice(2);
  if (!baseUrl) throw new Error('usage: node --expose-gc --import tsx bench/soak.ts <baseUrl> [seconds]');
  child(baseUrl, Number(seconds)).then(
    (result) => {
      process.stdout.write(`SOAK_RESULT ${JSON.stringify(result)}\n`);
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
