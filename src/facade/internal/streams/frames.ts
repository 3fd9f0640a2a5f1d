/**
 * From frames to events (sse.ts reads them, their data parsed as JSON): which frame ends a
 * stream, and the shaping of frame types the spec does not know into `UnknownFrame`s (a
 * newer server or a custom harness may send them; they must never break a stream, and the
 * known frames stay a closed union that narrows). Each function here takes one frame.
 */
import type { PromptStreamEvent, UnknownFrame } from '../../core/types.js';
import { PROMPT_EVENT_TYPES, typeOf, unknownFrame } from '../known-frames.js';
import { frameNames } from '../wire-names.js';
import type { JsonFrame } from './sse.js';

/** Whether a frame ends its stream: a run's `run_end`, or a prompt stream's `end`. */
export function isEndFrame(frame: JsonFrame): boolean {
  const type = (frame.data as { type?: unknown } | null)?.type ?? frame.event;
  return type === 'run_end' || type === 'end' || frame.event === 'end';
}

// ─── Frame types the spec does not know ─────────────────────────────────────

/**
 * A frame's data as the caller gets it: with its camelCase names (wire-names.ts) when its
 * `type` is one of `known`, else an `UnknownFrame` (see internal/known-frames.ts).
 */
export function toEvent<T>(frame: JsonFrame, known: ReadonlySet<string>): T | UnknownFrame {
  const type = typeOf(frame.data);
  return type !== undefined && known.has(type) ? frameNames(frame.data as T) : unknownFrame(type ?? frame.event, frame.data);
}

/** A default agent's frame: the data has no `type`, so the SSE event name becomes it; an unknown name becomes an `UnknownFrame`. */
export function promptEvent(frame: JsonFrame): PromptStreamEvent {
  return PROMPT_EVENT_TYPES.has(frame.event)
    ? frameNames({ type: frame.event, ...(frame.data as object) } as PromptStreamEvent)
    : unknownFrame(frame.event, frame.data);
}
