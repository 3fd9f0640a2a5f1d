/** `useRun`: a run followed in a component (a `watchRun` store under `useSyncExternalStore`). */
import { useMemo, useSyncExternalStore } from 'react';
import type { PyFlueClient } from '../index.js';
import { watchRun, type AnyPyFlueClient, type RunSnapshot, type RunStore } from '../live/index.js';
import { useClient } from './provider.js';
import { useRetained } from './retain.js';

/** Options of `useRun`. */
export interface UseRunOptions<Client extends AnyPyFlueClient = PyFlueClient> {
  /** The client (default: the `PyFlueProvider`'s). */
  client?: Client | undefined;
  /** Start after this event index (default 0: the whole run). */
  after?: number | undefined;
}

const noSubscription = () => () => {};
const noRun = () => null;

/** @internal The snapshot of `store`, or null without one; the server render gets the first snapshot and sends nothing. */
export function useRunStore<Result>(store: RunStore<Result> | null): RunSnapshot<Result> | null {
  useRetained(store);
  const getSnapshot = store ? store.getSnapshot : noRun;
  return useSyncExternalStore(store ? store.subscribe : noSubscription, getSnapshot, getSnapshot);
}

/**
 * Run `runId`'s events, logs and outcome, live (null while `runId` is null or undefined).
 * The run is followed from the first client render on (none on the server); unmounting,
 * or another `runId`, stops following it (the run itself goes on).
 */
export function useRun<Result = unknown, Client extends AnyPyFlueClient = PyFlueClient>(
  runId: string | null | undefined,
  options: UseRunOptions<Client> = {},
): RunSnapshot<Result> | null {
  const client = useClient(options.client);
  const { after } = options;
  const store = useMemo(() => (runId ? watchRun<Result>(client, runId, { after }) : null), [client, runId, after]);
  return useRunStore(store);
}
