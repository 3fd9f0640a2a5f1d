/**
 * The public names of the wire types. Each is an interface over the one generated schema
 * (src/generated/openapi.ts, which the AsyncAPI spec shares), never a copy: the interface
 * adds nothing but a name, so editors show `RunRecord` where they would otherwise show
 * its twenty fields. Unions are named aliases of these interfaces, so they narrow with
 * `===` and `switch`, and exhaustive `switch`es compile with a `never` default.
 */
import type { components } from '../../generated/openapi.js';

type Schemas = components['schemas'];
/** One generated schema, in a form an interface can extend. */
type Schema<Name extends keyof Schemas> = Schemas[Name];

// ─── Errors ──────────────────────────────────────────────────────────────────

/** One error as the server reports it: HTTP envelopes, `event: error` frames, socket error frames, a failed run's error. */
export interface ErrorBody extends Schema<'ErrorBody'> {}
/** The server's error envelope: `{ error: ErrorBody }`. */
export interface ErrorEnvelope {
  error: ErrorBody;
}
/** Every code the server itself sends (a handler may raise a `PyFlueError` with a code of its own). */
export type ErrorType = Schemas['ErrorType'];

// ─── Health, agents, prompts ────────────────────────────────────────────────

/** `GET /health`: `{ ok, framework }`. */
export interface HealthResponse extends Schema<'HealthResponse'> {}
/** One discovered agent: its name, route template and triggers. */
export interface AgentManifestEntry extends Schema<'AgentManifestEntry'> {}
/** An agent's reply: `text`, `metadata`, `usage` and `model`. */
export interface PromptResult extends Schema<'PromptResult'> {
  usage: PromptUsage;
  model: PromptModel;
}
/** Token counts and cost of one prompt. */
export interface PromptUsage extends Schema<'PromptUsage'> {
  cost: PromptCost;
}
/** The cost of one prompt, per bucket. */
export interface PromptCost extends Schema<'PromptCost'> {}
/** The model that answered; `id` is null when the harness reports none. */
export interface PromptModel extends Schema<'PromptModel'> {}
/** A persistent agent's answer: `{ result }`. */
export interface AgentPromptResponse {
  result: PromptResult;
}
/** A file-based agent's dict result, with `_meta: { run_id, runId }` merged in. */
export interface FileAgentResult extends Schema<'FileAgentResult'> {}
/** The raw body of a sync agent call: a persistent agent's `{ result }` or a file-based agent's return value. */
export type AgentInvokeResponse =
  | AgentPromptResponse
  | FileAgentResult
  | Exclude<Schemas['AgentInvokeResponse'], Schemas['AgentPromptResponse'] | Schemas['FileAgentResult']>;
/**
 * Narrows a raw agent result to a persistent agent's `{ result: PromptResult }`. A
 * file-based agent's dict result always carries `_meta`, which tells the two apart.
 */
export function isAgentPromptResponse(body: AgentInvokeResponse): body is AgentPromptResponse {
  if (body === null || typeof body !== 'object' || Array.isArray(body) || '_meta' in body) return false;
  const result = (body as { result?: unknown }).result;
  return result !== null && typeof result === 'object' && typeof (result as { text?: unknown }).text === 'string';
}
/** A run accepted to run in the background: `{ status: 'accepted', run_id, runId }`. */
export interface WebhookAccepted extends Schema<'WebhookAcceptedResponse'> {}
/** The receipt of `agents.dispatch`: `{ status, dispatchId, acceptedAt }` (both spellings). */
export interface DispatchAccepted extends Schema<'DispatchAcceptedResponse'> {}
/** A workflow run waited for: `{ status: 'completed', runId, result }`; `Result` comes from a typed app. */
export interface WorkflowCompleted<Result = unknown> extends Omit<Schema<'WorkflowCompletedResponse'>, 'result'> {
  /** The workflow's return value. */
  result: Result;
}
/** `sessions.abort`: whether an operation was running and was cancelled. */
export interface AbortSessionResponse extends Schema<'AbortSessionResponse'> {}

