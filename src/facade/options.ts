/**
 * The client's options, as callers pass them and as the rest of the facade uses them
 * (validated and normalised once, so nothing downstream re-checks them).
 */
import { PyFlueInputError, shorten } from './errors.js';
import { checkHeaders, checkToken } from './header-check.js';
import { optionalInteger } from './validate.js';
import type { WebSocketFactory } from './sockets/websocket.js';
import type { Middleware } from 'openapi-fetch';

/** Extra request headers: an object, or a function (sync or async) called for every request. */
export type HeadersOption =
  | Record<string, string>
  | (() => Record<string, string> | Promise<Record<string, string>>);

/** `raw`: the server's body as it is. `flue`: the Flue SDK's `{ result, runId }` shape. */
export type ResponseFormat = 'raw' | 'flue';

/** What every client takes besides its base URL. */
export interface ClientOptions {
  /** Sent as `Authorization: Bearer <token>` on every request and (in Node) socket handshake. */
  token?: string | undefined;
  /** Extra headers: an object, or a function (sync or async) called for every request. */
  headers?: HeadersOption | undefined;
  /** A `fetch` implementation (default: the global one). */
  fetch?: typeof fetch | undefined;
  /**
   * Where the admin app is, as a path from the server's origin (`''` allowed). Default:
   * the base URL's own path followed by `/admin`, where PyFlue mounts it.
   */
  adminBasePath?: string | undefined;
  /** Creates each WebSocket (default: isomorphic-ws; in Node it sends the headers). */
  websocket?: WebSocketFactory | undefined;
  /** Transforms each socket URL before connecting, e.g. to add handshake auth. */
  websocketUrl?: ((url: string) => string) | undefined;
  /** Time to wait for each try's answer (JSON: the whole body; streams: the headers). 0: none. Default 60 000. */
  timeoutMs?: number | undefined;
  /**
   * Silence allowed on a stream or socket, in ms, before it counts as dead. A run's stream
   * then resumes (a silent POST workflow or agent stream moves to the run's own stream,
   * which has keep-alives); a stream or socket that cannot resume fails with
   * PyFlueTimeoutError. Default 45 000 (three of the server's 15 s keep-alives); 0: none.
   */
  idleTimeoutMs?: number | undefined;
  /** Retries of idempotent requests (GET) after a connection error, 408, 429, 502, 503 or 504. Default 2. */
  maxRetries?: number | undefined;
  /**
   * The time a whole call may take: every try, backoff and `Retry-After` wait included
   * (streams: until the headers). A retry that could not finish in time is not made: the
   * call ends with the last error. 0 or absent: no deadline (each try still has timeoutMs).
   */
  deadlineMs?: number | undefined;
  /**
   * openapi-fetch middleware run on every HTTP call, streams included (logging, auth
   * refresh, tracing); `client.use(...)` adds more later. Each try of a retried call
   * goes through them again.
   */
  middleware?: Middleware[] | undefined;
  /**
   * Receives what a socket's `onEvent` listener throws. Default: the platform's report of
   * uncaught errors (`reportError` in browsers; in Node a rethrow, i.e. `uncaughtException`).
   */
  onListenerError?: ((error: unknown) => void) | undefined;
  /** Shape of file-based agent results; `createFlueClient` defaults to `flue`, `new PyFlueClient` to `raw`. */
  responseFormat?: ResponseFormat | undefined;
}

export interface ResolvedOptions {
  baseUrl: string;
  adminBaseUrl: string;
  token: string | undefined;
  headers: HeadersOption | undefined;
  fetch: typeof fetch;
  websocket: WebSocketFactory | undefined;
  websocketUrl: ((url: string) => string) | undefined;
  timeoutMs: number;
  idleTimeoutMs: number;
  maxRetries: number;
  deadlineMs: number | undefined;
  middleware: Middleware[];
  onListenerError: ((error: unknown) => void) | undefined;
  responseFormat: ResponseFormat;
}

/** `raw` or `flue`; the Python client's spellings `pyflue` and `sdk` are accepted at run time too. */
export function normalizeResponseFormat(value: unknown, where = 'responseFormat'): ResponseFormat {
  const normalized = typeof value === 'string' ? value.toLowerCase() : value;
  if (normalized === 'raw' || normalized === 'pyflue') return 'raw';
  if (normalized === 'flue' || normalized === 'sdk') return 'flue';
  throw new PyFlueInputError(`${where} must be 'raw' or 'flue'; got ${JSON.stringify(value)}.`);
}

