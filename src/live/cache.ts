/**
 * One conversation store per agent + instance + session, for the framework bindings'
 * providers: a component that unmounts and mounts again, or a thread switched away from
 * and back to, finds its messages (and a reply still streaming) where it left them.
 */
import { createConversation, type Conversation, type ConversationOptions } from './conversation.js';
import type { AnyPyFlueClient } from './client-types.js';

/** @internal */
export interface ConversationCache {
  /**
   * The conversation of `agentName`/`instanceId`/`options.session`: the one made before,
   * else a new one with `options` (so the first to open a thread sets its options).
   */
  get(agentName: string, instanceId: string, options: ConversationOptions): Conversation;
  /** Disposes every conversation kept (the provider went away). */
  dispose(): void;
}

/** @internal */
export function createConversationCache(client: AnyPyFlueClient): ConversationCache {
  const stores = new Map<string, Conversation>();
  return {
    get(agentName, instanceId, options) {
      // JSON: no separator that a name, an id or a session could contain can mix two keys up.
      const key = JSON.stringify([agentName, instanceId, options.session ?? 'default']);
      let store = stores.get(key);
      if (!store) stores.set(key, (store = createConversation(client, agentName, instanceId, options as never)));
      return store;
    },
    dispose() {
      for (const store of stores.values()) store.dispose();
      stores.clear();
    },
  };
}
