/**
 * Server-sent-events reader built on eventsource-parser, from the body's bytes to frames
 * with their data parsed as JSON (`readJsonBatches`, what every stream reads).
 *
 * eventsource-parser does the line splitting (LF, CRLF, bare CR, chunk
 * boundaries) with fragment buffering, so time is linear in input size and
 * memory is bounded by the largest pending frame. This module only adds byte
 * decoding, async iteration, end-of-body leniency, cancellation, JSON and the
 * errors of a stream (an `event: error` frame, data that is not JSON, a cut, silence).
 */
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { PyFlueConnectionError, PyFlueError, PyFlueStreamError, PyFlueTimeoutError, messageUrl, redactUrl, type ErrorEnvelope } from '../../core/errors.js';
import type { components } from '../../../generated/openapi.js';
import { mask, maskError, type Secrets } from '../mask.js';

/**
 * One dispatched SSE event: the spec's `SseFrame` (`event`, `data`, `id`), where `event`
 * is `"message"` (the SSE default) when the frame names none, and `id` is this frame's
 * own (not carried over from earlier ones), possibly "" and undefined when absent.
 */
export type SseFrame = Omit<components['schemas']['SseFrame'], 'id' | 'retry'> & { id?: string | undefined };

/** Options of the SSE readers. */
export interface ReadSseOptions {
  /** Aborting cancels the body and makes the generator throw `signal.reason`. */
  signal?: AbortSignal | undefined;
  /**
   * Silence allowed while a read is pending, in ms (any bytes count, keep-alive comments
   * included); 0 or undefined: none. When it runs out the body is cancelled and the
   * reader throws `idleError(ms)`. Time the consumer spends between reads is not silence.
   */
  idleTimeoutMs?: number | undefined;
  /** The error thrown when `idleTimeoutMs` runs out (default: a plain Error saying so). */
  idleError?: ((ms: number) => unknown) | undefined;
}

/**
 * The parser's message object becomes the frame itself (no copy per frame: the copy
 * showed in bench/sse.ts); only the SSE default event name is filled in.
 */
function toFrame(message: EventSourceMessage): SseFrame {
  if (message.event === undefined) message.event = 'message';
  // An absent id stays an undefined property: deleting it would cost the object its fast shape.
  return message as SseFrame;
}

const STREAMING: TextDecodeOptions = { stream: true };

/**
 * The SSE frames of `body` in order, as one array per chunk read (never empty).
 * Comments, `retry:` and unknown fields are dropped. A final frame without its
 * terminating blank line is still yielded (lenient, like the PyFlue Python client).
 *
 * Why arrays, and why a hand-written iterator rather than an async generator: a chunk
 * holds several frames, and resuming an async generator costs about as much as parsing
 * a small frame (bench/sse.ts measures it against eventsource-parser alone); here a
 * chunk costs one awaited read and the consumer walks each array with a plain loop.
 * `readSseFrames` gives the frame-by-frame view.
 *
 * Stopping early (`break`, `return()`) or aborting `options.signal` cancels the body so
 * the HTTP connection is released; an abort rejects with `signal.reason`.
 */
