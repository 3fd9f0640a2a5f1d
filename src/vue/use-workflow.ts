/**
 * `useWorkflow`: start a workflow from a Vue component and follow its run. With
 * `reconnect`, the run id is kept in `storage` (default `sessionStorage`) until the run
 * ends, so a page reloaded mid-run picks the run up again once mounted.
 */
import { onMounted, shallowRef, watch, type ShallowRef } from 'vue';
import type { WorkflowInput, WorkflowName, WorkflowResult } from '../facade/core/app.js';
import { describe, pathSegment } from '../facade/internal/checks.js';
import { checkOptions, optionKeys } from '../facade/internal/options.js';
import { PyFlueError, PyFlueInputError, type PyFlueClient } from '../index.js';
import { checkStorage } from '../live/conversation.js';
import { liveError } from '../live/errors.js';
import { reportLater } from '../live/store.js';
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
  if (given.reconnect !== undefined && typeof given.reconnect !== 'boolean' && (typeof given.reconnect !== 'string' || given.reconnect === '')) {
    throw new PyFlueInputError(`${where}: reconnect must be true, false or a storage key; got ${describe(given.reconnect)}.`);
  }
  const storageOption = checkStorage(given.storage, `${where}: storage`);
  const { client } = useProvided(given.client, where);
  const key = given.reconnect ? (typeof given.reconnect === 'string' ? given.reconnect : `pyflue:run:${name}`) : undefined;
  const storage = (use: (storage: LiveStorage) => unknown): unknown => {
    try {
      const found = storageOption ?? (typeof sessionStorage === 'undefined' ? undefined : sessionStorage);
      return found && key !== undefined ? use(found) : undefined;
    } catch (error) {
      reportLater(new PyFlueError("useWorkflow's storage refused a run id; reconnect goes on without it.", { cause: error }));
      return undefined;
    }
  };
  const runId = shallowRef<string | null>(null);
  const error = shallowRef<LiveError | null>(null);
  const { run, retry } = useRun<WorkflowResult<AppOf<Client>, Name>>(runId, { client });
  onMounted(() => {
    const saved = storage((found) => found.getItem(key!));
    if (typeof saved === 'string' && saved !== '') runId.value = saved;
  });
  // The run ended (or the server no longer knows it): nothing to pick up on the next page.
  watch(run, (snapshot) => {
    if (snapshot && (snapshot.status !== 'running' || snapshot.connection === 'lost')) {
      storage((found) => found.getItem(key!) === snapshot.runId && found.removeItem(key!));
    }
  });
  return {
    async start(input) {
      try {
        const started = await startWorkflow(client, name as never, input as never);
        const id = started.getSnapshot().runId;
        // The composable follows the run with a store of its own.
        started.dispose();
        storage((found) => found.setItem(key!, id));
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
