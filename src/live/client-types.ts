/**
 * How the live stores see a client: its typed `App` (inferred from the client passed in),
 * and the few methods they call, written out untyped so the stores' own generic code does
 * not fight the per-name overloads of the public client.
 */
import type { AgentEvent, WebhookAccepted } from '../facade/core/types.js';
import type { AppDefinition, PyFlueClient, RunRecord, RunStreamEvent } from '../index.js';

/** Any client, whatever its app and response format. */
export type AnyPyFlueClient = PyFlueClient<any, any>;

/** The `App` a client was typed with (`AppDefinition`, any name goes, for an untyped one). */
export type AppOf<Client> = Client extends PyFlueClient<infer App, infer _Format> ? App : AppDefinition;

/** @internal The calls the stores make, as the untyped client answers them. */
export interface LiveCalls {
  agents: {
    stream(name: string, id: string, options: { payload: unknown; signal: AbortSignal }): AsyncIterable<AgentEvent>;
  };
  runs: {
    stream(runId: string, options: { after?: number; signal: AbortSignal }): AsyncIterable<RunStreamEvent>;
    get(runId: string, options: { signal: AbortSignal }): PromiseLike<RunRecord>;
  };
  workflows: {
    invoke(name: string, payload: unknown, options: { signal?: AbortSignal | undefined }): PromiseLike<WebhookAccepted>;
  };
}

/** @internal */
export const callsOf = (client: AnyPyFlueClient): LiveCalls => client as unknown as LiveCalls;
