/**
 * Timing helpers and child-process bookkeeping shared by the benchmarks.
 *
 * Every figure is a ratio of two sides measured in the same run: each side gets
 * warm-up runs, then the sides take turns (the order rotates every repetition so
 * neither always runs first) and each side's median is used.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export const root = fileURLToPath(new URL('../', import.meta.url));

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The value below which `q` (0 to 1) of `values` lie, interpolated between neighbours. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  return sorted[low]! + (sorted[Math.min(low + 1, sorted.length - 1)]! - sorted[low]!) * (at - low);
}

/** A ratio taken per repetition (`ours[i] / baseline[i]`, the two timed in the same turn), and its spread. */
export interface PairedRatio {
  /** The median of the per-repetition ratios. */
  median: number;
  p25: number;
  p75: number;
  /** One ratio per repetition, in the order they were timed. */
  per_repetition: number[];
}

/**
 * Paired ratios: each repetition's own `ours / baseline`, both measured in the same turn
 * (compare() alternates the sides within a turn), so a slow turn of the server slows both
 * and cancels out, where a ratio of two medians taken over different turns would not.
 */
export function pairedRatio(ours: readonly number[], baseline: readonly number[]): PairedRatio {
  const ratios = ours.map((value, index) => value / baseline[index]!);
  return { median: round(median(ratios)), p25: round(quantile(ratios, 0.25)), p75: round(quantile(ratios, 0.75)), per_repetition: ratios.map((ratio) => round(ratio)) };
}

export function round(value: number, digits = 3): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export interface SideResult {
  /** Median of the timed repetitions, in milliseconds. */
  median_ms: number;
  samples_ms: number[];
}

/**
 * A side returns nothing (timed from outside) or its own duration in ms (for work
 * timed elsewhere, e.g. by the Python client itself).
 */
export type Side = (rep: number) => Promise<number | void>;

export interface CompareOptions {
  warmup?: number;
  reps?: number;
  /** Called before each side runs (e.g. a GC), outside the timing. */
  between?: () => void;
}

export async function compare<K extends string>(sides: Record<K, Side>, options: CompareOptions = {}): Promise<Record<K, SideResult>> {
  const names = Object.keys(sides) as K[];
  const warmup = options.warmup ?? 1;
  const reps = options.reps ?? 5;
  const samples = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<K, number[]>;
  for (let rep = -warmup; rep < reps; rep += 1) {
    const offset = ((rep % names.length) + names.length) % names.length;
    const order = [...names.slice(offset), ...names.slice(0, offset)];
    for (const name of order) {
      options.between?.();
      const start = performance.now();
      const reported = await sides[name](rep);
      const elapsed = typeof reported === 'number' ? reported : performance.now() - start;
      if (rep >= 0) samples[name].push(elapsed);
    }
  }
  return Object.fromEntries(
    names.map((name) => [name, { median_ms: round(median(samples[name])), samples_ms: samples[name].map((value) => round(value)) }]),
  ) as Record<K, SideResult>;
}

/** `gc`, exposed at run time when node was not started with --expose-gc. */
const gc: () => void =
  (globalThis as { gc?: () => void }).gc ??
  (() => {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  })();

/** Forces a full collection between sides, so one side's garbage is not billed to the next. */
export function collectGarbage(): void {
  gc();
}

export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`bench check failed: ${message}`);
}

/** Children this run started; each is stopped by its own pid at the end, even on failure. */
export class Children {
  readonly #children = new Set<ChildProcess>();

  spawn(command: string, args: string[], options: SpawnOptions = {}): ChildProcess {
    const child = spawn(command, args, { cwd: root, stdio: ['pipe', 'pipe', 'pipe'], ...options });
    this.#children.add(child);
    child.once('exit', () => this.#children.delete(child));
    return child;
  }

  /** SIGTERM each child still running (by pid), SIGKILL after `graceMs`. */
  async stopAll(graceMs = 3000): Promise<void> {
    await Promise.all([...this.#children].map((child) => stopChild(child, graceMs)));
  }
}

export async function stopChild(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = once(child, 'exit');
  process.kill(child.pid, 'SIGTERM');
  const timer = setTimeout(() => {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) process.kill(child.pid, 'SIGKILL');
  }, graceMs);
  await exited;
  clearTimeout(timer);
}

/** Resolves with the first stdout match of `pattern`; rejects if the child exits first or `timeoutMs` passes. */
export function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs = 30_000): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const done = (error?: Error, match?: RegExpExecArray) => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onErr);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(match!);
    };
    const onData = (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const match = pattern.exec(stdout);
      if (match) done(undefined, match);
    };
    const onErr = (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-4000);
    };
    const onExit = (code: number | null) => done(new Error(`child ${child.pid} exited (${code}) before printing ${pattern}:\n${stderr}`));
    const timer = setTimeout(() => done(new Error(`child ${child.pid} did not print ${pattern} within ${timeoutMs} ms:\n${stderr}`)), timeoutMs);
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onErr);
    child.once('exit', onExit);
  });
}

/** `node --import tsx <script>` with extra node flags: one process, so its pid is the one to stop. */
export function tsxArgs(script: string, args: string[] = [], nodeFlags: string[] = []): string[] {
  return [...nodeFlags, '--import', 'tsx', script, ...args];
}
