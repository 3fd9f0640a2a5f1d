/**
 * Checks of caller input, made before any request so the error says exactly what to fix
 * and nothing is sent half-formed: path segments, payloads, numbers and enums, and header
 * names and values (left to the platform, a bad header value throws a TypeError whose
 * message repeats the value, a token say; here it is a PyFlueInputError that names the
 * header and never the value).
 */
import { PyFlueInputError, shorten } from '../core/errors.js';

/** The most tries a call may add after its first (`maxRetries`), or a stream in a row (`maxReconnects`): more would never end against a dead server. */
export const MAX_RETRIES = 100;

/**
 * The longest name, id or query value taken (characters). PyFlue's HTTP parser (h11) refuses
 * a request line and headers past 16 KB, so a value longer than half of that could hardly
 * reach it, and is a mistake (a file or a body passed by accident) better refused before
 * sending than echoed into the server's logs. Not lower: the server sets no limit of its own.
 */
export const MAX_VALUE_LENGTH = 8_192;

/** Whether `text` holds a control character (CR, LF, NUL, tab, DEL...): sent, encoded or not, it reaches logs and parsers as it is. */
export const hasControlCharacter = (text: string): boolean => /[\0-\x1f\x7f]/.test(text);

/** Whether a URL path has a `.` or `..` segment, which URL normalisation would move. */
export const hasDotSegment = (path: string): boolean => path.split(/[/?#]/).some((segment) => segment === '.' || segment === '..');

/**
 * A name or id used as one path segment. The client percent-encodes it, but some values
 * cannot be routed whatever the encoding: empty or blank ones (the server answers 400),
 * `.` and `..` (URL normalisation removes them) and ones containing `/` (the server
 * decodes `%2F` before routing, so the segment would split). Control characters (CR, LF,
 * NUL, ...) are refused too: encoded, they would reach the server's logs as they are.
 */
export function pathSegment(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new PyFlueInputError(`${what} must be a string; got ${describe(value)}.`);
  if (value.trim() === '') throw new PyFlueInputError(`${what} must not be empty or blank.`);
  if (value === '.' || value === '..') {
    throw new PyFlueInputError(`${what} cannot be "${value}": it would change the URL's path instead of naming something.`);
  }
  const shown = describe(value);
  if (value.length > MAX_VALUE_LENGTH) throw new PyFlueInputError(`${what} is ${value.length} characters long (at most ${MAX_VALUE_LENGTH}); pass the name or id itself.`);
  if (hasControlCharacter(value)) throw new PyFlueInputError(`${what} ${shown} contains a control character (a line break, a tab, a NUL...); names and ids cannot.`);
  if (/\p{Surrogate}/u.test(value)) throw new PyFlueInputError(`${what} ${shown} contains a lone UTF-16 surrogate, which no URL can carry; pass well-formed text.`);
  if (value.includes('/')) {
    throw new PyFlueInputError(`${what} ${shown} contains "/", which the PyFlue server cannot route (it decodes %2F before matching). Nested agents use dots: "support.billing".`);
  }
  return value;
}

/** A JSON object payload (the server unwraps `{payload: {...}}` and accepts only objects). */
export function optionalObject(value: unknown, what: string): Record<string, unknown> | undefined {
  if (value === undefined) return undefined;
  const prototype = value !== null && typeof value === 'object' ? Object.getPrototypeOf(value) : undefined;
  // A Map, a class instance or an array would not arrive as the object the caller means.
  if (prototype !== Object.prototype && prototype !== null) {
    throw new PyFlueInputError(`${what} must be a plain JSON object such as { name: "Ada" }; got ${describe(value)}.`);
  }
  jsonValue(value, what);
  return value as Record<string, unknown>;
}

/** A value JSON can carry: not circular, no BigInt, not a bare function or undefined. */
export function jsonValue(value: unknown, what: string): unknown {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new PyFlueInputError(`${what} cannot be sent as JSON: ${(error as Error).message}.`);
  }
  if (text === undefined) throw new PyFlueInputError(`${what} cannot be sent as JSON (got ${describe(value)}).`);
  return value;
}

export function optionalString(value: unknown, what: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    throw new PyFlueInputError(`${what} must be a non-empty string; got ${describe(value)}.`);
  }
  return value;
}

/**
 * A value sent in a URL's query (a cursor, a filter): a non-empty string of at most
 * MAX_VALUE_LENGTH characters with no control character (encoded, a line break would
 * reach the server's logs as it is).
 */
