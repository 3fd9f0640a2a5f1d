/**
 * Public names for the generated wire types (aliases of src/generated/openapi.ts, never
 * copies), plus the narrowings the generator cannot express.
 */
import type { components } from '../generated/openapi.js';

type Schemas = components['schemas'];

export type HealthResponse = Schemas['HealthResponse'];
export type AgentManifestEntry = Schemas['AgentManifestEntry'];
export type PromptResult = Schemas['PromptResult'];
export type PromptUsage = Schemas['PromptUsage'];
export type AgentPromptResponse = Schemas['AgentPromptResponse'];
export type FileAgentResult = Schemas['FileAgentResult'];
export type AgentInvokeResponse = Schemas['AgentInvokeResponse'];
export type WebhookAccepted = Schemas['WebhookAcceptedResponse'];
export type DispatchAccepted = Schemas['DispatchAcceptedResponse'];
export type WorkflowCompleted = Schemas['WorkflowCompletedResponse'];
export type RunRecord = Schemas['RunRecord'];
export type RunStatus = Schemas['RunStatus'];
export type RunStatusQuery = Schemas['RunStatusQuery'];
export type RunEvent = Schemas['RunEvent'];
export type RunEventList = Schemas['RunEventListResponse'];
export type AbortSessionResponse = Schemas['AbortSessionResponse'];
export type DevStatus = Schemas['DevStatusResponse'];
export type AdminAgent = Schemas['AdminAgent'];
export type AdminInstance = Schemas['AdminInstance'];
export type AdminAgentsPage = Schemas['AdminAgentsPage'];
export type AdminInstancesPage = Schemas['AdminInstancesPage'];
export type AdminRunsPage = Schemas['AdminRunsPage'];
export type AdminInstanceRunsPage = Schemas['AdminInstanceRunsPage'];

/** The run events PyFlue itself emits, with their data typed. */
export type RunStartEvent = RunEvent & { type: 'run_start'; data: Schemas['RunStartData'] };
export type RunEndEvent = RunEvent & { type: 'run_end'; data: Schemas['RunEndData'] };
export type LogEvent = RunEvent & { type: 'log'; data: Schemas['LogEventData'] };

export function isRunStart(event: RunEvent): event is RunStartEvent {
  return event.type === 'run_start';
}
export function isRunEnd(event: RunEvent): event is RunEndEvent {
  return event.type === 'run_end';
}
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
