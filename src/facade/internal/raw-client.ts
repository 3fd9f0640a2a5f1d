/**
 * `client.raw`: the client's own openapi-fetch client for every route of the spec, the
 * ones the facade does not wrap yet included. Its methods are openapi-fetch's own
 * (`Client<paths>`, typed from src/generated/openapi.ts); each call is the facade's own
 * openapi-fetch client called with the call's fetch, once its arguments are checked
 * (raw-request.ts, loaded with the first raw call: apps that never use `client.raw` do
 * not ship its checks).
 */
import type { Client, Middleware } from 'openapi-fetch';
import type { paths } from '../../generated/openapi.js';
import { loadRaw } from './load.js';
import type { Transport } from './transport.js';

const METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'];

export function rawClient(transport: Transport): Client<paths> {
  const request = async (method: unknown, path: unknown, init?: unknown) => (await loadRaw()).checkedRawCall(transport, METHODS, method, path, init);
  const client: Record<string, unknown> = {
    request,
    use: (...middleware: Middleware[]) => transport.use(...middleware),
    eject: (...middleware: Middleware[]) => transport.eject(...middleware),
  };
  for (const method of METHODS) client[method] = (path: unknown, init?: unknown) => request(method, path, init);
  // The methods' overloads (one per route) are openapi-fetch's types; the runtime above takes any route.
  return client as unknown as Client<paths>;
}
