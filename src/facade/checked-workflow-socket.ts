/**
 * A workflow socket whose payload and result go through a typed app's validators: the
 * payload before the invoke frame is sent (PyFlueInputError), the result when `invoke`
 * resolves (PyFlueResultError). A subclass, so the socket itself stays unaware of apps.
 */
import { checkPayload, checkResult } from './app-checks.js';
import type { AppValidators } from './app-validation.js';
import type { ConnectionInit } from './sockets/connection.js';
import { WorkflowSocket, type WorkflowInvokeResult, type WorkflowSocketArgs } from './sockets/workflow-socket.js';
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

  override async run(...args: WorkflowSocketArgs<Input>): Promise<WorkflowServerMessage<Result>[]> {
    const [payload, options] = args;
    const checked = await checkPayload(this.#app, 'workflow', this.#name, payload ?? {});
    // The validator's output stands for Input; TypeScript cannot follow that through the deferred tuple type.
    return super.run(...([checked, options] as unknown as WorkflowSocketArgs<Input>));
  }

  override async invoke(...args: WorkflowSocketArgs<Input>): Promise<WorkflowInvokeResult<Result>> {
    const { result, runId } = await super.invoke(...args);
    return { result: (await checkResult(this.#app, 'workflow', this.#name, result)) as Result, runId };
  }
}
