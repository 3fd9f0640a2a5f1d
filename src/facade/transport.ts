/**
 * What every HTTP call goes through: the generated openapi-fetch clients, plus what they
 * leave to us: per-request headers, a timeout, retries of idempotent calls, abort
 * signals, and typed errors.
 *
 * openapi-fetch builds the URL (encoding each path parameter) and the body from the
 * generated types; `send` below is the typed openapi-fetch call, made with the signal
 * and headers this layer prepares.
 */
import createClient, { type Client } from 'openapi-fetch';
import type { paths } from '../generated/openapi.js';
import { PyFlueApiError, PyFlueConnectionError, PyFlueTimeoutError, redactUrl } from './errors.js';
import { resolveHeaders, type ResolvedOptions } from './options.js';
import { optionalInteger } from './validate.js';

/** The admin app's routes, relative to where it is mounted (`/admin/runs` -> `/runs`). */
export type AdminPaths = {
  [Path in keyof paths as Path extends `/admin${infer Rest}` ? Rest : never]: paths[Path];
};

/** Options every call takes. */
export interface RequestOptions {
  /** Aborts the call (and, for streams, the reading); the promise rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  /** Overrides the client's timeoutMs for this call. */
  timeoutMs?: number | undefined;
  /** Overrides the client's maxRetries for this call (idempotent calls only). */
  maxRetries?: number | undefined;
}

/** What `send` gets: spread it into the openapi-fetch call's options. */
export type SendInit = {
  /** Absent when the call has neither a timeout nor a caller's signal (see `attempt`). */
  signal?: AbortSignal;
  headers: Record<string, string>;
  fetch: typeof fetch;
};

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

export interface CallSpec<T> {
  method: 'GET' | 'POST';
  /** The path for messages, e.g. `/runs/{run_id}` filled in. */
  path: string;
  send: (init: SendInit) => Promise<FetchResult<T>>;
  /** Extra headers for this call (e.g. `accept: text/event-stream`). */
  headers?: Record<string, string>;
  /** An admin-app route: relative to the admin base URL. */
  admin?: boolean;
  /** Safe to repeat: GETs. */
  idempotent: boolean;
  /**
   * A stream: the timeout covers only the wait for the headers, and the returned
   * `release` must be called when the body is done with.
   */
  stream?: boolean;
}

export interface CallResult<T> {
  data: T;
  response: Response;
  /** The signal that aborts the body (user abort; for streams, also `release`). */
  signal: AbortSignal;
  /** Drops the listeners and timer this call set up; idempotent. */
  release: () => void;
}

const RETRY_STATUSES = new Set([408, 429, 502, 503, 504]);

/**
 * What openapi-fetch builds for each call in place of a `Request`: the URL and init,
 * handed to `fetch(url, init)` as they are. openapi-fetch builds a Request and fetch
 * builds a second one from it; in undici a Request that follows an abort signal costs
 * several times a plain one, and this halves that per call (bench/http.ts measures the
 * overhead over raw fetch). openapi-fetch reads only `method` from it.
 */
class PendingRequest {
  readonly method: string;
  constructor(
    readonly url: string,
    readonly init: RequestInit,
  ) {
    this.method = init.method ?? 'GET';
  }
}
const MAX_RETRY_DELAY_MS = 8_000;

export class Transport {
  readonly api: Client<paths>;
  readonly admin: Client<AdminPaths>;

  constructor(readonly options: ResolvedOptions) {
    const Request = PendingRequest as unknown as typeof globalThis.Request;
    this.api = createClient<paths>({ baseUrl: options.baseUrl, fetch: options.fetch, Request });
    this.admin = createClient<AdminPaths>({ baseUrl: options.adminBaseUrl, fetch: options.fetch, Request });
  }

