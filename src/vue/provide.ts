/**
 * The client the composables use when they are not given one, and the conversations of
 * the components below it (one per agent + instance + session, kept while the app or the
 * providing component lives): `app.use(createPyFlue(client))` for a whole app,
 * `providePyFlue(client)` in a component's `setup` for its subtree.
 */
import { inject, onScopeDispose, provide, type App, type InjectionKey } from 'vue';
import { PyFlueInputError } from '../index.js';
import { createConversationCache, type ConversationCache } from '../live/cache.js';
import { callsOf, type AnyPyFlueClient } from '../live/client-types.js';

interface Provided {
  client: AnyPyFlueClient;
  conversations: ConversationCache;
}

const KEY: InjectionKey<Provided> = Symbol('pyflue');

const provided = (client: AnyPyFlueClient, where: string): Provided => {
  callsOf(client, where);
  return { client, conversations: createConversationCache(client) };
};

/** Makes `client` the one the composables of the components below use (call it in `setup`). */
export function providePyFlue(client: AnyPyFlueClient): void {
  const value = provided(client, 'providePyFlue()');
  provide(KEY, value);
  onScopeDispose(() => value.conversations.dispose());
}

/** What `createPyFlue` returns: a Vue plugin. */
export interface PyFluePlugin {
  /** Called by `app.use()`: provides the client to every component of the app. */
  install(app: App): void;
}

/** A Vue plugin: `app.use(createPyFlue(client))` makes `client` the one every component's composables use. */
export function createPyFlue(client: AnyPyFlueClient): PyFluePlugin {
  const value = provided(client, 'createPyFlue()');
  return {
    install(app) {
      app.provide(KEY, value);
      app.onUnmount?.(() => value.conversations.dispose());
    },
  };
}

/** @internal The composable's own client (with no shared conversations), else the provided one; a clear error when there is neither. */
export function useProvided(own: AnyPyFlueClient | undefined, where: string): Provided | { client: AnyPyFlueClient; conversations: undefined } {
  if (own !== undefined) {
    callsOf(own, `${where}: the client option`);
    return { client: own, conversations: undefined };
  }
  const found = inject(KEY, null);
  if (!found) throw new PyFlueInputError(`No PyFlue client for ${where}: app.use(createPyFlue(client)), providePyFlue(client) in a parent's setup, or pass a \`client\` option.`);
  return found;
}
