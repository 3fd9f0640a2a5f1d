/**
 * What every HTTP call goes through: openapi-fetch, used as it is designed to be. It
 * builds a real `Request` per try (URL, encoded path parameters, body, headers), runs the
 * middleware (the user's: logging, auth refresh, tracing), and calls `fetch` with it.
 * Around it this layer adds what openapi-fetch leaves to its users: the client's and the
 * call's headers, a timeout per try, an overall deadline, retries of GETs (the policy is
 * retry.ts), the caller's abort signal, and typed errors.
 */
import createClient, { mergeHeaders, type Client, type HeadersOptions, type Middleware } from 'openapi-fetch';
import type { paths } from '../../generated/openapi.js';
import { APIPromise } from '../core/api-promise.js';
import {
  PyFlueApiError,
  PyFlueClientClosedError,
  PyFlueConnectionError,
  PyFlueInputError,
  PyFlueTimeoutError,
  PyFlueError,
  messageUrl,
  plainCause,
  redactUrl,
} from '../core/errors.js';
import type { RequestOptions } from '../core/options.js';
import { onAbort, sleep, untilAborted } from './abort.js';
import { describe } from './checks.js';
import { REQUEST_KEYS, checkOptions, resolveHeaders, type OptionKeys, type ResolvedOptions } from './options.js';
import { retryDelayMs } from './retry.js';
import { loadAnswers } from './load.js';
import type { AnswerOperation } from '../../generated/answers.js';

/** The admin app's routes, relative to where it is mounted (`/admin/runs` -> `/runs`). */
export type AdminPaths = {
  [Path in keyof paths as Path extends `/admin${infer Rest}` ? Rest : never]: paths[Path];
};

/** What `send` gets: spread it into the openapi-fetch call's options. */
export type SendInit = {
  headers: Record<string, string>;
  fetch: (request: Request) => Promise<Response>;
};

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The typed openapi-fetch call of one route, made with the init this layer prepares. */
export type Send<T> = (init: SendInit) => Promise<FetchResult<T>>;

export interface CallSpec<T> {
  /** The typed openapi-fetch call; the method and URL are read from the request it builds. */
  send: Send<T>;
  /** Headers of the protocol for this call (`accept: text/event-stream`, `x-webhook`). */
  headers?: Record<string, string>;
  /**
   * A stream: the answer must be `text/event-stream`, the timeout covers only the wait
   * for the headers, and the returned `release` must be called when the body is done with.
   */
  stream?: boolean;
  /**
   * `client.raw`: an error status is the caller's to read (openapi-fetch's `{ error,
   * response }`) once retries are done, and an empty body is no error.
   */
  raw?: boolean;
  /** The check of the caller's option bag, made before anything is sent (internal calls: the shared values only). */
  check?: CallCheck | undefined;
}

/** What a public method checks of its call: its option bag, and the fields its answer must have. */
export interface CallCheck {
  /** The method, for messages: `health()`. */
  where: string;
  /** The bag's option names (core/options.ts lists; default: RequestOptions'). */
  keys?: OptionKeys | undefined;
  /**
   * The route's operationId: its 2xx answer must have the fields the spec requires of it
   * (internal/answers/, from src/generated/answers.ts), and gets its camelCase names.
   */
  operation?: AnswerOperation | undefined;
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

export class Transport {
  readonly api: Client<paths>;
  readonly admin: Client<AdminPaths>;
  /**
   * What `close()` aborts: each attempt's controller and each wait between attempts, held
   * only while in flight. A set rather than listeners on one shared signal, so any number
   * of calls in flight costs no listener (and no MaxListenersExceededWarning).
   */
  readonly #inflight = new Set<AbortController>();
  /** The wrapper openapi-fetch holds for each middleware `use()` was given (for `eject`). */
  readonly #guarded = new WeakMap<Middleware, Middleware>();
  #closedError: PyFlueClientClosedError | undefined;