export function resolveOptions(baseUrl: unknown, options: ClientOptions, defaultFormat: ResponseFormat): ResolvedOptions {
  if (typeof baseUrl !== 'string' || baseUrl.trim() === '') {
    throw new PyFlueInputError('A base URL is required, e.g. new PyFlueClient("http://127.0.0.1:2024").');
  }
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    // Shown cut, and without anything that looks like `user:password@`.
    const shown = shorten(baseUrl.replace(/\/\/[^/]*@/, '//***@'), 120);
    throw new PyFlueInputError(`The base URL ${JSON.stringify(shown)} is not an absolute URL; use e.g. "http://127.0.0.1:2024".`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new PyFlueInputError(`The base URL must use http or https; got ${url.protocol}`);
  }
  if (url.username || url.password) {
    throw new PyFlueInputError('The base URL must not carry credentials (user:password@); pass a token or headers instead.');
  }
  if (url.search || url.hash) {
    throw new PyFlueInputError('The base URL must not carry a query or fragment; pass headers or a token instead.');
  }
  const prefix = url.pathname.replace(/\/+$/, '');
  const base = `${url.origin}${prefix}`;
  let adminPath = `${prefix}/admin`;
  if (options.adminBasePath !== undefined) {
    if (typeof options.adminBasePath !== 'string') throw new PyFlueInputError('adminBasePath must be a string such as "/admin" or "".');
    const trimmed = options.adminBasePath.replace(/^\/+|\/+$/g, '');
    adminPath = trimmed ? `/${trimmed}` : '';
  }
  if (options.token !== undefined) checkToken(options.token);
  if (options.headers !== undefined && typeof options.headers !== 'function') checkHeaders(options.headers, 'headers');
  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== 'function') {
    throw new PyFlueInputError('No fetch implementation: pass options.fetch on runtimes without a global fetch.');
  }
  return {
    baseUrl: base,
    adminBaseUrl: `${url.origin}${adminPath}`,
    token: options.token,
    headers: options.headers,
    // The global fetch is bound so it keeps its `this` when called through the transport.
    fetch: options.fetch ? options.fetch : globalThis.fetch.bind(globalThis),
    websocket: optionalFunction(options.websocket, 'websocket'),
    websocketUrl: optionalFunction(options.websocketUrl, 'websocketUrl'),
    timeoutMs: optionalInteger(options.timeoutMs, 'timeoutMs', 0) ?? 60_000,
    idleTimeoutMs: optionalInteger(options.idleTimeoutMs, 'idleTimeoutMs', 0) ?? 45_000,
    maxRetries: optionalInteger(options.maxRetries, 'maxRetries', 0) ?? 2,
    deadlineMs: optionalInteger(options.deadlineMs, 'deadlineMs', 0) || undefined,
    middleware: middlewareList(options.middleware),
    onListenerError: optionalFunction(options.onListenerError, 'onListenerError'),
    responseFormat:
      options.responseFormat === undefined ? defaultFormat : normalizeResponseFormat(options.responseFormat),
  };
}

/** The headers of one request: the options' headers (called if a function), then the token. */
export function resolveHeaders(options: ResolvedOptions): Record<string, string> | Promise<Record<string, string>> {
  const withToken = (extra: Record<string, string> | undefined) => {
    const headers: Record<string, string> = { ...(extra ?? {}) };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    return headers;
  };
  // Synchronous unless the caller's function is: an await per call shows in bench/http.ts.
  if (typeof options.headers !== 'function') return withToken(options.headers);
  // A function's headers are checked on each call: a bad value must not reach fetch, whose error would repeat it.
  const checked = (extra: Record<string, string>) => {
    if (extra !== undefined) checkHeaders(extra, 'headers (from your headers function)');
    return withToken(extra);
  };
  const extra = options.headers();
  return extra instanceof Promise ? extra.then(checked) : checked(extra);
}

function middlewareList(value: unknown): Middleware[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new PyFlueInputError('middleware must be an array of openapi-fetch Middleware objects.');
  return value as Middleware[];
}

function optionalFunction<T>(value: T | undefined, what: string): T | undefined {
  if (value !== undefined && typeof value !== 'function') throw new PyFlueInputError(`${what} must be a function.`);
  return value;
}
