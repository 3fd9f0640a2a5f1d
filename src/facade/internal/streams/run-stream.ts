/**
 * The streams of the server. The stream of a run: `runs.stream`, `workflows.stream` and
 * `agents.stream`; and the default agent's (`promptStream`), which has no run. `RunStream`
 * is the one owner of what such a stream keeps: where it is (the run id, the index of
 * each event it gave), what the error that ends it says about that, and its timers (the
 * deadline's watchdog, the waits between reconnects; silence is sse.ts's idle timer).
 *
 * It follows the run until the frame that ends it (`run_end`, the spec's `x-sse-ends`),
 * wherever that comes. When the connection drops, goes silent for longer than
 * `idleTimeoutMs`, or its body ends before the end frame, it continues from the run's own
 * stream (`GET /runs/{id}/stream?after=<last event given>`) and skips anything at or below
 * that index, so every indexed event is delivered exactly once, in order. Frames are
 * dispatched by their channel's table (src/generated/channels.ts, internal/known-frames.ts).
 *
 * The caller's `onConnection` hears where the connection stands (connecting, open,
 * reconnecting, lost), so a UI shows it without a resume loop of its own.
 *
 * A POST stream (workflow, agent) is never sent twice: it would start a second run, or
 * prompt a session twice. Once its `X-Flue-Run-Id` is in, the run's own stream takes over
 * after a drop; before that, the drop ends the stream with an error saying the POST was not
 * repeated. A POST stream without a run id (a persistent agent) cannot be resumed: it must
 * end with its `end` frame, and silence or a drop ends it with an error.
 */
import type { StreamContext, StreamSource } from '../../core/event-stream.js';
import { PyFlueApiError, PyFlueConnectionError, PyFlueError, PyFlueStreamError, PyFlueTimeoutError, messageUrl, shorten } from '../../core/errors.js';
import type { RequestOptions } from '../../core/options.js';
import type { PromptStreamEvent, RunEvent, RunStreamEvent } from '../../core/types.js';
import { onAbort, sleep } from '../abort.js';
import { describe } from '../checks.js';
import { mask } from '../mask.js';
import { reportListenerError } from '../report.js';
import { runEndStatuses, type ChannelName } from '../../../generated/channels.js';
import type { ResumeSettings } from '../options.js';
import { backoffMs, isRetryable, retryDelayMs } from '../retry.js';
import type { Call, FetchResult, Send, SendInit, Transport } from '../transport.js';
import { channelEvent, isEndFrame, promptEvent } from './frames.js';
import { isIdleTimeout, readJsonBatches, type JsonFrame } from './sse.js';

/** What POSTs a stream: a workflow (a run), an agent (a run, or a persistent agent's prompt), or an agent the app declares persistent. */
export type PostKind = 'workflow' | 'agent' | 'persistent';

/** A POST that starts a run: its body (the payload, checked by a typed app's validator first), and the call. */
export interface RunPost {
  body: () => Promise<{ payload: Record<string, unknown> }>;
  send: (body: { payload: Record<string, unknown> }, init: SendInit) => Promise<FetchResult<ReadableStream<Uint8Array> | null>>;
  kind: PostKind;
}

/** Where a run stream begins: a known run, or a POST that starts one. */
export type RunStart = { runId: string } | RunPost;

const ACCEPT = { accept: 'text/event-stream' };

export class RunStream implements StreamSource<RunStreamEvent> {
  #runId: string | undefined;
  /** The resume point: the index of the last event given (events without an index do not move it). */
  #last: number;
  /** The last batch given: the resume point before it, and each of its events' index (undefined: none). */
  #batchBase: number;
  #batchIndexes: Array<number | undefined> = [];
  readonly #batches: AsyncGenerator<RunStreamEvent[]>;

