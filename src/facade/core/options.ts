/**
 * The options callers pass, in one place: the client's (`ClientOptions`), every call's
 * (`RequestOptions`), and a run stream's (`ResumeOptions`, `RunStreamOptions`). They are
 * checked and normalised once by internal/options.ts, before anything is sent.
 *
 * One name per meaning:
 * - `maxRetries`: tries of a GET request after the first; `maxReconnects`: a run stream's
 *   reconnections in a row without a new event.
 * - One name per kind of wait: `timeoutMs` (an HTTP try's wait for its answer),
 *   `deadlineMs` (a whole call), `idleTimeoutMs` (silence on an open stream or socket),
 *   `connectTimeoutMs` (a socket's wait to open), `answerTimeoutMs` (a socket prompt's
 *   wait for its answer), `reconnectDelayMs` (a run stream's first backoff).
 * - Every `...Ms` is a whole number from 0 (none) to 2147483647 (2^31 - 1, about 24.8
 *   days: setTimeout holds its delay in 32 bits, so longer values are refused rather than
 *   clamped). `maxRetries` and `maxReconnects` go up to 100.
 */
import type { Middleware } from 'openapi-fetch';
import type { WebSocketFactory } from './websocket.js';
import type { StreamRunQuery } from '../../generated/wire.js';

/** Extra request headers: an object, or a function (sync or async) called for each call. */
export type HeadersOption =
  | Record<string, string>
  | (() => Record<string, string> | Promise<Record<string, string>>);

/** `raw`: the server's body as it is. `flue`: the Flue SDK's `{ result, runId }` shape. */
export type ResponseFormat = 'raw' | 'flue';

/** What every client takes besides its base URL. */
export interface ClientOptions {
  /**
   * Sent as `Authorization: Bearer <token>` on every request and (where the runtime sends
   * headers) socket handshake. A function is asked for each call and each handshake (its
   * answer is never kept longer than one call), and once more after a 401, with
   * `{ refresh: true }` (skip any cache of yours then), when the GET, the stream reconnect
   * or the handshake is tried again once.
   */
  token?: string | ((request: { refresh: boolean }) => string | Promise<string>) | undefined;
  /** Extra headers: an object, or a function (sync or async) called for each call and handshake. */
  headers?: HeadersOption | undefined;
  /** A `fetch` implementation (default: the global one). */
  fetch?: typeof fetch | undefined;
  /**
   * Where the admin app is, as a path from the server's origin (`''` allowed; no scheme,
   * host, query or fragment: PyFlueInputError). Default: the base URL's own path followed
   * by `/admin`, where PyFlue mounts it.
   */
  adminBasePath?: string | undefined;
  /** Creates each WebSocket (default: the runtime's global WebSocket; `ws` in Node, which sends the headers). */
  websocket?: WebSocketFactory | undefined;
  /** Transforms each socket URL before connecting, e.g. to add handshake auth. */
  websocketUrl?: ((url: string) => string) | undefined;
  /** An HTTP try's wait for its answer (JSON: the whole body; streams: the headers). 0: none. Default 60 000. */
  timeoutMs?: number | undefined;
  /**
   * Silence allowed on a stream or socket, in ms, before it counts as dead. A run's stream
   * then resumes (a silent POST workflow or agent stream moves to the run's own stream,
   * which has keep-alives); a stream or socket that cannot resume fails with
   * PyFlueTimeoutError. Default 45 000 (three of the server's 15 s keep-alives); 0: none.
   */
  idleTimeoutMs?: number | undefined;
  /** A socket's wait to open (the handshake, and the headers before it). 0: none. Default 60 000. */
  connectTimeoutMs?: number | undefined;
  /** An agent socket prompt's wait for its answer, unless the prompt says otherwise. 0: none. Default 60 000. */
  answerTimeoutMs?: number | undefined;
  /** Tries of a GET request after the first, after a connection error, 408, 429, 502, 503 or 504 (0 to 100). Default 2. */
  maxRetries?: number | undefined;
  /**
   * The time a whole call may take: every try, backoff and `Retry-After` wait included
   * (streams: until the headers; a run's stream: until its first event, and again from each
   * drop to the next event, its reconnects and their waits included). A retry that could
   * not finish in time is not made: the call ends with the last error, the typed one of the
   * last try. 0 or absent: no deadline (each try still has timeoutMs).
   */
  deadlineMs?: number | undefined;
  /**
   * openapi-fetch middleware run on every HTTP call, streams included (logging, auth
   * refresh, tracing); `client.use(...)` adds more later. They see each call once, with the
   * client's headers already set; its retries happen below them, in the client's fetch.
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

/** Options every call takes. */
export interface RequestOptions {
  /** Aborts the call, its retries and waits (and, for streams, the reading); the promise rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  /** Overrides the client's timeoutMs (an HTTP try's wait for its answer) for this call. */
  timeoutMs?: number | undefined;
  /** Overrides the client's maxRetries for this call (GETs only). */
  maxRetries?: number | undefined;
  /**
   * Overrides the client's deadlineMs for this call: the time the whole call may take,
   * every try, backoff and `Retry-After` wait included (streams: until the headers).
   */
  deadlineMs?: number | undefined;
  /** Headers for this call only (an idempotency key, a correlation id, another token); they win over the client's. */
  headers?: Record<string, string> | undefined;
}

/** How a run's stream rides out drops and silence; `runs.stream`, `workflows.stream` and `agents.stream` take these. */
export interface ResumeOptions {
  /**
   * Told each time the stream's link to the server changes, apart from its events and its
   * run's outcome, so a UI can show "reconnecting" without a resume loop of its own:
   * `connecting` (the first try), `open` (the server answered), `reconnecting` (it dropped,
   * went silent or ended early; `error` says why when there is one, and the stream tries
   * again after a backoff), `lost` (the stream ends with `error`, which the loop over it
   * then throws: a refusal that would repeat, such as a 404, or out of reconnects or time).
   * Not told for the caller's own abort. A callback that throws is reported (the client's
   * `onListenerError`) and changes nothing.
   */
  onConnection?: ((state: 'connecting' | 'open' | 'reconnecting' | 'lost', error?: unknown) => void) | undefined;
  /** Reconnections allowed in a row without a new event before giving up (0 to 100). Default 5. */
  maxReconnects?: number | undefined;
  /** First delay before reconnecting, doubled for each failure in a row (max 8 s). Default 250. */
  reconnectDelayMs?: number | undefined;
  /**
   * Silence allowed on the connection, in ms, before it counts as dropped (and the run's
   * own stream, which sends a keep-alive every 15 s, takes over). Overrides the client's
   * `idleTimeoutMs` (default 45 000); 0: wait for ever.
   */
  idleTimeoutMs?: number | undefined;
}

/**
 * Options of `runs.stream`: the run stream's query parameters (the spec's, from
 * src/generated/wire.ts: `after`, start after this event index, 0 from the start), and
 * how the stream rides out drops.
 */
export interface RunStreamOptions extends Omit<RequestOptions, 'maxRetries'>, ResumeOptions, StreamRunQuery {}