  /** Makes the call, retrying idempotent ones; throws a typed error for every failure. */
  async call<T>(spec: CallSpec<T>, request: RequestOptions = {}): Promise<CallResult<T>> {
    optionalInteger(request.timeoutMs, 'timeoutMs', 0);
    optionalInteger(request.maxRetries, 'maxRetries', 0);
    const maxRetries = spec.idempotent ? (request.maxRetries ?? this.options.maxRetries) : 0;
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await this.attempt(spec, request);
      } catch (error) {
        const retryable =
          error instanceof PyFlueConnectionError ||
          (error instanceof PyFlueApiError && RETRY_STATUSES.has(error.status));
        if (!retryable || attempt >= maxRetries || request.signal?.aborted) throw error;
        await sleep(retryDelayMs(attempt, error), request.signal);
      }
    }
  }

  private async attempt<T>(spec: CallSpec<T>, request: RequestOptions): Promise<CallResult<T>> {
    const url = (spec.admin ? this.options.adminBaseUrl : this.options.baseUrl) + spec.path;
    request.signal?.throwIfAborted();
    // The caller's own headers function may throw: that is its error to see, not a connection failure.
    const headers = { ...(await resolveHeaders(this.options)), ...spec.headers };
    const controller = new AbortController();
    const onAbort = () => controller.abort(request.signal?.reason);
    if (request.signal?.aborted) throw request.signal.reason;
    request.signal?.addEventListener('abort', onAbort, { once: true });
    const timeoutMs = request.timeoutMs ?? this.options.timeoutMs;
    let timer: ReturnType<typeof setTimeout> | undefined;
    if (timeoutMs > 0) {
      timer = setTimeout(() => {
        const where = `${spec.method} ${redactUrl(url)}`;
        const message = `${where} got no answer within ${timeoutMs} ms; raise timeoutMs or check the server.`;
        controller.abort(new PyFlueTimeoutError(message, spec.method, redactUrl(url)));
      }, timeoutMs);
    }
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
    };
    // Only what happens from the fetch call on is a connection problem; an error before it
    // (a body that cannot be serialised, say) is thrown as it is.
    let fetched = false;
    const fetchOnce: typeof fetch = (input, init) => {
      fetched = true;
      return input instanceof PendingRequest ? this.options.fetch(input.url, input.init) : this.options.fetch(input, init);
    };
    try {
      // A fetch that follows a signal costs undici about 15 µs more per call (bench/http.ts):
      // pass one only when something can abort the call.
      const abortable = timeoutMs > 0 || request.signal !== undefined || spec.stream === true;
      const result = await spec.send(abortable ? { signal: controller.signal, headers, fetch: fetchOnce } : { headers, fetch: fetchOnce });
      if (spec.stream) clearTimeout(timer);
      else release();
      const { response } = result;
      if (!response.ok) {
        if (spec.stream) await response.body?.cancel().catch(() => {});
        release();
        throw PyFlueApiError.from({ status: response.status, method: spec.method, url: response.url || url, body: result.error, headers: response.headers });
      }
      if (result.data === undefined || (spec.stream && result.data === null)) {
        // Every PyFlue route answers with a body (JSON `null` is one); an empty one is not the server speaking.
        throw new PyFlueApiError({ status: response.status, method: spec.method, url: response.url || url, body: '' });
      }
      return { data: result.data as T, response, signal: controller.signal, release };
    } catch (error) {
      release();
      throw fetched ? translate(error, controller.signal, spec.method, url) : error;
    }
  }
}

/** A failure of fetch or of reading the body, as the error the caller should see. */
function translate(error: unknown, signal: AbortSignal, method: string, url: string): unknown {
  if (error instanceof PyFlueApiError || error instanceof PyFlueConnectionError) return error;
  if (signal.aborted) return signal.reason;
  if (error instanceof SyntaxError) {
    // openapi-fetch parses a 2xx body as JSON: this one was not (a proxy's page, say).
    return new PyFlueApiError({ status: 200, method, url, body: `The response body is not JSON: ${error.message}` });
  }
  const cause = error instanceof Error ? (error.cause instanceof Error ? error.cause : error) : undefined;
  const reason = cause?.message ?? String(error);
  return new PyFlueConnectionError(
    `${method} ${redactUrl(url)} failed: ${reason}. Is the PyFlue server running and reachable at this address?`,
    method,
    redactUrl(url),
    { cause: error },
  );
}

function retryDelayMs(attempt: number, error: unknown): number {
  const header = error instanceof PyFlueApiError ? error.headers?.get('retry-after')?.trim() : undefined;
  const retryAfter = header ? Number(header) : NaN;
  if (Number.isFinite(retryAfter) && retryAfter >= 0) return Math.min(retryAfter * 1000, 60_000);
  const exponential = Math.min(500 * 2 ** attempt, MAX_RETRY_DELAY_MS);
  return exponential * (0.75 + Math.random() * 0.25);
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts; leaves no timer behind. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
