/**
 * The errors a live store shows: what a UI branches on (`kind`), a short message it can
 * show a user as it is, and the client's typed error as `cause` for logs and details. The
 * message never comes from the typed error's own text, which is written for developers
 * (URLs, run ids, what to call next) and may speak of runs where there are none.
 */
import { PyFlueApiError, PyFlueClientClosedError, PyFlueConnectionError, PyFlueError, PyFlueInputError, PyFlueRateLimitError, PyFlueStreamError } from './deps.js';

/**
 * What went wrong, for a UI to branch on:
 * - `network`: no answer (offline, the server down or unreachable, a connection cut);
 * - `server`: the server answered with an error (a 4xx or 5xx, an error frame);
 * - `rate_limit`: the server asked to slow down (429);
 * - `aborted`: stopped on purpose (a signal, the client closed);
 * - `input`: the request was refused before it was sent (what the app passed, or its
 *   own code threw: a conversation's `payload` function);
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

/** Each kind's message, but its final period (a run's failure says its own). */
const MESSAGES = {
  network: 'Could not reach the server',
  server: 'The server could not handle the request',
  rate_limit: 'Too many requests. Try again in a moment',
  aborted: 'Stopped',
  input: 'The request was not valid',
};

/** @internal The kind of `error` (any but `run_failed`: see `LiveErrorKind`). */
function kindOf(error: unknown): keyof typeof MESSAGES {
  const name = (error as { name?: unknown } | null)?.name;
  if (error instanceof PyFlueClientClosedError || name === 'AbortError' || name === 'TimeoutError') return 'aborted';
  if (error instanceof PyFlueRateLimitError) return 'rate_limit';
  // What the client refused, or the app's own code threw (a payload function): before anything was sent.
  if (error instanceof PyFlueInputError || !(error instanceof PyFlueError)) return 'input';
  // A stream that broke without the server's error frame is the connection's doing, not the server's answer (as every other PyFlueApiError is).
  return error instanceof PyFlueConnectionError || (error instanceof PyFlueStreamError && !error.envelope) ? 'network' : 'server';
}

/**
 * @internal The store error for `error` (another than a PyFlueError is wrapped in one); a
 * server's answer says its status: "The server could not handle the request (404)." With
 * `runFailed` (the message a run's failure shows), of kind `run_failed`.
 */
export function liveError(error: unknown, runFailed?: string): LiveError {
  const kind = runFailed === undefined ? kindOf(error) : 'run_failed';
  const status = kind === 'server' && error instanceof PyFlueApiError ? ` (${error.status})` : '';
  return Object.freeze({
    kind,
    message: runFailed ?? `${MESSAGES[kind as keyof typeof MESSAGES]}${status}.`,
    cause: error instanceof PyFlueError ? error : new PyFlueError(String(error), { cause: error }),
  });
}
