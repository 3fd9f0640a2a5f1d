/**
 * The options as the rest of the facade uses them: the client's (core/options.ts) checked
 * and normalised once when it is made, so nothing downstream re-checks them; a run
 * stream's checked when it is created; and the headers of each request.
 */
import type { Middleware } from 'openapi-fetch';
import { PyFlueInputError, shorten } from '../core/errors.js';
import type { ClientOptions, HeadersOption, ResponseFormat, RunStreamOptions } from '../core/options.js';
import { checkHeaders, checkToken, optionalInteger } from './checks.js';
import type { WebSocketFactory } from '../core/websocket.js';

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

/** Options of a run stream, checked and with their defaults. */
export interface ResumeSettings {
  after: number;
  maxRetries: number;
  retryDelayMs: number;
  timeoutMs: number | undefined;
  /** The deadline of each connection until its headers are in (the client's when undefined). */
  deadlineMs: number | undefined;
  idleTimeoutMs: number;
  /** The call's own headers, sent with the POST and with every reconnect. */
  headers: Record<string, string> | undefined;
}

/** Checks the options of a run stream (PyFlueInputError, before anything is sent) and fills in defaults. */
export function resumeSettings(options: RunStreamOptions, clientIdleTimeoutMs: number): ResumeSettings {
  return {
    after: optionalInteger(options.after, 'after', 0) ?? 0,
    maxRetries: optionalInteger(options.maxRetries, 'maxRetries', 0) ?? 5,
    retryDelayMs: optionalInteger(options.retryDelayMs, 'retryDelayMs', 0) ?? 250,
    timeoutMs: optionalInteger(options.timeoutMs, 'timeoutMs', 0),
    deadlineMs: optionalInteger(options.deadlineMs, 'deadlineMs', 0),
    idleTimeoutMs: optionalInteger(options.idleTimeoutMs, 'idleTimeoutMs', 0) ?? clientIdleTimeoutMs,
    headers: options.headers === undefined ? undefined : (checkHeaders(options.headers, 'headers'), options.headers),
  };
}
