/**
 * Where /live meets the client: the one module that imports from it (the public entry,
 * and the client's own argument checks, abort plumbing and camelCase names (the spec's one
 * rule); its retry policy comes with the client's own lazy chunk of failures, loaded only
 * after something failed), so each store module names its needs in one place and an app's
 * bundle shares them with the client.
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
export { withCamelNames } from '../facade/internal/answers/wire-names.js';
export { loadFailures } from '../facade/internal/load.js';
