/** `client.workflows`: start runs, wait for them, stream them, or run them over a socket. */
import type { APIPromise } from '../core/api-promise.js';
import type { AppDefinition, WorkflowInput, WorkflowName, WorkflowResult } from '../core/app.js';
import type { EventStream } from '../core/event-stream.js';
import type { RequestOptions, ResumeOptions } from '../core/options.js';
import { Resource } from './resource.js';
import type { RunStreamEvent, WebhookAccepted, WorkflowCompleted } from '../core/types.js';
import { pathSegment } from '../internal/checks.js';
import { hasFieldsOf } from '../internal/answers/index.js';
import { queryOptionKeys, toQuery } from '../internal/query.js';
import { queries, type InvokeWorkflowQuery } from '../../generated/wire.js';
import { REQUEST_OPTIONS, RESUME_OPTIONS, optionKeys } from '../internal/options.js';
import { closeForClient } from '../internal/closing.js';
import { lazySocket, type SocketMembers } from '../internal/lazy-socket.js';
import type { WorkflowSocket } from '../internal/sockets/workflow-socket.js';

/** `[payload?, options?]` when the payload may be left out, else `[payload, options?]`. */
type PayloadArgs<Payload, Options> = {} extends Payload ? [payload?: Payload, options?: Options] : [payload: Payload, options?: Options];

/** Options of `workflows.stream`: the call's, and how the run's stream rides out drops and silence. */
export type WorkflowStreamOptions = Omit<RequestOptions, 'maxRetries'> & ResumeOptions;

/** Options of `workflows.invoke`: the route's query parameters (src/generated/wire.ts) and every call's options. */
export interface WorkflowInvokeOptions extends RequestOptions, Omit<InvokeWorkflowQuery, 'wait'> {
  /** Wait for the run to end and resolve with its result (`true`, or the spec's own value, `'result'`). */
  wait?: boolean | InvokeWorkflowQuery['wait'] | undefined;
}

const INVOKE_KEYS = queryOptionKeys('invokeWorkflow', Object.keys(REQUEST_OPTIONS));
/** What `wait: true` sends: the one value the spec gives `?wait`. */
const [, , [WAIT_FOR_RESULT]] = queries.invokeWorkflow.wait;
const STREAM_KEYS = optionKeys<WorkflowStreamOptions>({ ...REQUEST_OPTIONS, ...RESUME_OPTIONS });

const workflowPath = (name: string) => ({ name: pathSegment(name, 'workflow name') });
const WORKFLOW_SOCKET: SocketMembers<WorkflowSocket> = {
  ready: 'promise',
  runId: 'promise',
  run: 'method',
  invoke: 'method',
  onEvent: 'listener',
  close: 'method',
  [Symbol.asyncDispose]: 'method',
  [closeForClient]: 'method',
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
    const { context } = this;
    return this.invokeJson(
      'workflow',
      name,
      payload,
      options,
      (body, init) => {
        const path = workflowPath(name);
        const wait = typeof options.wait === 'boolean' ? (options.wait ? WAIT_FOR_RESULT : undefined) : options.wait;
        return this.api.POST('/workflows/{name}', { params: { path, query: toQuery('invokeWorkflow', { ...options, wait }) }, body, ...init });
      },
      { where: 'workflows.invoke()', keys: INVOKE_KEYS, operation: 'invokeWorkflow' },
      async (data) => {
        const answer = data as WebhookAccepted | WorkflowCompleted;
        // The completed run's answer (the spec's WorkflowCompletedResponse) carries the result a typed app checks.
        return hasFieldsOf(answer, 'WorkflowCompletedResponse') ? { ...answer, result: await context.checkResult('workflow', name, (answer as WorkflowCompleted).result) } : answer;
      },
    );
  }

  /**
   * Starts a run and streams its events until `run_end`; `stream.runId` resolves from the
   * headers. After a drop or a silence it continues from the run's own stream (the POST
   * is never sent twice), each event once, in order.
   */
  stream<Name extends WorkflowName<App>>(name: Name, ...args: PayloadArgs<WorkflowInput<App, Name>, WorkflowStreamOptions>): EventStream<RunStreamEvent>;
  stream(name: string, payload?: unknown, options: WorkflowStreamOptions = {}): EventStream<RunStreamEvent> {
    const path = workflowPath(name);
    return this.postStream(
      'workflow',
      path.name,
      payload,
      options,
      (body, init) => this.api.POST('/workflows/{name}', { params: { path }, body, parseAs: 'stream', ...init }),
      'invokeWorkflow',
      { keys: STREAM_KEYS, where: 'workflows.stream()' },
    );
  }

  /** Opens a workflow socket: one invocation, its events, then its result. */
  connect<Name extends WorkflowName<App>>(name: Name): WorkflowSocket<WorkflowInput<App, Name>, WorkflowResult<App, Name>> {
    const workflow = workflowPath(name).name;
    const { context } = this;
    type Input = WorkflowInput<App, Name>;
    type Result = WorkflowResult<App, Name>;
    // A typed app's socket checks its payload and result (CheckedWorkflowSocket).
    const checks = context.app && {
      payload: (payload: unknown) => context.checkPayload('workflow', workflow, payload),
      result: (value: unknown) => context.checkResult('workflow', workflow, value),
    };
    return lazySocket(
      context,
      `/workflows/${encodeURIComponent(workflow)}`,
      (chunk) => (init) => (checks ? new chunk.CheckedWorkflowSocket<Input, Result>(init, checks) : new chunk.WorkflowSocket<Input, Result>(init)),
      WORKFLOW_SOCKET as SocketMembers<WorkflowSocket<Input, Result>>,
    );
  }
}
