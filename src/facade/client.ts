/**
 * `PyFlueClient` and the `createFlueClient` factory: the namespaces over one transport.
 *
 *   const client = new PyFlueClient('http://127.0.0.1:2024', { token });
 *   const client = createFlueClient({ baseUrl: 'http://127.0.0.1:2024' });
 */
import type { Client, Middleware } from 'openapi-fetch';
import type { paths } from '../generated/openapi.js';
import type { APIPromise } from './core/api-promise.js';
import type { AppDefinition } from './core/app.js';
import { PyFlueInputError } from './core/errors.js';
import type { EventStream } from './core/event-stream.js';
import type { ClientOptions, RequestOptions, ResponseFormat } from './core/options.js';
import type { StandardSchemaV1 } from './core/structured-text.js';
import type { HealthResponse, PromptResult, PromptStreamEvent } from './core/types.js';
import { resolveAppValidators } from './internal/app-validators.js';
import { ClientContext } from './internal/context.js';
import { describe, hasControlCharacter, hasDotSegment } from './internal/checks.js';
import { loadFailures } from './internal/load.js';
import { CLIENT_OPTIONS, MAX_BASE_URL, optionKeys, resolveOptions } from './internal/options.js';
import { rawClient } from './internal/raw-client.js';
import { Transport } from './internal/transport.js';
import { Admin } from './resources/admin.js';
import { createAgents, type AgentsNamespace } from './resources/agents.js';
import { DefaultAgent, Sessions, type PromptOptions, type TypedPromptResult } from './resources/default-agent.js';
import { Runs } from './resources/runs.js';
import { Workflows } from './resources/workflows.js';

/** The options of `new PyFlueClient(baseUrl, options)`; `responseFormat` also fixes the result types. */
export interface PyFlueClientOptions<Format extends ResponseFormat = ResponseFormat, App = AppDefinition> extends ClientOptions {
  responseFormat?: Format | undefined;
  /**
   * The app's agents and workflows as Standard Schema validators (zod, valibot, arktype,
   * ...): `{ agents: { name: { payload?, result?, persistent? } }, workflows: { name: { input?, result? } } }`.
   * They type the client (as `createFlueClient<App>()` does), check payloads before
   * sending (PyFlueInputError) and results on arrival (PyFlueResultError).
   */
  app?: (App & AppDefinition) | undefined;
}

/** Every option of `new PyFlueClient` (core/options.ts's ClientOptions and `app`), for the check of unknown names. */
const CLIENT_CLASS_KEYS = optionKeys<PyFlueClientOptions>({ ...CLIENT_OPTIONS, app: true });

/**
 * The client of one PyFlue server. `App` declares the server's agents and workflows
 * (names, payloads, results; see `AppDefinition`); without one, any name goes and
 * results are as the server sends them. `Format` is how file-based agent results come
 * back: `raw` (the server's body) by default here, `flue` (`{ result, runId }`) from
 * `createFlueClient`.
 */
export class PyFlueClient<App extends AppDefinition = AppDefinition, Format extends ResponseFormat = 'raw'> implements AsyncDisposable {
  /** The normalised base URL (no trailing slash). */
  readonly baseUrl: string;
  /** Where the admin app is (`adminBasePath` from the server's origin; by default the base URL followed by `/admin`). */
  readonly adminBaseUrl: string;
  /** Agents: list (callable), invoke, stream, dispatch, connect. */
  readonly agents: AgentsNamespace<Format, App>;
  /** Workflows: invoke (optionally waiting), stream, connect. */
  readonly workflows: Workflows<App>;
  /** Runs: records, recorded events, resumable streams. */
  readonly runs: Runs;
  /** The read-only admin app: agents, instances and runs, with iterators over pages. */
  readonly admin: Admin;
  /**
   * The client's own typed openapi-fetch client, for routes the facade does not wrap yet:
   * `client.raw.GET('/runs/{run_id}', { params: { path: { run_id } } })` resolves
   * `{ data, error, response }` as openapi-fetch documents. It is the very client the
   * facade calls, with the same fetch and middleware: base URL, token and headers,
   * `client.use()` middleware, timeouts, deadline, retries of GETs, `client.close()`.
   * Errors come back in `error` (the server's envelope) as openapi-fetch's do; failures of
   * the connection reject with the client's typed errors (PyFlueConnectionError,
   * PyFlueTimeoutError), and bad arguments with PyFlueInputError, before anything is sent.
   */
  readonly raw: Client<paths>;
  /** Default-agent sessions (`/sessions/{id}/abort`). */
  readonly sessions: Sessions;
  readonly #context: ClientContext;
  readonly #defaultAgent: DefaultAgent;

