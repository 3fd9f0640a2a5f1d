/**
 * What users declare for the fake, in the shapes they write PyFlue projects in: a
 * workflow or file-based agent is `async (ctx) => result`; a persistent agent is
 * `{ persistent: true, reply }`.
 */
import type { components } from '../spec.js';

/** The wire shape (both spellings), as the server sends it. */
type PromptUsage = components['schemas']['PromptUsage'];

/** `ctx.log`: each call records a `log` run event `{ level, message, ...fields }`. */
export interface FakeRunLog {
  /** Records `{ level: 'info', message, ...fields }`. */
  info(message: string, fields?: Record<string, unknown>): Promise<void>;
  /** Records `{ level: 'warn', message, ...fields }`. */
  warn(message: string, fields?: Record<string, unknown>): Promise<void>;
  /** Records `{ level: 'error', message, ...fields }`. */
  error(message: string, fields?: Record<string, unknown>): Promise<void>;
}

/** The context a workflow or file-based agent handler gets, as PyFlue's `FlueContext`. */
export interface FakeRunContext<Payload = Record<string, any>> {
  /** The invocation's payload (the request body, a top-level `payload` unwrapped; `{}` when empty). */
  readonly payload: Payload;
  /** The invocation's identity: the run id (`ctx.id` in PyFlue). */
  readonly id: string;
  /** The run id (`run_<ULID>`, or `workflow:<name>:run_<ULID>` for a workflow). */
  readonly runId: string;
  /** The agent instance id from the URL; for a workflow, the run id (PyFlue's `ctx.agent_id`). */
  readonly agentId: string;
  /** The same as `agentId`, in PyFlue's spelling. */
  readonly agent_id: string;
  /** The workflow's or agent's name. */
  readonly name: string;
  /** Records `log` events in the run. */
  readonly log: FakeRunLog;
  /** Aborted when the fake is closed: long handlers can stop then. */
  readonly signal: AbortSignal;
}

/**
 * A workflow (`run(ctx)`) or a file-based agent (`default(ctx)`): its return value is the
 * run's result. Annotate `ctx: FakeRunContext<{ name: string }>` to type the payload: the
 * method-shaped declaration (React's "bivariance hack") lets such a handler stand where a
 * handler of any payload is expected, as a payload is whatever the caller sent.
 */
export type FakeHandler<Payload = Record<string, any>> = {
  /** Runs once per invocation; the run's result is what it returns (or resolves to). */
  bivarianceHack(ctx: FakeRunContext<Payload>): unknown;
}['bivarianceHack'];

/** A file-based agent with module-level settings; `triggers.webhook: false` hides it from HTTP. */
export interface FakeFileAgent<Payload = Record<string, any>> {
  /** The module's `default(ctx)`. */
  handler: FakeHandler<Payload>;
  triggers?: FakeTriggers;
}

/** A module's `triggers`; `webhook: false` makes HTTP calls answer 404 `agent_not_webhook`. */
export interface FakeTriggers {
  webhook?: boolean;
  [key: string]: unknown;
}

/** One earlier message of a session, oldest first. */
export interface FakeHistoryEntry {
  role: 'user' | 'assistant';
  content: string;
}

/** What a persistent (or the default) agent's `reply` is called with, once per prompt. */
export interface FakeTurn {
  /** The prompt text (`message`, or `prompt`, of the request; a dispatched non-string input as JSON text). */
  message: string;
  /** The session name within the instance (`default` when none was given); for the default agent, its session id. */
  session: string;
  /** The instance id from the URL; for the default agent (`/prompt/{id}`), the session id. */
  instanceId: string;
  /** The agent's name; `null` for the default agent. */
  agent: string | null;
  /** The session key the harness sees: `<instanceId>:<session>` (the session id for the default agent). */
  sessionId: string;
  /** The session's earlier messages, oldest first (this prompt not included). */
  history: readonly FakeHistoryEntry[];
  /** Aborted by `POST /sessions/{id}/abort` (default agent) or when the fake closes. */
  signal: AbortSignal;
}

/** A reply: the text alone, or the text with the fields of PyFlue's prompt result. */
export type FakeReply =
  | string
  | {
      text: string;
      /** The harness metadata (default `{}`). */
      metadata?: Record<string, unknown>;
      /** Token usage; missing fields are 0. */
      usage?: Partial<Omit<PromptUsage, 'cost'>> & { cost?: Partial<PromptUsage['cost']> };
      /** The model id (default `fake/model`). */
      model?: string | null;
      /** How a streamed reply is split into `delta` frames (default: one delta with the whole text). */
      deltas?: string[];
      /**
       * Tool calls the reply made, streamed before its text as a `tool_start` and a
       * `tool_end` frame each (as a harness that calls tools streams them); a reply that is
       * not streamed returns the text only, as PyFlue does.
       */
      toolCalls?: FakeToolCall[];
    };

/** One tool call of a streamed reply: its `tool_start` (name, args), then its `tool_end` (result). */
export interface FakeToolCall {
  /** The tool's name (`toolName` on the wire). */
  name: string;
  /** The tool's input (default `{}`). */
  args?: unknown;
  /** The tool's output (default `null`). */
  result?: unknown;
  /** The call failed (`result` is then its error text); default false. */
  isError?: boolean;
  /** Default `call_<n>`, counted within the reply. */
  toolCallId?: string;
}

/** A persistent agent (`create_agent(...)`): each id is an instance, each `session` a conversation. */
export interface FakePersistentAgent {
  persistent: true;
  /** Answers one prompt: the harness's reply. Throwing fails the prompt (500 internal_error). */
  reply: (turn: FakeTurn) => FakeReply | Promise<FakeReply>;
  triggers?: FakeTriggers;
}

/** Any agent the fake serves under `/agents/{name}/{id}`. */
export type FakeAgent = FakeHandler | FakeFileAgent | FakePersistentAgent;

/** The default agent behind `/prompt/{sessionId}` (the project's harness in PyFlue). */
export interface FakeDefaultAgent {
  /** Answers one prompt of `/prompt/{sessionId}`. */
  reply: (turn: FakeTurn) => FakeReply | Promise<FakeReply>;
}

/** What `createFakePyFlue` takes. */
export interface FakePyFlueOptions {
  /** Agents by name; nested names are dotted (`support.billing`). */
  agents?: Record<string, FakeAgent>;
  /** Workflows by name. */
  workflows?: Record<string, FakeHandler>;
  /** The agent behind `/prompt/{sessionId}`; default: {@link echoReply}. */
  defaultAgent?: FakeDefaultAgent;
  /** The base URL clients use in process (default `http://pyflue.fake.invalid`, which resolves nowhere). */
  baseUrl?: string;
  /** Runs kept in memory before the oldest are evicted (PyFlue: 1024). */
  maxRuns?: number;
  /** Interval of the `: heartbeat` comments of `GET /runs/{id}/stream` (PyFlue: 15 000 ms). */
  heartbeatMs?: number;
}
