/**
 * The camelCase names of the fields the server sends in snake_case alone (`event_count`,
 * `is_error`, `cache_read`, `session_id`...), added beside them so that every field of a
 * public type has its camelCase name (core/types.ts types only those). The snake_case keys
 * stay, and the added names are not enumerable: the object serializes as the server sent it. Only the known wire shapes are touched, never a handler's result or a log's fields.
 */

import type { components } from '../../generated/openapi.js';
import type { AbortSessionResponse, PromptResult, RunRecord } from '../core/types.js';

type Json = Record<string, unknown>;
type Schemas = components['schemas'];

const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Adds `to` as a copy of `from` when the object has `from` and not yet `to`. The name is
 * not enumerable: `JSON.stringify`, spreads and deep-equality still see the server's body
 * exactly as it was sent; the field reads like any other.
 */
function alias(object: unknown, from: string, to: string): void {
  if (isObject(object) && from in object && !(to in object)) {
    Object.defineProperty(object, to, { value: object[from], enumerable: false, writable: true, configurable: true });
  }
}

/** A run record (`admin.runs`, `runs.get`): `eventCount`. */
export function runRecordNames(record: Schemas['RunRecord']): RunRecord {
  alias(record, 'event_count', 'eventCount');
  return record as unknown as RunRecord;
}

/** A prompt's result (`{ text, metadata, usage, model }`): the usage and cost buckets. */
export function promptResultNames(result: Schemas['PromptResult']): PromptResult {
  const usage = isObject(result) ? result.usage : undefined;
  for (const bucket of [usage, isObject(usage) ? usage.cost : undefined]) {
    alias(bucket, 'cache_read', 'cacheRead');
    alias(bucket, 'cache_write', 'cacheWrite');
    alias(bucket, 'total_tokens', 'totalTokens');
  }
  return result as unknown as PromptResult;
}

/** A frame of any stream or the workflow socket: run events' data, `start`'s session. */
export function frameNames<T>(frame: T): T {
  if (!isObject(frame)) return frame;
  switch (frame.type) {
    case 'run_start':
      alias(frame.data, 'agent_id', 'instanceId');
      break;
    case 'run_end':
      alias(frame.data, 'is_error', 'isError');
      break;
    case 'start':
      alias(frame, 'session_id', 'sessionId');
      break;
  }
  return frame;
}

/** `sessions.abort`'s answer: `sessionId`. */
export function sessionNames(body: Schemas['AbortSessionResponse']): AbortSessionResponse {
  alias(body, 'session_id', 'sessionId');
  return body as unknown as AbortSessionResponse;
}
