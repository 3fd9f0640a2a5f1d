/**
 * The plumbing the fake's HTTP routes share: the request and answer shapes, route
 * templates matched as Starlette matches them, and the envelope for a thrown error.
 */
import { FakeHttpError, envelope, errors, messageOf } from './wire.js';
import type { SseProducer } from './sse.js';

/** A request as the routes read it. */
export interface FakeRequest {
  method: string;
  url: URL;
  headers: Headers;
  /** The body text ('' when none). */
  body: string;
}

export type FakeAnswer =
  | { kind: 'json'; status: number; headers: Record<string, string>; body: unknown }
  | { kind: 'html'; status: number; headers: Record<string, string>; body: string }
  | { kind: 'sse'; status: number; headers: Record<string, string>; open: SseProducer };

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}): FakeAnswer => ({ kind: 'json', status, headers, body });
export const sse = (open: SseProducer, headers: Record<string, string> = {}): FakeAnswer => ({ kind: 'sse', status: 200, headers, open });

export type Handler = (request: FakeRequest, params: string[]) => Promise<FakeAnswer> | FakeAnswer;
export interface Route {
  method: string;
  pattern: RegExp;
  handler: Handler;
}

const SEGMENT = '([^/]+)';
export const route = (method: string, template: string, handler: Handler): Route => ({
  method,
  pattern: new RegExp(`^${template.replace(/\{\w+\}/g, SEGMENT)}$`),
  handler,
});

/** The envelope for a thrown error: its own for a FakeHttpError, else 500 internal_error. */
export function errorAnswer(error: unknown): FakeAnswer {
  const failure = error instanceof FakeHttpError ? error : errors.internal(messageOf(error));
  return json(envelope(failure.body), failure.status);
}
