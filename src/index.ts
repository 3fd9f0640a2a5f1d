/**
 * @pyflue/client: the TypeScript client for PyFlue servers.
 *
 * @module @pyflue/client
 */
export { PyFlueClient, createFlueClient, create_flue_client } from './facade/client.js';
export type { CreateFlueClientOptions, PyFlueClientOptions } from './facade/client.js';
export type { ClientOptions, HeadersOption, ResponseFormat } from './facade/options.js';
export type { RequestOptions } from './facade/transport.js';
export { APIPromise } from './facade/api-promise.js';
export type { WithResponse } from './facade/api-promise.js';
export type { Middleware } from 'openapi-fetch';
export {
  PyFlueError,
  PyFlueInputError,
  PyFlueApiError,
  PyFlueBadRequestError,
  PyFlueUnauthorizedError,
  PyFlueForbiddenError,
  PyFlueNotFoundError,
  PyFlueMethodNotAllowedError,
  PyFlueConflictError,
  PyFlueUnsupportedMediaTypeError,
  PyFlueValidationError,
  PyFlueRateLimitError,
  PyFlueServerError,
  PyFlueConnectionError,
  PyFlueTimeoutError,
  PyFlueStreamError,
  PyFlueSocketError,
  PyFlueResultError,
  PyFlueClientClosedError,
} from './facade/errors.js';
export type { ApiErrorInit, SchemaIssue, SocketErrorInit } from './facade/errors.js';
export { EventStream } from './facade/streaming.js';
export type { RunStreamOptions, ResumeOptions } from './facade/run-stream-options.js';
export type {
  AgentsNamespace,
  AgentInvokeOptions,
  AgentInvokeMode,
  AgentStreamOptions,
  AgentWebhookResult,
  FlueWebhookResult,
  DispatchOptions,
} from './facade/resources/agents.js';
export type {
  AppDefinition,
  AppAgent,
  AppWorkflow,
  AgentName,
  AgentPayload,
  AgentResult,
  AgentStreamEventOf,
  AgentSyncResult,
  IsPersistentAgent,
  WorkflowName,
  WorkflowInput,
  WorkflowResult,
  FileAgentMeta,
  FlueAgentResult,
  FlueRunResult,
  FluePromptResult,
  FlueFileAgentValue,
  RawFileAgentResult,
  OptionsArgs,
  PayloadField,
} from './facade/app.js';
export type { Workflows, WorkflowInvokeOptions, WorkflowStreamOptions } from './facade/resources/workflows.js';
export type { Runs, RunEventsOptions } from './facade/resources/runs.js';
export type { Admin, AdminAgents, AdminInstances, AdminRuns, PageOptions, RunFilter, RunListOptions } from './facade/resources/admin.js';
export type { PromptOptions, TypedPromptResult, Sessions } from './facade/resources/default-agent.js';
export { extractStructuredText } from './facade/result-schema.js';
export type { StandardSchemaV1 } from './facade/result-schema.js';
// Types only: `connect()` loads the socket code when it is called (the classes are in @pyflue/client/sockets).
export type { AgentSocket, SocketPromptOptions } from './facade/sockets/agent-socket.js';
export type { WorkflowSocket, WorkflowRunOptions, WorkflowInvokeResult, WorkflowSocketArgs } from './facade/sockets/workflow-socket.js';
export type { WebSocketFactory, WebSocketLike, WebSocketLikeEventMap } from './facade/sockets/websocket.js';
export * from './facade/types.js';
export type { paths, components, operations } from './generated/openapi.js';
