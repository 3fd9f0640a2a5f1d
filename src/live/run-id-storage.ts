/**
 * Where the framework bindings' `useWorkflow({ reconnect })` keeps the id of the run in
 * flight, so a reloaded page follows it again: the option checked once, and a storage
 * that throws (refused in a sandboxed frame, full) reported, never fatal.
 */
import { checkStorage } from './conversation.js';
import { PyFlueInputError, describe } from './deps.js';
import type { LiveStorage } from './messages.js';
import { attempt } from './store.js';

/** @internal */
export interface RunIdKeeper {
  /** The id a previous page left, if any. */
  read(): string | undefined;
  save(runId: string): void;
  /** Forgets `runId` (not a newer one another tab saved). */
  forget(runId: string): void;
}

/** @internal The keeper for workflow `name`: `reconnect` is the option (`true`: key `pyflue:run:<name>`), `storage` default `sessionStorage`. */
export function runIdKeeper(name: string, reconnect: unknown, storage: unknown, where: string): RunIdKeeper {
  if (reconnect !== undefined && typeof reconnect !== 'boolean' && (typeof reconnect !== 'string' || reconnect === '')) {
    throw new PyFlueInputError(`${where}: reconnect must be true, false or a storage key; got ${describe(reconnect)}.`);
  }
  const given = checkStorage(storage, `${where}: storage`);
  const key = reconnect ? (typeof reconnect === 'string' ? reconnect : `pyflue:run:${name}`) : undefined;
  const use = <T>(act: (found: LiveStorage, key: string) => T): T | undefined =>
    attempt(() => {
      const found = given ?? (typeof sessionStorage === 'undefined' ? undefined : sessionStorage);
      return found && key !== undefined ? act(found, key) : undefined;
    }, `${where}: the storage refused the run id; reconnect goes on without it.`);
  return {
    read: () => use((found, at) => found.getItem(at) || undefined),
    save: (runId) => use((found, at) => found.setItem(at, runId)),
    forget: (runId) => use((found, at) => found.getItem(at) === runId && found.removeItem(at)),
  };
}
