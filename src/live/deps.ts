/**
 * Where /live meets the client: the one module that imports from it (the public entry,
 * and the client's own argument checks and abort plumbing; its camelCase names (the spec's
 * one rule) and retry policy come as the client's own lazy chunks, which a stream has
 * loaded already), so each store module names its needs in one place and an app's bundle
 * shares them with the client.
 */
export {
  PyFlueApiError,
  PyFlueClientClosedError,
  PyFlueConnectionError,
  PyFlueError,
  PyFlueInputError,
  PyFlueRateLimitError,
  PyFlueStreamError,
} from '../index.js';
export { shorten } from '../facade/core/errors.js';
export { onAbort } from '../facade/internal/abort.js';
export { describe, optionalInteger, optionalString, pathSegment } from '../facade/internal/checks.js';
export { checkOptions, optionKeys, optionalFunction } from '../facade/internal/options.js';
export { loadAnswers, loadRetry } from '../facade/internal/load.js';
