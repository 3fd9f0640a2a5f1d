/**
 * The base of every namespace (`client.agents`, `client.runs`, `client.admin.runs`, ...):
 * each JSON method is one line, `return this.json(options, (init) => this.api.GET(...))`.
 * Input is checked inside the `send` function, so a bad argument rejects the returned
 * promise with PyFlueInputError before anything is sent, as the old `async` methods did.
 */
import type { Client } from 'openapi-fetch';
import type { paths } from '../../generated/openapi.js';
import type { APIPromise } from '../core/api-promise.js';
import type { ClientContext } from '../internal/context.js';
import type { RequestOptions } from '../core/options.js';
import type { AdminPaths, CallCheck, Send } from '../internal/transport.js';

export abstract class Resource {
  /** Plain (not `#`) so a callable namespace (`client.agents()`) can reach it through its prototype. @internal */
  protected readonly context: ClientContext;

  /** The client creates its namespaces; @internal */
  constructor(context: ClientContext) {
    this.context = context;
  }

  /** The API's typed openapi-fetch client. @internal */
  protected get api(): Client<paths> {
    return this.context.transport.api;
  }

  /** The admin app's typed openapi-fetch client. @internal */
  protected get admin(): Client<AdminPaths> {
    return this.context.transport.admin;
  }

  /**
   * One JSON call through the transport (headers, timeout, deadline, retries, typed
   * errors); `check` names the method, its option names and the fields its answer must
   * have (internal/options.ts `checkOptions`, transport.ts `CallCheck`). @internal
   */
  protected json<T>(options: RequestOptions, send: Send<T>, check?: CallCheck, headers?: Record<string, string>): APIPromise<T> {
    return this.context.transport.json(options, send, check, headers);
  }
}

/**
 * A namespace that can also be called: `call` with the namespace's methods reachable
 * through its prototype (so `this` inside them still finds the namespace's fields).
 */
export function callable<Namespace extends Resource, Call extends (...args: never[]) => unknown>(namespace: Namespace, call: Call): Namespace & Call {
  return Object.setPrototypeOf(call, namespace) as Namespace & Call;
}
