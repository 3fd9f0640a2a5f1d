/**
 * @pyflue/client: the TypeScript client for PyFlue servers.
 *
 * The main entry holds what users write or name in their code (at most 70 names, held
 * by test/types/public-surface.test.ts). The generated `paths`/`components`/`operations`
 * are in `@pyflue/client/spec`; the socket classes (values) in `@pyflue/client/sockets`.
 * @module @pyflue/client
 */
export { PyFlueClient, createFlueClient, create_flue_client } from './facade/client.js';
export type { CreateFlueClientOptions, PyFlueClientOptions } from './facade/client.js';
export type { ClientOptions, RequestOptions, RunStreamOptions } from './facade/core/options.js';
export { APIPromise } from './facade/core/api-promise.js';
export { PagePromise } from './facade/core/pagination.js';
export type { Page } from './facade/core/pagination.js';
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
  PyFlueUnprocessableEntityError,
  PyFlueRateLimitError,
  PyFlueServerError,
  PyFlueConnectionError,
  PyFlueTimeoutError,
  PyFlueStreamError,
  PyFlueSocketError,
  PyFlueResultError,
  PyFlueClientClosedError,
} from './facade/core/errors.js';
export { EventStream } from './facade/core/event-stream.js';
export { defineApp } from './facade/core/app.js';
export type { AppDefinition, InferApp, FlueRunResult, FluePromptResult } from './facade/core/app.js';
export type { AgentInvokeOptions, AgentStreamOptions, DispatchOptions } from './facade/resources/agents.js';
export type { WorkflowInvokeOptions, WorkflowStreamOptions } from './facade/resources/workflows.js';
export type { RunEventsOptions } from './facade/resources/runs.js';
export type { PageOptions, RunListOptions } from './facade/resources/admin.js';
export type { PromptOptions, TypedPromptResult } from './facade/resources/default-agent.js';
export { extractStructuredText } from './facade/core/structured-text.js';
// Types only: `connect()` loads the socket code when it is called (the classes are in @pyflue/client/sockets).
export type { AgentSocket, SocketPromptOptions } from './facade/internal/sockets/agent-socket.js';
export type { WorkflowSocket, WorkflowRunOptions } from './facade/internal/sockets/workflow-socket.js';
export type { WebSocketFactory, WebSocketLike } from './facade/core/websocket.js';
export type {
  RunRecord,
  RunStatus,
  RunEvent,
  RunStreamEvent,
  RunEndEvent,
  RunEventList,
  PromptResult,
  ErrorBody,
  AgentStreamEvent,
  PromptStreamEvent,
  UnknownFrame,
  AgentServerMessage,
  WorkflowServerMessage,
  AgentManifestEntry,
  AdminAgent,
  AdminInstance,
} from './facade/core/types.js';
