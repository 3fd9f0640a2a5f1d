/**
 * The options as the rest of the facade uses them: the client's (core/options.ts) checked
 * and normalised once when it is made, so nothing downstream re-checks them; a run
 * stream's checked when it is created; and the one check of every option bag.
 */
import type { Middleware } from 'openapi-fetch';
import { PyFlueInputError, shorten } from '../core/errors.js';
import type { ClientOptions, HeadersOption, RequestOptions, ResponseFormat, ResumeOptions, RunStreamOptions } from '../core/options.js';
import type { WebSocketFactory } from '../core/websocket.js';
import { MAX_RETRIES, checkHeaders, checkToken, describe, hasControlCharacter, optionalInteger, optionalMs, optionalSignal } from './checks.js';
import { Secrets } from './mask.js';
import { queryOptionKeys, toQuery } from './query.js';
import type { StreamRunQuery } from '../../generated/wire.js';

export interface ResolvedOptions {
  baseUrl: string;
  adminBaseUrl: string;
  token: ClientOptions['token'];
  headers: HeadersOption | undefined;
  fetch: typeof fetch;
  websocket: WebSocketFactory | undefined;
  websocketUrl: ((url: string) => string) | undefined;
  timeoutMs: number;
  idleTimeoutMs: number;
  connectTimeoutMs: number;
  answerTimeoutMs: number;
  maxRetries: number;
  deadlineMs: number | undefined;
  middleware: Middleware[];
  onListenerError: ((error: unknown) => void) | undefined;
  responseFormat: ResponseFormat;
  /** The client's secrets (its token, secret-looking header values), masked in every message (mask.ts). */
  secrets: Secrets;
}

/** The longest base URL taken: a longer one is a mistake (a file read into it), and would be repeated in every message. */
export const MAX_BASE_URL = 2_048;

/** `raw` or `flue`; the Python client's spellings `pyflue` and `sdk` are accepted at run time too. */
export function normalizeResponseFormat(value: unknown, where = 'responseFormat'): ResponseFormat {
  const normalized = typeof value === 'string' ? value.toLowerCase() : value;
  if (normalized === 'raw' || normalized === 'pyflue') return 'raw';
  if (normalized === 'flue' || normalized === 'sdk') return 'flue';
  throw new PyFlueInputError(`${where} must be 'raw' or 'flue'; got ${describe(value)}.`);
}