  /**
   * `postChannel`: the channel of the POST's stream (src/generated/channels.ts; its other
   * frame types come as UnknownFrame); the run's own stream is `streamRun`.
   */
  constructor(
    readonly transport: Transport,
    start: RunStart,
    readonly settings: ResumeSettings,
    readonly context: StreamContext,
    readonly postChannel: ChannelName,
  ) {
    this.#runId = 'runId' in start ? start.runId : undefined;
    this.#last = this.#batchBase = settings.after;
    this.#batches = this.#follow(start);
  }

  next(): Promise<IteratorResult<RunStreamEvent[]>> {
    return this.#batches.next();
  }

  return(): Promise<unknown> {
    return this.#batches.return([]);
  }

  /**
   * The error that ends the stream, saying where: the run id, and the index of the last
   * event the consumer was handed (`handed` of the last batch; not of events received and
   * never handed out), so `runs.stream(error.runId, { after: error.lastEventIndex })` misses nothing.
   */
  locate(error: unknown, handed: number): unknown {
    if (error instanceof PyFlueError) {
      error.runId ??= this.#runId;
      let index = this.#batchBase;
      for (const own of this.#batchIndexes.slice(0, handed)) if (own !== undefined) index = own;
      error.lastEventIndex = index;
    }
    return error;
  }

  /**
   * `#run`, telling the caller's `onConnection` where the connection stands: `connecting`
   * first, `lost` with the error the stream ends with (never for the caller's own abort);
   * `#run` tells `open` and `reconnecting`.
   */
  async *#follow(start: RunStart): AsyncGenerator<RunStreamEvent[]> {
    this.#tell('connecting');
    try {
      return yield* this.#run(start);
    } catch (error) {
      if (!this.context.signal.aborted) this.#tell('lost', error);
      throw error;
    }
  }

