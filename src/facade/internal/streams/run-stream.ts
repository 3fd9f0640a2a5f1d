/**
 * The streams of a run: `runs.stream`, `workflows.stream` and a file-based `agents.stream`.
 *
 * Each follows the run until `run_end`. When the connection drops, goes silent for longer
 * than `idleTimeoutMs`, or its body ends before `run_end`, it continues from the run's own
 * stream (`GET /runs/{id}/stream?after=<last delivered event_index>`) and skips anything
 * at or below that index, so every indexed event is delivered exactly once, in order.
 *
 * A POST stream (workflow, file-based agent) is never sent twice: it would start a second
 * run. Once its `X-Flue-Run-Id` is in, the run's own stream takes over after a drop; before
 * that, the drop ends the stream with an error saying the POST was not repeated. A POST
 * stream without a run id (a persistent agent) cannot be resumed: it must end with its
 * `end` frame, and silence or a drop ends it with an error.
 */
import type { StreamContext } from '../../core/event-stream.js';
import { PyFlueApiError, PyFlueConnectionError, PyFlueError, PyFlueStreamError, PyFlueTimeoutError, shorten } from '../../core/errors.js';
import type { RunEvent, RunStreamEvent } from '../../core/types.js';
import { onAbort, sleep } from '../abort.js';
import { runEndStatuses, type ChannelName } from '../../../generated/channels.js';
import { endsChannel, frameType, toEvent } from '../known-frames.js';
import type { ResumeSettings } from '../options.js';
import { backoffMs, isRetryable, retryDelayMs } from '../retry.js';
import type { CallSpec, Transport } from '../transport.js';
import { isIdleTimeout, readJsonBatches, untilStreamEnd, type JsonFrame } from './frames.js';

/** Where a run stream begins: a known run, or a POST that starts one. */
export type RunStart = { runId: string } | { post: CallSpec<ReadableStream<Uint8Array> | null>['send'] };

/**
 * The events of a run, in batches, exactly once and in order through drops (see the
 * file comment). Events without an index (no `event_index`, no SSE `id`) are delivered
 * as they come and do not move the resume point. `postChannel` is the POST stream's
 * channel (src/generated/channels.ts); the run's own stream is `streamRun`.
 */
export async function* followRun(
  transport: Transport,
  start: RunStart,
  settings: ResumeSettings,
  { signal, setRunId, setEventIndex }: StreamContext,
  postChannel: ChannelName = 'streamRun',
): AsyncGenerator<RunStreamEvent[]> {
  let runId = 'runId' in start ? start.runId : undefined;
  let post = 'post' in start ? start.post : undefined;
  let last = settings.after;
  let failures = 0;
  /** The run ended without a count of its events, and the last connection brought nothing. */
  let looked = false;
  let lastDrop: unknown;
  // The deadline covers each stretch without an event: from the start to the first event,
  // and from each drop to the next event (every try, wait and Retry-After in it).
  const deadlineMs = settings.deadlineMs ?? transport.options.deadlineMs ?? 0;
  let stretchEnds: number | undefined;
  const timeLeft = () => (stretchEnds === undefined ? Infinity : stretchEnds - Date.now());
  try {
    for (;;) {
      if (deadlineMs > 0) stretchEnds ??= Date.now() + deadlineMs;
      if (timeLeft() <= 0) throw deadlineError(lastDrop, deadlineMs, runId);
      const viaPost = post !== undefined;
      let answered = false;
      let delivered = false;
      try {
        const call = await transport.call(
          {
            stream: true,
            headers: { accept: 'text/event-stream' },
            send: post ?? ((init) =>
              transport.api.GET('/runs/{run_id}/stream', {
                params: { path: { run_id: runId! }, query: last ? { ...settings.query, after: last } : settings.query },
                parseAs: 'stream',
                ...init,
              })),
          },
          // A POST is never retried; the run's own stream is retried by this loop.
          // What is left of the stretch's deadline (0: none, whatever the client's).
          { signal, maxRetries: 0, timeoutMs: settings.timeoutMs, deadlineMs: deadlineMs > 0 ? Math.max(1, Math.ceil(timeLeft())) : 0, headers: settings.headers },
        );
        post = undefined;
        answered = true;
        // Until its first event, the open connection's silence counts against the deadline too
        // (after it, only idleTimeoutMs does): a watchdog aborts the reading when it runs out.
        const watchdog = stretchEnds === undefined ? undefined : firstEventWatchdog(call.signal, timeLeft(), deadlineMs, runId, call);
        const frames = readJsonBatches(call.data as ReadableStream<Uint8Array>, watchdog?.signal ?? call.signal, call, settings.idleTimeoutMs);
        try {
          if (viaPost) {
            runId = call.response.headers.get('x-flue-run-id') || undefined;
            setRunId(runId);
            if (runId === undefined) {
              // No run (a persistent agent's stream): nothing to resume from; it must end with its end frame.
              for await (const batch of untilStreamEnd(frames, call, postChannel)) yield batch.map((frame) => toEvent<RunEvent>(postChannel, frame.data));
              return;
            }
          }
          for await (const batch of frames) {
            const { fresh, ended } = freshEvents(batch, last, viaPost ? postChannel : 'streamRun', setEventIndex);
            last = fresh.last;
            if (fresh.events.length > 0) {
              failures = 0;
              // An event ends the stretch: the next drop starts a new one.
              stretchEnds = undefined;
              watchdog?.stop();
              delivered = true;
              yield fresh.events;
            }
            if (ended) return;
          }
        } finally {
          watchdog?.stop();
          call.release();
        }
        // The body ended without run_end: either the connection was cut cleanly, or there was
        // nothing left to send (resuming after the last event of a finished run). Ask.
        if (!viaPost) {
          const left = await whatIsLeft(transport, runId!, last, signal, settings.headers);
          if (left === 'done') return;
          if (left === 'unsure') {
            // An ended run's stream replays to its end at once: look again right away (no
            // backoff, no failure counted); a look that brings nothing after one that brought
            // nothing means nothing was left.
            if (!delivered && looked) return;
            looked = !delivered;
            continue;
          }
        }
      } catch (error) {
        if (signal.aborted) throw signal.reason;
        if (!isDrop(error)) throw error;
        // No run to resume: after the answer (a persistent agent), the error as it is; before it, say the POST was not repeated.
        if (runId === undefined) throw answered ? error : postNotRepeated(error, viaPost);
        lastDrop = error;
        // A silent POST stream may be a slow step, not a dead connection: the run's own
        // stream (which has keep-alives) takes over at once, and that is no failure.
        if (viaPost && isIdleTimeout(error)) continue;
      }
      if (delivered && deadlineMs > 0) stretchEnds = Date.now() + deadlineMs;
      failures += 1;
      const delay = reconnectDelayMs(lastDrop, failures, settings);
      if (delay === undefined) throw gaveUp(lastDrop, failures, runId!, last);
      // A wait (a Retry-After say) that would end past the deadline is not made.
      if (delay >= timeLeft()) throw deadlineError(lastDrop, deadlineMs, runId);
      await sleep(delay, signal);
    }
  } catch (error) {
    // Whatever ends the stream says where it ended, so the caller can resume by hand.
    if (error instanceof PyFlueError) {
      error.runId ??= runId;
      error.lastEventIndex ??= last;
    }
    throw error;
  }
}

