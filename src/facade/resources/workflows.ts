/** `client.workflows`: start runs, wait for them, stream them, or run them over a socket. */
import type { APIPromise } from '../api-promise.js';
import type { AppDefinition, WorkflowInput, WorkflowName, WorkflowResult } from '../app.js';
import { checkPayload, checkResult } from '../app-validation.js';
import { lazySocket, type SocketShape } from '../lazy-socket.js';
import { Resource } from '../resource.js';
import type { ResumeOptions } from '../run-stream-options.js';
import type { ConnectionInit } from '../sockets/connection.js';
import type { WorkflowSocket } from '../sockets/workflow-socket.js';
import type { EventStream } from '../streaming.js';
import type { RequestOptions } from '../transport.js';
import type { RunEvent, WebhookAccepted, WorkflowCompleted } from '../types.js';
import { optionalObject, pathSegment } from '../validate.js';

/** `[payload?, options?]` when the payload may be left out, else `[payload, options?]`. */
type PayloadArgs<Payload, Options> = {} extends Payload ? [payload?: Payload, options?: Options] : [payload: Payload, options?: Options];

/** Options of `workflows.stream`: the call's, and how the run's stream rides out drops and silence. */
export type WorkflowStreamOptions = Omit<RequestOptions, 'maxRetries'> & ResumeOptions;

/** Options of `workflows.invoke`. */
export interface WorkflowInvokeOptions extends RequestOptions {
  /** Wait for the run to end and resolve with its result. */
  wait?: boolean | undefined;
}

const workflowPath = (name: string) => ({ name: pathSegment(name, 'workflow name') });
const WORKFLOW_SOCKET: SocketShape<WorkflowSocket> = {
  promises: ['ready', 'runId'],
  methods: ['run', 'invoke', 'close', Symbol.asyncDispose],
  listeners: ['onEvent'],
};

/** `client.workflows`; with a typed `App`, names, payloads and results follow its declaration. */
export class Workflows<App = AppDefinition> extends Resource {
  /** Starts a run: `{ status: 'accepted', runId }`; with `{ wait: true }`, `{ status: 'completed', runId, result }`. */
  invoke<Name extends WorkflowName<App>>(
    name: Name,
    payload: WorkflowInput<App, Name> | ({} extends WorkflowInput<App, Name> ? undefined : never),
    options: WorkflowInvokeOptions & { wait: true },
  ): APIPromise<WorkflowCompleted<WorkflowResult<App, Name>>>;
  invoke<Name extends WorkflowName<App>>(
    name: Name,
    ...args: PayloadArgs<WorkflowInput<App, Name>, WorkflowInvokeOptions & { wait?: false | undefined }>
  ): APIPromise<WebhookAccepted>;
  invoke<Name extends WorkflowName<App>>(
    name: Name,
    ...args: PayloadArgs<WorkflowInput<App, Name>, WorkflowInvokeOptions>
  ): APIPromise<WebhookAccepted | WorkflowCompleted<WorkflowResult<App, Name>>>;
  invoke(name: string, payload?: unknown, options: WorkflowInvokeOptions = {}): APIPromise<WebhookAccepted | WorkflowCompleted> {
    const { app } = this.context;
    const call = this.json(options, async (init) => {
      const path = workflowPath(name);
      const body = { payload: await checkPayload(app, 'workflow', path.name, optionalObject(payload, 'payload') ?? {}) };
      return this.api.POST('/workflows/{name}', { params: { path, query: options.wait === true ? { wait: 'result' } : {} }, body, ...init });
    });
    return call.map(async (data) => {
      const answer = data as WebhookAccepted | WorkflowCompleted;
      return answer.status === 'completed' ? { ...answer, result: await checkResult(app, 'workflow', name, answer.result) } : answer;
    });
  }

  /**
   * Starts a run and streams its events until `run_end`; `stream.runId` resolves from the
   * headers. After a drop or a silence it continues from the run's own stream (the POST
   * is never sent twice), each event once, in order.
   */
  stream<Name extends WorkflowName<App>>(name: Name, ...args: PayloadArgs<WorkflowInput<App, Name>, WorkflowStreamOptions>): EventStream<RunEvent>;
  stream(name: string, payload?: unknown, options: WorkflowStreamOptions = {}): EventStream<RunEvent> {
    const path = workflowPath(name);
    const checked = optionalObject(payload, 'payload') ?? {};
    const { app } = this.context;
    return this.context.runStream(
      {
        post: async (init) =>
          this.api.POST('/workflows/{name}', { params: { path }, body: { payload: await checkPayload(app, 'workflow', path.name, checked) }, parseAs: 'stream', ...init }),
      },
      options,
    );
  }

  /** Opens a workflow socket: one invocation, its events, then its result. */
  connect<Name extends WorkflowName<App>>(name: Name): WorkflowSocket<WorkflowInput<App, Name>, WorkflowResult<App, Name>> {
    const workflow = workflowPath(name).name;
    const { app } = this.context;
    type Socket = WorkflowSocket<WorkflowInput<App, Name>, WorkflowResult<App, Name>>;
    // A typed app's socket checks its payload and result (CheckedWorkflowSocket); both load on first connect.
    const load = (): Promise<(init: ConnectionInit) => Socket> =>
      app
        ? import('../checked-workflow-socket.js').then(({ CheckedWorkflowSocket }) => (init: ConnectionInit) => new CheckedWorkflowSocket<WorkflowInput<App, Name>, WorkflowResult<App, Name>>(init, app, workflow))
        : import('../sockets/workflow-socket.js').then(({ WorkflowSocket }) => (init: ConnectionInit) => new WorkflowSocket<WorkflowInput<App, Name>, WorkflowResult<App, Name>>(init));
    return lazySocket(this.context, `/workflows/${encodeURIComponent(workflow)}`, load, WORKFLOW_SOCKET as SocketShape<Socket>);
  }
}
