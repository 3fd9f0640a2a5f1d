/** `startWorkflow`: starts a run (one POST, never repeated) and hands back its `watchRun` store. */
import type { WorkflowInput, WorkflowName, WorkflowResult } from '../facade/core/app.js';
import { callsOf, type AnyPyFlueClient, type AppOf } from './client-types.js';
import { watchRun, type RunStore } from './run.js';

/** Options of `startWorkflow`. */
export interface StartWorkflowOptions {
  /** Aborts the POST that starts the run (the run, once started, is stopped by nothing). */
  signal?: AbortSignal | undefined;
}

/**
 * Starts workflow `name` with `input` and resolves, once the server answered its run id,
 * with the run's store (typed by the client's app). Rejects with the call's `PyFlueError`
 * when the run could not be started.
 */
export async function startWorkflow<Client extends AnyPyFlueClient, Name extends WorkflowName<AppOf<Client>>>(
  client: Client,
  name: Name,
  input: WorkflowInput<AppOf<Client>, Name>,
  options: StartWorkflowOptions = {},
): Promise<RunStore<WorkflowResult<AppOf<Client>, Name>>> {
  const accepted = await callsOf(client).workflows.invoke(name, input, { signal: options.signal });
  return watchRun<WorkflowResult<AppOf<Client>, Name>>(client, accepted.runId);
}
