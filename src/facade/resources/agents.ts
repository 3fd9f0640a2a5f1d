/**
 * `client.agents`: list agents (the namespace is callable: `await client.agents()`),
 * invoke them (sync, stream or webhook), dispatch input, and open agent sockets.
 */
import type { APIPromise } from '../core/api-promise.js';
import type {
  AgentName,
  AgentPayload,
  AgentStreamEventOf,
  AgentSyncResult,
  AppDefinition,
  FlueAgentResult,
  IsPersistentAgent,
  OptionsArgs,
  PayloadField,
} from '../core/app.js';
import { PyFlueApiError, PyFlueInputError } from '../core/errors.js';
import type { EventStream } from '../core/event-stream.js';
import type { RequestOptions, ResponseFormat, ResumeOptions } from '../core/options.js';
import { callable, Resource } from './resource.js';
import type { AgentEvent, AgentManifestEntry, DispatchAccepted, WebhookAccepted } from '../core/types.js';
import { describe, jsonValue, optionalString, pathSegment } from '../internal/checks.js';
import { closeForClient } from '../internal/closing.js';
import type { ClientContext } from '../internal/context.js';
import { lazySocket, type SocketMembers } from '../internal/lazy-socket.js';
import { loadFailures } from '../internal/load.js';
import { hasFieldsOf } from '../internal/answers/index.js';
import { REQUEST_OPTIONS, RESUME_KEYS, RESUME_OPTIONS, checkOptions, normalizeResponseFormat, optionKeys } from '../internal/options.js';
import type { AgentSocket } from '../internal/sockets/agent-socket.js';
import type { components } from '../../generated/openapi.js';

type Schemas = components['schemas'];

/** How `agents.invoke` runs the agent. */
export type AgentInvokeMode = 'sync' | 'stream' | 'webhook';

/** Options of `agents.invoke`; `Payload` comes from a typed app. */
export interface AgentInvokeOptions<Format extends ResponseFormat = ResponseFormat, Payload = Record<string, unknown>> extends RequestOptions {
  /** The body: `{ message, session? }` for a persistent agent, anything for a file-based one. */
  payload?: Payload | undefined;
  /** `sync` (default) waits for the result; `stream` streams events; `webhook` runs it in the background. */
  mode?: AgentInvokeMode | undefined;
  /** Overrides the client's responseFormat for this call. */
  responseFormat?: Format | undefined;
}

/**
 * Options of `agents.stream`; `Payload` comes from a typed app. A file-based agent's stream is a run's: it resumes as
 * `workflows.stream` does (`maxReconnects`, `reconnectDelayMs`, `idleTimeoutMs`). A persistent
 * agent's cannot be resumed; `idleTimeoutMs` still applies.
 */
export interface AgentStreamOptions<Payload = Record<string, unknown>> extends Omit<RequestOptions, 'maxRetries'>, ResumeOptions {
  /** The body: `{ message, session? }` for a persistent agent, anything for a file-based one. */
  payload?: Payload | undefined;
}

/** The options of one `invoke` overload: the payload required when the app's payload type needs one. */
type InvokeOptions<Format extends ResponseFormat, App, Name, Mode> = AgentInvokeOptions<Format, AgentPayload<App, Name>> &
  PayloadField<AgentPayload<App, Name>> &
  Mode;

/** The Flue shape of a webhook call: the run id. */
export interface FlueWebhookResult {
  runId: string;
}
/** What a webhook `agents.invoke` resolves to, per response format. */
export type AgentWebhookResult<Format extends ResponseFormat> = Format extends 'flue' ? FlueWebhookResult : WebhookAccepted;

/** Options of `agents.dispatch`. */
export interface DispatchOptions extends RequestOptions {
  /** Any JSON value; a string is the prompt, anything else is sent as its JSON text. */
  input?: unknown | undefined;
  /** The session inside the instance (default `default`). */
  session?: string | undefined;
}

/**
 * `client.agents`: callable (lists agents), with methods to invoke, stream, dispatch and
 * connect. With a typed `App`, names, payloads and results follow its declaration.
 */
