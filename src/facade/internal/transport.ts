/**
 * What every HTTP call goes through: openapi-fetch, used as it is designed to be.
 * - The client's headers go in through openapi-fetch's own doors: the fixed ones as
 *   createClient's `headers`, the ones functions give by a middleware (headers.ts),
 *   before the user's middleware (logging, auth refresh, tracing) sees the request.
 * - Retries, the timeout of each try, the deadline, the caller's abort signal and
 *   `client.close()` live in the `fetch` openapi-fetch is handed (`Call.fetch`): below the
 *   middleware, which see each call once. The policy of retries is retry.ts, loaded with
 *   the first failure.
 * - Around the openapi-fetch call, `request` checks the call's options, races the call
 *   against its end (a middleware that never settles cannot outlive it) and turns what
 *   went wrong into a typed error (failures.ts, loaded with the first failure).
 * `client.raw` is the same openapi-fetch client, over the same fetch and middleware.
 */
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { paths } from '../../generated/openapi.js';
import { APIPromise } from '../core/api-promise.js';
import { PyFlueApiError, PyFlueClientClosedError, PyFlueConnectionError, PyFlueError, PyFlueInputError, PyFlueTimeoutError, messageUrl } from '../core/errors.js';
import type { RequestOptions } from '../core/options.js';
import { onAbort, sleep } from './abort.js';
import { clientHeaders, fixedHeaders, headersMiddleware, refreshable } from './headers.js';
import { REQUEST_KEYS, checkOptions, type OptionKeys, type ResolvedOptions } from './options.js';
import type * as Failures from './failures.js';
import { answerProblem, namedAnswer } from './answers/index.js';
import type { AnswerOperation } from '../../generated/answers.js';

/** How the transport gets the code only failed calls need (load.ts): what a failure says and when to try again. */
export interface Lazy {
  failures: () => Promise<typeof Failures>;
}

/** The admin app's routes, relative to where it is mounted (`/admin/runs` -> `/runs`). */
export type AdminPaths = {
  [Path in keyof paths as Path extends `/admin${infer Rest}` ? Rest : never]: paths[Path];
};

/** What `send` gets: spread it into the openapi-fetch call's options. */
export type SendInit = {
  /** The call's own fetch: its tries, timeouts, deadline and aborts. */
  fetch: (request: Request) => Promise<Response>;
  /** The call's own headers (they win over the client's). */
  headers: Record<string, string>;
};

/** What an openapi-fetch call resolves to. */
export interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The typed openapi-fetch call of one route, made with the init this layer prepares. */
export type Send<T> = (init: SendInit) => Promise<FetchResult<T>>;

/** What a public method checks of its call: its option bag, and the fields its answer must have. */
export interface CallCheck {
  /** The method, for messages: `health()`. */
  where: string;
  /** The bag's option names (internal/options.ts lists; default: RequestOptions'). */
  keys?: OptionKeys | undefined;
  /**
   * The route's operationId: its 2xx answer must have the fields the spec requires of it
   * (internal/answers/, from src/generated/answers.ts), and gets its camelCase names.
   */
  operation?: AnswerOperation | undefined;
}

/** What kind of call: JSON (the default), a stream, or `client.raw`'s. */
export interface CallSpec {
  /** The check of the caller's option bag (internal calls: the shared values only). */
  check?: CallCheck | undefined;
  /** Headers of the protocol for this call (`accept: text/event-stream`, `x-webhook`). */
  headers?: Record<string, string> | undefined;
  /** A stream: the answer must be `text/event-stream`, and the timeout covers only the wait for the headers. */
  stream?: boolean;
  /** `client.raw`: the answer is handed back as openapi-fetch gives it (`{ data, error, response }`), error statuses included. */
  raw?: boolean;
}

/** A call whose answer came: the answer, and the call (the stream's body is read under `call.signal`; `call.release()` when done). */
export interface Answer<T> extends FetchResult<T> {
  call: Call;
}

