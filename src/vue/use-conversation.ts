/** `useConversation`: a persistent agent's chat in a Vue component (a `createConversation` store in a `shallowRef`). */
import { computed, toValue, type ComputedRef, type MaybeRefOrGetter } from 'vue';
import type { AgentName } from '../facade/core/app.js';
import { pathSegment } from '../facade/internal/checks.js';
import { checkOptions, optionKeys } from '../facade/internal/options.js';
import type { PyFlueClient } from '../index.js';
import { CONVERSATION_OPTIONS, createConversation, type Conversation, type ConversationOptions } from '../live/conversation.js';
import type { AnyPyFlueClient, AppOf, ConversationOptionsFor, ConversationSnapshot } from '../live/index.js';
import { bindStore } from './bind.js';
import { useProvided } from './provide.js';

/** Options of `useConversation`: the conversation's, and the client when none is provided. */
export type UseConversationOptions<Client extends AnyPyFlueClient, Name> = ConversationOptionsFor<Client, Name> & {
  /** The client (default: the provided one, `createPyFlue` or `providePyFlue`). */
  client?: Client | undefined;
};

/** What `useConversation` returns: each snapshot field as a computed ref, and the store's calls (of the conversation shown now). */
export type UseConversationResult = { readonly [Key in keyof ConversationSnapshot]: ComputedRef<ConversationSnapshot[Key]> } & Pick<
  Conversation,
  'send' | 'retry' | 'regenerate' | 'setMessages' | 'stop'
>;

const KEYS = optionKeys<ConversationOptions & { client?: unknown }>({ ...CONVERSATION_OPTIONS, client: true });

/**
 * A conversation with persistent agent `agentName`, instance `instanceId` (refs or getters
 * switch threads). Under a provider it is the provider's, one per agent + instance +
 * session (kept across unmounts and thread switches); with a `client` of its own it is
 * the component's, stopped when the component goes. Nothing is sent before `send`.
 */
export function useConversation<Client extends AnyPyFlueClient = PyFlueClient, Name extends AgentName<AppOf<Client>> = AgentName<AppOf<Client>>>(
  agentName: MaybeRefOrGetter<Name>,
  instanceId: MaybeRefOrGetter<string>,
  options?: UseConversationOptions<Client, Name>,
): UseConversationResult {
  const where = 'useConversation()';
  const { client: own, ...settings } = checkOptions(options as (ConversationOptions & { client?: Client }) | undefined, KEYS, where);
  const { client, conversations } = useProvided(own, where);
  // Checked now (later changes are checked as they come): a bad argument throws here, not in a watcher.
  pathSegment(toValue(agentName), `${where}: agentName`);
  pathSegment(toValue(instanceId), `${where}: instanceId`);
  const { store, state } = bindStore<ConversationSnapshot, Conversation>(
    [() => toValue(agentName), () => toValue(instanceId)],
    () => {
      const name = pathSegment(toValue(agentName), `${where}: agentName`);
      const id = pathSegment(toValue(instanceId), `${where}: instanceId`);
      return conversations ? conversations.get(name, id, settings) : createConversation(client, name, id, settings as never);
    },
    () => conversations === undefined,
  );
  const field = <Key extends keyof ConversationSnapshot>(key: Key) => computed(() => state.value![key]);
  const call =
    <Key extends 'send' | 'retry' | 'regenerate' | 'setMessages' | 'stop'>(key: Key) =>
    (...args: Parameters<Conversation[Key]>) =>
      (store.value![key] as (...given: Parameters<Conversation[Key]>) => ReturnType<Conversation[Key]>)(...args);
  return {
    status: field('status'),
    messages: field('messages'),
    error: field('error'),
    usage: field('usage'),
    send: call('send'),
    retry: call('retry'),
    regenerate: call('regenerate'),
    setMessages: call('setMessages'),
    stop: call('stop'),
  };
}
