/**
 * `watchRun`: one run as a store, following `runs.stream` (replay, then tail) until
 * `run_end`, then reading the run's record for its outcome and result. It starts on the first
 * `subscribe`, so a store made on a server render, or made twice by React's StrictMode,
 * sends nothing.
 *
 * The connection is apart from the outcome: a drop never fails the run. The store
 * reconnects on its own (after the last event it has, so each event comes once), with a
 * capped backoff, at once on the browser's `online` event or `retry()`, until the run
 * ends or the store is disposed; `connection` says where that stands. Only the run's
 * record, read once its stream ended, sets `status`.
 */
import type { ErrorBody, LogEvent } from '../facade/core/types.js';
import type { RunStreamEvent } from '../index.js';
import { PyFlueStreamError, backoffMs, checkOptions, isRetryable, optionKeys, optionalInteger, pathSegment, retryDelayMs, shorten } from './deps.js';
import { callsOf, type AnyPyFlueClient } from './client-types.js';
import { liveError, type LiveError } from './errors.js';
import { snapshotCell, type LiveStore } from './store.js';

/**
 * Where the store's link to the server stands: `connecting` (the first try), `open` (the
 * server answered), `reconnecting` (it dropped; trying again on its own), `lost` (the
 * server refused in a way that would repeat, e.g. a 404 for a run it no longer knows:
 * nothing more is tried until `retry()`).
 */
export type RunConnection = 'connecting' | 'open' | 'reconnecting' | 'lost';

/** A run's state; a new object each time something changed, the same one otherwise. */
export interface RunSnapshot<Result = unknown> {
  readonly runId: string;
  /** `running` until the run's record, read after `run_end`, says `succeeded` or `failed`; a dropped connection never changes it. */
  readonly status: 'running' | 'succeeded' | 'failed';
  /** The link to the server, apart from the run's outcome (see `RunConnection`). */
  readonly connection: RunConnection;
  /** Every event received, in order, each once (an event type this client does not know comes as an `UnknownFrame`). */
  readonly events: readonly RunStreamEvent[];
  /** The `log` events among them (`ctx.log.info/warn/error`). */
  readonly logs: readonly LogEvent[];
  /** The run's result, once it succeeded (read from its record after `run_end`). */
  readonly result: Result | undefined;
  /**
   * `run_failed` when the run failed (its error body in `cause.envelope`); while
   * `reconnecting` or `lost`, why the connection dropped or was refused; null otherwise.
   */
  readonly error: LiveError | null;
  /** The `event_index` of the last event received (0: none yet); resume after it. */
  readonly lastEventIndex: number;
}

/** The store `watchRun` and `startWorkflow` return. */
export interface RunStore<Result = unknown> extends LiveStore<RunSnapshot<Result>> {
  /** Reconnects now: ends a `reconnecting` wait, or tries again after `lost`. Nothing to do once the run ended. */
  retry(): void;
  /** Stops following the run (the run itself goes on) and forgets every listener. */
  dispose(): void;
}

/** Options of `watchRun`. */
export interface WatchRunOptions {
  /** Start after this event index (default 0: replay the run from its start). */
  after?: number | undefined;
}

const WATCH_RUN_KEYS = optionKeys<WatchRunOptions>({ after: true });
/** The first wait before reconnecting, doubled per failure in a row, up to the client's cap (8 s). */
const FIRST_RECONNECT_MS = 250;

type State<Result> = Omit<RunSnapshot<Result>, 'runId' | 'events' | 'logs'>;

