/** `useConversation`: a persistent agent's chat in a component (a `createConversation` store under `useSyncExternalStore`). */
import { useMemo, useRef, useSyncExternalStore } from 'react';
import type { AgentName } from '../facade/core/app.js';
import { createConversation, type AnyPyFlueClient, type AppOf, type Conversation, type ConversationOptionsFor, type ConversationSnapshot } from '../live/index.js';
import type { PyFlueClient } from '../index.js';
import { useClient } from './provider.js';
import { useRetained } from './retain.js';

/** Options of `useConversation`: the conversation's, and the client when there is no `PyFlueProvider`. */
export type UseConversationOptions<Client extends AnyPyFlueClient, Name> = ConversationOptionsFor<Client, Name> & {
  /** The client (default: the `PyFlueProvider`'s). */
  client?: Client | undefined;
};

/** What `useConversation` returns: the snapshot's fields, and the store's `send` and `stop`. */
export interface UseConversationResult extends ConversationSnapshot {
  /** Sends a message (after those before it); never rejects: a failure is in `error`. */
  send: Conversation['send'];
  /** Stops the reply streaming now, keeping its text, and drops the sends waiting. */
  stop: Conversation['stop'];
}

/**
 * A conversation with persistent agent `agentName`, instance `instanceId`. Nothing is sent
 * on render, on the server or twice under StrictMode: only `send` sends. Unmounting stops
 * the reply and removes the listeners. A new agent, instance or session starts a new conversation.
 */
export function useConversation<Client extends AnyPyFlueClient = PyFlueClient, Name extends AgentName<AppOf<Client>> = AgentName<AppOf<Client>>>(
  agentName: Name,
  instanceId: string,
  options?: UseConversationOptions<Client, Name>,
): UseConversationResult {
  const client = useClient(options?.client);
  const session = options?.session;
  // The latest payload builder, so an inline function does not start a new conversation each render.
  const latestPayload = useRef(options?.payload as ((text: string) => unknown) | undefined);
  latestPayload.current = options?.payload as ((text: string) => unknown) | undefined;
  const conversation = useMemo(
    () =>
      createConversation(client as AnyPyFlueClient, agentName as string, instanceId, {
        session,
        payload: (text: string) => latestPayload.current?.(text) ?? (session === undefined ? { message: text } : { message: text, session }),
      } as never),
    [client, agentName, instanceId, session],
  );
  useRetained(conversation);
  const snapshot = useSyncExternalStore(conversation.subscribe, conversation.getSnapshot, conversation.getSnapshot);
  return { ...snapshot, send: conversation.send, stop: conversation.stop };
}