/**
 * The events of a batch past `last` (and every unindexed one), up to the frame that ends
 * the run (its channel's `x-sse-ends`: `run_end`), which ends it wherever it is, even at or
 * below `last` (then it is not delivered twice). A type the channel does not know becomes
 * an UnknownFrame, and still moves the resume point by its index.
 */
function freshEvents(
  batch: JsonFrame[],
  last: number,
  channel: ChannelName,
  noteIndex: StreamContext['setEventIndex'],
): { fresh: { events: RunStreamEvent[]; last: number }; ended: boolean } {
  const events: RunStreamEvent[] = [];
  for (const frame of batch) {
    const index = eventIndex(frame);
    const ends = endsChannel(channel, frameType(channel, frame.data, frame.event));
    if (index !== undefined && index <= last) {
      if (ends) return { fresh: { events, last }, ended: true };
      continue;
    }
    const event = toEvent<RunEvent>(channel, frame.data, frame.event);
    if (index !== undefined) {
      last = index;
      noteIndex(event, index);
    }
    events.push(event);
    if (ends) return { fresh: { events, last }, ended: true };
  }
  return { fresh: { events, last }, ended: false };
}

/** The event's `event_index`, else its SSE id, else undefined (an event without an index). */
function eventIndex(frame: JsonFrame): number | undefined {
  const own = (frame.data as { event_index?: unknown } | null)?.event_index;
  if (typeof own === 'number' && Number.isFinite(own)) return own;
  if (frame.id === undefined || frame.id.trim() === '') return undefined;
  const fromId = Number(frame.id);
  return Number.isFinite(fromId) ? fromId : undefined;
}

/** The error for a POST stream that dropped before its run id was known. */
function postNotRepeated(error: unknown, viaPost: boolean): unknown {
  if (!viaPost || !(error instanceof PyFlueError) || error instanceof PyFlueApiError) return error;
  const message =
    `${error.message} The run id was not known yet (no X-Flue-Run-Id header), so the stream cannot be resumed, ` +
    'and the POST was not repeated: it would start a second run. Check the run list (client.admin.runs) before starting it again.';
  return error instanceof PyFlueConnectionError
    ? new (error.constructor as typeof PyFlueConnectionError)(message, error.method, error.url, { cause: error })
    : new PyFlueStreamError(message, { cause: error });
}

/**
 * The wait before reconnect number `failures` (counted since the last new event), or
 * undefined when the stream must give up. The one retry policy (retry-policy.ts) decides
 * for an HTTP answer (its `Retry-After`, in seconds or as a date, and its status); a drop
 * that is no answer (a cut, an early end, silence) backs off the same way from
 * `retryDelayMs`.
 */