// ─── Runs ────────────────────────────────────────────────────────────────────

/** One run's record: ids, agent, timing, status, error and result. */
export interface RunRecord extends Schema<'RunRecord'> {
  error: ErrorBody | null;
}
/** A run's stored status: `running`, `succeeded` or `failed`. */
export type RunStatus = Schemas['RunStatus'];
/** The admin status filter: `active`, `completed`, `errored` (or the stored names). */
export type RunStatusQuery = Schemas['RunStatusQuery'];
/** The data of `run_start`: the agent (or workflow) and its instance. */
export interface RunStartData extends Schema<'RunStartData'> {}
/** The data of a `log` event: `{ level, message, ...fields }`. */
export interface LogEventData extends Schema<'LogEventData'> {}
/** The data of `run_end`: `{ is_error, error, status }`. */
export interface RunEndData extends Schema<'RunEndData'> {
  error: ErrorBody | null;
}
/** The first event of every run. */
export interface RunStartEvent extends Schema<'RunStartEvent'> {
  data: RunStartData;
}
/** A `ctx.log.info/warn/error` event. */
export interface LogEvent extends Schema<'LogEvent'> {
  data: LogEventData;
}
/** The last event of every run, with its status and error. */
export interface RunEndEvent extends Schema<'RunEndEvent'> {
  data: RunEndData;
}
/** One event of a run: exactly `run_start`, `log` or `run_end` in PyFlue 0.2.0. Narrow it on `type`. */
export type RunEvent = RunStartEvent | LogEvent | RunEndEvent;
/**
 * An event of a run's stream (`runs.stream`, `workflows.stream`): a run event, or an event
 * of a type this client does not know (a newer server's), as an `UnknownFrame`.
 */
export type RunStreamEvent = RunEvent | UnknownFrame;
/** A page of a run's recorded events, with `nextAfter` for the next page. */
export interface RunEventList extends Omit<Schema<'RunEventListResponse'>, 'events'> {
  events: RunEvent[];
}

/** Narrows a run event to `run_start` (the same as `event.type === 'run_start'`). */
export function isRunStart(event: RunStreamEvent): event is RunStartEvent {
  return event.type === 'run_start';
}
/** Narrows a run event to `run_end` (the same as `event.type === 'run_end'`). */
export function isRunEnd(event: RunStreamEvent): event is RunEndEvent {
  return event.type === 'run_end';
}
/** Narrows a run event to a `log` event (the same as `event.type === 'log'`). */
export function isLog(event: RunStreamEvent): event is LogEvent {
  return event.type === 'log';
}

// ─── Streams ─────────────────────────────────────────────────────────────────

/**
 * A frame the client does not know: a custom harness may send frame types of its own.
 * `type` is always `'unknown'` (it cannot collide with a known frame, so it never spoils
 * narrowing); `event` is the frame's own type (its SSE event name), `data` its data as sent.
 */
export interface UnknownFrame {
  type: 'unknown';
  /** The frame's own type, e.g. `thinking`. */
  event: string;
  /** The frame's data as the server sent it. */
  data: unknown;
}

/** `start`: the session, `<instance>:<session>`. */
export interface AgentStreamStart extends Schema<'AgentStreamStart'> {}
/** `delta`: the next piece of the reply's text. */
export interface AgentStreamDelta extends Schema<'AgentStreamDelta'> {}
/** `end`: the whole text and the harness's metadata. */
export interface AgentStreamEnd extends Schema<'AgentStreamEnd'> {}
/** `tool_start`: a tool call begins. */
export interface AgentStreamToolStart extends Schema<'AgentStreamToolStart'> {}
/** `tool_end`: a tool call's result. */
export interface AgentStreamToolEnd extends Schema<'AgentStreamToolEnd'> {}
/** A persistent agent's stream frame, as the spec knows them. */
export type AgentStreamEvent = AgentStreamStart | AgentStreamDelta | AgentStreamEnd | AgentStreamToolStart | AgentStreamToolEnd;
/**
 * An event of `agents.stream`: a persistent agent's frames, a file-based agent's run
 * events, or a frame a custom harness added (`UnknownFrame`).
 */