  /** Tells the caller's `onConnection`; what it throws goes to the client's `onListenerError` and changes nothing. */
  #tell(state: Parameters<NonNullable<ResumeSettings['onConnection']>>[0], error?: unknown): void {
    try {
      this.settings.onConnection?.(state, error);
    } catch (thrown) {
      (this.transport.options.onListenerError ?? reportListenerError)(thrown);
    }
  }

  /** The events of the run, in batches, exactly once and in order through drops (see the file comment). */
  async *#run(start: RunStart): AsyncGenerator<RunStreamEvent[]> {
    const { transport, settings, context } = this;
    const { signal } = context;
    let post = 'send' in start ? start : undefined;
    // The payload as a typed app's validator returns it (PyFlueInputError): before anything is sent.
    const body = post && (await post.body());
    let failures = 0;
    /** The run ended without a count of its events, and the last connection brought nothing. */
    let looked = false;
    let lastDrop: unknown;
    // The deadline covers each stretch without an event: from the start to the first event,
    // and from each drop to the next event (every try, wait and Retry-After in it).
    const { deadlineMs } = settings;
    let stretchEnds: number | undefined;
    const timeLeft = () => (stretchEnds === undefined ? Infinity : stretchEnds - Date.now());
    for (;;) {
      if (deadlineMs > 0) stretchEnds ??= Date.now() + deadlineMs;
      if (timeLeft() <= 0) throw this.#deadlineError(lastDrop);
      const viaPost = post;
      let answered = false;
      let delivered = false;
      /** Why this try dropped, if it did (a body that ended early has no error). */
      let drop: unknown;
      try {
        const runId = this.#runId!;
        const last = this.#last;
        const send: Send<ReadableStream<Uint8Array> | null> = post
          ? (init) => post!.send(body!, init)
          : (init) =>
              transport.api.GET('/runs/{run_id}/stream', {
                // The stream's query (the spec's parameters), with `after` moved on to the resume point.
                params: { path: { run_id: runId }, query: last ? { ...settings.query, after: last } : settings.query },
                parseAs: 'stream',
                ...init,
              });
        const { data, response, call } = await transport.request(
          // A POST is never retried; the run's own stream is retried by this loop.
          // What is left of the stretch's deadline (0: none, whatever the client's).
          { signal, maxRetries: 0, timeoutMs: settings.timeoutMs, deadlineMs: deadlineMs > 0 ? Math.max(1, Math.ceil(timeLeft())) : 0, headers: settings.headers },
          send,
          { stream: true, headers: ACCEPT },
        );
        post = undefined;
        answered = true;
        this.#tell('open');
        // Until its first event, the open connection's silence counts against the deadline too
        // (after it, only idleTimeoutMs does): a watchdog aborts the reading when it runs out.
        const watchdog = stretchEnds === undefined ? undefined : this.#watchdog(call, timeLeft());
        const frames = readJsonBatches(data as ReadableStream<Uint8Array>, watchdog?.signal ?? call.signal, call, settings.idleTimeoutMs, transport.options.secrets);
        try {
          if (viaPost) {
            this.#runId = response.headers.get('x-flue-run-id') || undefined;
            context.setRunId(this.#runId);
            // No run (a persistent agent's stream): nothing to resume from; it must end with its end frame.
            if (this.#runId === undefined) return yield* untilEnd(frames, call, this.postChannel, (frame) => channelEvent<RunEvent>(this.postChannel, frame));
          }
          for await (const batch of frames) {
            const { events, ended } = this.#fresh(batch, viaPost ? this.postChannel : 'streamRun');
            if (events.length > 0) {
              failures = 0;
              // An event ends the stretch: the next drop starts a new one.
              stretchEnds = undefined;
              watchdog?.stop();
              delivered = true;
              yield events;
            }
            if (ended) return;
          }
        } finally {
          watchdog?.stop();
          call.release();
        }
        // The body ended without its end frame: either the connection was cut cleanly, or there
        // was nothing left to send (resuming after the last event of a finished run). Ask.
        if (!viaPost) {
          const left = await whatIsLeft(transport, this.#runId!, this.#last, signal, settings.headers);
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
        if (this.#runId === undefined) throw answered || !viaPost ? error : notRepeated(error, viaPost.kind);
        lastDrop = drop = error;
        // A silent POST stream may be a slow step, not a dead connection: the run's own
        // stream (which has keep-alives) takes over at once, and that is no failure.
        if (viaPost && isIdleTimeout(error)) {
          this.#tell('reconnecting', error);
          continue;
        }
      }
      if (delivered && deadlineMs > 0) stretchEnds = Date.now() + deadlineMs;
      failures += 1;
      const delay = reconnectDelayMs(lastDrop, failures, settings);
      if (delay === undefined) throw this.#gaveUp(lastDrop, failures);
      // A wait (a Retry-After say) that would end past the deadline is not made.
      if (delay >= timeLeft()) throw this.#deadlineError(lastDrop);
      this.#tell('reconnecting', drop);
      await sleep(delay, signal);
    }
  }

  /**
   * The events of a batch past the resume point (and every unindexed one), up to the frame
   * that ends the run (the channel's `x-sse-ends`: `run_end`), which ends it wherever it
   * is, even at or below the resume point (then it is not delivered twice). A type the
   * channel does not know becomes an UnknownFrame, and still moves the resume point by its
   * index. Notes the batch, for `locate`.
   */
  #fresh(batch: JsonFrame[], channel: ChannelName): { events: RunStreamEvent[]; ended: boolean } {
    const events: RunStreamEvent[] = [];
    const indexes: Array<number | undefined> = [];
    const base = this.#last;
    let ended = false;
    for (const frame of batch) {
      const index = eventIndex(frame);
      const ends = isEndFrame(frame, channel);
      if (index !== undefined && index <= this.#last) {
        if (!ends) continue;
        ended = true;
        break;
      }
      if (index !== undefined) this.#last = index;
      events.push(channelEvent<RunEvent>(channel, frame));
      indexes.push(index);
      if (ends) {
        ended = true;
        break;
      }
    }
    if (events.length > 0) [this.#batchBase, this.#batchIndexes] = [base, indexes];
    return { events, ended };
  }

  /** A signal for reading one connection: the call's aborts, and a PyFlueTimeoutError once `ms` pass without `stop()` (the first event stops it). */
  #watchdog(call: Call, ms: number): { signal: AbortSignal; stop: () => void } {
    const controller = new AbortController();
    const unsubscribe = onAbort(call.signal, () => controller.abort(call.signal.reason));
    const timer = setTimeout(
      () => controller.abort(new PyFlueTimeoutError(`${this.#where()} got no event within its deadline of ${this.settings.deadlineMs} ms (tries, waits and silence included); raise deadlineMs or check the server.`, call.method, call.url)),
      Math.max(1, Math.ceil(ms)),
    );
    return {
      signal: controller.signal,
      stop: () => {
        clearTimeout(timer);
        unsubscribe();
      },
    };
  }

  #where(): string {
    return this.#runId === undefined ? 'The stream' : `The stream of run ${shorten(this.#runId, 120)}`;
  }

  /**
   * The error that ends a stream whose deadline ran out before an event: the last try's
   * own typed error (the server's for an answer such as a 503, the transport's
   * PyFlueTimeoutError for no answer), or a PyFlueTimeoutError saying so when the last try
   * was silence on an open stream (or there was none).
   */
  #deadlineError(lastDrop: unknown): unknown {
    if (lastDrop instanceof PyFlueError && !isIdleTimeout(lastDrop)) return lastDrop;
    const [method, url] = lastDrop instanceof PyFlueConnectionError ? [lastDrop.method, lastDrop.url] : ['GET', ''];
    return new PyFlueTimeoutError(
      `${this.#where()} got no event within its deadline of ${this.settings.deadlineMs} ms (tries, waits and silence included); raise deadlineMs or check the server.`,
      method,
      url,
      lastDrop === undefined ? undefined : { cause: lastDrop },
    );
  }

  /**
   * The error that ends a stream out of reconnects: the server's own typed error when the
   * last try got an answer (as for every other GET), else a stream error saying how to resume.
   */
  #gaveUp(lastDrop: unknown, failures: number): unknown {
    if (lastDrop instanceof PyFlueApiError) return lastDrop;
    const last = this.#last;
    return new PyFlueStreamError(
      `${this.#where()} dropped ${failures} times in a row without a new event (last delivered: ${last}). ` +
        `Resume later with runs.stream(runId, { after: ${last} }), or raise maxReconnects. Last drop: ${mask(this.transport.options.secrets, describe(lastDrop))}`,
      { cause: lastDrop },
    );
  }
}

