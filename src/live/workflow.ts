/** `startWorkflow`: starts a run (one POST, never repeated) and hands back its `watchRun` store. */
import type { WorkflowInput, WorkflowName, WorkflowResult } from '../facade/core/app.js';
import { checkOptions, optionKeys, pathSegment } from './deps.js';
import { callsOf, type AnyPyFlueClient, type AppOf } from './client-types.js';
import { watchRun, type RunStore } from './run.js';

/** Options of `startWorkflow`. */
export interface StartWorkflowOptions {
  /** Aborts the POST that starts the run (the run, once started, is stopped by nothing). */
  signal?: AbortSignal | undefined;
}

const START_WORKFLOW_KEYS = optionKeys<StartWorkflowOptions>({ signal: true });

/**
 * Starts workflow `name` with `input` and resolves, once the server answered its run id,
 * with the run's store (typed by the client's app). Rejects with the call's `PyFlueError`
 * when the run could not be started (a `PyFlueInputError` for bad arguments, before anything is sent).
 */
export async function startWorkflow<Client extends AnyPyFlueClient, Name extends WorkflowName<AppOf<Client>>>(
  client: Client,
  name: Name,
  input: WorkflowInput<AppOf<Client>, Name>,
  options: StartWorkflowOptions = {},
): Promise<RunStore<WorkflowResult<AppOf<Client>, Name>>> {
  const calls = callsOf(client, 'startWorkflow()');
  pathSegment(name, 'startWorkflow(): name');
  const { signal } = checkOptions(options, START_WORKFLOW_KEYS, 'startWorkflow()');
  const accepted = await calls.workflows.invoke(name, input, { signal });
  return watchRun<WorkflowResult<AppOf<Client>, Name>>(client, accepted.runId);
}
