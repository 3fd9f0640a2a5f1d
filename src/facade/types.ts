/**
 * Public names for the generated wire types (aliases of src/generated/openapi.ts, never
 * copies), plus the narrowings the generator cannot express.
 */
import type { components } from '../generated/openapi.js';

/** The generated schemas (spec/openapi.yaml's components). */
export type Schemas = components['schemas'];

/** `GET /health`: `{ ok, framework }`. */
export type HealthResponse = Schemas['HealthResponse'];
/** One discovered agent: its name, route template and triggers. */
export type AgentManifestEntry = Schemas['AgentManifestEntry'];
/** An agent's reply: `text`, `metadata`, `usage` and `model`. */
export type PromptResult = Schemas['PromptResult'];
/** Token counts and cost of one prompt. */
export type PromptUsage = Schemas['PromptUsage'];
/** A persistent agent's answer: `{ result }`. */
export type AgentPromptResponse = Schemas['AgentPromptResponse'];
/** A file-based agent's dict result, with `_meta: { run_id, runId }` merged in. */
export type FileAgentResult = Schemas['FileAgentResult'];
/** The raw body of a sync agent call: a persistent agent's `{ result }` or a file-based agent's return value. */
export type AgentInvokeResponse = Schemas['AgentInvokeResponse'];
/** A run accepted to run in the background: `{ status: 'accepted', run_id, runId }`. */
export type WebhookAccepted = Schemas['WebhookAcceptedResponse'];
/** The receipt of `agents.dispatch`: `{ status, dispatchId, acceptedAt }` (both spellings). */
export type DispatchAccepted = Schemas['DispatchAcceptedResponse'];
/** A workflow run waited for: `{ status: 'completed', runId, result }`. */
export type WorkflowCompleted = Schemas['WorkflowCompletedResponse'];
/** One run's record: ids, agent, timing, status, error and result. */
export type RunRecord = Schemas['RunRecord'];
/** A run's stored status: `running`, `succeeded` or `failed`. */
export type RunStatus = Schemas['RunStatus'];
/** The admin status filter: `active`, `completed`, `errored` (or the stored names). */
export type RunStatusQuery = Schemas['RunStatusQuery'];
/** One event of a run; `event_index` counts from 1. Narrow it with `isRunStart`, `isLog`, `isRunEnd`. */
export type RunEvent = Schemas['RunEvent'];
/** A page of a run's recorded events, with `nextAfter` for the next page. */
export type RunEventList = Schemas['RunEventListResponse'];
/** `sessions.abort`: whether an operation was running and was cancelled. */
export type AbortSessionResponse = Schemas['AbortSessionResponse'];
/** An agent (or workflow) with recorded runs, in the admin history. */
export type AdminAgent = Schemas['AdminAgent'];
/** An instance id seen for an agent, in the admin history. */
export type AdminInstance = Schemas['AdminInstance'];
/** A page of admin agents, with `nextCursor`. */
export type AdminAgentsPage = Schemas['AdminAgentsPage'];
/** A page of an agent's instances, with `nextCursor`. */
export type AdminInstancesPage = Schemas['AdminInstancesPage'];
/** A page of runs, most recent first, with `nextCursor`. */
export type AdminRunsPage = Schemas['AdminRunsPage'];
/** A page of one instance's runs, with `nextCursor`. */
export type AdminInstanceRunsPage = Schemas['AdminInstanceRunsPage'];

/** The first event of every run, with its data typed. */
export type RunStartEvent = RunEvent & { type: 'run_start'; data: Schemas['RunStartData'] };
/** The last event of every run: `{ is_error, error, status }`. */
export type RunEndEvent = RunEvent & { type: 'run_end'; data: Schemas['RunEndData'] };
/** A `ctx.log.info/warn/error` event: `{ level, message, ...fields }`. */
export type LogEvent = RunEvent & { type: 'log'; data: Schemas['LogEventData'] };

/** Narrows a run event to `run_start`. */
export function isRunStart(event: RunEvent): event is RunStartEvent {
  return event.type === 'run_start';
}
/** Narrows a run event to `run_end`. */
export function isRunEnd(event: RunEvent): event is RunEndEvent {
  return event.type === 'run_end';
}
/** Narrows a run event to a `log` event. */
export function isLog(event: RunEvent): event is LogEvent {
  return event.type === 'log';
}

/** A persistent agent's stream: `start`, `delta`, `end`, and tool frames (`type` repeats the SSE event). */
export type AgentStreamEvent =
  | Schemas['AgentStreamStart']
  | Schemas['AgentStreamDelta']
  | Schemas['AgentStreamEnd']
  | Schemas['AgentStreamFrame'];

/** The default agent's stream; the client adds `type` (the SSE event name), which the server leaves out. */
export type PromptStreamEvent =
  | ({ type: 'start' } & Schemas['PromptStreamStart'])
  | ({ type: 'delta' } & Schemas['PromptStreamDelta'])
  | ({ type: 'end' } & Schemas['PromptStreamEnd'])
  | { type: string; [key: string]: unknown };
