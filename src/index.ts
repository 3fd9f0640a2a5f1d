/**
 * @pyflue/client: the TypeScript client for PyFlue servers.
 *
 * @module @pyflue/client
 */
export { PyFlueClient, createFlueClient, create_flue_client } from './facade/client.js';
export type { CreateFlueClientOptions, PyFlueClientOptions } from './facade/client.js';
export type { ClientOptions, HeadersOption, ResponseFormat } from './facade/core/options.js';
export type { RequestOptions, RunStreamOptions, ResumeOptions } from './facade/core/options.js';
export { APIPromise } from './facade/core/api-promise.js';
export type { WithResponse } from './facade/core/api-promise.js';
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
} from './facade/core/errors.js';
export type { ApiErrorInit, SchemaIssue, SocketErrorInit } from './facade/core/errors.js';
export { EventStream } from './facade/core/event-stream.js';
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
} from './facade/core/app.js';
export type { Workflows, WorkflowInvokeOptions, WorkflowStreamOptions } from './facade/resources/workflows.js';
export type { Runs, RunEventsOptions } from './facade/resources/runs.js';
export type { Admin, AdminAgents, AdminInstances, AdminRuns, PageOptions, RunFilter, RunListOptions } from './facade/resources/admin.js';
export type { PromptOptions, TypedPromptResult, Sessions } from './facade/resources/default-agent.js';
export { extractStructuredText } from './facade/core/structured-text.js';
export type { StandardSchemaV1 } from './facade/core/structured-text.js';
// Types only: `connect()` loads the socket code when it is called (the classes are in @pyflue/client/sockets).
export type { AgentSocket, SocketPromptOptions } from './facade/internal/sockets/agent-socket.js';
export type { WorkflowSocket, WorkflowRunOptions, WorkflowInvokeResult, WorkflowSocketArgs } from './facade/internal/sockets/workflow-socket.js';
export type { WebSocketFactory, WebSocketLike, WebSocketLikeEventMap } from './facade/core/websocket.js';
export * from './facade/core/types.js';
export type { paths, components, operations } from './generated/openapi.js';
