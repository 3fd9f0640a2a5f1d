/**
 * From frames to events (sse.ts reads them, their data parsed as JSON), by each channel's
 * table (internal/known-frames.ts, from the spec): which frame ends a stream (the spec's
 * `x-sse-ends`), and each frame as itself with its camelCase names, or as an
 * `UnknownFrame` when its channel does not list its type (a newer server or a custom
 * harness may send one; it must never break a stream, and the known frames stay a closed
 * union that narrows). Each function here takes one frame.
 */
import type { ChannelName } from '../../../generated/channels.js';
import type { PromptStreamEvent, RunEvent, RunStreamEvent, UnknownFrame } from '../../core/types.js';
import { endsChannel, frameType, toEvent } from '../known-frames.js';
import type { JsonFrame } from './sse.js';

/** Whether a frame ends its stream on `channel` (the spec's `x-sse-ends`: a run's `run_end`, a reply's `end`). */
export function isEndFrame(frame: JsonFrame, channel: ChannelName): boolean {
  return endsChannel(channel, frameType(channel, frame.data, frame.event));
}

/** A frame of `channel` as the caller gets it (see the file comment). */
export function channelEvent<T>(channel: ChannelName, frame: JsonFrame): T | UnknownFrame {
  return toEvent<T>(channel, frame.data, frame.event);
}

/** A default agent's frame (the channel `promptEvents`: the data has no `type`, the SSE event name is it). */
export function promptEvent(frame: JsonFrame): PromptStreamEvent {
  return toEvent<PromptStreamEvent>('promptEvents', frame.data, frame.event);
}

/** A run's recorded events (`runs.events`) as its stream delivers them. */
export function runEvents(events: readonly unknown[]): RunStreamEvent[] {
  return events.map((event) => toEvent<RunEvent>('streamRun', event));
}
