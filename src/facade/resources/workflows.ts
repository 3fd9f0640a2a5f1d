/** `client.workflows`: start runs, wait for them, stream them, or run them over a socket. */
import type { ClientContext } from '../context.js';
import type { AppDefinition, WorkflowInput, WorkflowName, WorkflowResult } from '../app.js';
import { checkPayload, checkResult } from '../app-validation.js';
import { CheckedWorkflowSocket } from '../checked-workflow-socket.js';
import { WorkflowSocket } from '../sockets/workflow-socket.js';
import type { ResumeOptions } from '../run-stream.js';
import type { EventStream } from '../streaming.js';
import type { RequestOptions } from '../transport.js';
import type { RunEvent, WebhookAccepted, WorkflowCompleted } from '../types.js';
import { optionalObject, pathSegment } from '../validate.js';

/** `[payload?, options?]` when the payload may be left out, else `[payload, options?]`. */
type PayloadArgs<Payload, Options> = {} extends Payload ? [payload?: Payload, options?: Options] : [payload: Payload, options?: Options];

/** Options of `workflows.invoke`. */
/** Options of `workflows.stream`: the call's, and how the run's stream rides out drops and silence. */
export type WorkflowStreamOptions = Omit<RequestOptions, 'maxRetries'> & ResumeOptions;

export interface WorkflowInvokeOptions extends RequestOptions {
  /** Wait for the run to end and resolve with its result. */
  wait?: boolean | undefined;
}

/** `client.workflows`; with a typed `App`, names, payloads and results follow its declaration. */
export class Workflows<App = AppDefinition> {
  /** The client creates its namespaces; @internal */
  constructor(private readonly context: ClientContext) {}

  /** Starts a run: `{ status: 'accepted', runId }`; with `{ wait: true }`, `{ status: 'completed', runId, result }`. */
  invoke<Name extends WorkflowName<App>>(
    name: Name,
    payload: WorkflowInput<App, Name> | ({} extends WorkflowInput<App, Name> ? undefined : never),
    options: WorkflowInvokeOptions & { wait: true },
  ): Promise<WorkflowCompleted<WorkflowResult<App, Name>>>;
  invoke<Name extends WorkflowName<App>>(
    name: Name,
    ...args: PayloadArgs<WorkflowInput<App, Name>, WorkflowInvokeOptions & { wait?: false | undefined }>
  ): Promise<WebhookAccepted>;
  invoke<Name extends WorkflowName<App>>(
    name: Name,
    ...args: PayloadArgs<WorkflowInput<App, Name>, WorkflowInvokeOptions>
  ): Promise<WebhookAccepted | WorkflowCompleted<WorkflowResult<App, Name>>>;
  async invoke(name: string, payload?: unknown, options: WorkflowInvokeOptions = {}): Promise<WebhookAccepted | WorkflowCompleted> {
    const workflow = pathSegment(name, 'workflow name');
    const body = { payload: await checkPayload(this.context.app, 'workflow', workflow, optionalObject(payload, 'payload') ?? {}) };
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
    const answer = data as WebhookAccepted | WorkflowCompleted;
    return answer.status === 'completed' ? { ...answer, result: await checkResult(this.context.app, 'workflow', workflow, answer.result) } : answer;
  }

  /**
   * Starts a run and streams its events until `run_end`; `stream.runId` resolves from the
   * headers. After a drop or a silence it continues from the run's own stream (the POST
   * is never sent twice), each event once, in order.
   */
  stream<Name extends WorkflowName<App>>(name: Name, ...args: PayloadArgs<WorkflowInput<App, Name>, WorkflowStreamOptions>): EventStream<RunEvent>;
  stream(name: string, payload?: unknown, options: WorkflowStreamOptions = {}): EventStream<RunEvent> {
    const path = { name: pathSegment(name, 'workflow name') };
    const checked = optionalObject(payload, 'payload') ?? {};
    const { api } = this.context.transport;
    const { app } = this.context;
    return this.context.runStream(
      {
        post: async (init) =>
          api.POST('/workflows/{name}', { params: { path }, body: { payload: await checkPayload(app, 'workflow', path.name, checked) }, parseAs: 'stream', ...init }),
      },
      options,
    );
  }

  /** Opens a workflow socket: one invocation, its events, then its result. */
  connect<Name extends WorkflowName<App>>(name: Name): WorkflowSocket<WorkflowInput<App, Name>, WorkflowResult<App, Name>> {
    const workflow = pathSegment(name, 'workflow name');
    const { app } = this.context;
    return this.context.socket(`/workflows/${encodeURIComponent(workflow)}`, (init) =>
      app ? new CheckedWorkflowSocket<WorkflowInput<App, Name>, WorkflowResult<App, Name>>(init, app, workflow) : new WorkflowSocket<WorkflowInput<App, Name>, WorkflowResult<App, Name>>(init),
    );
  }
}
