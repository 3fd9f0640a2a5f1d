/**
 * A workflow socket whose payload and result go through a typed app's validators: the
 * payload before the invoke frame is sent (PyFlueInputError), the result when `invoke`
 * resolves (PyFlueResultError). A subclass, so the socket itself stays unaware of apps.
 */
import { checkPayload, checkResult } from './app-checks.js';
import type { AppValidators } from './app-validation.js';
import type { ConnectionInit } from './sockets/connection.js';
import { WorkflowSocket, type WorkflowInvokeResult, type WorkflowRunOptions } from './sockets/workflow-socket.js';
import type { WorkflowServerMessage } from './types.js';

export class CheckedWorkflowSocket<Input, Result> extends WorkflowSocket<Input, Result> {
  readonly #app: AppValidators;
  readonly #name: string;

  /** The client creates sockets (`connect`); @internal */
  constructor(init: ConnectionInit, app: AppValidators, name: string) {
    super(init);
    this.#app = app;
    this.#name = name;
  }

  override async run(payload?: Input, options?: WorkflowRunOptions): Promise<WorkflowServerMessage<Result>[]> {
    return super.run(await checkPayload(this.#app, 'workflow', this.#name, payload ?? ({} as Input)), options);
  }

  override async invoke(payload?: Input, options?: WorkflowRunOptions): Promise<WorkflowInvokeResult<Result>> {
    const { result, runId } = await super.invoke(payload, options);
    return { result: (await checkResult(this.#app, 'workflow', this.#name, result)) as Result, runId };
  }
}
