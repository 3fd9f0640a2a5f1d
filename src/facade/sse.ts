/**
 * Server-sent-events reader built on eventsource-parser.
 *
 * eventsource-parser does the line splitting (LF, CRLF, bare CR, chunk
 * boundaries) with fragment buffering, so time is linear in input size and
 * memory is bounded by the largest pending frame. This module only adds byte
 * decoding, async iteration, end-of-body leniency and cancellation.
 */
import { createParser, type EventSourceMessage } from 'eventsource-parser';

/** One dispatched SSE event. */
export interface SseFrame {
  /** The `event:` field, or `"message"` (the SSE default) when absent or empty. */
  event: string;
  /** All `data:` lines of the frame, joined with "\n". */
  data: string;
  /** The `id:` field of this frame only (not carried over from earlier frames); may be "". */
  id?: string;
}

export interface ReadSseOptions {
  /** Aborting cancels the body and makes the generator throw `signal.reason`. */
  signal?: AbortSignal;
}

function toFrame(message: EventSourceMessage): SseFrame {
  const frame: SseFrame = { event: message.event ?? 'message', data: message.data };
  // Assign only when present so the type stays valid under exactOptionalPropertyTypes.
  if (message.id !== undefined) frame.id = message.id;
  return frame;
}

/**
 * Yields the SSE frames of `body` in order. Comments, `retry:` and unknown
 * fields are dropped. A final frame without its terminating blank line is
 * still yielded (lenient, like the PyFlue Python client).
 *
 * Leaving the loop early (`break`, `return()`, a thrown error) or aborting
 * `options.signal` cancels the body so the HTTP connection is released.
 * Cleanup runs only once iteration has started (generator semantics).
 */
export async function* readSseFrames(
  body: ReadableStream<Uint8Array>,
  options: ReadSseOptions = {},
): AsyncGenerator<SseFrame> {
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

  // Cancelling the reader resolves a pending read() with done=true right away
  // (even if the source's own cancel is slow), so the loop wakes up and then
  // throws the abort reason below. No racing promise, nothing left unhandled.
  const onAbort = (): void => {
    reader.cancel(signal?.reason).catch(() => {});
  };
  signal?.addEventListener('abort', onAbort, { once: true });

  let finished = false;
  try {
    for (;;) {
      signal?.throwIfAborted();
      const { done, value } = await reader.read();
      signal?.throwIfAborted();
      if (done) {
        finished = true;
        // Flush the decoder (a truncated multi-byte char becomes U+FFFD), then
        // feed a blank line so a frame lacking its final "\n\n" dispatches.
        // reset({ consume: true }) would not do: it parses the partial line but
        // then discards the buffered frame without dispatching it.
        parser.feed(decoder.decode() + '\n\n');
      } else {
        // stream: true keeps a multi-byte char split across chunks for the next call.
        const text = decoder.decode(value, { stream: true });
        if (text !== '') parser.feed(text);
      }
      // Swap rather than shift(): shift() is O(n) per frame.
      const batch = pending;
      pending = [];
      for (const frame of batch) {
        signal?.throwIfAborted();
        yield frame;
      }
      if (finished) return;
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    if (!finished) {
      // Early exit (break / throw / abort). Cancel closes the stream synchronously;
      // we do not await the source's cleanup so return() cannot hang on it.
      reader.cancel().catch(() => {});
    }
    reader.releaseLock();
  }
}

/**
 * JSON-parses `frame.data`. On failure throws an Error named "SseParseError"
 * naming the event and showing the first 200 characters of its data.
 */
export function parseJsonFrame<T = unknown>(frame: SseFrame): T {
  try {
    return JSON.parse(frame.data) as T;
  } catch (cause) {
    const preview = frame.data.length > 200 ? `${frame.data.slice(0, 200)}…` : frame.data;
    const id = frame.id !== undefined ? ` (id ${JSON.stringify(frame.id)})` : '';
    const reason = cause instanceof Error ? cause.message : String(cause);
    // JSON.stringify makes control characters and line breaks in the preview visible.
    const error = new Error(
      `Invalid JSON in SSE event "${frame.event}"${id}: ${reason}; data: ${JSON.stringify(preview)}`,
      { cause },
    );
    error.name = 'SseParseError';
    throw error;
  }
}