export function resolveOptions(
  baseUrl: unknown,
  given: ClientOptions | undefined,
  defaultFormat: ResponseFormat,
  known: OptionKeys = CLIENT_KEYS,
): ResolvedOptions {
  const options = checkOptions(given, known, 'new PyFlueClient()');
  if (typeof baseUrl !== 'string' || baseUrl.trim() === '') {
    throw new PyFlueInputError('A base URL is required, e.g. new PyFlueClient("http://127.0.0.1:2024").');
  }
  if (baseUrl.length > MAX_BASE_URL) {
    throw new PyFlueInputError(`The base URL is ${baseUrl.length} characters long (at most ${MAX_BASE_URL}); pass the server's address, e.g. "http://127.0.0.1:2024".`);
  }
  // The URL parser drops tabs and line breaks without a word: a URL read from a file with a stray newline would work by luck.
  if (hasControlCharacter(baseUrl)) {
    throw new PyFlueInputError('The base URL contains a line break, a tab or another control character (a trailing newline from a file or an env var?); trim it.');
  }
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    // Shown cut, and without anything that looks like `user:password@`.
    throw new PyFlueInputError(`The base URL ${JSON.stringify(shorten(baseUrl.replace(/\/\/[^/]*@/, '//***@'), 120))} is not an absolute URL; use e.g. "http://127.0.0.1:2024".`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new PyFlueInputError(`The base URL must use http or https; got ${url.protocol}`);
  if (url.username || url.password) {
    throw new PyFlueInputError('The base URL must not carry credentials (user:password@); pass a token or headers instead.');
  }
  if (url.search || url.hash) throw new PyFlueInputError('The base URL must not carry a query or fragment; pass headers or a token instead.');
  const prefix = url.pathname.replace(/\/+$/, '');
  const adminPath = options.adminBasePath === undefined ? `${prefix}/admin` : adminBasePath(options.adminBasePath);
  const secrets = new Secrets();
  if (typeof options.token !== 'function' && options.token !== undefined) secrets.add(checkToken(options.token));
  if (options.headers !== undefined && typeof options.headers !== 'function') secrets.addHeaders(options.headers);
  optionalFunction(options.fetch, 'fetch');
  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== 'function') throw new PyFlueInputError('No fetch implementation: pass options.fetch on runtimes without a global fetch.');
  return {
    baseUrl: `${url.origin}${prefix}`,
    adminBaseUrl: `${url.origin}${adminPath}`,
    token: options.token,
    headers: options.headers,
    // The global fetch is bound so it keeps its `this` when called through the transport.
    fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
    websocket: optionalFunction(options.websocket, 'websocket'),
    websocketUrl: optionalFunction(options.websocketUrl, 'websocketUrl'),
    timeoutMs: options.timeoutMs ?? 60_000,
    idleTimeoutMs: options.idleTimeoutMs ?? 45_000,
    connectTimeoutMs: options.connectTimeoutMs ?? 60_000,
    answerTimeoutMs: options.answerTimeoutMs ?? 60_000,
    maxRetries: options.maxRetries ?? 2,
    deadlineMs: options.deadlineMs || undefined,
    middleware: middlewareList(options.middleware),
    onListenerError: optionalFunction(options.onListenerError, 'onListenerError'),
    responseFormat: options.responseFormat === undefined ? defaultFormat : normalizeResponseFormat(options.responseFormat),
    secrets,
  };
}

/**
 * `adminBasePath` as the path it must be: from the server's origin, so no scheme or host
 * (the admin app is on the same server), no query or fragment (they would end up in
 * the middle of every admin URL), no line breaks. Slashes at either end are optional.
 */
