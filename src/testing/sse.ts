/**
 * Server-sent events as the fake writes them: each answer that streams is a function
 * that starts writing frames to a sink when the body is opened and returns how to stop.
 */
import type { components } from '../spec.js';

/** The wire shape (both spellings), as the server sends it. */
type RunEvent = components['schemas']['RunEvent'];
import { pythonJson } from './wire.js';

/** Where a stream's text goes: the in-process Response body or a node:http response. */
export interface SseSink {
  /** One whole frame (`event:`/`data:` lines and the blank line) or comment. */
  frame(text: string, isEvent: boolean): void;
  /** The server finished the stream. */
  end(): void;
}

/** Starts producing into `sink`; returns what stops producing (the reader went away). */
export type SseProducer = (sink: SseSink) => () => void;

/** A run event frame, with the event index as `id` (run streams are resumable). */
export function runEventFrame(event: RunEvent): string {
  return `id: ${event.event_index}\nevent: ${event.type}\ndata: ${pythonJson(event)}\n\n`;
}

/** A frame without an id (agent and prompt streams). */
export function plainFrame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${pythonJson(data)}\n\n`;
}

export const HEARTBEAT = ': heartbeat\n\n';