export function optionalQueryString(value: unknown, what: string): string | undefined {
  const text = optionalString(value, what);
  if (text === undefined) return undefined;
  if (text.length > MAX_VALUE_LENGTH) throw new PyFlueInputError(`${what} is ${text.length} characters long (at most ${MAX_VALUE_LENGTH}).`);
  if (hasControlCharacter(text)) throw new PyFlueInputError(`${what} ${describe(text)} contains a control character (a line break, a tab, a NUL...), which a query value cannot.`);
  return text;
}

export function optionalInteger(value: unknown, what: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `from ${min} to ${max}`;
    throw new PyFlueInputError(`${what} must be a whole number ${range}; got ${describe(value)}.`);
  }
  return value;
}

/**
 * The longest wait a timer can hold: setTimeout keeps its delay in a signed 32-bit
 * integer, and a longer one fires after about 1 ms (with a TimeoutOverflowWarning in
 * Node). Longer timeouts are refused rather than chained: 24.8 days is no timeout a
 * call needs, and a refusal says so where a silent clamp would not.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** A duration in ms for a timer: a whole number from 0 to MAX_TIMER_MS (0 means none). */
export function optionalMs(value: unknown, what: string): number | undefined {
  if (typeof value === 'number' && value > MAX_TIMER_MS) {
    throw new PyFlueInputError(
      `${what} must be at most ${MAX_TIMER_MS} ms (about 24.8 days, the longest a timer can wait); got ${value}. Use 0 for no limit.`,
    );
  }
  return optionalInteger(value, what, 0);
}

export function optionalBoolean(value: unknown, what: string): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  throw new PyFlueInputError(`${what} must be true or false; got ${describe(value)}.`);
}

/** An AbortSignal (this realm's or another's: anything with `aborted` and `addEventListener`). */
export function optionalSignal(value: unknown, what = 'signal'): AbortSignal | undefined {
  if (value === undefined) return undefined;
  const signal = value as Partial<AbortSignal> | null;
  if (value instanceof AbortSignal || (typeof signal?.aborted === 'boolean' && typeof signal.addEventListener === 'function')) {
    return value as AbortSignal;
  }
  throw new PyFlueInputError(`${what} must be an AbortSignal (e.g. new AbortController().signal or AbortSignal.timeout(5000)); got ${describe(value)}.`);
}

export function optionalEnum<T extends string>(value: unknown, what: string, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new PyFlueInputError(`${what} must be one of ${allowed.join(', ')}; got ${describe(value)}.`);
  }
  return value as T;
}

/** Event types for `?types=a,b`: non-empty strings without commas. */
export function optionalTypes(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.length === 0 || !list.every((item) => typeof item === 'string' && item.trim() !== '' && !item.includes(','))) {
    throw new PyFlueInputError(`types must be a non-empty list of event type names without commas, e.g. ["log", "run_end"]; got ${describe(value)}.`);
  }
  return list.join(',');
}

/**
 * What a value is, for a message: a string quoted (cut to a readable length), an error (or
 * an error event) by its message, anything else by its kind. Messages that may carry a
 * secret go through the client's masking (mask.ts) before they are shown.
 */
export function describe(value: unknown): string {
  // Quoted as JSON: a control character (a line break, DEL) shows escaped, so it cannot split a message or a log line.
  if (typeof value === 'string') return JSON.stringify(shorten(value, 200)).replace(/\x7f/g, '\\u007f');
  if (value === null || value === undefined) return String(value);
  if (typeof value !== 'object') return typeof value === 'function' ? 'a function' : `${typeof value} ${String(value)}`;
  if (Array.isArray(value)) return 'an array';
  const { message, error } = value as { message?: unknown; error?: unknown };
  if (typeof message === 'string' && message) return shorten(message, 300);
  if (error instanceof Error) return describe(error);
  const name = Object.getPrototypeOf(value)?.constructor?.name;
  return name && name !== 'Object' ? `${/^[AEIOU]/.test(name) ? 'an' : 'a'} ${name}` : 'an object';
}

/** Drops undefined values (exactOptionalPropertyTypes: absent, not undefined). */
export function withoutUndefined<T extends Record<string, unknown>>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}

// ─── Headers ─────────────────────────────────────────────────────────────────


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

/** Checks a bearer token (the option's, or what a token function gave): a non-empty string that is a valid header value. */
export function checkToken(token: unknown, where = 'token'): string {
  if (typeof token !== 'string' || token === '') throw new PyFlueInputError(`${where} must be a non-empty string (or a function that gives one); got ${token === '' ? 'an empty string' : token === null ? 'null' : typeof token}.`);
  if (BAD_VALUE.test(token)) {
    throw new PyFlueInputError(
      `${where} contains a line break, a NUL or a character outside Latin-1, so it cannot be sent in the Authorization header ` +
        '(the token is not repeated here). A trailing newline from a file or an env var is the usual cause: trim it.',
    );
  }
  return token;
}