/** The settings of one call: the caller's options over the client's. */
interface CallSettings {
  signal: AbortSignal | undefined;
  timeoutMs: number;
  maxRetries: number;
  deadlineMs: number | undefined;
}

export class Transport {
  readonly api: Client<paths>;
  readonly admin: Client<AdminPaths>;
  /**
   * What `close()` aborts: each call in flight. A set rather than listeners on one shared
   * signal, so any number of calls in flight costs no listener (and no MaxListenersExceededWarning).
   */
  readonly inflight = new Set<Call>();
  /** The wrapper openapi-fetch holds for each middleware `use()` was given (for `eject`). */
  readonly #guarded = new WeakMap<Middleware, Middleware>();
  #closedError: PyFlueClientClosedError | undefined;

  constructor(
    readonly options: ResolvedOptions,
    readonly lazy: Lazy,
  ) {
    const defaults: CallSettings = { signal: undefined, timeoutMs: options.timeoutMs, maxRetries: options.maxRetries, deadlineMs: options.deadlineMs };
    // A call without a fetch of its own (none of the client's) still gets the client's tries and timeouts.
    const fetch = (request: Request): Promise<Response> => {
      const call = new Call(this, defaults, { stream: true }, {});
      return call.fetch(request).finally(() => call.release());
    };
    const headers = fixedHeaders(options);
    this.api = createClient<paths>({ baseUrl: options.baseUrl, fetch, headers });
    this.admin = createClient<AdminPaths>({ baseUrl: options.adminBaseUrl, fetch, headers });
    const functions = headersMiddleware(options);
    if (functions) {
      this.api.use(functions);
      this.admin.use(functions);
    }
    this.use(...options.middleware);
  }

  /** The error calls reject with once `close()` was called; undefined while open. */
  get closedError(): PyFlueClientClosedError | undefined {
    return this.#closedError;
  }

