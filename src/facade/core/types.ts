/**
 * The public names of the wire types. Each is an interface over the one generated schema
 * (src/generated/openapi.ts, which the AsyncAPI spec shares), never a copy: the interface
 * adds nothing but a name, so editors show `RunRecord` where they would otherwise show
 * its twenty fields. Unions are named aliases over the generated unions (a regenerate
 * alone updates them: a member the spec adds appears with its generated shape), so they
 * narrow with `===` and `switch`, and exhaustive `switch`es compile with a `never` default.
 *
 * One spelling per field: the server sends many fields twice (`run_id` and `runId`); the
 * types carry the camelCase name only, and the fields the server sends in snake_case alone
 * get their camelCase name (`eventCount`, `isError`, `cacheRead`). Which name each field
 * takes is the generated `FieldNames` (src/generated/wire.ts), the very rule by which the
 * client adds those names at run time (internal/answers/wire-names.ts). The snake_case keys stay
 * in the objects at run time, untyped.
 */
import type { components } from '../../generated/openapi.js';
import type * as Sockets from '../../generated/asyncapi.js';
import type { FieldNames } from '../../generated/wire.js';

type Schemas = components['schemas'];
/** A generated schema with one spelling per field (`Names`: its entry in the generated `FieldNames`). */
type OneSpelling<T, Names = {}> = {
  [Key in keyof T as Key extends keyof Names ? Names[Key] & PropertyKey : Key]: T[Key];
};
/** The generated `FieldNames` entry of a component schema (none: every field keeps its name). */
type NamesOf<Name> = Name extends keyof FieldNames ? FieldNames[Name] : {};
/** One generated schema, in a form an interface can extend. */
type Schema<Name extends keyof Schemas> = OneSpelling<Schemas[Name], NamesOf<Name>>;
/** The component a generated union member is (by its `type`), for its `FieldNames`. */
type ComponentOf<Generated> = {
  [Name in keyof Schemas]: [Schemas[Name]] extends [Generated] ? ([Generated] extends [Schemas[Name]] ? Name : never) : never;
}[keyof Schemas];
/**
 * The members of a generated union by their `type`: the named interface where `Named` has
 * one, else the generated member itself (with one spelling), so a type the spec adds shows
 * up after a regenerate without an edit here.
 */
type ByType<Generated, Named> = Generated extends { type: infer Type }
  ? Type extends keyof Named
    ? Named[Type]
    : OneSpelling<Generated, NamesOf<ComponentOf<Generated>>>
  : never;
