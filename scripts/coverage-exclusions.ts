/**
 * What the specs hold that the client deliberately does not surface, each with the reason.
 * `npm run check:coverage` (scripts/check-coverage.ts) fails on anything in the specs the
 * client does not surface unless it is listed here; it also fails on an entry here that
 * no longer matches anything unsurfaced, so the list cannot rot. Keys are the ids the
 * check prints in its failures.
 */
export const coverageExclusions: Record<string, string> = {
  // The dev routes: `pyflue dev`'s dashboard and the status feed it polls, served for a
  // browser during development. They are not part of an app's API (the doctor notes them).
  'operation GET /__pyflue': "the dev dashboard's HTML page (pyflue dev only)",
  'operation GET /__pyflue/status': "the dev dashboard's status feed (pyflue dev only)",

  // An `event: error` frame ends a stream: the client throws it as PyFlueStreamError (with
  // the envelope's type, message and details) instead of yielding it as an event.
  'SSE frame invokeAgent error': 'thrown as PyFlueStreamError, not yielded',
  'SSE frame invokeWorkflow error': 'thrown as PyFlueStreamError, not yielded',
  'SSE frame promptEvents error': 'thrown as PyFlueStreamError, not yielded',
};
