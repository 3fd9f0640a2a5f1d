/**
 * `PyFlueProvider`: the client the hooks use when they are not given one, and the
 * conversations of the components below it: one store per agent + instance + session,
 * kept while the provider is mounted, so a component that remounts, or a thread switched
 * away from and back to, shows its messages (and a reply still streaming) as it left them.
 */
import { createContext, createElement, useContext, useMemo, type ReactNode } from 'react';
import { PyFlueInputError } from '../index.js';
import { createConversationCache, type ConversationCache } from '../live/cache.js';
import { callsOf } from '../live/client-types.js';
import type { AnyPyFlueClient } from '../live/index.js';
import { useRetained } from './retain.js';

interface Provided {
  client: AnyPyFlueClient;
  conversations: ConversationCache;
}

const ClientContext = createContext<Provided | null>(null);

/** Props of `PyFlueProvider`. */
export interface PyFlueProviderProps {
  /** The client every hook below uses (unless a hook is given a `client` of its own). */
  client: AnyPyFlueClient;
  children?: ReactNode;
}

/** Makes `client` the one the hooks below it use, and keeps their conversations. */
export function PyFlueProvider({ client, children }: PyFlueProviderProps): ReactNode {
  callsOf(client, '<PyFlueProvider client={...}>');
  const provided = useMemo<Provided>(() => ({ client, conversations: createConversationCache(client) }), [client]);
  // Disposed on a real unmount (or a new client), not by StrictMode's rehearsal.
  useRetained(useMemo(() => ({ dispose: () => provided.conversations.dispose() }), [provided]));
  return createElement(ClientContext.Provider, { value: provided }, children);
}

/** @internal The provider's client and conversations (null outside a provider). */
export const useProvided = (): Provided | null => useContext(ClientContext);

/** @internal The hook's own client, else the provider's; a clear error when there is neither. */
export function useClient<Client extends AnyPyFlueClient>(own: Client | undefined, where: string): Client {
  const provided = useContext(ClientContext);
  const client = own ?? provided?.client;
  if (!client) {
    throw new PyFlueInputError(`No PyFlue client for ${where}: render the component inside <PyFlueProvider client={client}> or pass the hook a \`client\` option.`);
  }
  if (own !== undefined) callsOf(own, `${where}: the client option`);
  return client as Client;
}
