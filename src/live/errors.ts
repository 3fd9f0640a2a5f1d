/** Every failure a live store shows is a `PyFlueError`, so `snapshot.error` has one type to narrow. */
import { PyFlueError } from '../index.js';

/** @internal */
export function asPyFlueError(error: unknown): PyFlueError {
  if (error instanceof PyFlueError) return error;
  const wrapped = new PyFlueError(error instanceof Error ? error.message : String(error), { cause: error });
  return wrapped;
}

/** @internal Whether `signal` was aborted (so a thrown error is the abort, not a failure). */
export const wasAborted = (signal: AbortSignal): boolean => signal.aborted;
