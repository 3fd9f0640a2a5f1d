/**
 * The base of every namespace (`client.agents`, `client.runs`, `client.admin.runs`, ...)
 * and the verbs they share: a JSON call (`json`), a POST whose payload a typed app checks
 * and whose answer it checks (`invokeJson`), and a POST that starts a run and streams it
 * (`postStream`). Each method is one short call on one of them. Input is checked inside
 * the `send` function, so a bad argument rejects the returned promise with
 * PyFlueInputError before anything is sent.
 */
import type { Client } from 'openapi-fetch';
import type { paths } from '../../generated/openapi.js';
import type { APIPromise } from '../core/api-promise.js';
import type { EventStream } from '../core/event-stream.js';
import type { RequestOptions, RunStreamOptions } from '../core/options.js';
import type { RunStreamEvent } from '../core/types.js';
import type { Kind } from '../internal/app-validators.js';
import { optionalObject } from '../internal/checks.js';
import type { ClientContext, OptionsCheck } from '../internal/context.js';
import type { CallCheck, FetchResult, Send, SendInit } from '../internal/transport.js';
import type { ChannelName } from '../../generated/channels.js';

/** A route's POST with its body (`{ payload }`, checked) and the call's init. */
type Post<T> = (body: { payload: Record<string, unknown> }, init: SendInit) => Promise<FetchResult<T>>;

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

  /**
   * One JSON call through the transport (headers, timeout, deadline, retries, typed
   * errors); `check` names the method, its option names and the fields its answer must
   * have (internal/options.ts `checkOptions`, transport.ts `CallCheck`). @internal
   */
  protected json<T>(options: RequestOptions, send: Send<T>, check?: CallCheck, headers?: Record<string, string>): APIPromise<T> {
    return this.context.transport.json(options, send, check, headers);
  }

  /**
   * POSTs `{ payload }` to the `kind` named `name` and waits for its JSON answer: the
   * payload goes through the typed app's validator first (PyFlueInputError, nothing
   * sent), the answer through `result` (which checks it against the app's result schema). @internal
   */
  protected invokeJson<T, R>(
    kind: Kind,
    name: string,
    payload: unknown,
    options: RequestOptions,
    post: Post<T>,
    check: CallCheck,
    result: (data: T, response: Response) => R | Promise<R>,
    headers?: Record<string, string>,
  ): APIPromise<R> {
    const { context } = this;
    return this.json(options, async (init) => post({ payload: await context.checkPayload(kind, name, optionalObject(payload, 'payload') ?? {}) }, init), check, headers).map(result);
  }

  /**
   * POSTs `{ payload }` to the `kind` named `name` and streams what it starts: a run's
   * events, resumable once the run id is in (a persistent agent's frames, which have no
   * run, until `end`); `channel` names the POST's stream in src/generated/channels.ts (its
   * frame types). The payload and options are checked now; the payload goes through the
   * typed app's validator when the stream starts. @internal
   */
  protected postStream(
    kind: Kind,
    name: string,
    payload: unknown,
    options: RunStreamOptions,
    post: Post<ReadableStream<Uint8Array> | null>,
    channel: ChannelName,
    check: OptionsCheck,
  ): EventStream<RunStreamEvent> {
    const { context } = this;
    const checked = optionalObject(payload, 'payload') ?? {};
    // What a cut before the headers may have done depends on it: the app says, or the payload has a persistent agent's shape.
    const persistent = kind === 'agent' && (context.app?.agent.get(name)?.persistent ?? isPrompt(checked));
    return context.runStream(
      { body: async () => ({ payload: await context.checkPayload(kind, name, checked) }), send: post, kind: persistent ? 'persistent' : kind },
      options,
      channel,
      check,
    );
  }
}

/** A persistent agent's payload: `{ message, session? }`. */
function isPrompt(payload: Record<string, unknown>): boolean {
  return typeof payload.message === 'string' && Object.keys(payload).every((key) => key === 'message' || key === 'session');
}

/**
 * A namespace that can also be called: `call` with the namespace's methods reachable
 * through its prototype (so `this` inside them still finds the namespace's fields).
 */
export function callable<Namespace extends Resource, Call extends (...args: never[]) => unknown>(namespace: Namespace, call: Call): Namespace & Call {
  return Object.setPrototypeOf(call, namespace) as Namespace & Call;
}