export interface AgentsNamespace<Format extends ResponseFormat, App = AppDefinition> {
  /** Lists the discovered agents (same as `list()`). */
  (options?: RequestOptions): APIPromise<AgentManifestEntry[]>;
  /** Lists the discovered agents. */
  list(options?: RequestOptions): APIPromise<AgentManifestEntry[]>;
  /** Invokes an agent and waits for its result. */
  // The rest parameter's name is what the compiler quotes when a required payload is left
  // out: "Arguments for the rest parameter 'optionsWithPayload' were not provided".
  invoke<Name extends AgentName<App>, F extends ResponseFormat = Format>(
    name: Name,
    id: string,
    ...optionsWithPayload: OptionsArgs<InvokeOptions<F, App, Name, { mode?: 'sync' | undefined }>>
  ): APIPromise<AgentSyncResult<F, App, Name>>;
  /** Invokes an agent and streams the invocation (same as `stream`). */
  invoke<Name extends AgentName<App>>(
    name: Name,
    id: string,
    options: InvokeOptions<ResponseFormat, App, Name, { mode: 'stream' }>,
  ): EventStream<AgentStreamEventOf<App, Name>>;
  /** Runs a file-based agent in the background; resolves its run id. (An app's persistent agents have no webhook mode.) */
  invoke<Name extends AgentName<App>, F extends ResponseFormat = Format>(
    name: Name,
    id: string,
    options: IsPersistentAgent<App, Name> extends true ? never : InvokeOptions<F, App, Name, { mode: 'webhook' }>,
  ): APIPromise<AgentWebhookResult<F>>;
  /** Invokes an agent in the mode given at run time: a stream for `stream`, else a promise. */
  invoke<Name extends AgentName<App>, F extends ResponseFormat = Format>(
    name: Name,
    id: string,
    ...optionsWithPayload: OptionsArgs<InvokeOptions<F, App, Name, IsPersistentAgent<App, Name> extends true ? { mode?: 'sync' | 'stream' | undefined } : unknown>>
  ): EventStream<AgentStreamEventOf<App, Name>> | APIPromise<AgentSyncResult<F, App, Name> | AgentWebhookResult<F>>;
  /** Streams one invocation: a persistent agent's `start`/`delta`/`end` frames, or a file-based agent's run events. */
  stream<Name extends AgentName<App>>(
    name: Name,
    id: string,
    ...optionsWithPayload: OptionsArgs<AgentStreamOptions<AgentPayload<App, Name>> & PayloadField<AgentPayload<App, Name>>>
  ): EventStream<AgentStreamEventOf<App, Name>>;
  /** Hands input to a persistent agent instance for asynchronous processing. */
  dispatch(name: AgentName<App>, id: string, options?: DispatchOptions): APIPromise<DispatchAccepted>;
  /** Opens a socket to a persistent agent instance for many prompts. */
  connect(name: AgentName<App>, id: string): AgentSocket;
}

const route = (name: string, id: string) => ({ name: pathSegment(name, 'agent name'), agent_id: pathSegment(id, 'agent id') });
const WEBHOOK = { 'x-webhook': 'true' };
const AGENT_SOCKET: SocketMembers<AgentSocket> = {
  ready: 'promise',
  prompt: 'method',
  onEvent: 'listener',
  close: 'method',
  [Symbol.asyncDispose]: 'method',
  [closeForClient]: 'method',
};

const INVOKE_KEYS = optionKeys<AgentInvokeOptions>({ ...REQUEST_OPTIONS, payload: true, mode: true, responseFormat: true });
/** `agents.invoke(..., { mode: 'stream' })` takes the stream's options too. */
const INVOKE_STREAM_KEYS = new Set([...INVOKE_KEYS, ...RESUME_KEYS]);
const STREAM_KEYS = optionKeys<AgentStreamOptions>({ ...REQUEST_OPTIONS, ...RESUME_OPTIONS, payload: true });
const DISPATCH_KEYS = optionKeys<DispatchOptions>({ ...REQUEST_OPTIONS, input: true, session: true });

/** `client.agents`, before it is made callable (see `createAgents`). */
class Agents extends Resource {
  list(options: RequestOptions = {}): APIPromise<AgentManifestEntry[]> {
    return this.json(options, (init) => this.api.GET('/agents', init), { where: 'agents.list()', operation: 'listAgents' }).map((data) => data.agents as AgentManifestEntry[]);
  }

  stream(name: string, id: string, options: AgentStreamOptions = {}, keys = STREAM_KEYS): EventStream<AgentEvent> {
    const check = { keys, where: 'agents.stream()' };
    const { payload } = checkOptions(options, keys, check.where);
    const path = route(name, id);
    // A file-based agent answers with X-Flue-Run-Id (a run: resumable); a persistent one without (see run-stream.ts).
    return this.postStream(
      'agent',
      path.name,
      payload,
      options,
      (body, init) => this.api.POST('/agents/{name}/{agent_id}', { params: { path }, body, parseAs: 'stream', ...init }),
      'invokeAgent',
      check,
    ) as EventStream<AgentEvent>;
  }

  invoke(name: string, id: string, options: AgentInvokeOptions = {}): EventStream<AgentEvent> | APIPromise<unknown> {
    // Only an absent mode is 'sync': a null one is a mistake like any other value.
    const given = (options as AgentInvokeOptions | null)?.mode;
    const mode = given === undefined ? 'sync' : given;
    if (mode === 'stream') {
      // A stream's events have no response format, but a bad one is still a mistake to say now.
      if (options.responseFormat !== undefined) normalizeResponseFormat(options.responseFormat);
      return this.stream(name, id, options, INVOKE_STREAM_KEYS);
    }
    if (mode !== 'sync' && mode !== 'webhook') throw new PyFlueInputError(`mode must be 'sync', 'stream' or 'webhook'; got ${describe(mode)}.`);
    return this.invokeAgent(name, id, options, mode === 'webhook');
  }

