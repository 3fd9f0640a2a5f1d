/**
 * The project's default agent (the legacy routes): `client.prompt`, `client.stream` and
 * `client.sessions.abort`. A `result` schema (any Standard Schema validator) parses the
 * typed result out of the reply, as the Python client does with Pydantic models.
 */
import type { ClientContext } from '../context.js';
import { parseResult, type StandardSchemaV1 } from '../result-schema.js';
import { promptEvents } from '../frames.js';
import type { EventStream } from '../streaming.js';
import type { RequestOptions } from '../transport.js';
import type { AbortSessionResponse, PromptResult, PromptStreamEvent } from '../types.js';
import { pathSegment } from '../validate.js';
import { PyFlueInputError } from '../errors.js';

/** Options of `client.prompt` and `client.stream`. */
export interface PromptOptions extends RequestOptions {
  /** The session to continue (default `default`). */
  sessionId?: string | undefined;
  /**
   * `client.stream` only: silence allowed between frames, in ms, before the stream fails
   * with PyFlueTimeoutError (it cannot be resumed). Overrides the client's `idleTimeoutMs`.
   */
  idleTimeoutMs?: number | undefined;
}

/** A reply with its result parsed and validated by your schema. */
export interface TypedPromptResult<Result> extends PromptResult {
  /** The validated result parsed from `text`. */
  result: Result;
}

function promptText(text: unknown): string {
  if (typeof text !== 'string') throw new PyFlueInputError(`The prompt must be a string; got ${typeof text}.`);
  return text;
}

/** The default agent's routes, behind `client.prompt` and `client.stream`. */
export class DefaultAgent {
  /** The client creates it; @internal */
  constructor(private readonly context: ClientContext) {}

  async prompt<Schema extends StandardSchemaV1>(
    text: string,
    options: PromptOptions & { result: Schema },
  ): Promise<TypedPromptResult<StandardSchemaV1.InferOutput<Schema>>>;
  async prompt(text: string, options?: PromptOptions): Promise<PromptResult>;
  async prompt(text: string, options: PromptOptions & { result?: StandardSchemaV1 } = {}): Promise<PromptResult | TypedPromptResult<unknown>> {
    const body = { payload: { prompt: promptText(text) } };
    const session = sessionOf(options);
    if (options.result !== undefined && typeof options.result?.['~standard']?.validate !== 'function') {
      throw new PyFlueInputError('result must be a Standard Schema validator (zod, valibot, arktype, ...).');
    }
    const { api } = this.context.transport;
    const { data } = await this.context.transport.call(
      {
        send: (init) => api.POST('/prompt/{agent_id}', { params: { path: { agent_id: session } }, body, ...init }),
      },
      options,
    );
    if (!options.result) return data;
    return { ...data, result: await parseResult(data.text, options.result) };
  }

  /** Streams the reply: `start`, `delta`... `end` (each event carries its `type`). */
  stream(text: string, options: PromptOptions = {}): EventStream<PromptStreamEvent> {
    const body = { payload: { prompt: promptText(text) } };
    const path = { agent_id: sessionOf(options) };
    const { api } = this.context.transport;
    return this.context.sseStream(
      (init) => api.POST('/prompt/{agent_id}/events', { params: { path }, body, parseAs: 'stream', ...init }),
      options,
      promptEvents,
    );
  }
}

function sessionOf(options: PromptOptions): string {
  return pathSegment(options.sessionId === undefined ? 'default' : options.sessionId, 'sessionId');
}

/** `client.sessions`: default-agent sessions. */
export class Sessions {
  /** The client creates its namespaces; @internal */
  constructor(private readonly context: ClientContext) {}

  /** Aborts the operation running in a default-agent session; `aborted` says whether one was. */
  async abort(sessionId: string, options: RequestOptions = {}): Promise<AbortSessionResponse> {
    const session = pathSegment(sessionId, 'sessionId');
    const { api } = this.context.transport;
    const { data } = await this.context.transport.call(
      {
        send: (init) => api.POST('/sessions/{session_id}/abort', { params: { path: { session_id: session } }, ...init }),
      },
      options,
    );
    return data;
  }
}
