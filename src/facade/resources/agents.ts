/**
 * `client.agents`: list agents (the namespace is callable: `await client.agents()`),
 * invoke them (sync, stream or webhook), dispatch input, and open agent sockets.
 */
import type { ClientContext } from '../context.js';
import { PyFlueApiError, PyFlueInputError } from '../errors.js';
import { normalizeResponseFormat, type ResponseFormat } from '../options.js';
import { AgentSocket } from '../sockets/agent-socket.js';
import { readJsonBatches, untilRunEnd, type EventStream } from '../streaming.js';
import type { RequestOptions } from '../transport.js';
import type {
  AgentInvokeResponse,
  AgentManifestEntry,
  AgentStreamEvent,
  DispatchAccepted,
  RunEvent,
  WebhookAccepted,
} from '../types.js';
import { jsonValue, optionalObject, optionalString, pathSegment } from '../validate.js';

/** How `agents.invoke` runs the agent. */
export type AgentInvokeMode = 'sync' | 'stream' | 'webhook';

/** Options of `agents.invoke`. */
export interface AgentInvokeOptions<Format extends ResponseFormat = ResponseFormat> extends RequestOptions {
  /** The body: `{ message, session? }` for a persistent agent, anything for a file-based one. */
  payload?: Record<string, unknown>;
  /** `sync` (default) waits for the result; `stream` streams events; `webhook` runs it in the background. */
  mode?: AgentInvokeMode;
  /** Overrides the client's responseFormat for this call. */
  responseFormat?: Format;
}

/** The Flue SDK's shape of an agent result: `runId` is absent for persistent agents, which create no run. */
export interface FlueAgentResult<Result = unknown> {
  result: Result;
  runId?: string;
}

/** What a sync `agents.invoke` resolves to, per response format. */
export type AgentSyncResult<Format extends ResponseFormat> = Format extends 'flue' ? FlueAgentResult : AgentInvokeResponse;
/** What a webhook `agents.invoke` resolves to, per response format. */
export type AgentWebhookResult<Format extends ResponseFormat> = Format extends 'flue' ? { runId: string } : WebhookAccepted;
/** An event of an agent stream: a persistent agent's frames or a file-based agent's run events. */
export type AgentEvent = AgentStreamEvent | RunEvent;

/** Options of `agents.dispatch`. */
export interface DispatchOptions extends RequestOptions {
  /** Any JSON value; a string is the prompt, anything else is sent as its JSON text. */
  input?: unknown;
  /** The session inside the instance (default `default`). */
  session?: string;
}

/** `client.agents`: callable (lists agents), with methods to invoke, stream, dispatch and connect. */
export interface AgentsNamespace<Format extends ResponseFormat> {
  /** Lists the discovered agents (same as `list()`). */
  (options?: RequestOptions): Promise<AgentManifestEntry[]>;
  /** Lists the discovered agents. */
  list(options?: RequestOptions): Promise<AgentManifestEntry[]>;
  /** Invokes an agent and streams the invocation (same as `stream`). */
  invoke(name: string, id: string, options: AgentInvokeOptions & { mode: 'stream' }): EventStream<AgentEvent>;
  /** Runs a file-based agent in the background; resolves its run id. */
  invoke<F extends ResponseFormat = Format>(name: string, id: string, options: AgentInvokeOptions<F> & { mode: 'webhook' }): Promise<AgentWebhookResult<F>>;
  /** Invokes an agent and waits for its result. */
  invoke<F extends ResponseFormat = Format>(name: string, id: string, options?: AgentInvokeOptions<F> & { mode?: 'sync' }): Promise<AgentSyncResult<F>>;
  /** Streams one invocation: a persistent agent's `start`/`delta`/`end` frames, or a file-based agent's run events. */
  stream(name: string, id: string, options?: Pick<AgentInvokeOptions, 'payload'> & RequestOptions): EventStream<AgentEvent>;
  /** Hands input to a persistent agent instance for asynchronous processing. */
  dispatch(name: string, id: string, options?: DispatchOptions): Promise<DispatchAccepted>;
  /** Opens a socket to a persistent agent instance for many prompts. */
  connect(name: string, id: string): AgentSocket;
}