  dispatch(name: string, id: string, options: DispatchOptions = {}): APIPromise<DispatchAccepted> {
    return this.json(options, (init) => this.api.POST('/agents/{name}/{agent_id}/dispatch', { params: { path: route(name, id) }, body: dispatchBody(options), ...init }), {
      where: 'agents.dispatch()',
      keys: DISPATCH_KEYS,
      operation: 'dispatchAgent',
    }) as APIPromise<unknown> as APIPromise<DispatchAccepted>;
  }

  connect(name: string, id: string): AgentSocket {
    const path = route(name, id);
    const socketPath = `/agents/${encodeURIComponent(path.name)}/${encodeURIComponent(path.agent_id)}`;
    return lazySocket(this.context, socketPath, (chunk) => (init) => new chunk.AgentSocket(init), AGENT_SOCKET);
  }

  private invokeAgent(name: string, id: string, options: AgentInvokeOptions, webhook: boolean): APIPromise<unknown> {
    const { context } = this;
    let format: ResponseFormat = 'raw';
    return this.invokeJson(
      'agent',
      name,
      // Read as the bag may be (null, a number): the call checks the bag before anything else.
      (options as AgentInvokeOptions | null)?.payload,
      options,
      (body, init) => {
        const path = route(name, id);
        format = options.responseFormat === undefined ? context.options.responseFormat : normalizeResponseFormat(options.responseFormat);
        return this.api.POST('/agents/{name}/{agent_id}', { params: { path }, body, ...init });
      },
      // A sync answer is the handler's value, whatever JSON it is (the spec's answer is a union).
      { where: 'agents.invoke()', keys: INVOKE_KEYS, operation: 'invokeAgent' },
      async (data, response) => {
        if (webhook && !isAcceptedReceipt(data)) {
          // PyFlue ignores x-webhook for persistent agents: it ran the prompt and answered with it.
          const failures = await loadFailures().catch(() => undefined);
          throw failures ? failures.webhookAnsweredSynchronously(name, data, response) : new PyFlueApiError({ status: response.status, method: 'POST', url: response.url, body: data });
        }
        const checked = webhook ? data : await context.checkAgentBody(name, data);
        return format === 'raw' ? checked : toFlueShape(checked, webhook, response);
      },
      webhook ? WEBHOOK : undefined,
    );
  }
}

function dispatchBody(options: DispatchOptions): { input: unknown; session?: string } {
  const session = optionalString(options.session, 'session');
  if (options.input !== undefined) jsonValue(options.input, 'input');
  return { input: options.input ?? null, ...(session === undefined ? {} : { session }) };
}

/** `client.agents`: the Agents namespace, callable as `list`. */
export function createAgents<Format extends ResponseFormat, App>(context: ClientContext): AgentsNamespace<Format, App> {
  const agents = new Agents(context);
  return callable(agents, (options?: RequestOptions) => agents.list(options)) as unknown as AgentsNamespace<Format, App>;
}

/** Whether a webhook call was accepted to run in the background (the spec's receipt), as file-based agents' are. */
function isAcceptedReceipt(body: unknown): body is WebhookAccepted {
  return hasFieldsOf(body, 'WebhookAcceptedResponse');
}

/** A body that may be a file-based agent's result (`_meta` with its run id) or a persistent agent's `{ result }`. */
type AgentBody = Partial<Schemas['FileAgentResult'] & Schemas['AgentPromptResponse'] & Schemas['WebhookAcceptedResponse']> & Record<string, unknown>;

/**
 * The Flue SDK's `{ result, runId }`, as the Python client's `_shape_agent_response`
 * builds it: the run id from `_meta`, the body or the `X-Flue-Run-Id` header; the result
 * is the body's `result`, else the body without its run-id fields. A persistent agent's
 * reply has no run id and keeps `{ result }` (the Python client raises there instead).
 * The field names are the generated schemas' (a renamed one fails the type-check here).
 */
function toFlueShape(body: unknown, webhook: boolean, response: Response): FlueAgentResult | FlueWebhookResult {
  if (webhook) return { runId: (body as WebhookAccepted).runId };
  const object = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as AgentBody) : undefined;
  const { _meta, runId: ownRunId, run_id: ownSnakeRunId, ...rest } = object ?? ({} as AgentBody);
  const meta: Partial<NonNullable<AgentBody['_meta']>> = _meta !== null && typeof _meta === 'object' ? _meta : {};
  const runId = [meta.runId, meta.run_id, ownRunId, ownSnakeRunId, response.headers.get('x-flue-run-id')].find(
    (value): value is string => typeof value === 'string' && value !== '',
  );
  const result: unknown = object === undefined ? body : object.result !== undefined ? object.result : rest;
  return runId ? { result, runId } : { result };
}
