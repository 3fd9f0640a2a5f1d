/** `useRun`: a run followed in a Vue component (a `watchRun` store in a `shallowRef`). */
import { toValue, type MaybeRefOrGetter, type ShallowRef } from 'vue';
import { describe } from '../facade/internal/checks.js';
import { checkOptions, optionKeys } from '../facade/internal/options.js';
import { PyFlueInputError, type PyFlueClient } from '../index.js';
import { watchRun, type AnyPyFlueClient, type RunSnapshot, type RunStore } from '../live/index.js';
import { bindStore } from './bind.js';
import { useProvided } from './provide.js';

/** Options of `useRun`. */
export interface UseRunOptions<Client extends AnyPyFlueClient = PyFlueClient> {
  /** The client (default: the provided one). */
  client?: Client | undefined;
  /** Start after this event index (default 0: the whole run). */
  after?: number | undefined;
}

/** What `useRun` returns: the run's snapshot (null without a run id), and `retry()` to reconnect now. */
export interface UseRunResult<Result = unknown> {
  readonly run: Readonly<ShallowRef<RunSnapshot<Result> | null>>;
  /** Reconnects now (after `lost`, or to end a `reconnecting` wait). */
  retry(): void;
}

const KEYS = optionKeys<UseRunOptions>({ client: true, after: true });

/** @internal A run id argument: a string, or null/undefined while there is none. */
export function runIdOf(value: unknown, where: string): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value !== 'string') throw new PyFlueInputError(`${where} needs a run id (a string), or null while there is none; got ${describe(value)}.`);
  return value;
}

/**
 * Run `runId`'s events, logs, connection and outcome, live (a ref or getter switches runs).
 * Followed from mount on (nothing on a server render); another run id, or the component
 * going, stops following it (the run itself goes on).
 */
export function useRun<Result = unknown, Client extends AnyPyFlueClient = PyFlueClient>(
  runId: MaybeRefOrGetter<string | null | undefined>,
  options: UseRunOptions<Client> = {},
): UseRunResult<Result> {
  const { client: own, after } = checkOptions(options, KEYS, 'useRun()');
  const { client } = useProvided(own, 'useRun()');
  runIdOf(toValue(runId), 'useRun()');
  const { store, state } = bindStore<RunSnapshot<Result>, RunStore<Result>>(
    [() => toValue(runId)],
    () => {
      const id = runIdOf(toValue(runId), 'useRun()');
      return id === null ? null : watchRun<Result>(client, id, { after });
    },
    () => true,
  );
  return { run: state, retry: () => store.value?.retry() };
}