/**
 * The default agent's stream (`client.stream`): its frames until its `end` frame. It has no
 * run to resume from, so silence or a drop ends it with an error; `check` names the method
 * whose options were checked when the stream was made.
 */
export async function* promptStream(
  transport: Transport,
  send: Send<ReadableStream<Uint8Array> | null>,
  options: RequestOptions & { idleTimeoutMs: number },
  { signal, setRunId }: StreamContext,
): AsyncGenerator<PromptStreamEvent[]> {
  const { data, response, call } = await transport.request({ ...options, signal }, send, { stream: true, headers: ACCEPT });
  setRunId(response.headers.get('x-flue-run-id') ?? undefined);
  try {
    yield* untilEnd(readJsonBatches(data as ReadableStream<Uint8Array>, call.signal, call, options.idleTimeoutMs, transport.options.secrets), call, 'promptEvents', promptEvent);
  } finally {
    call.release();
  }
}

/** The events of a stream that cannot resume (on `channel`), up to and including its end frame; a body that ends before it is no success. */
async function* untilEnd<T>(frames: AsyncGenerator<JsonFrame[]>, call: Call, channel: ChannelName, shape: (frame: JsonFrame) => T): AsyncGenerator<T[]> {
  for await (const batch of frames) {
    const end = batch.findIndex((frame) => isEndFrame(frame, channel));
    yield (end === -1 ? batch : batch.slice(0, end + 1)).map(shape);
    if (end !== -1) return;
  }
  throw new PyFlueStreamError(
    `${call.method} ${messageUrl(call.url)}: the stream ended before its end frame; the reply is incomplete ` +
      '(the connection was closed early, or something in between cut it). This stream cannot be resumed: send the prompt again.',
  );
}

