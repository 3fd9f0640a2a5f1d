/**
 * `watchRun`: one run as a store, following `runs.stream` (replay, then tail) until
 * `run_end`, whose own status is the run's outcome (a succeeded run's result is read from
 * its record). It starts on the first `subscribe`, so a store made on a server render, or
 * made twice by React's StrictMode, sends nothing.
 *
 * The connection is apart from the outcome: a drop never fails the run. The run stream
 * resumes on its own (after the last event given, so each event comes once, with a capped
 * backoff) and tells where it stands through its `onConnection`, which the store shows as
 * `connection`. The store only starts the stream again: at once on the browser's `online`
 * event or `retry()`, after the longest backoff when the stream ran out of reconnects, and
 * on `retry()` after a refusal that would repeat (`lost`); until the run ends or the store
 * is disposed.
 */
import type { LogEvent, RunEndData } from '../facade/core/types.js';
import type { RunStreamEvent } from '../index.js';
import { PyFlueStreamError, checkOptions, loadFailures, optionKeys, optionalInteger, pathSegment, shorten } from './deps.js';
import { callsOf, type AnyPyFlueClient } from './client-types.js';
import { liveError, type LiveError } from './errors.js';
import { snapshotCell, type LiveStore } from './store.js';

/**
 * Where the store's link to the server stands (the run stream's own `onConnection`
 * states, test/types holds them equal): `connecting` (the first try), `open` (the server answered), `reconnecting` (it
 * dropped; trying again on its own), `lost` (the server refused in a way that would
 * repeat, e.g. a 404 for a run it no longer knows: nothing more is tried until `retry()`).
 */
export type RunConnection = 'connecting' | 'open' | 'reconnecting' | 'lost';

/** A run's state; a new object each time something changed, the same one otherwise. */
export interface RunSnapshot<Result = unknown> {
  readonly runId: string;
  /** `running` until the run's `run_end` says `succeeded` or `failed` (a store started after it reads the record); a dropped connection never changes it. */
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
/** The wait before starting the stream again once it ran out of reconnects: the client's longest backoff. */
const RESTART_MS = 8_000;

type State<Result> = Omit<RunSnapshot<Result>, 'runId' | 'events' | 'logs'>;

/** `runId`'s events and outcome as a store: `getSnapshot()`, `subscribe()` (the first starts it), `retry()`, `dispose()`. */
export function watchRun<Result = unknown>(client: AnyPyFlueClient, runId: string, options: WatchRunOptions = {}): RunStore<Result> {
  const calls = callsOf(client, 'watchRun()');
  pathSegment(runId, 'watchRun(): runId');
  const after = optionalInteger(checkOptions(options, WATCH_RUN_KEYS, 'watchRun()').after, 'watchRun(): after', 0) ?? 0;
  const target = globalThis as Partial<Pick<Window, 'addEventListener' | 'removeEventListener'>>;
  let disposed = false;
  /** The stream's: aborted by dispose(), and by retry() or `online` to start it again now. */
  let attempt = new AbortController();
  /** Ends the wait between two streams now. */
  let wake: (() => void) | undefined;
  // Appended in place, O(1) per event; a snapshot shows the first `count` of them, copied (and its logs picked) only when read.
  const events: RunStreamEvent[] = [];
  let state: State<Result> = { status: 'running', connection: 'connecting', result: undefined, error: null, lastEventIndex: after };

  const snapshot = (): RunSnapshot<Result> => {
    const count = events.length;
    let shown: readonly RunStreamEvent[] | undefined;
    let logs: readonly LogEvent[] | undefined;
    const shot: RunSnapshot<Result> = Object.freeze({
      runId,
      ...state,
      get events() {
        return (shown ??= Object.freeze(events.slice(0, count)));
      },
      get logs() {
        return (logs ??= Object.freeze(shot.events.filter((event): event is LogEvent => event.type === 'log')));
      },
    });
    return shot;
  };
  const cell = snapshotCell(snapshot(), () => void follow());
  const set = (change: Partial<State<Result>>) => {
    state = { ...state, ...change };
    cell.set(snapshot());
  };
  /** `retry()` and `online`: ends the wait between two streams, or starts a reconnecting stream again now (its own wait may be long: a Retry-After). */
  const now = () => (wake ? wake() : state.connection === 'reconnecting' && attempt.abort());

  async function follow(): Promise<void> {
    target.addEventListener?.('online', now);
    while (!disposed && state.status === 'running') {
      attempt = new AbortController();
      const { signal } = attempt;
      try {
        let end: RunEndData | undefined;
        const stream = calls.runs.stream(runId, {
          after: state.lastEventIndex,
          // A stream that runs out of them is started again (below): its events go on from where they were.
          maxReconnects: 100,
          signal,
          // `connecting` is the state the store starts in; `lost` is what the stream ends with, handled below.
          onConnection: (connection, error) => (connection === 'open' || connection === 'reconnecting') && set({ connection, error: error ? liveError(error) : null }),
        });
        for await (const event of stream) {
          events.push(event);
          if (event.type === 'run_end') end = event.data;
          // An event of a type this client does not know still has its index in its data.
          const index = event.type === 'unknown' ? (event.data as { event_index?: unknown } | null)?.event_index : event.eventIndex;
          // (The stream told `open` before its first event.)
          set({ lastEventIndex: typeof index === 'number' ? index : state.lastEventIndex });
        }
        // The outcome is run_end's own; a succeeded run's result is in its record (read once: the outcome
        // stands without it). A stream ends without run_end only once the record says the run ended
        // (run-stream.ts asks it): then the record says both.
        const record = end?.status === 'failed' ? undefined : await calls.runs.get(runId, { signal }).then(undefined, (error: unknown) => {
          if (!end || signal.aborted) throw error;
        });
        const { status, error } = end ?? record!;
        const failed = status === 'failed';
        const said = error?.message;
        // The run's failure: its error body (in `cause.envelope`) for logs and details, the message shortened for the user.
        const cause = Object.assign(new PyFlueStreamError(`Run ${runId} failed: ${said ?? 'no error given'}`, error ? { envelope: { error } } : {}), { runId, lastEventIndex: state.lastEventIndex });
        set({
          status,
          connection: 'open',
          result: failed ? undefined : (record?.result as Result),
          error: failed ? liveError(cause, said ? `The run failed: ${shorten(said)}` : 'The run failed.') : null,
        });
      } catch (error) {
        // Disposed: nobody is watching, and the run itself goes on. Aborted by retry() or `online`: start again now.
        if (disposed || signal.aborted) continue;
        const failure = liveError(error);
        // Out of reconnects, or no answer to the record's read (the client's own retry policy says so): again after a wait.
        const drop = failure.kind === 'network' || (await loadFailures().then((failures) => failures.isRetryable(error), () => false));
        set({ connection: drop ? 'reconnecting' : 'lost', error: failure });
        // Lost: until retry(). `retry()`, `online` and `dispose()` end the wait early.
        await new Promise<void>((resolve) => {
          const timer = drop ? setTimeout(resolve, RESTART_MS) : undefined;
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = undefined;
      }
    }
    target.removeEventListener?.('online', now);
  }

  return {
    getSnapshot: cell.get,
    subscribe: cell.subscribe,
    retry: now,
    dispose() {
      disposed = true;
      attempt.abort();
      wake?.();
      cell.clear();
    },
  };
}
