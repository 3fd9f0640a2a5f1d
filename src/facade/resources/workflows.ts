/** `client.workflows`: start runs, wait for them, stream them, or run them over a socket. */
import type { ClientContext } from '../context.js';
import { WorkflowSocket } from '../sockets/workflow-socket.js';
import type { ResumeOptions } from '../run-stream.js';
import type { EventStream } from '../streaming.js';
import type { RequestOptions } from '../transport.js';
import type { RunEvent, WebhookAccepted, WorkflowCompleted } from '../types.js';
import { optionalObject, pathSegment } from '../validate.js';

/** Options of `workflows.invoke`. */
export interface WorkflowInvokeOptions extends RequestOptions {
  /** Wait for the run to end and resolve with its result. */
  wait?: boolean | undefined;
}

/** `client.workflows`. */
export class Workflows {
  constructor(private readonly context: ClientContext) {}

  /** Starts a run: `{ status: 'accepted', runId }`; with `{ wait: true }`, `{ status: 'completed', runId, result }`. */
  invoke(name: string, payload: Record<string, unknown> | undefined, options: WorkflowInvokeOptions & { wait: true }): Promise<WorkflowCompleted>;
  invoke(name: string, payload?: Record<string, unknown>, options?: WorkflowInvokeOptions & { wait?: false }): Promise<WebhookAccepted>;
  invoke(name: string, payload?: Record<string, unknown>, options?: WorkflowInvokeOptions): Promise<WebhookAccepted | WorkflowCompleted>;
  async invoke(name: string, payload?: Record<string, unknown>, options: WorkflowInvokeOptions = {}): Promise<WebhookAccepted | WorkflowCompleted> {
    const workflow = pathSegment(name, 'workflow name');
    const body = { payload: optionalObject(payload, 'payload') ?? {} };
    const wait = options.wait === true;
    const { api } = this.context.transport;
    const { data } = await this.context.transport.call(
      {
        send: (init) =>
          api.POST('/workflows/{name}', {
            params: { path: { name: workflow }, query: wait ? { wait: 'result' } : {} },
            body,
            ...init,
          }),
      },
      options,
    );
    return data as WebhookAccepted | WorkflowCompleted;
  }

  /**
   * Starts a run and streams its events until `run_end`; `stream.runId` resolves from the
   * headers. After a drop or a silence it continues from the run's own stream (the POST
   * is never sent twice), each event once, in order.
   */
  stream(name: string, payload?: Record<string, unknown>, options: Omit<RequestOptions, 'maxRetries'> & ResumeOptions = {}): EventStream<RunEvent> {
    const path = { name: pathSegment(name, 'workflow name') };
    const body = { payload: optionalObject(payload, 'payload') ?? {} };
    const { api } = this.context.transport;
    return this.context.runStream(
      { post: (init) => api.POST('/workflows/{name}', { params: { path }, body, parseAs: 'stream', ...init }) },
      options,
    );
  }

  /** Opens a workflow socket: one invocation, its events, then its result. */
  connect(name: string): WorkflowSocket {
    const workflow = pathSegment(name, 'workflow name');
    return this.context.socket(`/workflows/${encodeURIComponent(workflow)}`, (init) => new WorkflowSocket(init));
  }
}
