/**
 * The options callers pass, in one place: the client's (`ClientOptions`), every call's
 * (`RequestOptions`), and a run stream's (`ResumeOptions`, `RunStreamOptions`). They are
 * checked and normalised once by internal/options.ts, before anything is sent:
 *
 * - Names: each type's option names are listed there once (`optionKeys<Type>({...})`, which
 *   the compiler holds to the type: adding an option here without adding it to its list
 *   fails to compile). An unknown name is a PyFlueInputError naming the nearest known one.
 * - Timeouts (every `...Ms` here): whole numbers from 0 (none) to 2147483647 (2^31 - 1,
 *   about 24.8 days). setTimeout holds its delay in 32 bits and fires a longer one after
 *   about 1 ms, so longer values are refused with a PyFlueInputError naming the limit
 *   rather than clamped or chained: no call needs to wait that long, and a refusal points
 *   at the mistake (a value in seconds times 1000 twice, say) where a clamp would hide it.
 */
import type { Middleware } from 'openapi-fetch';
import type { WebSocketFactory } from './websocket.js';
import type { StreamRunQuery } from '../../generated/wire.js';

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
   * Where the admin app is, as a path from the server's origin (`''` allowed; no scheme,
   * host, query or fragment: PyFlueInputError). Default: the base URL's own path followed
   * by `/admin`, where PyFlue mounts it.
   */
  adminBasePath?: string | undefined;
  /** Creates each WebSocket (default: the runtime's global WebSocket; `ws` in Node, which sends the headers). */
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
   * (streams: until the headers; a run's stream: until its first event, and again from each
   * drop to the next event, its reconnects and their waits included). A retry that could
   * not finish in time is not made: the call ends with the last error, the typed one of the
   * last try. 0 or absent: no deadline (each try still has timeoutMs).
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

/** Options every call takes. */
export interface RequestOptions {
  /** Aborts the call, its retries and waits (and, for streams, the reading); the promise rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  /** Overrides the client's timeoutMs (the wait for each try's answer) for this call. */
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
  /** Reconnections allowed in a row without a new event before giving up. Default 5. */
  maxRetries?: number | undefined;
  /** First delay before reconnecting, doubled for each failure in a row (max 8 s). Default 250. */
  retryDelayMs?: number | undefined;
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

