/**
 * `npm run bench`: every benchmark, a table, and bench/results.json.
 *
 * Every figure is a ratio against a baseline measured in this same run (same process
 * where possible), each side warmed up, then alternated, median of 5; the real-server
 * figures are the median (with p25-p75) of 15 paired ratios, each repetition's own ours over
 * the baseline timed in the same turn (the call overhead's, of 9); the memory and bundle figures are absolute (MiB,
 * KiB) with their baselines alongside.
 *
 *   npx tsx bench/run.ts [--only sse,http,memory,real,socket,soak,bundle]
 *
 * The soak (bench/soak.ts) runs about 3 minutes; PYFLUE_SOAK_SECONDS=30 shortens it.
 *
 * Exits 0 when every benchmark completed (targets met or not), 1 when one crashed.
 * Every child process and server it starts is stopped by its pid before it exits.
 */
import { writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { startPyFlueServer, type PyFlueServer } from '../test/support/pyflue-server.js';
import { bundleBench } from './bundle.js';
import { Children, root, round, tsxArgs, waitForLine } from './harness.js';
import { callOverheadBench } from './http.js';
import { memoryBench } from './memory.js';
import { PythonClient } from './python.js';
import { realServerBench } from './real-server.js';
import { soakBench } from './soak.js';
import { socketBench } from './socket.js';
import { sseBench } from './sse.js';

type Figure = Record<string, unknown> & { ratio?: number; value?: number };

interface Target {
  key: string;
  /** `min`: the figure must be at least `limit`; `max`: at most; `none`: for the record. */
  kind: 'min' | 'max' | 'none';
  limit?: number;
  section: string;
}

const TARGETS: Target[] = [
  { key: 'sse_vs_eventsource_parser', kind: 'min', limit: 0.95, section: 'sse' },
  { key: 'sse_linearity', kind: 'max', limit: 11, section: 'sse' },
  { key: 'call_overhead_vs_fetch', kind: 'max', limit: 1.25, section: 'http' },
  { key: 'call_overhead_vs_openapi_fetch', kind: 'max', limit: 1.1, section: 'http' },
  { key: 'real_server_vs_fetch', kind: 'max', limit: 1.05, section: 'real' },
  { key: 'real_server_vs_python', kind: 'max', limit: 0.7, section: 'real' },
  { key: 'socket_vs_raw_ws', kind: 'min', limit: 0.9, section: 'socket' },
  { key: 'stream_memory_growth_mb', kind: 'max', limit: 16, section: 'memory' },
  { key: 'soak_heap_growth_mib', kind: 'max', limit: 1, section: 'soak' },
  // The first chunk: what only failures, retries, client.raw and socket/stream code need loads on first use (issue 22).
  { key: 'bundle_min_gz_kb', kind: 'max', limit: 13, section: 'bundle' },
  { key: 'bundle_health_only_min_gz_kb', kind: 'max', limit: 13, section: 'bundle' },
  { key: 'bundle_live_min_gz_kb', kind: 'max', limit: 3, section: 'bundle' },
  { key: 'bundle_react_min_gz_kb', kind: 'max', limit: 2, section: 'bundle' },
  { key: 'bundle_vue_min_gz_kb', kind: 'max', limit: 2, section: 'bundle' },
];

const startedAt = Date.now();
const log = (line: string): void => {
  process.stderr.write(`[bench ${((Date.now() - startedAt) / 1000).toFixed(1).padStart(6)}s] ${line}\n`);
};

const only = (() => {
  const index = process.argv.indexOf('--only');
  return index >= 0 ? new Set((process.argv[index + 1] ?? '').split(',')) : undefined;
})();
const wanted = (section: string): boolean => !only || only.has(section);

const children = new Children();
let server: PyFlueServer | undefined;
let python: PythonClient | undefined;
const results: Record<string, Figure> = {};
const errors: Record<string, string> = {};

async function section(name: string, body: () => Promise<void>): Promise<void> {
  if (!wanted(name)) return;
  const start = performance.now();
  try {
    await body();
    log(`${name}: done in ${((performance.now() - start) / 1000).toFixed(1)} s`);
  } catch (error) {
    errors[name] = error instanceof Error ? (error.stack ?? error.message) : String(error);
    log(`${name}: FAILED: ${errors[name]}`);
  }
}

async function cleanup(): Promise<void> {
  await Promise.allSettled([python?.close(), server?.stop()]);
  await children.stopAll();
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    interrupted = true;
    log(`${signal}: stopping children`);
    void cleanup().finally(() => process.exit(130));
  });
}