function adminBasePath(value: unknown): string {
  if (typeof value !== 'string') throw new PyFlueInputError('adminBasePath must be a string such as "/admin" or "".');
  const shown = JSON.stringify(shorten(value, 120));
  if (/^[a-z][a-z0-9+.-]*:/i.test(value) || value.startsWith('//')) {
    throw new PyFlueInputError(`adminBasePath must be a path on the same server, such as "/admin"; got ${shown}, which names a scheme or host.`);
  }
  if (/[?#]/.test(value)) throw new PyFlueInputError(`adminBasePath must be a path without a query or fragment; got ${shown}.`);
  if (value.length > MAX_BASE_URL) throw new PyFlueInputError(`adminBasePath is ${value.length} characters long (at most ${MAX_BASE_URL}); pass the admin app's path, such as "/admin".`);
  if (hasControlCharacter(value)) throw new PyFlueInputError('adminBasePath contains a line break or another control character; trim it.');
  const trimmed = value.replace(/^\/+|\/+$/g, '');
  return trimmed ? `/${trimmed}` : '';
}

function middlewareList(value: unknown): Middleware[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new PyFlueInputError('middleware must be an array of openapi-fetch Middleware objects.');
  return value as Middleware[];
}

/** `value` when it is a function or undefined, else a PyFlueInputError naming `what`. */
export function optionalFunction<T>(value: T | undefined, what: string): T | undefined {
  // null is no function either: taken as "none", a `fetch: null` would silently use the global fetch.
  if (value !== undefined && typeof value !== 'function') throw new PyFlueInputError(`${what} must be a function; got ${describe(value)}.`);
  return value;
}

/** Options of a run stream, checked, with their defaults. */
export interface ResumeSettings {
  after: number;
  /** The run stream's query (its spec's parameters from the options, src/generated/wire.ts), sent on every reconnect with `after` moved on. */
  query: Record<string, string | number | boolean>;
  maxReconnects: number;
  reconnectDelayMs: number;
  timeoutMs: number | undefined;
  /**
   * The time from the stream's start until its first event, and from each drop until the
   * next event: every try, wait and Retry-After included (0: none).
   */
  deadlineMs: number;
  idleTimeoutMs: number;
  /** The call's own headers, sent with the POST and with every reconnect. */
  headers: Record<string, string> | undefined;
  /** The caller's `onConnection` (run-stream.ts tells it, and reports what it throws). */
  onConnection: ResumeOptions['onConnection'];
}

/** Checks the options of a run stream (PyFlueInputError, before anything is sent) and fills in the defaults. */
export function resumeSettings(given: RunStreamOptions, client: ResolvedOptions, known: OptionKeys, where: string): ResumeSettings {
  const options = checkOptions(given, known, where);
  const query = toQuery('streamRun', options);
  return {
    after: (query.after as number | undefined) ?? 0,
    query,
    maxReconnects: options.maxReconnects ?? 5,
    reconnectDelayMs: options.reconnectDelayMs ?? 250,
    timeoutMs: options.timeoutMs,
    deadlineMs: options.deadlineMs ?? client.deadlineMs ?? 0,
    idleTimeoutMs: options.idleTimeoutMs ?? client.idleTimeoutMs,
    headers: options.headers,
    onConnection: optionalFunction(options.onConnection, `${where}: onConnection`),
  };
}

// ─── The check of every option bag ──────────────────────────────────────────

/**
 * The one check of every option bag the client takes (client options, request options,
 * stream, invoke, dispatch, prompt, page and socket options), made before anything is
 * sent: the bag is an object, every key in it is one the bag's type has (an unknown one
 * is a PyFlueInputError naming the nearest known key: `{ timeout: 200 }` asks "did you
 * mean timeoutMs?"), and the values every bag shares (signal, waits, retries, headers)
 * are in range. Options of one call only (`payload`, `limit`, ...) are checked where
 * they are used.
 *
 * Each bag's keys are listed once with `optionKeys<Type>({...})`, which the compiler
 * holds to the type: an option added to an interface and not to its list (or listed and
 * not in the interface) fails to compile, so the check never refuses a real option.
 */
/** The names of a bag's options, as a set. */
export type OptionKeys = ReadonlySet<string>;

/** Lists the option names of `T`: every one of them, and nothing else (checked by the compiler). */
export function optionKeys<T>(keys: { readonly [Key in keyof Required<T>]: true }): OptionKeys {
  return new Set(Object.keys(keys));
}

/** Every call's option names, to spread into a bag's list that adds its own. */
export const REQUEST_OPTIONS = { signal: true, timeoutMs: true, maxRetries: true, deadlineMs: true, headers: true } as const;
/** How a run's stream rides out drops (part of every run stream's options). */
export const RESUME_OPTIONS = { maxReconnects: true, reconnectDelayMs: true, idleTimeoutMs: true, onConnection: true } as const;

/** Every call's options. */
export const REQUEST_KEYS = optionKeys<RequestOptions>(REQUEST_OPTIONS);
export const RESUME_KEYS = optionKeys<ResumeOptions>(RESUME_OPTIONS);

/**
 * `runs.stream`: a call's options but `maxRetries` (a stream reconnects instead), the resume
 * options, and the run stream's query parameters (src/generated/wire.ts).
 */
export const RUN_STREAM_KEYS = queryOptionKeys(
  'streamRun',
  optionKeys<Omit<RunStreamOptions, keyof StreamRunQuery>>({ signal: true, timeoutMs: true, deadlineMs: true, headers: true, ...RESUME_OPTIONS }),
);

/** What every client takes (the client class adds `app`). */
export const CLIENT_OPTIONS = {
  token: true,
  headers: true,
  fetch: true,
  adminBasePath: true,
  websocket: true,
  websocketUrl: true,
  timeoutMs: true,
  idleTimeoutMs: true,
  connectTimeoutMs: true,
  answerTimeoutMs: true,
  maxRetries: true,
  deadlineMs: true,
  middleware: true,
  onListenerError: true,
  responseFormat: true,
} as const;
export const CLIENT_KEYS = optionKeys<ClientOptions>(CLIENT_OPTIONS);

/** Options whose value is a wait for a timer (MAX_TIMER_MS at most), and options that count tries. */
const WAITS = ['timeoutMs', 'deadlineMs', 'idleTimeoutMs', 'connectTimeoutMs', 'answerTimeoutMs', 'reconnectDelayMs'];
const COUNTS = ['maxRetries', 'maxReconnects'];

/**
 * Checks an option bag (see the section comment) and returns it; `undefined` is an empty
 * bag. `where` names the call in the message (`health()`, `new PyFlueClient()`). Without
 * `known`, only the shared values are checked (bags the client builds itself).
 */
export function checkOptions<T extends object>(value: T | undefined, known: OptionKeys | undefined, where: string): T {
  if (value === undefined) return {} as T;
  const prototype = value !== null && typeof value === 'object' ? Object.getPrototypeOf(value) : undefined;
  if (prototype !== Object.prototype && prototype !== null) {
    throw new PyFlueInputError(`${where}: the options must be a plain object such as { timeoutMs: 5000 }; got ${describe(value)}.`);
  }
  const bag = value as Record<string, unknown>;
  if (known) {
    for (const key of Object.keys(bag)) {
      if (known.has(key)) continue;
      const nearest = nearestKey(key, known);
      throw new PyFlueInputError(
        `${where}: unknown option ${JSON.stringify(shorten(key, 60))}` + (nearest ? `; did you mean ${JSON.stringify(nearest)}?` : `. Known options: ${[...known].join(', ')}.`),
      );
    }
  }
  const has = (key: string) => (known ? known.has(key) : key in bag);
  if (has('signal')) optionalSignal(bag.signal, `${where}: signal`);
  for (const key of WAITS) if (has(key)) optionalMs(bag[key], key);
  for (const key of COUNTS) if (has(key)) optionalInteger(bag[key], key, 0, MAX_RETRIES);
  if (has('headers') && bag.headers !== undefined && typeof bag.headers !== 'function') checkHeaders(bag.headers, 'headers');
  if (has('token') && typeof bag.token !== 'function' && bag.token !== undefined) checkToken(bag.token);
  return value;
}

/**
 * The known key closest to `key` (case aside, a prefix, or a few edits away), if any is
 * close: an optimal-string-alignment distance (a swap of neighbours is one edit). Written
 * here rather than taken from a package: it runs only on an unknown option name, over a
 * dozen short keys, and a dependency would sit in every app's main bundle for that.
 */
export function nearestKey(key: string, known: Iterable<string>): string | undefined {
  const a = key.toLowerCase();
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(key.length / 3)) + 1;
  // Between candidates as close, the one fewer real edits away (`storageKeys`: `storageKey`, not `storage`).
  let bestEdits = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    const b = candidate.toLowerCase();
    // rows[i][j]: the distance between a's first i characters and b's first j.
    const rows = [...Array(a.length + 1)].map((_, i) => [...Array(b.length + 1)].map((_, j) => (i ? (j ? 0 : i) : j)));
    for (let i = 1; i <= a.length; i += 1) {
      for (let j = 1; j <= b.length; j += 1) {
        const row = rows[i]!;
        row[j] = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j]!, rows[i - 2]![j - 2]! + 1);
      }
    }
    // A prefix either way (`timeout` for `timeoutMs`) counts as one edit.
    const edits = rows[a.length]![b.length]!;
    const distance = b.startsWith(a) || a.startsWith(b) ? Math.min(1, edits) : edits;
    if (distance < bestDistance || (distance === bestDistance && edits < bestEdits)) [best, bestDistance, bestEdits] = [candidate, distance, edits];
  }
  return best;
}
