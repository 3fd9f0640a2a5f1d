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
import { PyFlueApiError, PyFlueClientClosedError, PyFlueConnectionError, PyFlueTimeoutError, messageUrl, redactUrl } from './errors.js';
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
  /** The typed openapi-fetch call; the method and URL are read from the request it builds. */
  send: (init: SendInit) => Promise<FetchResult<T>>;
  /** Extra headers for this call (e.g. `accept: text/event-stream`). */
  headers?: Record<string, string>;
  /**
   * A stream: the answer must be `text/event-stream`, the timeout covers only the wait
   * for the headers, and the returned `release` must be called when the body is done with.
   */
  stream?: boolean;
}

export interface CallResult<T> {
  data: T;
  response: Response;
  /** The request's method and URL (as sent; for messages). */
  method: string;
  url: string;
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
 * overhead over raw fetch). openapi-fetch 0.17 (pinned) reads only `method` from it and
 * copies its own init keys onto it; the client registers no openapi-fetch middleware,
 * which would expect a real Request. test/unit/transport.test.ts holds the contract.
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
  /**
   * What `close()` aborts: each attempt's controller and each wait between attempts, held
   * only while in flight. A set rather than listeners on one shared signal, so any number
   * of calls in flight costs no listener (and no MaxListenersExceededWarning).
   */
  readonly #inflight = new Set<AbortController>();
  #closedError: PyFlueClientClosedError | undefined;

  constructor(readonly options: ResolvedOptions) {
    const Request = PendingRequest as unknown as typeof globalThis.Request;
    this.api = createClient<paths>({ baseUrl: options.baseUrl, fetch: options.fetch, Request });
    this.admin = createClient<AdminPaths>({ baseUrl: options.adminBaseUrl, fetch: options.fetch, Request });
  }

  /** The error calls reject with once `close()` was called; undefined while open. */
  get closedError(): PyFlueClientClosedError | undefined {
    return this.#closedError;
  }

  /** Rejects every call in flight with `error`, and every later one at once. */
  close(error: PyFlueClientClosedError): void {
    this.#closedError ??= error;
    for (const controller of [...this.#inflight]) controller.abort(this.#closedError);
    this.#inflight.clear();
  }

  /** Makes the call, retrying idempotent (GET) ones; throws a typed error for every failure. */
  async call<T>(spec: CallSpec<T>, request: RequestOptions = {}): Promise<CallResult<T>> {
    optionalInteger(request.timeoutMs, 'timeoutMs', 0);
    optionalInteger(request.maxRetries, 'maxRetries', 0);
    const sent: Sent = {};
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await this.attempt(spec, request, sent);
      } catch (error) {
        const maxRetries = sent.method === 'GET' ? (request.maxRetries ?? this.options.maxRetries) : 0;
        const retryable =
          error instanceof PyFlueConnectionError ||
          (error instanceof PyFlueApiError && RETRY_STATUSES.has(error.status));
        if (!retryable || attempt >= maxRetries || request.signal?.aborted || this.#closedError) throw error;
        // The wait is in flight too: close() or the caller's signal ends it.
        const waiting = new AbortController();
        const onAbort = () => waiting.abort(request.signal?.reason);
        request.signal?.addEventListener('abort', onAbort, { once: true });
        this.#inflight.add(waiting);
        try {
          await sleep(retryDelayMs(attempt, error), waiting.signal);
        } finally {
          this.#inflight.delete(waiting);
          request.signal?.removeEventListener('abort', onAbort);
        }
      }
    }
  }

  private async attempt<T>(spec: CallSpec<T>, request: RequestOptions, sent: Sent): Promise<CallResult<T>> {
    request.signal?.throwIfAborted();
    if (this.#closedError) throw this.#closedError;
    const controller = new AbortController();
    this.#inflight.add(controller);
    const onAbort = () => controller.abort(request.signal?.reason);
    request.signal?.addEventListener('abort', onAbort, { once: true });
    const timeoutMs = request.timeoutMs ?? this.options.timeoutMs;
    const where = () => `${sent.method ?? 'Request'} ${messageUrl(sent.url ?? this.options.baseUrl)}`;
    let timer: ReturnType<typeof setTimeout> | undefined;
    if (timeoutMs > 0) {
      timer = setTimeout(() => {
        const message = `${where()} got no answer within ${timeoutMs} ms (per attempt); raise timeoutMs or check the server.`;
        controller.abort(new PyFlueTimeoutError(message, sent.method ?? 'GET', redactUrl(sent.url ?? this.options.baseUrl)));
      }, timeoutMs);
    }
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      clearTimeout(timer);
      this.#inflight.delete(controller);
      request.signal?.removeEventListener('abort', onAbort);
    };
    // Only what happens from the fetch call on is a connection problem; an error before it
    // (the caller's headers function throwing, a body that cannot be serialised) is thrown as it is.
    let fetched = false;
    const fetchVia: typeof fetch = (input, init) => {
      fetched = true;
      const pending = input as unknown as PendingRequest;
      sent.method = pending.method;
      sent.url = pending.url;
      const answer = this.options.fetch(pending.url, pending.init);
      // Noted beside the awaited chain, not in it: only a body that fails to parse needs it.
      answer.then((response) => {
        sent.status = response.status;
        sent.contentType = response.headers.get('content-type') ?? '';
      }, () => {});
      return answer;
    };
    try {
      // The timer and the caller's signal already run: a headers function that never settles cannot hang the call.
      const resolved = resolveHeaders(this.options);
      const headers = { ...(resolved instanceof Promise ? await untilAborted(resolved, controller.signal) : resolved), ...spec.headers };
      // A fetch that follows a signal costs undici about 15 µs more per call (bench/http.ts):
      // pass one only when something can abort the call.
      const abortable = timeoutMs > 0 || request.signal !== undefined || spec.stream === true;
      const result = await spec.send(abortable ? { signal: controller.signal, headers, fetch: fetchVia } : { headers, fetch: fetchVia });
      if (spec.stream) clearTimeout(timer);
      else release();
      const { response } = result;
      const method = sent.method ?? 'GET';
      const url = response.url || sent.url || this.options.baseUrl;
      if (!response.ok) {
        release();
        throw PyFlueApiError.from({ status: response.status, method, url, body: result.error, headers: response.headers });
      }
      const contentType = response.headers.get('content-type') ?? '';
      if (spec.stream && !contentType.toLowerCase().startsWith('text/event-stream')) {
        // A proxy's page or a JSON answer would read as an empty stream: say so instead.
        await response.body?.cancel().catch(() => {});
        throw new PyFlueApiError({
          status: response.status,
          method,
          url,
          body: '',
          headers: response.headers,
          message: /html/i.test(contentType)
            ? `${method} ${messageUrl(url)}: the server answered ${response.status} with an HTML page, not a PyFlue event stream (a login or proxy page?).`
            : `${method} ${messageUrl(url)} answered ${response.status} with "${contentType || 'no content type'}" instead of an event stream; is something between the client and the PyFlue server rewriting answers?`,
        });
      }
      if (result.data === undefined || (spec.stream && result.data === null)) {
        // Every PyFlue route answers with a body (JSON `null` is one); an empty one is not the server speaking.
        throw new PyFlueApiError({ status: response.status, method, url, body: '', headers: response.headers });
      }
      return { data: result.data as T, response, method, url, signal: controller.signal, release };
    } catch (error) {
      release();
      if (!fetched) throw controller.signal.aborted ? controller.signal.reason : error;
      throw translate(error, controller.signal, sent);
    }
  }
}

