/** `PyFlueProvider`: the client the hooks use when they are not given one. */
import { createContext, createElement, useContext, type ReactNode } from 'react';
import { PyFlueInputError } from '../index.js';
import type { AnyPyFlueClient } from '../live/index.js';

const ClientContext = createContext<AnyPyFlueClient | null>(null);

/** Props of `PyFlueProvider`. */
export interface PyFlueProviderProps {
  /** The client every hook below uses (unless a hook is given a `client` of its own). */
  client: AnyPyFlueClient;
  children?: ReactNode;
}

/** Makes `client` the one the hooks below it use. */
export function PyFlueProvider({ client, children }: PyFlueProviderProps): ReactNode {
  return createElement(ClientContext.Provider, { value: client }, children);
}

/** @internal The hook's own client, else the provider's; a clear error when there is neither. */
export function useClient<Client extends AnyPyFlueClient>(own: Client | undefined): Client {
  const provided = useContext(ClientContext);
  const client = own ?? provided;
  if (!client) {
    throw new PyFlueInputError('No PyFlue client: render the component inside <PyFlueProvider client={client}> or pass the hook a `client` option.');
  }
  return client as Client;
}
