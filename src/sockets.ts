/**
 * @pyflue/client/sockets: the socket classes as values. `client.agents.connect()` and
 * `client.workflows.connect()` load the socket code when they are called, so apps that
 * never connect do not ship it; what they return stands in for the socket until it is
 * loaded, with the same members (the compiler holds the stand-in to the class), but it
 * is not an `instanceof` these classes. The main entry exports the same names as types.
 */
export { AgentSocket } from './facade/internal/sockets/agent-socket.js';
export type { SocketPromptOptions } from './facade/internal/sockets/agent-socket.js';
export { WorkflowSocket } from './facade/internal/sockets/workflow-socket.js';
export type { WorkflowRunOptions, WorkflowInvokeResult, WorkflowSocketArgs } from './facade/internal/sockets/workflow-socket.js';
export type { WebSocketFactory, WebSocketLike, WebSocketLikeEventMap } from './facade/core/websocket.js';
