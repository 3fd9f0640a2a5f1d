/** `client.workflows`: start runs, wait for them, stream them, or run them over a socket. */
import type { ClientContext } from '../context.js';
import { WorkflowSocket } from '../sockets/workflow-socket.js';
import { readJsonBatches, untilRunEnd, type EventStream } from '../streaming.js';
import type { RequestOptions } from '../transport.js';
import type { RunEvent, WebhookAccepted, WorkflowCompleted } from '../types.js';
import { optionalObject, pathSegment } from '../validate.js';

/** Options of `workflows.invoke`. */
export interface WorkflowInvokeOptions extends RequestOptions {
  /** Wait for the run to end and resolve with its result. */
  wait?: boolean;
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
        method: 'POST',
        path: `/workflows/${encodeURIComponent(workflow)}${wait ? '?wait=result' : ''}`,
        idempotent: false,
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

  /** Starts a run and streams its events until `run_end`; `stream.runId` resolves from the headers. */
  stream(name: string, payload?: Record<string, unknown>, options: RequestOptions = {}): EventStream<RunEvent> {
    const workflow = pathSegment(name, 'workflow name');
    const body = { payload: optionalObject(payload, 'payload') ?? {} };
    const { transport } = this.context;
    const path = `/workflows/${encodeURIComponent(workflow)}`;
    return this.context.stream(async function* ({ signal, setRunId }) {
      const { data, response, release, signal: bodySignal } = await transport.call(
        {
          method: 'POST',
          path,
          idempotent: false,
          stream: true,
          headers: { accept: 'text/event-stream' },
          send: (init) => transport.api.POST('/workflows/{name}', { params: { path: { name: workflow } }, body, parseAs: 'stream', ...init }),
        },
        { ...options, signal },
      );
      setRunId(response.headers.get('x-flue-run-id') ?? undefined);
      try {
        yield* untilRunEnd(readJsonBatches(data as ReadableStream<Uint8Array>, bodySignal, { method: 'POST', url: response.url })) as AsyncGenerator<RunEvent[]>;
      } finally {
        release();
      }
    }, options.signal);
  }

  /** Opens a workflow socket: one invocation, its events, then its result. */
  connect(name: string): WorkflowSocket {
    const workflow = pathSegment(name, 'workflow name');
    const url = this.context.socketUrl(`/workflows/${encodeURIComponent(workflow)}`);
    return this.context.track((onSettled) => new WorkflowSocket({ url, open: () => this.context.openWebSocket(url), onSettled }));
  }
}