export function createAgents<Format extends ResponseFormat>(context: ClientContext): AgentsNamespace<Format> {
  const { transport } = context;
  const { api } = transport;
  const route = (name: string, id: string) => {
    const agent = pathSegment(name, 'agent name');
    const instance = pathSegment(id, 'agent id');
    return { agent, instance, path: `/agents/${encodeURIComponent(agent)}/${encodeURIComponent(instance)}` };
  };

  async function list(options: RequestOptions = {}): Promise<AgentManifestEntry[]> {
    const { data } = await transport.call(
      { method: 'GET', path: '/agents', idempotent: true, send: (init) => api.GET('/agents', init) },
      options,
    );
    return data.agents;
  }

  function stream(name: string, id: string, options: Pick<AgentInvokeOptions, 'payload'> & RequestOptions = {}): EventStream<AgentEvent> {
    const { agent, instance, path } = route(name, id);
    const body = { payload: optionalObject(options.payload, 'payload') ?? {} };
    return context.stream(async function* ({ signal, setRunId }) {
      const { data, response, release, signal: bodySignal } = await transport.call(
        {
          method: 'POST',
          path,
          idempotent: false,
          stream: true,
          headers: { accept: 'text/event-stream' },
          send: (init) =>
            api.POST('/agents/{name}/{agent_id}', {
              params: { path: { name: agent, agent_id: instance } },
              body,
              parseAs: 'stream',
              ...init,
            }),
        },
        { ...options, signal },
      );
      setRunId(response.headers.get('x-flue-run-id') ?? undefined);
      try {
        yield* untilRunEnd(readJsonBatches(data as ReadableStream<Uint8Array>, bodySignal, { method: 'POST', url: response.url })) as AsyncGenerator<AgentEvent[]>;
      } finally {
        release();
      }
    }, options.signal);
  }

  async function invokeJson(name: string, id: string, options: AgentInvokeOptions, webhook: boolean): Promise<unknown> {
    const { agent, instance, path } = route(name, id);
    const body = { payload: optionalObject(options.payload, 'payload') ?? {} };
    const format = options.responseFormat === undefined ? transport.options.responseFormat : normalizeResponseFormat(options.responseFormat);
    const { data, response } = await transport.call(
      {
        method: 'POST',
        path,
        idempotent: false,
        ...(webhook ? { headers: { 'x-webhook': 'true' } } : {}),
        send: (init) =>
          api.POST('/agents/{name}/{agent_id}', { params: { path: { name: agent, agent_id: instance } }, body, ...init }),
      },
      options,
    );
    if (webhook && !isAcceptedReceipt(data)) {
      // PyFlue ignores x-webhook for persistent agents: it ran the prompt and answered with it.
      throw new PyFlueApiError({
        status: response.status,
        method: 'POST',
        url: response.url || path,
        body: data,
        message:
          `POST ${path}: "${agent}" answered a webhook call synchronously (${response.status}) instead of accepting it: ` +
          "persistent agents have no webhook mode, and the prompt has already run (its answer is in error.body). Use mode 'sync', or dispatch() for background input.",
      });
    }
    if (format === 'raw') return data;
    return toFlueShape(data, webhook, response);
  }

  function invoke(name: string, id: string, options: AgentInvokeOptions = {}): unknown {
    const mode = options.mode === undefined ? 'sync' : options.mode;
    if (mode === 'stream') return stream(name, id, options);
    if (mode !== 'sync' && mode !== 'webhook') {
      throw new PyFlueInputError(`mode must be 'sync', 'stream' or 'webhook'; got ${JSON.stringify(mode)}.`);
    }
    return invokeJson(name, id, options, mode === 'webhook');
  }

  async function dispatch(name: string, id: string, options: DispatchOptions = {}): Promise<DispatchAccepted> {
    const { agent, instance, path } = route(name, id);
    const session = optionalString(options.session, 'session');
    if (options.input !== undefined) jsonValue(options.input, 'input');
    const body = { input: options.input ?? null, ...(session === undefined ? {} : { session }) };
    const { data } = await transport.call(
      {
        method: 'POST',
        path: `${path}/dispatch`,
        idempotent: false,
        send: (init) =>
          api.POST('/agents/{name}/{agent_id}/dispatch', { params: { path: { name: agent, agent_id: instance } }, body, ...init }),
      },
      options,
    );
    return data;
  }

  function connect(name: string, id: string): AgentSocket {
    const { path } = route(name, id);
    const url = context.socketUrl(path);
    return context.track((onSettled) => new AgentSocket({ url, open: () => context.openWebSocket(url), onSettled }));
  }

  return Object.assign((options?: RequestOptions) => list(options), { list, invoke, stream, dispatch, connect }) as AgentsNamespace<Format>;
}

/**
 * The Flue SDK's `{ result, runId }`, as the Python client's `_shape_agent_response`
 * builds it: the run id from `_meta`, the body or the `X-Flue-Run-Id` header; the result
 * is the body's `result`, else the body without its run-id keys. A persistent agent's
 * reply has no run id and keeps `{ result }` (the Python client raises there instead).
 */
function isAcceptedReceipt(body: unknown): body is WebhookAccepted {
  const receipt = body as Partial<WebhookAccepted> | null;
  return receipt !== null && typeof receipt === 'object' && receipt.status === 'accepted' && typeof receipt.runId === 'string';
}

function toFlueShape(body: unknown, webhook: boolean, response: Response): FlueAgentResult | { runId: string } {
  const object = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
  const meta = object && object._meta && typeof object._meta === 'object' ? (object._meta as Record<string, unknown>) : {};
  const runId = [meta.runId, meta.run_id, object?.runId, object?.run_id, response.headers.get('x-flue-run-id')].find(
    (value): value is string => typeof value === 'string' && value !== '',
  );
  if (webhook) return { runId: (body as WebhookAccepted).runId };
  let result: unknown = body;
  if (object) {
    result = 'result' in object
      ? object.result
      : Object.fromEntries(Object.entries(object).filter(([key]) => key !== '_meta' && key !== 'runId' && key !== 'run_id'));
  }
  return runId ? { result, runId } : { result };
}
