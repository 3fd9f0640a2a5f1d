/**
 * @pyflue/client/sockets: the socket classes as values. `client.agents.connect()` and
 * `client.workflows.connect()` load this module when they are called, so apps that
 * never connect do not ship it; what they return stands in for the socket until it is
 * loaded, with the same members (it is not an `instanceof` these classes). The main
 * entry exports the same names as types.
 */
export { AgentSocket } from './facade/sockets/agent-socket.js';
export type { SocketPromptOptions } from './facade/sockets/agent-socket.js';
export { WorkflowSocket } from './facade/sockets/workflow-socket.js';
export type { WorkflowRunOptions, WorkflowInvokeResult, WorkflowSocketArgs } from './facade/sockets/workflow-socket.js';
export type { WebSocketFactory, WebSocketLike, WebSocketLikeEventMap } from './facade/sockets/websocket.js';
