/**
 * Frames to events, by the spec's own tables (src/generated/channels.ts): every stream and
 * socket dispatches the frames it reads here. A frame whose type its channel lists is
 * delivered as itself, with its camelCase names; any other (a newer server's type, a
 * custom harness's frame) becomes `{ type: 'unknown', event, data }`, so nothing breaks
 * and the known types stay closed unions that narrow. A type the spec adds is delivered
 * as itself after `npm run generate`, with no change here. Sockets also hold a known type
 * to its shape (the table's generated guard): there a frame in another shape breaks the
 * protocol; a stream delivers it as its type says, as it always has.
 *
 * Only the lazy chunks (streams, sockets) import this file.
 */
import { channels, type ChannelName } from '../../generated/channels.js';
import type { UnknownFrame } from '../core/types.js';
import { withCamelNames } from './answers/wire-names.js';

/** The `type` of a frame's data, if it has a string one. */
export function typeOf(data: unknown): string | undefined {
  const type = (data as { type?: unknown } | null)?.type;
  return typeof type === 'string' ? type : undefined;
}

/** A frame of a type the client does not know, as the caller gets it: `event` is its own type. */
export function unknownFrame(event: string, data: unknown): UnknownFrame {
  return { type: 'unknown', event, data };
}

/**
 * A frame's type on `channel`: its SSE event name where the channel's data has no `type`
 * (the default agent's stream), else its data's `type`.
 */
export function frameType(channel: ChannelName, data: unknown, event?: string): string | undefined {
  return channels[channel].byEvent ? event : typeOf(data);
}

/** The component schema of a frame type on `channel`, if the spec lists the type there. */
export function knownFrame(channel: ChannelName, type: string | undefined): string | undefined {
  const frames: { readonly [type: string]: string } = channels[channel].frames;
  return type !== undefined && Object.hasOwn(frames, type) ? frames[type] : undefined;
}

/** Whether a frame of `type` ends `channel` (the spec's `x-sse-ends`, or a socket message's `x-ends-channel`). */
export function endsChannel(channel: ChannelName, type: string | undefined): boolean {
  return type !== undefined && (channels[channel].ends as readonly string[]).includes(type);
}

/**
 * A frame's data as the caller gets it (see the file comment). `event` is the SSE event
 * name, for streams whose data has no `type` (the client adds it from the event name).
 */
export function toEvent<T>(channel: ChannelName, data: unknown, event?: string): T | UnknownFrame {
  const type = frameType(channel, data, event);
  const known = knownFrame(channel, type);
  if (known === undefined) return unknownFrame(type ?? event ?? 'message', data);
  const frame = channels[channel].byEvent ? { type, ...(data as object) } : data;
  return withCamelNames(frame, known) as T;
}
