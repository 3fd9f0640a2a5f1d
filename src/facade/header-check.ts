/**
 * Header names and values checked before they reach `fetch` or a socket handshake. Left
 * to the platform, a bad value throws a TypeError whose message repeats the value (a
 * token, say); here it is a PyFlueInputError that names the header and never the value.
 */
import { PyFlueInputError } from './errors.js';

/** RFC 9110 token characters: what a header name may contain. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** What a value may not contain: CR, LF, NUL, and anything above U+00FF (not a byte). */
// eslint-disable-next-line no-control-regex
const BAD_VALUE = /[\r\n\0]|[^\u0000-\u00ff]/;

/** Throws PyFlueInputError for a header that `fetch` or `ws` would refuse; `where` says where it came from. */
export function checkHeader(name: unknown, value: unknown, where: string): void {
  if (typeof name !== 'string' || !HEADER_NAME.test(name)) {
    throw new PyFlueInputError(`${where}: ${JSON.stringify(String(name).slice(0, 60))} is not a valid header name.`);
  }
  if (typeof value !== 'string') {
    throw new PyFlueInputError(`${where}: the value of header "${name}" must be a string; got ${value === null ? 'null' : typeof value}.`);
  }
  if (BAD_VALUE.test(value)) {
    throw new PyFlueInputError(
      `${where}: the value of header "${name}" contains a line break, a NUL or a character outside Latin-1, which HTTP does not allow ` +
        '(the value is not repeated here, in case it is a secret). Check where it comes from (a trailing newline from a file or an env var?).',
    );
  }
}

/** Checks that `headers` is a plain object and every header in it (see `checkHeader`). */
export function checkHeaders(headers: unknown, where: string): void {
  // A plain object only: a Headers instance, a Map or an array has no own enumerable
  // entries and would be sent as no headers at all, silently.
  const prototype = headers !== null && typeof headers === 'object' ? Object.getPrototypeOf(headers) : undefined;
  if (prototype !== Object.prototype && prototype !== null) {
    throw new PyFlueInputError(
      `${where} must be a plain object of header names to string values, e.g. { 'x-correlation-id': 'order-42' } ` +
        '(not a Headers instance, a Map or an array).',
    );
  }
  for (const [name, value] of Object.entries(headers as object)) checkHeader(name, value, where);
}

/** Checks a bearer token: a non-empty string that is a valid header value. */
export function checkToken(token: unknown): void {
  if (typeof token !== 'string' || token === '') throw new PyFlueInputError('token must be a non-empty string.');
  if (BAD_VALUE.test(token)) {
    throw new PyFlueInputError(
      'token contains a line break, a NUL or a character outside Latin-1, so it cannot be sent in the Authorization header ' +
        '(the token is not repeated here). A trailing newline from a file or an env var is the usual cause: trim it.',
    );
  }
}
