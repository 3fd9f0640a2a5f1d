/** `useRun`: a run followed in a component (a `watchRun` store under `useSyncExternalStore`). */
import { useMemo, useSyncExternalStore } from 'react';
import { PyFlueInputError, type PyFlueClient } from '../index.js';
import { describe } from '../facade/internal/checks.js';
import { checkOptions, optionKeys } from '../facade/internal/options.js';
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

/** A run's snapshot, and `retry()` to reconnect now (after `lost`, or to end a `reconnecting` wait). */
export type UseRunResult<Result = unknown> = RunSnapshot<Result> & {
  /** Reconnects now (see `RunStore.retry`). */
  retry(): void;
};

const RUN_KEYS = optionKeys<UseRunOptions>({ client: true, after: true });
const noSubscription = () => () => {};
const noRun = () => null;

/** @internal The snapshot of `store` with its `retry`, or null without one; the server render gets the first snapshot and sends nothing. */
export function useRunStore<Result>(store: RunStore<Result> | null): UseRunResult<Result> | null {
  useRetained(store);
  const getSnapshot = store ? store.getSnapshot : noRun;
  const snapshot = useSyncExternalStore(store ? store.subscribe : noSubscription, getSnapshot, getSnapshot);
  // Copied once per snapshot (the events with it): what a render of the list costs anyway.
  return useMemo(() => (snapshot && store ? { ...snapshot, retry: store.retry } : null), [snapshot, store]);
}

/**
 * Run `runId`'s events, logs, connection and outcome, live (null while `runId` is null or
 * undefined). The run is followed from the first client render on (none on the server);
 * unmounting, or another `runId`, stops following it (the run itself goes on).
 */
export function useRun<Result = unknown, Client extends AnyPyFlueClient = PyFlueClient>(
  runId: string | null | undefined,
  options: UseRunOptions<Client> = {},
): UseRunResult<Result> | null {
  if (runId !== null && runId !== undefined && typeof runId !== 'string') {
    throw new PyFlueInputError(`useRun() needs a run id (a string), or null while there is none; got ${describe(runId)}.`);
  }
  const { client: own, after } = checkOptions(options, RUN_KEYS, 'useRun()');
  const client = useClient(own, 'useRun()');
  const store = useMemo(() => (runId ? watchRun<Result>(client, runId, { after }) : null), [client, runId, after]);
  return useRunStore(store);
}