async function main(): Promise<void> {
  const load = { start: loadavg().map((value) => round(value, 2)) as number[], end: [] as number[] };
  log(`node ${process.version}, ${cpus().length} CPUs, load average ${load.start.join(' ')}`);

  await section('bundle', async () => void Object.assign(results, await bundleBench(log)));
  await section('sse', async () => void Object.assign(results, await sseBench(log)));

  if (wanted('http') || wanted('memory')) {
    const stub = children.spawn(process.execPath, tsxArgs(`${root}bench/stub-server.ts`));
    const port = (await waitForLine(stub, /STUB_READY (\d+)/))[1]!;
    const stubUrl = `http://127.0.0.1:${port}`;
    log(`stub server pid ${stub.pid} at ${stubUrl}`);
    await section('http', async () => {
      const overhead = await callOverheadBench(stubUrl, log);
      results.call_overhead_vs_fetch = overhead;
      const [p25, p75] = overhead.ours_over_openapi_fetch_p25_p75 as number[];
      results.call_overhead_vs_openapi_fetch = {
        ratio: overhead.ours_over_openapi_fetch as number,
        p25,
        p75,
        unit: 'the same runs.get calls over openapi-fetch used plainly (same stub, same turns); median of 9 paired ratios',
      };
    });
    await section('memory', async () => {
      results.stream_memory_growth_mb = await memoryBench(stubUrl, children, log);
    });
  }

  if (wanted('real') || wanted('socket') || wanted('soak')) {
    // The fixture copy (and the agent sessions' SQLite files) go on tmpfs when there is
    // one, so the socket figures measure the clients rather than the disk's fsync.
    const tmp = process.env.TMPDIR;
    const shm = process.platform === 'linux' ? '/dev/shm' : undefined;
    if (shm) process.env.TMPDIR = shm;
    try {
      server = await startPyFlueServer({ log });
    } finally {
      if (tmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = tmp;
    }
    log(`PyFlue server pid ${server.pid} at ${server.baseUrl}${shm ? ` (TMPDIR=${shm})` : ''}`);
    python = new PythonClient(children, server.baseUrl);
    const baseUrl = server.baseUrl;
    const py = python;
    await section('real', async () => void Object.assign(results, await realServerBench(baseUrl, py, log)));
    await section('socket', async () => {
      results.socket_vs_raw_ws = await socketBench(baseUrl, py, log);
    });
    await section('soak', async () => {
      results.soak_heap_growth_mib = await soakBench(baseUrl, children, log);
    });
  }
  load.end = loadavg().map((value) => round(value, 2));
  // Interrupted: the handler is stopping everything; do not overwrite results.json with a partial run.
  if (interrupted) return;

  const rows = TARGETS.filter((target) => wanted(target.section)).map((target) => {
    const figure = results[target.key];
    const value: number | undefined = figure ? (figure.ratio ?? figure.value) : undefined;
    if (figure) {
      figure.target = target.kind === 'none' ? null : `${target.kind === 'min' ? '>=' : '<='} ${target.limit}`;
      figure.met = target.kind === 'none' || value === undefined ? null : target.kind === 'min' ? value >= target.limit! : value <= target.limit!;
    }
    const met = !figure ? 'ERROR' : figure.met === null ? '-' : figure.met ? 'yes' : 'NO';
    const shown = value === undefined ? '-' : String(value);
    const limit = target.kind === 'none' ? '(record)' : `${target.kind === 'min' ? '>=' : '<='} ${target.limit}`;
    return [target.key, shown, limit, met] as const;
  });

  const header = ['key', 'value', 'target', 'met'] as const;
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ');
  console.log(`\n${line(header)}\n${widths.map((width) => '-'.repeat(width)).join('  ')}`);
  for (const row of rows) console.log(line(row));

  const output = {
    meta: {
      date: new Date().toISOString(),
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      cpus: cpus().length,
      cpu_model: cpus()[0]?.model,
      load_average: load,
      seconds: round((Date.now() - startedAt) / 1000, 1),
      method:
        'each figure: warm-up, then sides alternated (order rotated each repetition), median of 5 per side (memory: 3 fresh processes per side); ' +
        'the real server (15 repetitions) and the call overhead (9): each repetition gives its own ratio (ours over the baseline timed in the same turn), their median with p25-p75',
    },
    ...results,
    ...(Object.keys(errors).length ? { errors } : {}),
  };
  await writeFile(`${root}bench/results.json`, `${JSON.stringify(output, null, 2)}\n`);
  console.log(`\nwrote bench/results.json (${output.meta.seconds} s)`);
  if (Object.keys(errors).length) {
    console.error(`\ncrashed: ${Object.keys(errors).join(', ')}`);
    process.exitCode = 1;
  }
}

try {
  await main();
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  if (!interrupted) {
    await cleanup();
    // Idle keep-alive sockets and the like must not keep a finished run alive.
    process.exit(process.exitCode ?? 0);
  }
}
