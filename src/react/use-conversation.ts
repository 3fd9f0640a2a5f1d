/** `useConversation`: a persistent agent's chat in a component (a `createConversation` store under `useSyncExternalStore`). */
import { useMemo, useRef, useSyncExternalStore } from 'react';
import type { AgentName } from '../facade/core/app.js';
import { PyFlueInputError } from '../facade/core/errors.js';
import { describe, pathSegment } from '../facade/internal/checks.js';
import { checkOptions, optionKeys } from '../facade/internal/options.js';
import { CONVERSATION_OPTIONS, createConversation, type Conversation, type ConversationOptions } from '../live/conversation.js';
import type { AnyPyFlueClient, AppOf, ConversationOptionsFor, ConversationSnapshot } from '../live/index.js';
import type { PyFlueClient } from '../index.js';
import { useClient, useProvided } from './provider.js';
import { useRetained } from './retain.js';

/** Options of `useConversation`: the conversation's, and the client when there is no `PyFlueProvider`. */
export type UseConversationOptions<Client extends AnyPyFlueClient, Name> = ConversationOptionsFor<Client, Name> & {
  /** The client (default: the `PyFlueProvider`'s). */
  client?: Client | undefined;
};

/** What `useConversation` returns: the snapshot's fields, and the store's calls. */
export interface UseConversationResult extends ConversationSnapshot {
  /** Sends a message (after those before it); never rejects: a failure is in `error`. */
  send: Conversation['send'];
  /** Sends the last user message again when its send failed (no second copy of it). */
  retry: Conversation['retry'];
  /** Asks again for the last reply. */
  regenerate: Conversation['regenerate'];
  /** Replaces the messages (history the app kept, a cleared thread). */
  setMessages: Conversation['setMessages'];
  /** Stops the reply streaming now, keeping its text, and drops the sends waiting. */
  stop: Conversation['stop'];
}

const HOOK_KEYS = optionKeys<ConversationOptions & { client?: unknown }>({ ...CONVERSATION_OPTIONS, client: true });

/**
 * A conversation with persistent agent `agentName`, instance `instanceId`. Nothing is sent
 * on render, on the server or twice under StrictMode: only `send` sends. Under a
 * `PyFlueProvider` (and its client) the conversation is the provider's, one per agent +
 * instance + session: unmounting keeps it (and its reply streaming), mounting again shows
 * it. With a `client` of its own it is the component's: unmounting stops the reply.
 */
export function useConversation<Client extends AnyPyFlueClient = PyFlueClient, Name extends AgentName<AppOf<Client>> = AgentName<AppOf<Client>>>(
  agentName: Name,
  instanceId: string,
  options?: UseConversationOptions<Client, Name>,
): UseConversationResult {
  const where = 'useConversation()';
  pathSegment(agentName, `${where}: agentName`);
  pathSegment(instanceId, `${where}: instanceId`);
  const given = checkOptions(options as Record<string, unknown> | undefined, HOOK_KEYS, where) as { client?: Client; session?: string; payload?: (text: string) => unknown } & ConversationOptions;
  // The hook wraps the builder (see below), so createConversation never sees it: checked here.
  if (given.payload !== undefined && typeof given.payload !== 'function') throw new PyFlueInputError(`${where}: payload must be a function; got ${describe(given.payload)}.`);
  const client = useClient(given.client, where);
  const provided = useProvided();
  const { session } = given;
  // The latest options, so an inline payload builder or message list does not start a new conversation each render.
  const latest = useRef(given);
  latest.current = given;
  const shared = provided !== null && provided.client === client;
  const conversation = useMemo(() => {
    const { client: _client, ...own } = latest.current;
    const settings: ConversationOptions = {
      ...own,
      payload: (text: string) => (latest.current.payload?.(text) ?? (session === undefined ? { message: text } : { message: text, session })) as Record<string, unknown>,
    };
    return shared ? provided.conversations.get(agentName, instanceId, settings) : createConversation(client as AnyPyFlueClient, agentName as string, instanceId, settings as never);
  }, [client, agentName, instanceId, session, shared, provided]);
  // The provider's conversations outlive the component; a component's own goes with it.
  useRetained(shared ? null : conversation);
  const snapshot = useSyncExternalStore(conversation.subscribe, conversation.getSnapshot, conversation.getSnapshot);
  return useMemo(
    () => ({ ...snapshot, send: conversation.send, retry: conversation.retry, regenerate: conversation.regenerate, setMessages: conversation.setMessages, stop: conversation.stop }),
    [snapshot, conversation],
  );
}
