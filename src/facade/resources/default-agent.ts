/**
 * The project's default agent (the legacy routes): `client.prompt`, `client.stream` and
 * `client.sessions.abort`. A `result` schema (any Standard Schema validator) parses the
 * typed result out of the reply, as the Python client does with Pydantic models.
 */
import type { APIPromise } from '../core/api-promise.js';
import { PyFlueInputError } from '../core/errors.js';
import type { EventStream } from '../core/event-stream.js';
import type { RequestOptions } from '../core/options.js';
import { Resource } from './resource.js';
import type { StandardSchemaV1 } from '../core/structured-text.js';
import type { AbortSessionResponse, PromptResult, PromptStreamEvent } from '../core/types.js';
import { pathSegment } from '../internal/checks.js';
import { loadSchema } from '../internal/load.js';
import { REQUEST_OPTIONS, checkOptions, optionKeys } from '../internal/options.js';
import { promptResultNames, sessionNames } from '../internal/wire-names.js';

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

const STREAM_KEYS = optionKeys<PromptOptions>({ ...REQUEST_OPTIONS, sessionId: true, idleTimeoutMs: true });
/** `client.prompt` also takes a `result` schema. */
const PROMPT_KEYS = optionKeys<PromptOptions & { result: StandardSchemaV1 }>({ ...REQUEST_OPTIONS, sessionId: true, idleTimeoutMs: true, result: true });

/** The body of a prompt, once the text (and the result schema, if any) are checked. */
function promptBody(text: unknown, result: unknown): { payload: { prompt: string } } {
  if (typeof text !== 'string') throw new PyFlueInputError(`The prompt must be a string; got ${typeof text}.`);
  if (result !== undefined && typeof (result as Partial<StandardSchemaV1> | null)?.['~standard']?.validate !== 'function') {
    throw new PyFlueInputError('result must be a Standard Schema validator (zod, valibot, arktype, ...).');
  }
  return { payload: { prompt: text } };
}

/** The default agent's routes, behind `client.prompt` and `client.stream`. */
export class DefaultAgent extends Resource {
  prompt<Schema extends StandardSchemaV1>(
    text: string,
    options: PromptOptions & { result: Schema },
  ): APIPromise<TypedPromptResult<StandardSchemaV1.InferOutput<Schema>>>;
  prompt(text: string, options?: PromptOptions): APIPromise<PromptResult>;
  prompt(text: string, options: PromptOptions & { result?: StandardSchemaV1 } = {}): APIPromise<PromptResult | TypedPromptResult<unknown>> {
    const result = options?.result;
    const reply = this.json(
      options,
      (init) => this.api.POST('/prompt/{agent_id}', { params: { path: { agent_id: sessionOf(options) } }, body: promptBody(text, result), ...init }),
      { where: 'prompt()', keys: PROMPT_KEYS },
    ).map((data) => promptResultNames(data));
    return result === undefined ? reply : reply.map(async (data) => ({ ...data, result: await (await loadSchema()).parsePromptResult(data.text, result) }));
  }

  /** Streams the reply: `start`, `delta`... `end` (each event carries its `type`). */
  stream(text: string, options: PromptOptions = {}): EventStream<PromptStreamEvent> {
    const body = promptBody(text, undefined);
    const path = { agent_id: sessionOf(checkOptions(options, STREAM_KEYS, 'stream()')) };
    return this.context.promptStream(
      (init) => this.api.POST('/prompt/{agent_id}/events', { params: { path }, body, parseAs: 'stream', ...init }),
      options,
      { keys: STREAM_KEYS, where: 'stream()' },
    );
  }
}

function sessionOf(options: PromptOptions): string {
  return pathSegment(options.sessionId === undefined ? 'default' : options.sessionId, 'sessionId');
}

/** `client.sessions`: default-agent sessions. */
export class Sessions extends Resource {
  /** Aborts the operation running in a default-agent session; `aborted` says whether one was. */
  abort(sessionId: string, options: RequestOptions = {}): APIPromise<AbortSessionResponse> {
    return this.json(options, (init) => this.api.POST('/sessions/{session_id}/abort', { params: { path: { session_id: pathSegment(sessionId, 'sessionId') } }, ...init }), {
      where: 'sessions.abort()',
    }).map((body) => sessionNames(body));
  }
}