/** What the attempts of one call learned about the request: filled in once fetch is called. */
interface Sent {
  method?: string;
  url?: string;
  /** The status of the answer, once headers are in (a body that fails to parse keeps its real status). */
  status?: number;
  contentType?: string;
}

/** `promise`, or the signal's reason as soon as it aborts (whichever comes first). */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** A failure of fetch or of reading the body, as the error the caller should see. */
function translate(error: unknown, signal: AbortSignal, sent: Sent): unknown {
  if (error instanceof PyFlueApiError || error instanceof PyFlueConnectionError) return error;
  if (signal.aborted) return signal.reason;
  const method = sent.method ?? 'GET';
  const url = redactUrl(sent.url ?? '');
  if (error instanceof SyntaxError && sent.status !== undefined) {
    // openapi-fetch parses a 2xx body as JSON: this one was not (a proxy's page, say).
    const html = /html/i.test(sent.contentType ?? '') || /["']\s*</.test(error.message);
    return new PyFlueApiError({ status: sent.status, method, url, body: html ? 'an HTML page' : `The response body is not JSON: ${error.message}` });
  }
  const cause = error instanceof Error ? (error.cause instanceof Error ? error.cause : error) : undefined;
  const reason = cause?.message ?? String(error);
  return new PyFlueConnectionError(
    `${method} ${messageUrl(url)} failed: ${reason}. Is the PyFlue server running and reachable at this address?`,
    method,
    url,
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