/** The event's `event_index`, else its SSE id, else undefined (an event without an index). */
function eventIndex(frame: JsonFrame): number | undefined {
  const own = (frame.data as { event_index?: unknown } | null)?.event_index;
  if (typeof own === 'number' && Number.isFinite(own)) return own;
  if (frame.id === undefined || frame.id.trim() === '') return undefined;
  const fromId = Number(frame.id);
  return Number.isFinite(fromId) ? fromId : undefined;
}

/**
 * The error for a POST stream that dropped before its headers (so before its run id): it
 * says what the POST may have done, which depends on what was posted to.
 */
function notRepeated(error: unknown, kind: PostKind): unknown {
  if (!(error instanceof PyFlueError) || error instanceof PyFlueApiError) return error;
  const taken =
    kind === 'workflow'
      ? 'the run id was not known yet (no X-Flue-Run-Id header), so the stream cannot be resumed, and the POST was not repeated: it would start a second run. Check the run list (client.admin.runs) before starting it again.'
      : kind === 'persistent'
        ? 'the POST was not repeated, and the stream cannot be resumed (a persistent agent has no run to follow): the session may already have taken the prompt. Check the conversation before prompting again.'
        : 'the POST was not repeated, and the stream cannot be resumed: the agent may already have taken the input (a persistent agent\'s session, the prompt; a file-based agent, a run to find in client.admin.runs). Check before sending it again.';
  const message = `${error.message} It was cut before its answer's headers: ${taken}`;
  return error instanceof PyFlueConnectionError
    ? new (error.constructor as typeof PyFlueConnectionError)(message, error.method, error.url, { cause: error })
    : new PyFlueStreamError(message, { cause: error });
}

/**
 * The wait before reconnect number `failures` (counted since the last new event), or
 * undefined when the stream must give up. The one retry policy (retry.ts) decides for an
 * HTTP answer (its `Retry-After`, in seconds or as a date, and its status); a drop that is
 * no answer (a cut, an early end, silence) backs off the same way from `reconnectDelayMs`.
 */
function reconnectDelayMs(lastDrop: unknown, failures: number, settings: ResumeSettings): number | undefined {
  const state = { retry: failures - 1, maxRetries: settings.maxReconnects, baseMs: settings.reconnectDelayMs };
  if (lastDrop instanceof PyFlueApiError) return retryDelayMs(lastDrop, state);
  return state.retry >= state.maxRetries ? undefined : backoffMs(state.retry, settings.reconnectDelayMs);
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
  const { data: run } = await transport.request(
    { signal, maxRetries: 0, headers },
    (init) => transport.api.GET('/runs/{run_id}', { params: { path: { run_id: runId } }, ...init }),
    {},
  );
  if (!runEndStatuses.includes(run!.status)) return 'more';
  const count: unknown = run!.event_count;
  if (typeof count !== 'number') return 'unsure';
  return last >= count ? 'done' : 'more';
}

/**
 * A cut or silent connection, or a body that ended early (worth resuming), as opposed
 * to an answer that would repeat (404, an error frame) or a failure of the caller's own
 * (a headers function that throws).
 */
function isDrop(error: unknown): boolean {
  // The statuses of the one retry policy (retry.ts), as for every other GET.
  if (error instanceof PyFlueConnectionError || error instanceof PyFlueApiError) return isRetryable(error);
  if (error instanceof PyFlueStreamError) return error.envelope === undefined;
  return false;
}
