/** `client.workflows`: start runs, wait for them, stream them, or run them over a socket. */
import type { APIPromise } from '../api-promise.js';
import { Resource } from '../resource.js';
import { lazySocket, type SocketShape } from '../lazy-socket.js';
import type { ConnectionInit } from '../sockets/connection.js';
import type { WorkflowSocket } from '../sockets/workflow-socket.js';
import { untilRunEnd, type EventStream } from '../streaming.js';
import type { RequestOptions } from '../transport.js';
import type { RunEvent, WebhookAccepted, WorkflowCompleted } from '../types.js';
import { optionalObject, pathSegment } from '../validate.js';

/** Options of `workflows.invoke`. */
export interface WorkflowInvokeOptions extends RequestOptions {
  /** Wait for the run to end and resolve with its result. */
  wait?: boolean | undefined;
}

const workflowPath = (name: string) => ({ name: pathSegment(name, 'workflow name') });
const payloadBody = (payload: unknown) => ({ payload: optionalObject(payload, 'payload') ?? {} });
const WORKFLOW_SOCKET: SocketShape<WorkflowSocket> = {
  promises: ['ready', 'runId'],
  methods: ['run', 'invoke', 'close', Symbol.asyncDispose],
  listeners: ['onEvent'],
};

/** `client.workflows`. */
export class Workflows extends Resource {
  /** Starts a run: `{ status: 'accepted', runId }`; with `{ wait: true }`, `{ status: 'completed', runId, result }`. */
  invoke(name: string, payload: Record<string, unknown> | undefined, options: WorkflowInvokeOptions & { wait: true }): APIPromise<WorkflowCompleted>;
  invoke(name: string, payload?: Record<string, unknown>, options?: WorkflowInvokeOptions & { wait?: false }): APIPromise<WebhookAccepted>;
  invoke(name: string, payload?: Record<string, unknown>, options?: WorkflowInvokeOptions): APIPromise<WebhookAccepted | WorkflowCompleted>;
  invoke(name: string, payload?: Record<string, unknown>, options: WorkflowInvokeOptions = {}): APIPromise<WebhookAccepted | WorkflowCompleted> {
    return this.json(options, (init) => this.api.POST('/workflows/{name}', { params: { path: workflowPath(name), query: options.wait === true ? { wait: 'result' } : {} }, body: payloadBody(payload), ...init })) as APIPromise<WebhookAccepted | WorkflowCompleted>;
  }

  /** Starts a run and streams its events until `run_end`; `stream.runId` resolves from the headers. */
  stream(name: string, payload?: Record<string, unknown>, options: RequestOptions = {}): EventStream<RunEvent> {
    const path = workflowPath(name);
    const body = payloadBody(payload);
    return this.context.sseStream(
      (init) => this.api.POST('/workflows/{name}', { params: { path }, body, parseAs: 'stream', ...init }),
      options,
      (batches) => untilRunEnd(batches) as AsyncGenerator<RunEvent[]>,
    );
  }

  /** Opens a workflow socket: one invocation, its events, then its result. */
  connect(name: string): WorkflowSocket {
    const load = () => import('../sockets/workflow-socket.js').then(({ WorkflowSocket }) => (init: ConnectionInit) => new WorkflowSocket(init));
    return lazySocket(this.context, `/workflows/${encodeURIComponent(workflowPath(name).name)}`, load, WORKFLOW_SOCKET);
  }
}
