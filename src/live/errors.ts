/**
 * The errors a live store shows: what a UI branches on (`kind`), a short message it can
 * show a user as it is, and the client's typed error as `cause` for logs and details. The
 * message never comes from the typed error's own text, which is written for developers
 * (URLs, run ids, what to call next) and may speak of runs where there are none.
 */
import { PyFlueApiError, PyFlueClientClosedError, PyFlueConnectionError, PyFlueError, PyFlueInputError, PyFlueRateLimitError, PyFlueSocketError, PyFlueStreamError } from './deps.js';

/**
 * What went wrong, for a UI to branch on:
 * - `network`: no answer (offline, the server down or unreachable, a connection cut);
 * - `server`: the server answered with an error (a 4xx or 5xx, an error frame);
 * - `rate_limit`: the server asked to slow down (429);
 * - `aborted`: stopped on purpose (a signal, the client closed);
 * - `input`: the request was refused before it was sent (what the app passed);
 * - `run_failed`: the run itself ended `failed`.
 */
export type LiveErrorKind = 'network' | 'server' | 'rate_limit' | 'aborted' | 'input' | 'run_failed';

/** A store's error: `kind` to branch on, `message` to show, `cause` to log. */
export interface LiveError {
  readonly kind: LiveErrorKind;
  /** Short and safe to show a user as it is (no URL, no id, no advice for developers). */
  readonly message: string;
  /** The client's typed error (its `message` is for developers). */
  readonly cause: PyFlueError;
}

const MESSAGES: Record<Exclude<LiveErrorKind, 'run_failed'>, string> = {
  network: 'Could not reach the server. Check your connection.',
  server: 'The server could not handle the request.',
  rate_limit: 'Too many requests right now. Try again in a moment.',
  aborted: 'Stopped.',
  input: 'The request was not valid, so it was not sent.',
};

/** @internal Any failure as a `PyFlueError` (a callback's own error is wrapped, as a `PyFlueInputError` when `callback` names it). */
export function asPyFlueError(error: unknown, callback?: string): PyFlueError {
  if (error instanceof PyFlueError) return error;
  const text = error instanceof Error ? error.message : String(error);
  const Class = callback === undefined ? PyFlueError : PyFlueInputError;
  const wrapped = new Class(callback === undefined ? text : `${callback} threw: ${text}`);
  (wrapped as { cause?: unknown }).cause = error;
  return wrapped;
}

/** @internal The kind of `error` (see `LiveErrorKind`). */
export function kindOf(error: unknown): LiveErrorKind {
  if (error instanceof PyFlueRateLimitError) return 'rate_limit';
  if (error instanceof PyFlueApiError) return 'server';
  if (error instanceof PyFlueConnectionError) return 'network';
  if (error instanceof PyFlueInputError) return 'input';
  if (error instanceof PyFlueClientClosedError || (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError'))) return 'aborted';
  // An error frame is the server's answer; a stream or socket that broke without one is the connection.
  if (error instanceof PyFlueStreamError) return error.envelope ? 'server' : 'network';
  if (error instanceof PyFlueSocketError) return error.error ? 'server' : 'network';
  return 'server';
}

/** @internal The store error for `error`; `message` replaces the kind's own text (a run's failure). */
export function liveError(error: unknown, kind: LiveErrorKind = kindOf(error), message?: string): LiveError {
  const status = error instanceof PyFlueApiError && kind === 'server' ? ` (${error.status})` : '';
  const text = message ?? (kind === 'run_failed' ? 'The run failed.' : `${MESSAGES[kind].slice(0, -1)}${status}.`);
  return Object.freeze({ kind, message: text, cause: asPyFlueError(error) });
}