export function readSseBatches(body: ReadableStream<Uint8Array>, options: ReadSseOptions = {}): AsyncIterableIterator<SseFrame[]> {
  const { signal } = options;
  const reader = body.getReader();
  // Default (non-fatal) decoder: invalid bytes become U+FFFD instead of killing the
  // stream, and a leading UTF-8 BOM is stripped here. eventsource-parser's own BOM
  // check compares against the three *bytes* as chars, which never matches a
  // properly decoded string, so this decoder is what handles the BOM.
  const decoder = new TextDecoder('utf-8');
  let pending: SseFrame[] = [];
  // onError (unknown field, bad retry) is deliberately not set: the SSE spec says to ignore them.
  const parser = createParser({ onEvent: (message) => pending.push(toFrame(message)) });
  let state: 'reading' | 'finished' | 'released' = 'reading';
  const idleMs = options.idleTimeoutMs ?? 0;
  // One timer per stream, not per chunk: it checks when the pending read began and re-arms
  // for the rest (a setTimeout per chunk showed in bench/sse.ts). Unref'd where the
  // runtime allows, so a watchdog never keeps a process alive on its own.
  let readingSince = 0;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  let idleFailure: unknown;
  const watch = (delay: number): void => {
    idleTimer = setTimeout(onIdleCheck, delay);
    (idleTimer as { unref?: () => void }).unref?.();
  };
  const onIdleCheck = (): void => {
    idleTimer = undefined;
    if (readingSince === 0 || state !== 'reading') return;
    const waited = Date.now() - readingSince;
    if (waited < idleMs) return watch(idleMs - waited);
    idleFailure = options.idleError ? options.idleError(idleMs) : new Error(`No data for ${idleMs} ms.`);
    reader.cancel(idleFailure).catch(() => {});
  };

  // Cancelling the reader resolves a pending read() with done=true right away (even if
  // the source's own cancel is slow), so next() wakes up and throws the abort reason.
  const onAbort = (): void => {
    reader.cancel(signal?.reason).catch(() => {});
  };
  signal?.addEventListener('abort', onAbort, { once: true });

  /** Stops reading; an early stop cancels the body (not awaited, so it cannot hang). */
  const release = (): void => {
    if (state === 'released') return;
    if (state === 'reading') reader.cancel().catch(() => {});
    state = 'released';
    readingSince = 0;
    if (idleTimer !== undefined) clearTimeout(idleTimer);
    idleTimer = undefined;
    signal?.removeEventListener('abort', onAbort);
    reader.releaseLock();
  };
  const done = (): IteratorResult<SseFrame[]> => ({ done: true, value: undefined });

  const iterator: AsyncIterableIterator<SseFrame[]> = {
    async next() {
      try {
        while (state === 'reading') {
          signal?.throwIfAborted();
          let read: ReadableStreamReadResult<Uint8Array>;
          if (idleMs > 0) {
            readingSince = Date.now();
            if (idleTimer === undefined) watch(idleMs);
            try {
              read = await reader.read();
            } finally {
              readingSince = 0;
            }
          } else {
            read = await reader.read();
          }
          const { done: ended, value } = read;
          signal?.throwIfAborted();
          if (idleFailure !== undefined) throw idleFailure;
          if (ended) {
            state = 'finished';
            // Flush the decoder (a truncated multi-byte char becomes U+FFFD), then feed a
            // blank line so a frame lacking its final "\n\n" dispatches. reset({ consume:
            // true }) would not do: it parses the partial line, then drops the frame.
            parser.feed(decoder.decode() + '\n\n');
          } else {
            // stream: true keeps a multi-byte char split across chunks for the next call.
            const text = decoder.decode(value, STREAMING);
            if (text !== '') parser.feed(text);
          }
          if (pending.length > 0) {
            const batch = pending;
            pending = [];
            return { done: false, value: batch };
          }
        }
        release();
        return done();
      } catch (error) {
        release();
        throw error;
      }
    },
    async return() {
      release();
      return done();
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}

/** The frames of `body` one by one (see `readSseBatches`, which the client itself uses). */
export async function* readSseFrames(body: ReadableStream<Uint8Array>, options: ReadSseOptions = {}): AsyncGenerator<SseFrame> {
  for await (const batch of readSseBatches(body, options)) {
    for (const frame of batch) {
      options.signal?.throwIfAborted();
      yield frame;
    }
  }
}

// ─── JSON frames ──────────────────────────────────────────────────────────────

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
 * hierarchy otherwise). What the server or the fetch said goes through `secrets` first.
 */
export async function* readJsonBatches(
  body: ReadableStream<Uint8Array>,
  signal: AbortSignal,
  origin: StreamOrigin,
  idleTimeoutMs: number,
  secrets: Secrets,
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
        const reason = mask(secrets, error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error));
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
            `${label}: the "${frame.event}" frame's data is not JSON (${mask(secrets, frame.data.slice(0, 120))}); the stream is malformed or was cut.`,
            // The parser's message quotes the data: masked (a copy) if it shows a secret.
            { cause: maskError(secrets, cause) },
          );
          break;
        }
        if (frame.event === 'error') {
          failure = streamErrorFrom(mask(secrets, data), label);
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

function streamErrorFrom(data: unknown, label: string): PyFlueStreamError {
  const envelope = (data as Partial<ErrorEnvelope> | null)?.error;
  if (envelope && typeof envelope === 'object' && typeof envelope.message === 'string') {
    const dev = envelope.dev ? ` (${envelope.dev})` : '';
    return new PyFlueStreamError(`${label}: the server reported ${envelope.type}: ${envelope.message}${dev}`, {
      envelope: data as ErrorEnvelope,
    });
  }
  const raw = data as { type?: unknown; message?: unknown } | null;
  const message = typeof raw?.message === 'string' ? raw.message : JSON.stringify(data);
  const type = typeof raw?.type === 'string' ? raw.type : 'error';
  return new PyFlueStreamError(`${label}: the server reported ${type}: ${message}`, {
    envelope: { error: { type, message, details: '' } },
  });
}

const idleErrors = new WeakSet<object>();

/** Whether `error` is the idle timeout of `readJsonBatches` (silence, not a failure of the server's). */
export function isIdleTimeout(error: unknown): boolean {
  return typeof error === 'object' && error !== null && idleErrors.has(error);
}
