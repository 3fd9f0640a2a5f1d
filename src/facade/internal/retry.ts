/**
 * The one retry policy of every HTTP GET the client makes: the tries of a call (the
 * transport's fetch, which loads this module with its first failure) and the reconnects of
 * a run's stream (run-stream.ts) ask `retryDelayMs` the same question, so the same
 * statuses are retried everywhere, `Retry-After` is read the same way, and a call with a
 * deadline never sleeps past it.
 *
 * The rules:
 * - Retried: a connection failure (refused, reset, timed out) and the statuses in
 *   `RETRYABLE_STATUSES` (408, 429, 502, 503, 504). A 500 is the server's own bug on a
 *   read-only route and would repeat, so it is not.
 * - The wait: the answer's `Retry-After` when it has one, in seconds (`120`, `1.5`) or as
 *   an HTTP-date (`Wed, 21 Oct 2026 07:28:00 GMT`); else an exponential backoff from
 *   `baseMs` (doubling per retry, at most 8 s, with 0-25 % jitter taken off so clients
 *   that failed together do not come back together).
 * - When not to retry: the retries are used up, the error is not retryable, or the wait
 *   would not end before the time left (a `Retry-After` longer than the caller's
 *   deadline, or longer than `MAX_RETRY_AFTER_MS`). The caller then throws the last
 *   error it got, which is the typed server error of the last try.
 */
import { PyFlueConnectionError, type PyFlueApiError } from '../core/errors.js';

/** The statuses worth asking again: timeouts, rate limits and a gateway's temporary failures. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 502, 503, 504]);
/** The longest exponential backoff between two tries. */
export const MAX_BACKOFF_MS = 8_000;
/** A server asking to wait longer than this will not be ready within one call: give up instead. */
export const MAX_RETRY_AFTER_MS = 60_000;

/** An answer that failed: the Response itself (the transport's tries), or its PyFlueApiError (a stream's reconnects). */
type Answered = Pick<Response, 'status' | 'headers'> | PyFlueApiError;

/** Whether `failure` is worth another try: a connection failure, or an answer with a retryable status. */
export function isRetryable(failure: unknown): boolean {
  return failure instanceof PyFlueConnectionError || RETRYABLE_STATUSES.has((failure as Partial<Answered> | null)?.status as number);
}

/**
 * A `Retry-After` header in milliseconds from `now`: delta-seconds (RFC 9110) or an
 * HTTP-date (a date in the past is 0). Undefined when absent or unreadable.
 */
export function retryAfterMs(value: string | null | undefined, now: number = Date.now()): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The exponential backoff before retry number `retry` (0 for the first): `baseMs * 2^retry`, capped, jittered. */
export function backoffMs(retry: number, baseMs = 500): number {
  return Math.min(baseMs * 2 ** retry, MAX_BACKOFF_MS) * (0.75 + Math.random() * 0.25);
}

/** What `retryDelayMs` needs to know about the call. */
export interface RetryState {
  /** Retries already made (0 after the first try failed). */
  retry: number;
  /** Retries allowed in all. */
  maxRetries: number;
  /** Time left before the call's deadline (Infinity without one). */
  timeLeftMs?: number | undefined;
  /** First backoff (default 500 ms). */
  baseMs?: number | undefined;
}

/**
 * How long to wait before trying again after `failure` (a connection error, or an answer
 * with an error status), or undefined when the call must end now with it (see the rules above).
 */
export function retryDelayMs(failure: unknown, state: RetryState): number | undefined {
  if (state.retry >= state.maxRetries || !isRetryable(failure)) return undefined;
  const asked = failure instanceof PyFlueConnectionError ? undefined : retryAfterMs((failure as Answered).headers?.get('retry-after'));
  if (asked !== undefined && asked > MAX_RETRY_AFTER_MS) return undefined;
  const delay = asked ?? backoffMs(state.retry, state.baseMs);
  return delay >= (state.timeLeftMs ?? Infinity) ? undefined : delay;
}