export type AgentEvent = AgentStreamEvent | RunEvent | UnknownFrame;

/** The default agent's `start` (the client adds `type`, the SSE event name the server leaves out of the data). */
export interface PromptStreamStart extends Schema<'PromptStreamStart'> {
  type: 'start';
}
/** The default agent's `delta`. */
export interface PromptStreamDelta extends Schema<'PromptStreamDelta'> {
  type: 'delta';
}
/** The default agent's `end`. */
export interface PromptStreamEnd extends Schema<'PromptStreamEnd'> {
  type: 'end';
}
/** The default agent's `tool_start`. */
export interface PromptStreamToolStart extends Schema<'PromptStreamToolStart'> {
  type: 'tool_start';
}
/** The default agent's `tool_end`. */
export interface PromptStreamToolEnd extends Schema<'PromptStreamToolEnd'> {
  type: 'tool_end';
}
/** An event of `client.stream` (the default agent), or a frame a custom harness added (`UnknownFrame`). */
export type PromptStreamEvent =
  | PromptStreamStart
  | PromptStreamDelta
  | PromptStreamEnd
  | PromptStreamToolStart
  | PromptStreamToolEnd
  | UnknownFrame;

// ─── Socket frames ───────────────────────────────────────────────────────────

/** Client → server on the agent socket: one prompt. */
export interface AgentPromptMessage extends Schema<'AgentPromptMessage'> {}
/** Server → client on the agent socket: the result of one prompt, in prompt order. */
export interface AgentResultMessage extends Schema<'AgentResultMessage'> {
  result: PromptResult;
}
/** Server → client on either socket: an error, after which the server closes. */
export interface SocketErrorMessage extends Schema<'SocketErrorMessage'> {
  error: ErrorBody;
}
/** Client → server on the workflow socket: the run's payload. */
export interface WorkflowInvokeMessage extends Schema<'WorkflowInvokeMessage'> {}
/** Server → client on the workflow socket: the run succeeded; `Result` comes from a typed app. */
export interface WorkflowResultMessage<Result = unknown> extends Omit<Schema<'WorkflowResultMessage'>, 'result'> {
  /** The workflow's return value. */
  result: Result;
}
/** Every frame the agent socket's server sends; a frame of a type this client does not know comes as an `UnknownFrame`. */
export type AgentServerMessage = AgentResultMessage | SocketErrorMessage | UnknownFrame;
/**
 * Every frame the workflow socket's server sends: the run's events, then a result or an
 * error; an event or frame of a type this client does not know comes as an `UnknownFrame`.
 */
export type WorkflowServerMessage<Result = unknown> = RunEvent | WorkflowResultMessage<Result> | SocketErrorMessage | UnknownFrame;

// ─── Admin ───────────────────────────────────────────────────────────────────

/** An agent (or workflow) with recorded runs, in the admin history. */
export interface AdminAgent extends Schema<'AdminAgent'> {}
/** An instance id seen for an agent, in the admin history. */
export interface AdminInstance extends Schema<'AdminInstance'> {}
/** A page of admin agents, with `nextCursor`. */
export interface AdminAgentsPage extends Omit<Schema<'AdminAgentsPage'>, 'agents' | 'items'> {
  agents: AdminAgent[];
  items: AdminAgent[];
}
/** A page of an agent's instances, with `nextCursor`. */
export interface AdminInstancesPage extends Omit<Schema<'AdminInstancesPage'>, 'instances' | 'items'> {
  instances: AdminInstance[];
  items: AdminInstance[];
}
/** A page of runs, most recent first, with `nextCursor`. */
export interface AdminRunsPage extends Omit<Schema<'AdminRunsPage'>, 'runs' | 'items'> {
  runs: RunRecord[];
  items: RunRecord[];
}
/** A page of one instance's runs, with `nextCursor`. */
export interface AdminInstanceRunsPage extends Omit<Schema<'AdminInstanceRunsPage'>, 'runs' | 'items'> {
  runs: RunRecord[];
  items: RunRecord[];
}
