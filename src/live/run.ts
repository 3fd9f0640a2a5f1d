/**
 * `watchRun`: one run as a store, following `runs.stream` (replay, then tail; a dropped or
 * silent connection resumes after the last event, each event once) until `run_end`, then
 * reading the run's record for its result. It starts on the first `subscribe`, so a store
 * made on a server render, or made twice by React's StrictMode, sends nothing.
 */
import type { LogEvent } from '../facade/core/types.js';
import { PyFlueStreamError, type PyFlueError, type RunEvent, type RunStreamEvent } from '../index.js';
import { callsOf, type AnyPyFlueClient } from './client-types.js';
import { asPyFlueError } from './errors.js';
import { snapshotCell, type LiveStore } from './store.js';

/** A run's state; a new object each time something changed, the same one otherwise. */
export interface RunSnapshot<Result = unknown> {
  readonly runId: string;
  /**
   * `running` until `run_end`; then the run's own outcome. `failed` also when the run could
   * not be followed (e.g. 404 `run_not_found`); `error` says which.
   */
  readonly status: 'running' | 'succeeded' | 'failed';
  /** Every event received, in order, each once (an event type this client does not know comes as an `UnknownFrame`). */
  readonly events: readonly RunStreamEvent[];
  /** The `log` events among them (`ctx.log.info/warn/error`). */
  readonly logs: readonly LogEvent[];
  /** The run's result, once it succeeded (read from its record after `run_end`). */
  readonly result: Result | undefined;
  /**
   * Why it failed: the run's own error (a `PyFlueStreamError` whose `envelope` is the run's
   * error body), or the failure to follow it or read its result.
   */
  readonly error: PyFlueError | null;
  /** The `event_index` of the last event received (0: none yet); resume after it. */
  readonly lastEventIndex: number;
}

/** The store `watchRun` and `startWorkflow` return. */
export interface RunStore<Result = unknown> extends LiveStore<RunSnapshot<Result>> {
  /** Stops following the run (the run itself goes on) and forgets every listener. */
  dispose(): void;
}

/** Options of `watchRun`. */
export interface WatchRunOptions {
  /** Start after this event index (default 0: replay the run from its start). */
  after?: number | undefined;
}

/** `runId`'s events and outcome as a store: `getSnapshot()`, `subscribe()` (the first starts it), `dispose()`. */
export function watchRun<Result = unknown>(client: AnyPyFlueClient, runId: string, options: WatchRunOptions = {}): RunStore<Result> {
  const calls = callsOf(client);
  const controller = new AbortController();
  const initial: RunSnapshot<Result> = Object.freeze({
    runId,
    status: 'running',
    events: Object.freeze([]),
    logs: Object.freeze([]),
    result: undefined,
    error: null,
    lastEventIndex: options.after ?? 0,
  });
  const cell = snapshotCell(initial, () => void follow());

  async function follow(): Promise<void> {
    const { signal } = controller;
    try {
      let end: RunEvent | undefined;
      const stream = calls.runs.stream(runId, { ...(options.after === undefined ? {} : { after: options.after }), signal });
      for await (const event of stream) {
        cell.update((snapshot) => ({
          ...snapshot,
          events: [...snapshot.events, event],
          logs: event.type === 'log' ? [...snapshot.logs, event] : snapshot.logs,
          lastEventIndex: event.type === 'unknown' ? indexOf(event.data, snapshot.lastEventIndex) : event.eventIndex,
        }));
        if (event.type === 'run_end') end = event;
      }
      if (end?.type !== 'run_end') throw new PyFlueStreamError(`The stream of run ${runId} ended before run_end.`);
      if (end.data.status === 'failed') {
        const body = end.data.error;
        const failure = new PyFlueStreamError(`Run ${runId} failed: ${body?.message ?? 'no error given'}`, body ? { envelope: { error: body } } : {});
        failure.runId = runId;
        failure.lastEventIndex = end.eventIndex;
        cell.update((snapshot) => ({ ...snapshot, status: 'failed', error: failure }));
        return;
      }
      const record = await calls.runs.get(runId, { signal });
      cell.update((snapshot) => ({ ...snapshot, status: 'succeeded', result: record.result as Result }));
    } catch (error) {
      // Disposed: nobody is watching, and the run itself goes on.
      if (signal.aborted) return;
      cell.update((snapshot) => ({ ...snapshot, status: snapshot.events.some((event) => event.type === 'run_end') ? 'succeeded' : 'failed', error: asPyFlueError(error) }));
    }
  }

  return {
    getSnapshot: cell.get,
    subscribe: cell.subscribe,
    dispose() {
      controller.abort(new DOMException('The run store was disposed.', 'AbortError'));
      cell.clear();
    },
  };
}

/** The `event_index` an event of a type this client does not know still carries, else `fallback`. */
function indexOf(data: unknown, fallback: number): number {
  const index = (data as { event_index?: unknown } | null)?.event_index;
  return typeof index === 'number' && Number.isFinite(index) ? index : fallback;
}
