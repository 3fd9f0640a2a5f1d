/**
 * How the live stores see a client: its typed `App` (inferred from the client passed in),
 * and the few methods they call, written out untyped so the stores' own generic code does
 * not fight the per-name overloads of the public client.
 */
import type { RequestOptions, RunStreamOptions } from '../facade/core/options.js';
import type { AgentEvent, WebhookAccepted } from '../facade/core/types.js';
import { PyFlueInputError, describe } from './deps.js';
import type { AppDefinition, PyFlueClient, RunRecord, RunStreamEvent } from '../index.js';

/** Any client, whatever its app and response format. */
export type AnyPyFlueClient = PyFlueClient<any, any>;

/** The `App` a client was typed with (`AppDefinition`, any name goes, for an untyped one). */
export type AppOf<Client> = Client extends PyFlueClient<infer App, infer _Format> ? App : AppDefinition;

/**
 * @internal The calls the stores make, as the untyped client answers them. The options
 * are the client's own types, so a renamed option fails to compile here.
 */
export interface LiveCalls {
  agents: {
    stream(name: string, id: string, options: { payload: unknown; signal: AbortSignal }): AsyncIterable<AgentEvent>;
  };
  runs: {
    stream(runId: string, options: RunStreamOptions & { signal: AbortSignal }): AsyncIterable<RunStreamEvent>;
    get(runId: string, options: RequestOptions & { signal: AbortSignal }): PromiseLike<RunRecord>;
  };
  workflows: {
    invoke(name: string, payload: unknown, options: { signal?: AbortSignal | undefined }): PromiseLike<WebhookAccepted>;
  };
}

/**
 * @internal The client's calls, after checking that `client` is one (a clear
 * PyFlueInputError naming `where` otherwise, before anything is sent).
 */
export function callsOf(client: unknown, where: string): LiveCalls {
  const calls = client as Partial<LiveCalls> | null | undefined;
  // One of its methods tells a client from anything else an app might pass by mistake.
  if (typeof calls?.runs?.stream !== 'function') {
    throw new PyFlueInputError(`${where} needs a PyFlueClient (new PyFlueClient(url)); got ${describe(client)}.`);
  }
  return calls as LiveCalls;
}
