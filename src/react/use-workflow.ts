/**
 * `useWorkflow`: start a workflow from a component and follow its run. With `reconnect`,
 * the run id is kept in `storage` (default `sessionStorage`) until `run_end`, so a page
 * reloaded mid-run picks the run up again (replayed from its start: no gap).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { WorkflowInput, WorkflowName, WorkflowResult } from '../facade/core/app.js';
import type { PyFlueClient, PyFlueError } from '../index.js';
import { startWorkflow, watchRun, type AnyPyFlueClient, type AppOf, type RunSnapshot, type RunStore } from '../live/index.js';
import { asPyFlueError } from '../live/errors.js';
import { useClient } from './provider.js';
import { useRunStore } from './use-run.js';

/** The part of the Web Storage API `reconnect` uses (`sessionStorage`, `localStorage`, or your own). */
export interface RunIdStorage {
  /** The saved run id, or null. */
  getItem(key: string): string | null;
  /** Saves the run id of a run just started. */
  setItem(key: string, value: string): void;
  /** Forgets it once the run ended. */
  removeItem(key: string): void;
}

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
  /** The run started last (or picked up again), live; null before any. */
  run: RunSnapshot<Result> | null;
  /** Why the last `start` could not start a run. */
  error: PyFlueError | null;
}

function defaultStorage(): RunIdStorage | undefined {
  try {
    return typeof sessionStorage === 'undefined' ? undefined : sessionStorage;
  } catch {
    // A sandboxed frame can refuse access to its storage: no reconnect then, no crash.
    return undefined;
  }
}

/** Starts workflow `name` and follows its run; typed by the client's app. */
export function useWorkflow<Client extends AnyPyFlueClient = PyFlueClient, Name extends WorkflowName<AppOf<Client>> = WorkflowName<AppOf<Client>>>(
  name: Name,
  options: UseWorkflowOptions<Client> = {},
): UseWorkflowResult<WorkflowInput<AppOf<Client>, Name>, WorkflowResult<AppOf<Client>, Name>> {
  type Result = WorkflowResult<AppOf<Client>, Name>;
  const client = useClient(options.client);
  const key = options.reconnect ? (typeof options.reconnect === 'string' ? options.reconnect : `pyflue:run:${name}`) : undefined;
  const storageOption = options.storage;
  const [store, setStore] = useState<RunStore<Result> | null>(null);
  const [error, setError] = useState<PyFlueError | null>(null);
  const mounted = useRef(false);

  // After mount only (never on the server): pick up the run a previous page left in flight.
  useEffect(() => {
    mounted.current = true;
    const storage = storageOption ?? defaultStorage();
    const saved = key === undefined ? null : storage?.getItem(key);
    if (saved) setStore((current) => (current?.getSnapshot().runId === saved ? current : watchRun<Result>(client, saved)));
    return () => {
      mounted.current = false;
    };
  }, [client, key, storageOption]);

  const run = useRunStore(store);

  // The run ended: nothing to pick up on the next page.
  const ended = run !== null && run.events.some((event) => event.type === 'run_end');
  useEffect(() => {
    if (!ended || key === undefined || !run) return;
    const storage = storageOption ?? defaultStorage();
    if (storage?.getItem(key) === run.runId) storage.removeItem(key);
  }, [ended, key, storageOption, run]);

  const start = useCallback(
    async (input: WorkflowInput<AppOf<Client>, Name>): Promise<string | undefined> => {
      try {
        const started = await startWorkflow(client, name as never, input as never);
        const runStore = started as unknown as RunStore<Result>;
        const { runId } = runStore.getSnapshot();
        if (!mounted.current) {
          runStore.dispose();
          return runId;
        }
        if (key !== undefined) (storageOption ?? defaultStorage())?.setItem(key, runId);
        setError(null);
        setStore(runStore);
        return runId;
      } catch (failure) {
        if (mounted.current) setError(asPyFlueError(failure));
        return undefined;
      }
    },
    [client, name, key, storageOption],
  );

  return { start, run, error };
}