/** `tool_start` as `ToolStart`: the spec names the default agent's frames `PromptStream<Type>`. */
type PascalCase<Key extends string> = Key extends `${infer Head}_${infer Tail}` ? `${Capitalize<Head>}${PascalCase<Tail>}` : Capitalize<Key>;

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
export interface PromptResult extends Omit<Schema<'PromptResult'>, 'usage' | 'model'> {
  usage: PromptUsage;
  model: PromptModel;
}
/** Token counts and cost of one prompt. */
export interface PromptUsage extends Omit<Schema<'PromptUsage'>, 'cost'> {
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
/** A file-based agent's dict result, with `_meta: { runId }` merged in. */
export interface FileAgentResult extends Omit<Schemas['FileAgentResult'], '_meta'> {
  _meta: { runId: string; [key: string]: unknown };
}
/** The raw body of a sync agent call: a persistent agent's `{ result }` or a file-based agent's return value. */
export type AgentInvokeResponse =
  | AgentPromptResponse
  | FileAgentResult
  | Exclude<Schemas['AgentInvokeResponse'], Schemas['AgentPromptResponse'] | Schemas['FileAgentResult']>;
/** A run accepted to run in the background: `{ status: 'accepted', runId }`. */
export interface WebhookAccepted extends Schema<'WebhookAcceptedResponse'> {}
/** The receipt of `agents.dispatch`: `{ status, dispatchId, acceptedAt }`. */
export interface DispatchAccepted extends Schema<'DispatchAcceptedResponse'> {}
/** A workflow run waited for: `{ status: 'completed', runId, result }`; `Result` comes from a typed app. */
export interface WorkflowCompleted<Result = unknown> extends Omit<Schema<'WorkflowCompletedResponse'>, 'result'> {
  /** The workflow's return value. */
  result: Result;
}
/** `sessions.abort`: whether an operation was running and was cancelled, and the session (`sessionId`). */
export interface AbortSessionResponse extends Schema<'AbortSessionResponse'> {}

// ─── Runs ────────────────────────────────────────────────────────────────────

/**
 * One run's record: `runId`, `agentName`, `instanceId`, timing (`startedAt`, `endedAt` as
 * ISO dates, `durationMs`), `status`, `isError`, `error`, `result` and `eventCount`.
 */
export interface RunRecord extends Omit<Schema<'RunRecord'>, 'error'> {
  error: ErrorBody | null;
}
/** A run's stored status: `running`, `succeeded` or `failed`. */
export type RunStatus = Schemas['RunStatus'];
/** The data of `run_start`: the agent (or workflow) and its instance (`instanceId`, as on `RunRecord`). */
export interface RunStartData extends Schema<'RunStartData'> {}
/** The data of a `log` event: `{ level, message, ...fields }`. */
export interface LogEventData extends Schema<'LogEventData'> {}
/** The data of `run_end`: `{ isError, error, status }`. */
export interface RunEndData extends Omit<Schema<'RunEndData'>, 'error'> {
  error: ErrorBody | null;
}
/** The first event of every run. */
export interface RunStartEvent extends Omit<Schema<'RunStartEvent'>, 'data'> {
  data: RunStartData;
}
/** A `ctx.log.info/warn/error` event. */
export interface LogEvent extends Omit<Schema<'LogEvent'>, 'data'> {
  data: LogEventData;
}
/** The last event of every run, with its status and error. */
export interface RunEndEvent extends Omit<Schema<'RunEndEvent'>, 'data'> {
  data: RunEndData;
}
/** The named run events by `type`. */
interface RunEventTypes {
  run_start: RunStartEvent;
  log: LogEvent;
  run_end: RunEndEvent;
}
/** One event of a run: `run_start`, `log` or `run_end` in PyFlue 0.2.0 (the spec's `RunEvent`). Narrow it on `type`. */
export type RunEvent = ByType<Schemas['RunEvent'], RunEventTypes>;
/**
 * An event of a run's stream (`runs.stream`, `workflows.stream`): a run event, or an event
 * of a type this client does not know (a newer server's), as an `UnknownFrame`.
 */
export type RunStreamEvent = RunEvent | UnknownFrame;
/**
 * A page of a run's recorded events, with `nextAfter` for the next page. Open like a run's
 * stream: an event of a type this client does not know (a newer server's) is an `UnknownFrame`.
 */
export interface RunEventList extends Omit<Schema<'RunEventListResponse'>, 'events'> {
  events: RunStreamEvent[];
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
/** The named agent stream frames by `type`. */
interface AgentStreamTypes {
  start: AgentStreamStart;
  delta: AgentStreamDelta;
  end: AgentStreamEnd;
  tool_start: AgentStreamToolStart;
  tool_end: AgentStreamToolEnd;
}
/** A persistent agent's stream frame, as the spec knows them (its `AgentStreamEvent`). */
export type AgentStreamEvent = ByType<Schemas['AgentStreamEvent'], AgentStreamTypes>;
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
/** The named default-agent frames by `type`. */
interface PromptStreamTypes {
  start: PromptStreamStart;
  delta: PromptStreamDelta;
  end: PromptStreamEnd;
  tool_start: PromptStreamToolStart;
  tool_end: PromptStreamToolEnd;
}
/**
 * The default agent's frame of each type the spec's `AgentStreamEvent` knows: the named
 * interface, else the spec's `PromptStream<Type>` schema with its `type` added.
 */
type PromptFrame<Type> = Type extends keyof PromptStreamTypes
  ? PromptStreamTypes[Type]
  : Type extends string
    ? `PromptStream${PascalCase<Type>}` extends infer Name extends keyof Schemas
      ? OneSpelling<Schemas[Name], NamesOf<Name>> & { type: Type }
      : never
    : never;
/** An event of `client.stream` (the default agent), or a frame a custom harness added (`UnknownFrame`). */
export type PromptStreamEvent = PromptFrame<Schemas['AgentStreamEvent']['type']> | UnknownFrame;

// ─── Socket frames ───────────────────────────────────────────────────────────

/** Client → server on the agent socket: one prompt. */
export interface AgentPromptMessage extends Schema<'AgentPromptMessage'> {}
/** Server → client on the agent socket: the result of one prompt, in prompt order. */
export interface AgentResultMessage extends Omit<Schema<'AgentResultMessage'>, 'result'> {
  result: PromptResult;
}
/** Server → client on either socket: an error, after which the server closes. */
export interface SocketErrorMessage extends Omit<Schema<'SocketErrorMessage'>, 'error'> {
  error: ErrorBody;
}
/** Client → server on the workflow socket: the run's payload. */
export interface WorkflowInvokeMessage extends Schema<'WorkflowInvokeMessage'> {}
/** Server → client on the workflow socket: the run succeeded; `Result` comes from a typed app. */
export interface WorkflowResultMessage<Result = unknown> extends Omit<Schema<'WorkflowResultMessage'>, 'result'> {
  /** The workflow's return value. */
  result: Result;
}
/** The named agent socket frames by `type`. */
interface AgentServerTypes {
  result: AgentResultMessage;
  error: SocketErrorMessage;
}
/** The named workflow socket frames by `type`. */
interface WorkflowServerTypes<Result> extends RunEventTypes {
  result: WorkflowResultMessage<Result>;
  error: SocketErrorMessage;
}
/** Every frame the agent socket's server sends (the spec's `AgentServerMessage`), or one it does not know (`UnknownFrame`). */
export type AgentServerMessage = ByType<Sockets.AgentServerMessage, AgentServerTypes> | UnknownFrame;
/**
 * Every frame the workflow socket's server sends (the spec's `WorkflowServerMessage`): the
 * run's events, then a result or an error; or a frame it does not know (`UnknownFrame`).
 */
export type WorkflowServerMessage<Result = unknown> = ByType<Sockets.WorkflowServerMessage, WorkflowServerTypes<Result>> | UnknownFrame;

// ─── Admin ───────────────────────────────────────────────────────────────────

/** An agent (or workflow) with recorded runs, in the admin history. */
export interface AdminAgent extends Schema<'AdminAgent'> {}
/** An instance id seen for an agent, in the admin history. */
export interface AdminInstance extends Schema<'AdminInstance'> {}
/** A page of `admin.agents.list()`, as the server sends it: `agents` and `items` (the same list), `nextCursor`. */
export interface AdminAgentsPage extends Omit<Schema<'AdminAgentsPage'>, 'agents' | 'items'> {
  agents: AdminAgent[];
  items: AdminAgent[];
}
/** A page of `admin.instances.list()`, as the server sends it: the agent, `instances` and `items` (the same list), `nextCursor`. */
export interface AdminInstancesPage extends Omit<Schema<'AdminInstancesPage'>, 'instances' | 'items'> {
  instances: AdminInstance[];
  items: AdminInstance[];
}
/** A page of `admin.runs.list()`, as the server sends it: `runs` and `items` (the same list), `nextCursor`. */
export interface AdminRunsPage extends Omit<Schema<'AdminRunsPage'>, 'runs' | 'items'> {
  runs: RunRecord[];
  items: RunRecord[];
}
/** A page of `admin.runs.listForInstance()`, as the server sends it: the agent and instance, `runs` and `items`, `nextCursor`. */
export interface AdminInstanceRunsPage extends Omit<Schema<'AdminInstanceRunsPage'>, 'runs' | 'items'> {
  runs: RunRecord[];
  items: RunRecord[];
}
/**
 * The words the admin run lists filter on: a run's `status` (`running`, `succeeded`,
 * `failed`), or the word that means the same (`active`, `completed`, `errored`).
 */
export type RunStatusQuery = Schemas['RunStatusQuery'];