/** `runId`'s events and outcome as a store: `getSnapshot()`, `subscribe()` (the first starts it), `retry()`, `dispose()`. */
export function watchRun<Result = unknown>(client: AnyPyFlueClient, runId: string, options: WatchRunOptions = {}): RunStore<Result> {
  const calls = callsOf(client, 'watchRun()');
  pathSegment(runId, 'watchRun(): runId');
  const after = optionalInteger(checkOptions(options, WATCH_RUN_KEYS, 'watchRun()').after, 'watchRun(): after', 0) ?? 0;
  const controller = new AbortController();
  const { signal } = controller;
  // Appended in place, O(1) per event; a snapshot shows the first `count` of them, copied (and its logs picked) only when read.
  const events: RunStreamEvent[] = [];
  let state: State<Result> = { status: 'running', connection: 'connecting', result: undefined, error: null, lastEventIndex: after };
  /** Ends the reconnect wait now (see `pause`). */
  let wake: (() => void) | undefined;

  const snapshot = (): RunSnapshot<Result> => {
    const count = events.length;
    let shown: readonly RunStreamEvent[] | undefined;
    let logs: readonly LogEvent[] | undefined;
    const shownEvents = () => (shown ??= Object.freeze(events.slice(0, count)));
    return Object.freeze({
      runId,
      ...state,
      get events() {
        return shownEvents();
      },
      get logs() {
        return (logs ??= Object.freeze(shownEvents().filter((event): event is LogEvent => event.type === 'log')));
      },
    });
  };
  const cell = snapshotCell(snapshot(), () => void follow());
  const set = (change: Partial<State<Result>>) => {
    state = { ...state, ...change };
    cell.set(snapshot());
  };

  /** Waits `ms` (undefined: until woken); `retry()`, the browser's `online` event and `dispose()` end it early. */
  const pause = (ms: number | undefined) =>
    new Promise<void>((resolve) => {
      const target = globalThis as Partial<Pick<Window, 'addEventListener' | 'removeEventListener'>>;
      const done = () => {
        clearTimeout(timer);
        target.removeEventListener?.('online', done);
        wake = undefined;
        resolve();
      };
      const timer = ms === undefined ? undefined : setTimeout(done, ms);
      target.addEventListener?.('online', done);
      wake = done;
    });

  async function follow(): Promise<void> {
    let failures = 0;
    while (!signal.aborted) {
      try {
        // After a drop, a cheap read of the record says the server is back before the stream has anything new.
        if (state.connection !== 'connecting') {
          await calls.runs.get(runId, { signal, maxRetries: 0 });
          set({ connection: 'open', error: null });
        }
        // The client's own reconnects are off: this loop is the one that knows the connection's state.
        for await (const event of calls.runs.stream(runId, { after: state.lastEventIndex, maxReconnects: 0, signal })) {
          events.push(event);
          failures = 0;
          // An event of a type this client does not know still has its index in its data.
          const index = event.type === 'unknown' ? (event.data as { event_index?: unknown } | null)?.event_index : event.eventIndex;
          set({ connection: 'open', error: null, lastEventIndex: typeof index === 'number' ? index : state.lastEventIndex });
        }
        // The stream ended after `run_end` (or had nothing left to send): the record has the outcome and the result.
        const record = await calls.runs.get(runId, { signal });
        if (record.status === 'running') throw new PyFlueStreamError(`The stream of run ${runId} ended before run_end.`);
        const failed = record.status === 'failed';
        set({ status: record.status, connection: 'open', result: failed ? undefined : (record.result as Result), error: failed ? runFailed(record.error) : null });
        return;
      } catch (error) {
        // Disposed: nobody is watching, and the run itself goes on.
        if (signal.aborted) return;
        // No answer (kind `network`) or one worth asking again (the client's own retry policy) is retried on its own; an answer that would repeat waits for retry().
        const failure = liveError(error);
        const drop = failure.kind === 'network' || isRetryable(error);
        failures = drop ? failures + 1 : 0;
        set({ connection: drop ? 'reconnecting' : 'lost', error: failure });
        const backoff = { retry: failures - 1, maxRetries: Infinity, baseMs: FIRST_RECONNECT_MS };
        await pause(drop ? (retryDelayMs(error, backoff) ?? backoffMs(backoff.retry, FIRST_RECONNECT_MS)) : undefined);
      }
    }
  }

  /** The run's failure: its error body (in `cause.envelope`), shortened for the user. */
  const runFailed = (body: ErrorBody | null): LiveError => {
    const cause = new PyFlueStreamError(`Run ${runId} failed: ${body?.message ?? 'no error given'}`, body ? { envelope: { error: body } } : {});
    cause.runId = runId;
    cause.lastEventIndex = state.lastEventIndex;
    return Object.freeze({ kind: 'run_failed', message: body?.message ? `The run failed: ${shorten(body.message, 200)}` : 'The run failed.', cause });
  };

  return {
    getSnapshot: cell.get,
    subscribe: cell.subscribe,
    retry: () => wake?.(),
    dispose() {
      controller.abort();
      wake?.();
      cell.clear();
    },
  };
}
