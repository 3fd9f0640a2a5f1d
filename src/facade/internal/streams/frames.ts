/**
 * From SSE frames to events: each frame's data parsed as JSON, the server's error frames
 * (the spec's `x-sse-errors`) thrown, the end of a stream that cannot be resumed (its
 * `x-sse-ends`), and each frame dispatched by its channel's table (internal/known-frames.ts:
 * a frame type the spec does not know becomes an `UnknownFrame` and never breaks a stream).
 */
import {
  PyFlueConnectionError,
  PyFlueError,
  PyFlueStreamError,
  PyFlueTimeoutError,
  messageUrl,
  redactUrl,
  type ErrorEnvelope,
} from '../../core/errors.js';
import type { PromptStreamEvent, RunEvent, RunStreamEvent } from '../../core/types.js';
import { sseErrorEvents, type ChannelName } from '../../../generated/channels.js';
import { endsChannel, frameType, toEvent } from '../known-frames.js';
import { readSseBatches, type SseFrame } from './sse.js';

/** An SSE frame with its data parsed as JSON. */
export interface JsonFrame {
  event: string;
  id: string | undefined;
  data: unknown;
}

/** Where a stream comes from, for messages and errors: `POST`, and the URL without secrets. */
export interface StreamOrigin {
  method: string;
  url: string;
}

/**
 * The frames of an SSE body with their data parsed, a batch per chunk read. An
 * `event: error` frame throws PyFlueStreamError carrying the server's envelope (after
 * the frames before it are yielded); data that is not JSON throws one with the parse
 * error as `cause`; a connection that drops while the body is read throws
 * PyFlueConnectionError (undici's bare `TypeError: terminated` would escape the
 * hierarchy otherwise).
 */
export async function* readJsonBatches(
  body: ReadableStream<Uint8Array>,
  signal: AbortSignal,
  origin: StreamOrigin,
  idleTimeoutMs?: number,
): AsyncGenerator<JsonFrame[]> {
  const url = redactUrl(origin.url);
  const label = `${origin.method} ${messageUrl(url)}`;
  const idleError = (ms: number): PyFlueTimeoutError => {
    const error = new PyFlueTimeoutError(
      `${label}: the stream was silent for ${ms} ms (idleTimeoutMs) and was closed; the server sent nothing, not even a keep-alive. ` +
        'Raise idleTimeoutMs if the work can be that slow.',
      origin.method,
      url,
    );
    idleErrors.add(error);
    return error;
  };
  const batches = readSseBatches(body, { signal, idleTimeoutMs, idleError });
  try {
    for (;;) {
      let next: IteratorResult<SseFrame[]>;
      try {
        next = await batches.next();
      } catch (error) {
        if (signal.aborted || error instanceof PyFlueError) throw error;
        // Only the message: undici's error may reference its request (and so its headers).
        const reason = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
        throw new PyFlueConnectionError(`${label}: the connection dropped mid-stream (${reason}).`, origin.method, url, { cause: new Error(reason) });
      }
      if (next.done) return;
      const parsed: JsonFrame[] = [];
      let failure: PyFlueStreamError | undefined;
      for (const frame of next.value) {
        let data: unknown;
        try {
          data = JSON.parse(frame.data);
        } catch (cause) {
          failure = new PyFlueStreamError(
            `${label}: the "${frame.event}" frame's data is not JSON (${frame.data.slice(0, 120)}); the stream is malformed or was cut.`,
            { cause },
          );
          break;
        }
        if (sseErrorEvents.includes(frame.event)) {
          failure = streamErrorFrom(data, label, frame.event);
          break;
        }
        parsed.push({ event: frame.event, id: frame.id, data });
      }
      if (parsed.length > 0) yield parsed;
      if (failure) throw failure;
    }
  } finally {
    await batches.return?.();
  }
}

/** The error an error frame reports; without a code of its own, its event name is its code. */
function streamErrorFrom(data: unknown, label: string, event: string): PyFlueStreamError {
  const envelope = (data as Partial<ErrorEnvelope> | null)?.error;
  if (envelope && typeof envelope === 'object' && typeof envelope.message === 'string') {
    const dev = envelope.dev ? ` (${envelope.dev})` : '';
    return new PyFlueStreamError(`${label}: the server reported ${envelope.type}: ${envelope.message}${dev}`, {
      envelope: data as ErrorEnvelope,
    });
  }
  const raw = data as { type?: unknown; message?: unknown } | null;
  const message = typeof raw?.message === 'string' ? raw.message : JSON.stringify(data);
  const type = typeof raw?.type === 'string' ? raw.type : event;
  return new PyFlueStreamError(`${label}: the server reported ${type}: ${message}`, {
    envelope: { error: { type, message, details: '' } },
  });
}

const idleErrors = new WeakSet<object>();

/** Whether `error` is the idle timeout of `readJsonBatches` (silence, not a failure of the server's). */
export function isIdleTimeout(error: unknown): boolean {
  return typeof error === 'object' && error !== null && idleErrors.has(error);
}

/** Whether a frame ends its stream on `channel` (the spec's `x-sse-ends`: a run's `run_end`, a reply's `end`). */
export function isEndFrame(frame: JsonFrame, channel: ChannelName): boolean {
  return endsChannel(channel, frameType(channel, frame.data, frame.event));
}

/**
 * The frames of a stream that cannot be resumed (a prompt stream, a persistent agent's),
 * up to and including its end frame, then done. A body that ends before it is no
 * success: PyFlueStreamError says so.
 */
export async function* untilStreamEnd(batches: AsyncGenerator<JsonFrame[]>, origin: StreamOrigin, channel: ChannelName): AsyncGenerator<JsonFrame[]> {
  for await (const batch of batches) {
    const end = batch.findIndex((frame) => isEndFrame(frame, channel));
    if (end === -1) {
      yield batch;
      continue;
    }
    yield batch.slice(0, end + 1);
    return;
  }
  throw new PyFlueStreamError(
    `${origin.method} ${messageUrl(origin.url)}: the stream ended before its end frame; the reply is incomplete ` +
      '(the connection was closed early, or something in between cut it). This stream cannot be resumed: send the prompt again.',
  );
}

/** The default agent's frames as events (the channel `promptEvents`: the SSE event name is the type). */
export async function* promptEvents(batches: AsyncGenerator<JsonFrame[]>): AsyncGenerator<PromptStreamEvent[]> {
  for await (const batch of batches) yield batch.map((frame) => toEvent<PromptStreamEvent>('promptEvents', frame.data, frame.event));
}

/** A run's recorded events (`runs.events`) as its stream delivers them. */
export function runEvents(events: readonly unknown[]): RunStreamEvent[] {
  return events.map((event) => toEvent<RunEvent>('streamRun', event));
}
