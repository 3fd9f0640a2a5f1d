/**
 * Lazy chunk: sockets. Loaded by internal/load.ts with the first `connect()`, so apps that
 * never connect do not ship the socket protocols. `@pyflue/client/sockets`
 * exports the classes as values.
 */
export { AgentSocket } from './agent-socket.js';
export { CheckedWorkflowSocket, WorkflowSocket } from './workflow-socket.js';
export { defaultWebSocketFactory } from './default-websocket.js';
