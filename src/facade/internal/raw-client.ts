/**
 * `client.raw`: the client's typed openapi-fetch client for every route of the spec, the
 * ones the facade does not wrap yet included. Its methods are openapi-fetch's own
 * (`Client<paths>`, typed from src/generated/openapi.ts); each call is sent through the
 * transport, so it gets what facade calls get (base URL, token and headers, middleware,
 * timeouts, deadline, retries of GETs, `client.close()`).
 */
import type { Client, Middleware } from 'openapi-fetch';
import type { paths } from '../../generated/openapi.js';
import type { RawInit, Transport } from './transport.js';

const METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'] as const;

export function rawClient(transport: Transport): Client<paths> {
  const client: Record<string, unknown> = {
    request: (method: string, path: string, init?: RawInit) => transport.rawRequest(method.toUpperCase(), path, init),
    use: (...middleware: Middleware[]) => transport.use(...middleware),
    eject: (...middleware: Middleware[]) => transport.eject(...middleware),
  };
  for (const method of METHODS) client[method] = (path: string, init?: RawInit) => transport.rawRequest(method, path, init);
  // The methods' overloads (one per route) are openapi-fetch's types; the runtime above takes any route.
  return client as unknown as Client<paths>;
}
