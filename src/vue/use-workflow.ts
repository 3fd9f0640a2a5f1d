/**
 * `useWorkflow`: start a workflow from a Vue component and follow its run. With
 * `reconnect`, the run id is kept in `storage` (default `sessionStorage`) until the run
 * ends, so a page reloaded mid-run picks the run up again once mounted.
 */
import { onMounted, shallowRef, watch, type ShallowRef } from 'vue';
import type { WorkflowInput, WorkflowName, WorkflowResult } from '../facade/core/app.js';
import { pathSegment } from '../facade/internal/checks.js';
import { checkOptions, optionKeys } from '../facade/internal/options.js';
import type { PyFlueClient } from '../index.js';
import { liveError } from '../live/errors.js';
import { runIdKeeper } from '../live/run-id-storage.js';
import { startWorkflow, type AnyPyFlueClient, type AppOf, type LiveError, type LiveStorage, type RunSnapshot } from '../live/index.js';
import { useProvided } from './provide.js';
import { useRun } from './use-run.js';

/** Options of `useWorkflow`. */
export interface UseWorkflowOptions<Client extends AnyPyFlueClient = PyFlueClient> {
  /** The client (default: the provided one). */
  client?: Client | undefined;
  /** Keep the run id in `storage` while the run is in flight (`true`: key `pyflue:run:<name>`; a string is the key). */
  reconnect?: boolean | string | undefined;
  /** Where `reconnect` keeps the run id (default `sessionStorage` where it exists). */
  storage?: LiveStorage | undefined;
}

/** What `useWorkflow` returns. */
export interface UseWorkflowResult<Input, Result> {
  /** Starts a run (one POST); resolves with its id, or undefined when it could not start (see `error`). Never rejects. */
  start(input: Input): Promise<string | undefined>;
  /** The run started last (or picked up again), live; null before any. */
  readonly run: Readonly<ShallowRef<RunSnapshot<Result> | null>>;
  /** Why the last `start` could not start a run. */
  readonly error: Readonly<ShallowRef<LiveError | null>>;
  /** Reconnects to the run now. */
  retry(): void;
}

const KEYS = optionKeys<UseWorkflowOptions>({ client: true, reconnect: true, storage: true });

/** Starts workflow `name` and follows its run; typed by the client's app. */
export function useWorkflow<Client extends AnyPyFlueClient = PyFlueClient, Name extends WorkflowName<AppOf<Client>> = WorkflowName<AppOf<Client>>>(
  name: Name,
  options: UseWorkflowOptions<Client> = {},
): UseWorkflowResult<WorkflowInput<AppOf<Client>, Name>, WorkflowResult<AppOf<Client>, Name>> {
  const where = 'useWorkflow()';
  pathSegment(name, `${where}: name`);
  const given = checkOptions(options, KEYS, where);
  const keeper = runIdKeeper(name, given.reconnect, given.storage, where);
  const { client } = useProvided(given.client, where);
  const runId = shallowRef<string | null>(null);
  const error = shallowRef<LiveError | null>(null);
  const { run, retry } = useRun<WorkflowResult<AppOf<Client>, Name>>(runId, { client });
  onMounted(() => {
    runId.value = keeper.read() ?? runId.value;
  });
  // The run ended (or the server no longer knows it): nothing to pick up on the next page.
  watch(run, (snapshot) => {
    if (snapshot && (snapshot.status !== 'running' || snapshot.connection === 'lost')) keeper.forget(snapshot.runId);
  });
  return {
    async start(input) {
      try {
        const started = await startWorkflow(client, name as never, input as never);
        const id = started.getSnapshot().runId;
        // The composable follows the run with a store of its own.
        started.dispose();
        keeper.save(id);
        error.value = null;
        runId.value = id;
        return id;
      } catch (failure) {
        error.value = liveError(failure);
        return undefined;
      }
    },
    run,
    error,
    retry,
  };
}