  /** `responseFormat` defaults to `raw` here (the Python client's default); `createFlueClient` defaults to `flue`. */
  constructor(baseUrl: string, options: PyFlueClientOptions<Format, App> = {}) {
    const resolved = resolveOptions(baseUrl, options, 'raw', CLIENT_CLASS_KEYS);
    this.baseUrl = resolved.baseUrl;
    this.adminBaseUrl = resolved.adminBaseUrl;
    this.#context = new ClientContext(new Transport(resolved, { failures: loadFailures }), resolveAppValidators(options?.app));
    this.agents = createAgents<Format, App>(this.#context);
    this.workflows = new Workflows<App>(this.#context);
    this.runs = new Runs(this.#context);
    this.admin = new Admin(this.#context);
    this.raw = rawClient(this.#context.transport);
    this.sessions = new Sessions(this.#context);
    this.#defaultAgent = new DefaultAgent(this.#context);
  }

  /** `{ ok, framework }` from `/health`. */
  health(options: RequestOptions = {}): APIPromise<HealthResponse> {
    return this.#context.transport.json(options, (init) => this.#context.transport.api.GET('/health', init), {
      where: 'health()',
      operation: 'health',
    }) as APIPromise<unknown> as APIPromise<HealthResponse>;
  }

  /**
   * Adds openapi-fetch middleware (`{ onRequest, onResponse, onError }`) to every HTTP call
   * from now on, streams included; returns the client.
   */
  use(...middleware: Middleware[]): this {
    this.#context.transport.use(...middleware);
    return this;
  }

  /** Prompts the project's default agent (`/prompt/{sessionId}`); with `result`, parses a typed result. */
  prompt<Schema extends StandardSchemaV1>(
    text: string,
    options: PromptOptions & { result: Schema },
  ): APIPromise<TypedPromptResult<StandardSchemaV1.InferOutput<Schema>>>;
  prompt(text: string, options?: PromptOptions): APIPromise<PromptResult>;
  prompt(text: string, options: PromptOptions & { result?: StandardSchemaV1 } = {}): APIPromise<unknown> {
    return this.#defaultAgent.prompt(text, options as PromptOptions & { result: StandardSchemaV1 });
  }

  /** Streams the default agent's reply (`/prompt/{sessionId}/events`). */
  stream(text: string, options: PromptOptions = {}): EventStream<PromptStreamEvent> {
    return this.#defaultAgent.stream(text, options);
  }

  /** The WebSocket URL for a path on this server: http->ws, https->wss, the base path kept, then `websocketUrl`. */
  socketUrl(path: string): string {
    // A path on this server (from "/" or relative to the base path): not a URL (it would be glued after the base URL), no "." or ".." segment (URL normalisation would move it).
    if (
      typeof path !== 'string' ||
      path.length > MAX_BASE_URL ||
      hasControlCharacter(path) ||
      /^[a-z][a-z0-9+.-]*:/i.test(path) ||
      hasDotSegment(path)
    ) {
      throw new PyFlueInputError(
        `socketUrl() takes a path on this server such as "/agents/assistant/a1" (not a URL, no "." or ".." segment, no control character, at most ${MAX_BASE_URL} characters); got ${describe(path)}.`,
      );
    }
    return this.#context.socketUrl(path);
  }

  /**
   * Closes the client: every HTTP call, stream and socket still in flight settles with
   * PyFlueClientClosedError (a `for await` over a stream throws it; pending socket prompts
   * and runs reject with it). The client stays closed: later calls reject with it, and
   * later `stream()`/`connect()` calls throw it. Idempotent; `await using` calls it.
   */
  close(): Promise<void> {
    return this.#context.closeAll();
  }

  /** `await using client = ...` closes it when the scope ends. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

/** The options of `createFlueClient({ baseUrl, ...options })`. */
export interface CreateFlueClientOptions<Format extends ResponseFormat = 'flue', App = AppDefinition> extends PyFlueClientOptions<Format, App> {
  /** The server's base URL, e.g. `http://127.0.0.1:2024` (a path prefix is kept). */
  baseUrl: string;
}

/**
 * The Flue SDK's factory. File-based agent results default to the Flue shape
 * (`{ result, runId }`); pass `responseFormat: 'raw'` for the server's body.
 * `createFlueClient<App>({ baseUrl })` types the client with an app declaration; an
 * `app` option of validators types it too (inferred) and checks payloads and results.
 */
export function createFlueClient<App extends AppDefinition = AppDefinition, Format extends ResponseFormat = 'flue'>(
  options: CreateFlueClientOptions<Format, App>,
): PyFlueClient<App, Format>;
export function createFlueClient<App extends AppDefinition = AppDefinition, Format extends ResponseFormat = 'flue'>(
  baseUrl: string,
  options?: PyFlueClientOptions<Format, App>,
): PyFlueClient<App, Format>;
export function createFlueClient<App extends AppDefinition = AppDefinition, Format extends ResponseFormat = 'flue'>(
  first: string | CreateFlueClientOptions<Format, App>,
  second: PyFlueClientOptions<Format, App> = {},
): PyFlueClient<App, Format> {
  const { baseUrl, ...options } = typeof first === 'string' ? { ...second, baseUrl: first } : (first ?? ({} as never));
  if (baseUrl === undefined) {
    throw new PyFlueInputError('createFlueClient() needs a baseUrl, e.g. createFlueClient({ baseUrl: "http://127.0.0.1:2024" }).');
  }
  return new PyFlueClient<App, Format>(baseUrl, { ...options, responseFormat: (options.responseFormat === undefined ? 'flue' : options.responseFormat) as Format });
}

/** The Python client's name for `createFlueClient`. */
export const create_flue_client = createFlueClient;
