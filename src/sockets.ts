/**
 * @pyflue/client/sockets: the socket classes themselves. `client.agents.connect()` and
 * `client.workflows.connect()` load this code when they are called (so apps that never
 * connect do not ship it); import from here for `instanceof` checks, or to have the
 * socket code in the main bundle from the start.
 */
export { AgentSocket } from './facade/sockets/agent-socket.js';
export type { PromptOptions as SocketPromptOptions } from './facade/sockets/agent-socket.js';
export { WorkflowSocket } from './facade/sockets/workflow-socket.js';
export type { RunOptions as WorkflowRunOptions, InvokeResult as WorkflowInvokeResult } from './facade/sockets/workflow-socket.js';
export type { WebSocketFactory, WebSocketLike, WebSocketLikeEventMap } from './facade/sockets/websocket.js';