  /** Rejects every call in flight with `error`, and every later one at once. */
  close(error: PyFlueClientClosedError): void {
    this.#closedError ??= error;
    for (const call of [...this.inflight]) call.end(this.#closedError);
    this.inflight.clear();
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

  /** A JSON call as an APIPromise: the data, and `.withResponse()` for the Response too. */
  json<T>(options: RequestOptions, send: Send<T>, check?: CallCheck, headers?: Record<string, string>): APIPromise<T> {
    return new APIPromise(this.request(options, send, { check, headers }).then(({ data, response }) => ({ data: data as T, response })));
  }

  /**
   * One call: its options checked (PyFlueInputError, nothing sent), the openapi-fetch call
   * made with this call's fetch, and its answer checked; every failure as a typed error.
   * A JSON call is over when this resolves; a stream's call lasts until `call.release()`.
   */
  async request<T>(given: RequestOptions, send: Send<T>, spec: CallSpec): Promise<Answer<T>> {
    const { check } = spec;
    const options = checkOptions(given, check ? (check.keys ?? REQUEST_KEYS) : undefined, check?.where ?? 'This call');
    options.signal?.throwIfAborted();
    if (this.#closedError) throw this.#closedError;
    const headers = { ...options.headers, ...spec.headers };
    const call = new Call(
      this,
      {
        signal: options.signal,
        timeoutMs: options.timeoutMs ?? this.options.timeoutMs,
        maxRetries: options.maxRetries ?? this.options.maxRetries,
        deadlineMs: options.deadlineMs ?? this.options.deadlineMs,
      },
      spec,
      headers,
    );
    let result: FetchResult<T>;
    try {
      // Raced against the call's end: user middleware (or a typed app's async check) that never
      // settles cannot hold the call past its timeout, deadline, signal or client.close().
      result = await call.race(send({ fetch: call.fetch, headers }));
    } catch (error) {
      call.release();
      throw await call.failure(error);
    }
    const { response } = result;
    if (spec.raw) {
      call.release();
      return { ...result, call };
    }
    if (!spec.stream) call.release();
    let problem: string | undefined;
    if (!response.ok) problem = 'error status';
    else if (spec.stream) {
      const type = response.headers.get('content-type') ?? '';
      // A proxy's page or a JSON answer would read as an empty stream: say so instead.
      if (!type.toLowerCase().startsWith('text/event-stream')) problem = `type ${type}`;
      // Every PyFlue route answers with a body; an empty one is not the server speaking.
      else if (result.data == null) problem = 'empty';
    } else if (result.data === undefined) problem = 'empty';
    else {
      // The fields the route's answer must have, by the spec, and its camelCase names.
      problem = answerProblem(result.data, check?.operation, response.status);
      if (problem === undefined) return { ...result, data: namedAnswer(result.data, check?.operation, response.status), call };
    }
    if (problem === undefined) return { ...result, call };
    call.release();
    if (spec.stream) await response.body?.cancel().catch(() => {});
    const failures = await this.lazy.failures().catch(() => undefined);
    const init = { status: response.status, method: call.method, url: response.url || call.url, body: response.ok ? result.data : result.error, headers: response.headers };
    const { secrets } = this.options;
    // Without the chunk (it failed to load): the same typed error, without its body if that shows a secret.
    throw failures ? failures.answerError(init, problem, secrets) : PyFlueApiError.from(secrets.shows(String(JSON.stringify(init.body))) ? { ...init, body: undefined } : init);
  }
}

/**
 * One call: the tries of its request (`fetch`, which openapi-fetch calls once), their
 * timer, and what ends the call (the caller's signal, the deadline, `client.close()`).
 * One AbortController per try, and only when something can abort it: following a signal
 * costs undici on every call (bench/http.ts), and linking controllers costs more.
 */
export class Call {
  /** Set once the call is over for good (the caller's abort, the deadline, a timeout outside a try, `client.close()`). */
  #ended: { reason: unknown } | undefined;
  /** What `end()` settles: the race of the openapi-fetch call, a wait between tries. */
  readonly #enders = new Set<(reason: unknown) => void>();
  /** The current (or last) try's: the body of its answer is read under it. */
  #controller: AbortController | undefined;
  /** True while a try waits for its answer: its own timeout then ends only the try (another may follow). */
  #inFetch = false;
  readonly #deadline: number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #unsubscribe: (() => void) | undefined;
  #released = false;
  /** What the last try learned, for messages: the request's method and URL, the answer's status and type. */
  method = 'GET';
  url: string;
  status: number | undefined;
  contentType: string | undefined;
  /** Set once fetch is called: what fails before it is the caller's own (a headers function, a middleware). */
  fetched = false;

  constructor(
    readonly transport: Transport,
    readonly settings: CallSettings,
    readonly spec: CallSpec,
    /** The call's own headers: a try after a 401 keeps them. */
    readonly own: Record<string, string>,
  ) {
    this.url = transport.options.baseUrl;
    this.#deadline = settings.deadlineMs ? Date.now() + settings.deadlineMs : Infinity;
    const { signal } = settings;
    if (signal) this.#unsubscribe = onAbort(signal, () => this.end(signal.reason));
    transport.inflight.add(this);
    this.#arm();
  }

  /** Aborts when the call ends, or when its last try does: a stream's body is read under it. */
  get signal(): AbortSignal {
    return (this.#controller ??= new AbortController()).signal;
  }

  /** Ends the call with `reason`, what everything still waiting in it rejects with. */
  end(reason: unknown): void {
    if (this.#ended) return;
    this.#ended = { reason };
    (this.#controller ??= new AbortController()).abort(reason);
    for (const ender of [...this.#enders]) ender(reason);
  }

  /** `promise`, or the reason the call ends with, whichever comes first. */
  race<T>(promise: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.#ended) return reject(this.#ended.reason);
      const ender = (reason: unknown): void => reject(reason);
      this.#enders.add(ender);
      const settle = (): boolean => this.#enders.delete(ender);
      promise.then(
        (value) => (settle(), resolve(value)),
        (error: unknown) => (settle(), reject(error)),
      );
    });
  }

  /** The call's fetch: tries the request until it has an answer to give, or a typed error. */
  readonly fetch = async (given: Request): Promise<Response> => {
    let request = given;
    this.fetched = true;
    this.method = request.method;
    this.url = request.url;
    const { transport } = this;
    // Only a GET is tried again: a POST may have run.
    const retries = request.method === 'GET' ? this.settings.maxRetries : 0;
    let refresh = request.method === 'GET' && refreshable(transport.options);
    for (let retry = 0; ; ) {
      const closed = transport.closedError;
      if (closed) throw closed;
      let response: Response | undefined;
      let failure: unknown;
      try {
        response = await this.#send(request);
      } catch (error) {
        failure = error;
      }
      if (this.#ended) throw this.#ended.reason;
      if (response?.status === 401 && refresh) {
        // The token (or headers) a function gave may have expired: ask again, once, for one more try.
        refresh = false;
        await response.body?.cancel().catch(() => {});
        request = await this.race(this.#refreshed(request));
        this.#arm();
        continue;
      }
      if (failure !== undefined && !(failure instanceof PyFlueError)) failure = await this.failure(failure);
      // No answer (refused, reset, a try's timeout), or an error status the policy may retry.
      const retryable = failure === undefined ? response!.status >= 400 : failure instanceof PyFlueConnectionError;
      if (!retryable || retry >= retries) return answer(response, failure);
      const policy = await transport.lazy.failures().catch(() => undefined);
      const delay = policy?.retryDelayMs(failure ?? response, { retry, maxRetries: retries, timeLeftMs: this.#deadline - Date.now() });
      if (delay === undefined) return answer(response, failure);
      await response?.body?.cancel().catch(() => {});
      clearTimeout(this.#timer);
      // The wait is in flight too: client.close(), the caller's signal or the deadline ends it.
      await this.#wait(delay);
      retry += 1;
      this.#arm();
    }
  };

  /** One try: the client's fetch under this try's abort; a typed error for every failure. */
  async #send(request: Request): Promise<Response> {
    const { options } = this.transport;
    const controller = this.#timer !== undefined || this.settings.signal !== undefined || this.spec.stream ? (this.#controller = new AbortController()) : undefined;
    this.#inFetch = true;
    try {
      // A fetch that throws instead of rejecting fails the same way; one may also answer synchronously.
      const response: unknown = await (controller ? options.fetch(request, { signal: controller.signal }) : options.fetch(request));
      if (!isResponse(response)) {
        const failures = await this.transport.lazy.failures().catch(() => undefined);
        throw failures ? failures.misbehaved(response, this) : new PyFlueError(`The fetch function resolved to something that is not a Response.`);
      }
      this.status = response.status;
      this.contentType = response.headers.get('content-type') ?? '';
      // A stream's timer covers the wait for its headers (a 2xx: its body is read under idleTimeoutMs).
      if (this.spec.stream && response.ok) clearTimeout(this.#timer);
      return response;
    } catch (error) {
      // This try's timeout, the call's end: the abort's reason, already typed.
      if (controller?.signal.aborted) throw controller.signal.reason;
      throw error;
    } finally {
      this.#inFetch = false;
    }
  }

  /** Waits `ms` between two tries, unless the call ends first (abort.ts's sleep: its timer goes with it). */
  async #wait(ms: number): Promise<void> {
    if (this.#ended) throw this.#ended.reason;
    const waiting = new AbortController();
    const ender = (reason: unknown): void => waiting.abort(reason);
    this.#enders.add(ender);
    try {
      await sleep(ms, waiting.signal);
    } finally {
      this.#enders.delete(ender);
    }
  }

  /** `request` again with the client's headers asked anew (the call's own kept). */
  async #refreshed(request: Request): Promise<Request> {
    const headers = new Headers(request.headers);
    const own = new Set(Object.keys(this.own).map((name) => name.toLowerCase()));
    for (const [name, value] of Object.entries(await clientHeaders(this.transport.options, true))) {
      if (!own.has(name.toLowerCase())) headers.set(name, value);
    }
    return new Request(request, { headers });
  }

  /** Starts the timer of a try: `timeoutMs`, or what is left of the deadline when that is shorter. */
  #arm(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const { timeoutMs } = this.settings;
    const left = this.#deadline - Date.now();
    if (!(timeoutMs > 0) && left === Infinity) return;
    const byDeadline = !(timeoutMs > 0) || left < timeoutMs;
    this.#timer = setTimeout(() => {
      const where = `${this.method} ${messageUrl(this.url)}`;
      const error = new PyFlueTimeoutError(
        byDeadline
          ? `${where} did not finish within its deadline of ${this.settings.deadlineMs} ms (tries and waits included); raise deadlineMs or check the server.`
          : `${where} got no answer within ${timeoutMs} ms (per try); raise timeoutMs or check the server.`,
        this.method,
        this.url,
      );
      // Inside a try, its own timeout ends only that try (another may follow); elsewhere, the call.
      if (this.#inFetch && !byDeadline) this.#controller?.abort(error);
      else this.end(error);
    }, Math.max(0, byDeadline ? left : timeoutMs));
  }

  /** Drops the timer and listeners this call set up; idempotent. */
  release(): void {
    if (this.#released) return;
    this.#released = true;
    clearTimeout(this.#timer);
    this.transport.inflight.delete(this);
    this.#unsubscribe?.();
  }

  /** What went wrong, as the error the caller should see (see the cases below). */
  async failure(error: unknown): Promise<unknown> {
    // The caller's abort, a timeout, client.close(): the reason, already what the caller should see.
    if (this.#ended && !(error instanceof MiddlewareFailure)) return this.#ended.reason;
    if (error instanceof PyFlueError) return error;
    const failures = await this.transport.lazy.failures().catch(() => undefined);
    const { secrets } = this.transport.options;
    // A user middleware's own failure, or the caller's own before fetch (a headers or token function
    // that threw): as it is (masked if it shows a secret), no retry, no "is the server running?".
    const own = error instanceof MiddlewareFailure ? error.error : this.fetched ? undefined : error;
    if (own !== undefined) return failures ? failures.ownError(own, secrets) : secrets.shows(String((own as Error)?.stack ?? own)) ? new PyFlueError('Your own code failed with an error that shows a secret.') : own;
    // A failure of fetch or of reading the body: a connection error, or an answer that is no JSON.
    return failures ? failures.callFailure(error, this) : new PyFlueConnectionError(`${this.method} ${messageUrl(this.url)} failed.`, this.method, this.url);
  }
}

/** The answer a call ends with: the last try's response, or its typed error. */
function answer(response: Response | undefined, failure: unknown): Response {
  if (failure !== undefined) throw failure;
  return response!;
}

/** A Response, or one of another realm's or library's (status, headers, body reading). */
function isResponse(value: unknown): value is Response {
  if (value instanceof Response) return true;
  const candidate = value as Partial<Response> | null;
  return typeof candidate?.status === 'number' && typeof candidate.headers?.get === 'function' && typeof candidate.text === 'function';
}

/** Carries what a user's middleware threw through openapi-fetch to `request`, which rethrows it as it is. */
class MiddlewareFailure {
  constructor(readonly error: unknown) {}
}

/**
 * The middleware as openapi-fetch gets it: each hook called as written (with its own
 * `this`), and whatever it throws marked, so that an error in an `onResponse` (after fetch
 * answered) is not taken for a dropped connection.
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