function reconnectDelayMs(lastDrop: unknown, failures: number, settings: ResumeSettings): number | undefined {
  const state = { retry: failures - 1, maxRetries: settings.maxRetries, baseMs: settings.retryDelayMs };
  if (lastDrop instanceof PyFlueApiError) return retryDelayMs(lastDrop, state);
  return state.retry >= state.maxRetries ? undefined : backoffMs(state.retry, settings.retryDelayMs);
}

/**
 * The error that ends a stream out of reconnects: the server's own typed error when the
 * last try got an answer (as for every other GET), else a stream error saying how to resume.
 */
function gaveUp(lastDrop: unknown, failures: number, runId: string, last: number): unknown {
  if (lastDrop instanceof PyFlueApiError) return lastDrop;
  return new PyFlueStreamError(
    `The stream of run ${shorten(runId, 120)} dropped ${failures} times in a row without a new event (last delivered: ${last}). ` +
      `Resume later with runs.stream(runId, { after: ${last} }), or raise maxRetries. Last drop: ${describe(lastDrop)}`,
    { cause: lastDrop },
  );
}

/**
 * A signal for reading one connection: `callSignal`'s aborts, and a PyFlueTimeoutError
 * once `ms` pass without `stop()` (the first event stops it).
 */
function firstEventWatchdog(
  callSignal: AbortSignal,
  ms: number,
  deadlineMs: number,
  runId: string | undefined,
  origin: { method: string; url: string },
): { signal: AbortSignal; stop: () => void } {
  const controller = new AbortController();
  const unsubscribe = onAbort(callSignal, () => controller.abort(callSignal.reason));
  const timer = setTimeout(() => {
    const where = runId === undefined ? 'The stream' : `The stream of run ${shorten(runId, 120)}`;
    controller.abort(
      new PyFlueTimeoutError(
        `${where} got no event within its deadline of ${deadlineMs} ms (tries, waits and silence included); raise deadlineMs or check the server.`,
        origin.method,
        origin.url,
      ),
    );
  }, Math.max(1, Math.ceil(ms)));
  return {
    signal: controller.signal,
    stop: () => {
      clearTimeout(timer);
      unsubscribe();
    },
  };
}

/**
 * The error that ends a stream whose deadline ran out before an event: the last try's
 * own typed error (the server's for an answer such as a 503, the transport's
 * PyFlueTimeoutError for no answer), or a PyFlueTimeoutError saying so when the last try
 * was silence on an open stream (or there was none).
 */
function deadlineError(lastDrop: unknown, deadlineMs: number, runId: string | undefined): unknown {
  if (lastDrop instanceof PyFlueError && !isIdleTimeout(lastDrop)) return lastDrop;
  const where = runId === undefined ? 'The stream' : `The stream of run ${shorten(runId, 120)}`;
  const [method, url] = lastDrop instanceof PyFlueConnectionError ? [lastDrop.method, lastDrop.url] : ['GET', ''];
  return new PyFlueTimeoutError(
    `${where} got no event within its deadline of ${deadlineMs} ms (tries, waits and silence included); raise deadlineMs or check the server.`,
    method,
    url,
    lastDrop === undefined ? undefined : { cause: lastDrop },
  );
}

/**
 * What the run's record says of a stream that ended without its end frame: `'done'` when
 * the run has ended (its status is one `run_end` can carry, src/generated/channels.ts) and
 * every event up to its `event_count` was delivered; `'more'` when it is still going or
 * events are missing; `'unsure'` when it has ended but its record gives no count (a newer
 * server's, say): one more look at its stream tells, rather than reconnecting until the
 * reconnects run out.
 */
async function whatIsLeft(
  transport: Transport,
  runId: string,
  last: number,
  signal: AbortSignal,
  headers: Record<string, string> | undefined,
): Promise<'done' | 'more' | 'unsure'> {
  const { data: run } = await transport.call(
    {
      send: (init) => transport.api.GET('/runs/{run_id}', { params: { path: { run_id: runId } }, ...init }),
    },
    { signal, maxRetries: 0, headers },
  );
  if (!runEndStatuses.includes(run.status)) return 'more';
  const count: unknown = run.event_count;
  if (typeof count !== 'number') return 'unsure';
  return last >= count ? 'done' : 'more';
}

/**
 * A cut or silent connection, or a body that ended early (worth resuming), as opposed
 * to an answer that would repeat (404, an error frame) or a failure of the caller's own
 * (a headers function that throws).
 */
function isDrop(error: unknown): boolean {
  // The statuses of the one retry policy (retry-policy.ts), as for every other GET.
  if (error instanceof PyFlueConnectionError || error instanceof PyFlueApiError) return isRetryable(error);
  if (error instanceof PyFlueStreamError) return error.envelope === undefined;
  return false;
}

function describe(error: unknown): string {
  return error instanceof Error ? shorten(error.message, 300) : String(error);
}