  constructor(readonly options: ResolvedOptions) {
    this.api = createClient<paths>({ baseUrl: options.baseUrl, fetch: options.fetch });
    this.admin = createClient<AdminPaths>({ baseUrl: options.adminBaseUrl, fetch: options.fetch });
    this.use(...options.middleware);
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

  /** Adds openapi-fetch middleware to every HTTP call (both the API and the admin app, streams included). */
  use(...middleware: Middleware[]): void {
    for (const item of middleware) {
      const { onRequest, onResponse, onError } = (item ?? {}) as Partial<Record<string, unknown>>;
      if (typeof onRequest !== 'function' && typeof onResponse !== 'function' && typeof onError !== 'function') {
        throw new PyFlueInputError('Middleware must be an object with onRequest, onResponse or onError (an openapi-fetch Middleware).');
      }
    }
    const guarded = middleware.map((item) => {
      const wrapped = guardMiddleware(item);
      this.#guarded.set(item, wrapped);
      return wrapped;
    });
    this.api.use(...guarded);
    this.admin.use(...guarded);
  }

  /** Removes middleware added with `use()` (openapi-fetch's `eject`). */
  eject(...middleware: Middleware[]): void {
    const guarded = middleware.flatMap((item) => this.#guarded.get(item) ?? []);
    this.api.eject(...guarded);
    this.admin.eject(...guarded);
  }

  /**
   * One call of `client.raw` (any route of the spec): openapi-fetch's own options, sent
   * through this pipeline. Resolves `{ data, error, response }` as openapi-fetch does.
   */
  async rawRequest(method: string, path: string, init: RawInit = {}): Promise<FetchResult<unknown>> {
    const { signal, headers, ...rest } = init;
    const send: Send<unknown> = (sendInit) =>
      (this.api.request as (method: string, path: string, init: object) => Promise<FetchResult<unknown>>)(method, path, {
        ...rest,
        // The call's own headers win over the client's, as a facade call's do.
        headers: mergeHeaders(sendInit.headers, headers as HeadersOptions | undefined),
        fetch: sendInit.fetch,
      });
    try {
      const { data, response } = await this.call({ send, raw: true }, signal ? { signal } : {});
      return { data, response };
    } catch (error) {
      const answer = rawAnswers.get(error as object);
      if (answer) return answer;
      throw error;
    }
  }

  /** A JSON call as an APIPromise: the data, and `.withResponse()` for the Response too. */
  json<T>(request: RequestOptions, send: Send<T>, check?: CallCheck, headers?: Record<string, string>): APIPromise<T> {
    const spec: CallSpec<T> = headers ? { send, headers, check } : { send, check };
    return new APIPromise(
      this.call(spec, request).then(async ({ data, response, method, url }) => {
        // The answers chunk: the fields the route's answer must have, and its camelCase names.
        // Held once loaded: an import() per call, even of a loaded module, shows in bench/http.ts.
        const { answerProblem, namedAnswer } = (answersChunk ??= await loadAnswers());
        const wrong = answerProblem(data, check?.operation, response.status);
        if (wrong) {
          throw new PyFlueApiError({ status: response.status, method, url, body: data, headers: response.headers, message: `${method} ${messageUrl(url)}: the server answered ${response.status} with something that is not PyFlue JSON: ${wrong}` });
        }
        return { data: namedAnswer(data, check?.operation, response.status), response };
      }),
    );
  }

  /** Makes the call, retrying GETs under the retry policy; throws a typed error for every failure. */
  async call<T>(spec: CallSpec<T>, given: RequestOptions = {}): Promise<CallResult<T>> {
    const request = checkOptions(given, spec.check ? (spec.check.keys ?? REQUEST_KEYS) : undefined, spec.check?.where ?? 'This call');
    const deadlineMs = request.deadlineMs ?? this.options.deadlineMs;
    const sent: Sent = { deadlineMs, deadline: deadlineMs ? Date.now() + deadlineMs : Infinity };
    for (let retry = 0; ; retry += 1) {
      try {
        return await this.attempt(spec, request, sent);
      } catch (error) {
        if (request.signal?.aborted) throw error;
        const maxRetries = sent.method === 'GET' ? (request.maxRetries ?? this.options.maxRetries) : 0;
        if (retry >= maxRetries) throw error;
        const delay = retryDelayMs(error, { retry, maxRetries, timeLeftMs: sent.deadline - Date.now() });
        if (delay === undefined) throw error;
        // The wait is in flight too: close() or the caller's signal ends it.
        const waiting = new AbortController();
        const unsubscribe = request.signal ? onAbort(request.signal, () => waiting.abort(request.signal?.reason)) : undefined;
        this.#inflight.add(waiting);
        try {
          await sleep(delay, waiting.signal);
        } finally {
          this.#inflight.delete(waiting);
          unsubscribe?.();
        }
      }
    }
  }

  private async attempt<T>(spec: CallSpec<T>, request: RequestOptions, sent: Sent): Promise<CallResult<T>> {
    request.signal?.throwIfAborted();
    if (this.#closedError) throw this.#closedError;
    const controller = new AbortController();
    this.#inflight.add(controller);
    const callerSignal = request.signal;
    const unsubscribe = callerSignal ? onAbort(callerSignal, () => controller.abort(callerSignal.reason)) : undefined;
    const timeoutMs = request.timeoutMs ?? this.options.timeoutMs;
    const where = () => `${sent.method ?? 'Request'} ${messageUrl(sent.url ?? this.options.baseUrl)}`;
    const timedOut = (byDeadline: boolean) =>
      new PyFlueTimeoutError(
        byDeadline
          ? `${where()} did not finish within its deadline of ${sent.deadlineMs} ms (tries and waits included); raise deadlineMs or check the server.`
          : `${where()} got no answer within ${timeoutMs} ms (per try); raise timeoutMs or check the server.`,
        sent.method ?? 'GET',
        redactUrl(sent.url ?? this.options.baseUrl),
      );
    const timeLeft = sent.deadline - Date.now();
    if (timeLeft <= 0) {
      this.#inflight.delete(controller);
      unsubscribe?.();
      throw timedOut(true);
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    if (timeoutMs > 0 || timeLeft !== Infinity) {
      const byDeadline = !(timeoutMs > 0) || timeLeft < timeoutMs;
      timer = setTimeout(() => controller.abort(timedOut(byDeadline)), byDeadline ? timeLeft : timeoutMs);
    }
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      clearTimeout(timer);
      this.#inflight.delete(controller);
      unsubscribe?.();
    };
    // Only what happens from the fetch call on is a connection problem; an error before it
    // (bad input, the caller's headers function or a middleware throwing) is thrown as it is.
    let fetched = false;
    // Only when something can abort the call: following a signal has a cost per call.
    const abortable = timer !== undefined || callerSignal !== undefined || spec.stream === true;
    const fetchVia = (input: Request): Promise<Response> => {
      fetched = true;
      sent.method = input.method;
      sent.url = input.url;
      // The signal goes to fetch, not into the Request openapi-fetch builds: fetch builds its
      // own Request from that one anyway, and one that follows a signal costs undici more
      // than a plain one (bench/http.ts). It also keeps the abort in force whatever Request
      // a user's middleware hands on.
      let returned: unknown;
      try {
        returned = abortable ? this.options.fetch(input, { signal: controller.signal }) : this.options.fetch(input);
      } catch (error) {
        // A fetch that throws instead of rejecting fails the same way.
        return Promise.reject(error);
      }
      // A custom fetch may answer synchronously, or with something that is not a Response at all.
      const answer = Promise.resolve(returned).then((response) => {
        if (!isResponse(response)) throw new FetchMisbehaved(response);
        // Noted here: only a body that fails to parse needs it.
        sent.status = response.status;
        sent.contentType = response.headers.get('content-type') ?? '';
        return response;
      });
      return answer;
    };
    try {
      // The timer and the caller's signal already run: a headers function that never settles cannot hang the call.
      const resolved = resolveHeaders(this.options);
      const base = resolved instanceof Promise ? await untilAborted(resolved, controller.signal) : resolved;
      const headers = request.headers || spec.headers ? { ...base, ...request.headers, ...spec.headers } : base;
      // Raced against the abort too: user middleware (or a typed app's async check) that never
      // settles cannot hold the call past its timeout, deadline, signal or client.close().
      const result = await untilAborted(spec.send({ headers, fetch: fetchVia }), controller.signal);
      if (spec.stream) clearTimeout(timer);
      else release();
      const { response } = result;
      const method = sent.method ?? 'GET';
      const url = response.url || sent.url || this.options.baseUrl;
      if (!response.ok) {
        release();
        const body = maskSecret(result.error, this.options.token);
        const error = PyFlueApiError.from({ status: response.status, method, url, body, headers: response.headers });
        // Thrown so the retry policy sees it; client.raw hands the answer itself back when no retry follows.
        if (spec.raw) rawAnswers.set(error, result);
        throw error;
      }
      const contentType = response.headers.get('content-type') ?? '';
      if (spec.stream && !contentType.toLowerCase().startsWith('text/event-stream')) {
        // A proxy's page or a JSON answer would read as an empty stream: say so instead.
        await response.body?.cancel().catch(() => {});
        throw notAnEventStream(response, method, url, contentType);
      }
      if (!spec.raw && (result.data === undefined || (spec.stream && result.data === null))) {
        // Every PyFlue route answers with a body (JSON `null` is one); an empty one is not the server speaking.
        throw new PyFlueApiError({ status: response.status, method, url, body: '', headers: response.headers });
      }
      return { data: result.data as T, response, method, url, signal: controller.signal, release };
    } catch (error) {
      release();
      if (error instanceof FetchMisbehaved) throw error.toError(sent);
      // A user middleware's own failure is the caller's to see as it is: no retry, no "is the server running?".
      if (error instanceof MiddlewareFailure) throw error.error;
      if (!fetched) throw controller.signal.aborted ? controller.signal.reason : error;
      if (error instanceof PyFlueApiError || error instanceof PyFlueConnectionError) throw error;
      if (controller.signal.aborted) throw controller.signal.reason;
      throw callFailure(error, sent);
    }
  }
}

/** The answers chunk (internal/answers/), once the first JSON answer loaded it. */
let answersChunk: Awaited<ReturnType<typeof loadAnswers>> | undefined;

/** The answer of a `client.raw` call that ended on an error status, by the error thrown for it. */
const rawAnswers = new WeakMap<object, FetchResult<unknown>>();

/** What a `client.raw` method takes besides the path: openapi-fetch's options (`params`, `body`, `headers`, `signal`, `parseAs`...). */
export type RawInit = Record<string, unknown> & { signal?: AbortSignal | undefined; headers?: unknown };

/** What the tries of one call share: its deadline, and what the last try learned once fetch was called. */
export interface Sent {
  deadlineMs: number | undefined;
  /** When the whole call must be over (epoch ms; Infinity without a deadline). */
  deadline: number;
  method?: string;
  url?: string;
  /** The status of the answer, once headers are in (a body that fails to parse keeps its real status). */
  status?: number;
  contentType?: string;
}

/** A custom fetch's answer that is not a Response; thrown through openapi-fetch to `attempt`. */
class FetchMisbehaved {
  constructor(readonly answer: unknown) {}

  /** A PyFlueError, not a connection error: no retry, the same fetch would answer the same way. */
  toError(sent: Sent): PyFlueError {
    return new PyFlueError(
      `${sent.method ?? 'GET'} ${messageUrl(sent.url ?? '')}: the fetch function (options.fetch) resolved to ${describe(this.answer)}, not a Response. ` +
        'It must return (or resolve to) the Response of the request it was given.',
    );
  }
}

/** A Response, or one of another realm's or library's (status, headers, body reading). */
function isResponse(value: unknown): value is Response {
  if (value instanceof Response) return true;
  const candidate = value as Partial<Response> | null;
  return typeof candidate?.status === 'number' && typeof candidate.headers?.get === 'function' && typeof candidate.text === 'function';
}

/**
 * `body` with every occurrence of the client's own token replaced by `***`: a server or
 * gateway that echoes the credential it refused ("invalid token sk-...") must not put it
 * into an error that gets logged.
 */
export function maskSecret<T>(body: T, secret: string | undefined): T {
  if (!secret || body === undefined || body === null) return body;
  if (typeof body === 'string') return body.split(secret).join('***') as T;
  let text: string;
  try {
    text = JSON.stringify(body);
  } catch {
    return body;
  }
  // The token as it appears inside JSON text (quotes and backslashes escaped).
  const escaped = JSON.stringify(secret).slice(1, -1);
  return text.includes(escaped) ? (JSON.parse(text.split(escaped).join('***')) as T) : body;
}

/** Carries what a user's middleware threw through openapi-fetch to `attempt`, which rethrows it as it is. */
class MiddlewareFailure {
  constructor(readonly error: unknown) {}
}

/**
 * The middleware as openapi-fetch gets it: each hook called as written (with its own
 * `this`), and whatever it throws marked, so that an error in an `onResponse` (after fetch
 * answered) is not taken for a dropped connection and retried.
 */
function guardMiddleware(middleware: Middleware): Middleware {
  const guarded: Record<string, unknown> = {};
  for (const name of ['onRequest', 'onResponse', 'onError'] as const) {
    const hook = middleware[name] as ((options: unknown) => unknown) | undefined;
    if (typeof hook !== 'function') continue;
    guarded[name] = async (options: unknown) => {
      try {
        return await hook.call(middleware, options);
      } catch (error) {
        throw new MiddlewareFailure(error);
      }
    };
  }
  return guarded as Middleware;
}

/** A stream route that answered 2xx with something other than an event stream. */
export function notAnEventStream(response: Response, method: string, url: string, contentType: string): PyFlueApiError {
  return new PyFlueApiError({
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

/**
 * A failure of fetch or of reading the body (not an abort, not one of ours already), as
 * the error the caller should see.
 */
export function callFailure(error: unknown, sent: Sent): PyFlueError {
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
    // Never the fetch error itself: a custom fetch's error may hold the Request, and its headers the token.
    { cause: plainCause(error, reason) },
  );
}
