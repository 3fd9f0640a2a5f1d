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
import { PyFlueApiError, PyFlueConnectionError, PyFlueError, PyFlueStreamError, shorten } from './errors.js';
import { isIdleTimeout, readJsonBatches, untilStreamEnd, type JsonFrame, type StreamContext } from './streaming.js';
import { sleep, type CallSpec, type RequestOptions, type Transport } from './transport.js';
import type { RunEvent } from './types.js';
import { optionalInteger } from './validate.js';

/** How a run's stream rides out drops and silence; `runs.stream`, `workflows.stream` and `agents.stream` take these. */
export interface ResumeOptions {
  /** Reconnections allowed in a row without a new event before giving up. Default 5. */
  maxRetries?: number | undefined;
  /** First delay before reconnecting, doubled for each failure in a row (max 8 s). Default 250. */
  retryDelayMs?: number | undefined;
  /**
   * Silence allowed on the connection, in ms, before it counts as dropped (and the run's
   * own stream, which sends a keep-alive every 15 s, takes over). Overrides the client's
   * `idleTimeoutMs` (default 45 000); 0: wait for ever.
   */
  idleTimeoutMs?: number | undefined;
}

/** Options of `runs.stream`. */
export interface RunStreamOptions extends Omit<RequestOptions, 'maxRetries'>, ResumeOptions {
  /** Start after this event index (0: from the start). */
  after?: number | undefined;
}

/** Options of a run stream, checked and with their defaults. */
export interface ResumeSettings {
  after: number;
  maxRetries: number;
  retryDelayMs: number;
  timeoutMs: number | undefined;
  idleTimeoutMs: number;
}

/** Checks the options of a run stream (PyFlueInputError, before anything is sent) and fills in defaults. */
export function resumeSettings(options: RunStreamOptions, clientIdleTimeoutMs: number): ResumeSettings {
  return {
    after: optionalInteger(options.after, 'after', 0) ?? 0,
    maxRetries: optionalInteger(options.maxRetries, 'maxRetries', 0) ?? 5,
    retryDelayMs: optionalInteger(options.retryDelayMs, 'retryDelayMs', 0) ?? 250,
    timeoutMs: optionalInteger(options.timeoutMs, 'timeoutMs', 0),
    idleTimeoutMs: optionalInteger(options.idleTimeoutMs, 'idleTimeoutMs', 0) ?? clientIdleTimeoutMs,
  };
}

/** Reshapes a route's frames before they are read as events (e.g. unknown frame types into `UnknownFrame`s). */
export type FrameShaper = (batches: AsyncGenerator<JsonFrame[]>) => AsyncGenerator<JsonFrame[]>;

/** Where a run stream begins: a known run, or a POST that starts one. */
export type RunStart = { runId: string } | { post: CallSpec<ReadableStream<Uint8Array> | null>['send'] };

/**
 * The events of a run, in batches, exactly once and in order through drops (see the
 * file comment). Events without an index (no `event_index`, no SSE `id`) are delivered
 * as they come and do not move the resume point.
 */
export async function* followRun(
  transport: Transport,
  start: RunStart,
  settings: ResumeSettings,
  { signal, setRunId }: StreamContext,
  shape: FrameShaper = (batches) => batches,
): AsyncGenerator<RunEvent[]> {
  let runId = 'runId' in start ? start.runId : undefined;
  let post = 'post' in start ? start.post : undefined;
  let last = settings.after;
  let failures = 0;
  let lastDrop: unknown;
  try {
    for (;;) {
      const viaPost = post !== undefined;
      let answered = false;
      try {
        const call = await transport.call(
          {
            stream: true,
            headers: { accept: 'text/event-stream' },
            send: post ?? ((init) =>
              transport.api.GET('/runs/{run_id}/stream', {
                params: { path: { run_id: runId! }, query: last ? { after: last } : {} },
                parseAs: 'stream',
                ...init,
              })),
          },
          // A POST is never retried; the run's own stream is retried by this loop.
          { signal, maxRetries: 0, timeoutMs: settings.timeoutMs },
        );
        post = undefined;
        answered = true;
        const frames = shape(readJsonBatches(call.data as ReadableStream<Uint8Array>, call.signal, call, settings.idleTimeoutMs));
        try {
          if (viaPost) {
            runId = call.response.headers.get('x-flue-run-id') || undefined;
            setRunId(runId);
            if (runId === undefined) {
              // No run (a persistent agent's stream): nothing to resume from; it must end with its end frame.
              for await (const batch of untilStreamEnd(frames, call)) yield batch.map((frame) => frame.data as RunEvent);
              return;
            }
          }
          for await (const batch of frames) {
            const { fresh, ended } = freshEvents(batch, last);
            last = fresh.last;
            if (fresh.events.length > 0) {
              failures = 0;
              yield fresh.events;
            }
            if (ended) return;
          }
        } finally {
          call.release();
        }
        // The body ended without run_end: either the connection was cut cleanly, or there was
        // nothing left to send (resuming after the last event of a finished run). Ask.
        if (!viaPost && (await nothingLeft(transport, runId!, last, signal))) return;
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
      failures += 1;
      if (failures > settings.maxRetries) {
        throw new PyFlueStreamError(
          `The stream of run ${shorten(runId!, 120)} dropped ${failures} times in a row without a new event (last delivered: ${last}). ` +
            `Resume later with runs.stream(runId, { after: ${last} }), or raise maxRetries. Last drop: ${describe(lastDrop)}`,
          { cause: lastDrop },
        );
      }
      await sleep(Math.min(settings.retryDelayMs * 2 ** (failures - 1), 8_000), signal);
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

/** The events of a batch past `last` (and every unindexed one), up to `run_end`. */
function freshEvents(batch: JsonFrame[], last: number): { fresh: { events: RunEvent[]; last: number }; ended: boolean } {
  const events: RunEvent[] = [];
  for (const frame of batch) {
    const event = frame.data as RunEvent;
    const index = eventIndex(event, frame);
    if (index !== undefined) {
      if (index <= last) continue;
      last = index;
    }
    events.push(event);
    if (event?.type === 'run_end') return { fresh: { events, last }, ended: true };
  }
  return { fresh: { events, last }, ended: false };
}

/** The event's `event_index`, else its SSE id, else undefined (an event without an index). */
function eventIndex(event: RunEvent, frame: JsonFrame): number | undefined {
  const own = (event as { event_index?: unknown } | null)?.event_index;
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

/** Whether the run has ended and every event up to `last` has been delivered. */
async function nothingLeft(transport: Transport, runId: string, last: number, signal: AbortSignal): Promise<boolean> {
  const { data: run } = await transport.call(
    {
      send: (init) => transport.api.GET('/runs/{run_id}', { params: { path: { run_id: runId } }, ...init }),
    },
    { signal, maxRetries: 0 },
  );
  return run.status !== 'running' && last >= run.event_count;
}

/**
 * A cut or silent connection, or a body that ended early (worth resuming), as opposed
 * to an answer that would repeat (404, an error frame) or a failure of the caller's own
 * (a headers function that throws).
 */
function isDrop(error: unknown): boolean {
  if (error instanceof PyFlueConnectionError) return true;
  if (error instanceof PyFlueApiError) return error.status >= 500 || error.status === 408 || error.status === 429;
  if (error instanceof PyFlueStreamError) return error.envelope === undefined;
  return false;
}

function describe(error: unknown): string {
  return error instanceof Error ? shorten(error.message, 300) : String(error);
}
