/**
 * `useWorkflow`: start a workflow from a component and follow its run. With `reconnect`,
 * the run id is kept in `storage` (default `sessionStorage`) until the run ends, so a
 * page reloaded mid-run picks the run up again (replayed from its start: no gap).
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { WorkflowInput, WorkflowName, WorkflowResult } from '../facade/core/app.js';
import { pathSegment } from '../facade/internal/checks.js';
import { checkOptions, optionKeys } from '../facade/internal/options.js';
import type { PyFlueClient } from '../index.js';
import { liveError } from '../live/errors.js';
import { runIdKeeper } from '../live/run-id-storage.js';
import { startWorkflow, watchRun, type AnyPyFlueClient, type AppOf, type LiveError, type LiveStorage, type RunStore } from '../live/index.js';
import { useClient } from './provider.js';
import { useRunStore, type UseRunResult } from './use-run.js';

/** The part of the Web Storage API `reconnect` uses (`sessionStorage`, `localStorage`, or your own). */
export type RunIdStorage = LiveStorage;

/** Options of `useWorkflow`. */
export interface UseWorkflowOptions<Client extends AnyPyFlueClient = PyFlueClient> {
  /** The client (default: the `PyFlueProvider`'s). */
  client?: Client | undefined;
  /**
   * Keep the run id in `storage` while the run is in flight, and follow it again on the next
   * mount (after a reload). `true` uses the key `pyflue:run:<name>`; a string is the key.
   */
  reconnect?: boolean | string | undefined;
  /** Where `reconnect` keeps the run id (default `sessionStorage` where it exists). */
  storage?: RunIdStorage | undefined;
}

/** What `useWorkflow` returns. */
export interface UseWorkflowResult<Input, Result> {
  /** Starts a run (one POST); resolves with its id, or undefined when it could not start (see `error`). Never rejects. */
  start(input: Input): Promise<string | undefined>;
  /** The run started last (or picked up again), live, with its `retry()`; null before any. */
  run: UseRunResult<Result> | null;
  /** Why the last `start` could not start a run. */
  error: LiveError | null;
  /** Reconnects to the run now (after `lost`, or to end a `reconnecting` wait). */
  retry(): void;
}

const WORKFLOW_KEYS = optionKeys<UseWorkflowOptions>({ client: true, reconnect: true, storage: true });

/** Starts workflow `name` and follows its run; typed by the client's app. */
export function useWorkflow<Client extends AnyPyFlueClient = PyFlueClient, Name extends WorkflowName<AppOf<Client>> = WorkflowName<AppOf<Client>>>(
  name: Name,
  options: UseWorkflowOptions<Client> = {},
): UseWorkflowResult<WorkflowInput<AppOf<Client>, Name>, WorkflowResult<AppOf<Client>, Name>> {
  type Result = WorkflowResult<AppOf<Client>, Name>;
  const where = 'useWorkflow()';
  pathSegment(name, `${where}: name`);
  const given = checkOptions(options, WORKFLOW_KEYS, where);
  const { reconnect, storage: storageOption } = given;
  const keeper = useMemo(() => runIdKeeper(name, reconnect, storageOption, where), [name, reconnect, storageOption]);
  const client = useClient(given.client, where);
  const [store, setStore] = useState<RunStore<Result> | null>(null);
  const [error, setError] = useState<LiveError | null>(null);
  const mounted = useRef(false);

  // After mount only (never on the server): pick up the run a previous page left in flight.
  useEffect(() => {
    mounted.current = true;
    const saved = keeper.read();
    if (saved) setStore((current) => (current?.getSnapshot().runId === saved ? current : watchRun<Result>(client, saved)));
    return () => {
      mounted.current = false;
    };
  }, [client, keeper]);

  const run = useRunStore(store);

  // The run ended (or the server no longer knows it): nothing to pick up on the next page.
  const settled = run !== null && (run.status !== 'running' || run.connection === 'lost');
  const runId = run?.runId;
  useEffect(() => {
    if (settled && runId !== undefined) keeper.forget(runId);
  }, [settled, keeper, runId]);

  const start = useCallback(
    async (input: WorkflowInput<AppOf<Client>, Name>): Promise<string | undefined> => {
      try {
        const started = await startWorkflow(client, name as never, input as never);
        const runStore = started as unknown as RunStore<Result>;
        const { runId: id } = runStore.getSnapshot();
        if (!mounted.current) {
          runStore.dispose();
          return id;
        }
        keeper.save(id);
        setError(null);
        setStore(runStore);
        return id;
      } catch (failure) {
        if (mounted.current) setError(liveError(failure));
        return undefined;
      }
    },
    [client, name, keeper],
  );
  const retry = useCallback(() => store?.retry(), [store]);

  return { start, run, error, retry };
}
