/** Small helpers the test files share. */
import type { RunEvent, RunStreamEvent } from '../../src/index.js';
import { nestedFields, requiredFields } from '../../src/generated/answers.js';

/** The rejection reason of a promise that must reject; fails with the value when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
    },
    (error: unknown) => error,
  );
}


/**
 * After a 500 `internal_error`, PyFlue 0.2.0 (uvicorn) closes the connection once it has logged
 * the exception, without `Connection: close`: a POST sent at once on that pooled connection fails,
 * and the client rightly never sends a POST twice (spec/openapi.yaml, InternalError). A GET is
 * sent again, and the server answers it only after the close: once it is back, the pool holds no
 * dead connection, so the test's next POST is not at the mercy of that race.
 */
export async function pastInternalError(client: { health(): Promise<unknown> }): Promise<void> {
  await client.health();
}

/** mulberry32: a small seeded PRNG, so a failing fault test can be replayed. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Rejects with a clear error if `promise` has not settled within `ms` (a hang guard, not a timing check). */
export function guard<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`hang guard: ${what} did not settle within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Every item of an async iterable, pushed into `into` as they come (so a failing stream's items can be checked). */
export async function collect<T>(stream: AsyncIterable<T>, into: T[] = []): Promise<T[]> {
  for await (const item of stream) into.push(item);
  return into;
}

/**
 * A run stream's events as run events: the server under test speaks the spec this client
 * was built from, so an UnknownFrame here is a failure, not a newer server's event.
 */
export function knownEvents(events: readonly RunStreamEvent[]): RunEvent[] {
  return events.map(knownEvent);
}

/** One run stream event as a run event (see `knownEvents`). */
export function knownEvent(event: RunStreamEvent): RunEvent {
  if (event.type === 'unknown') throw new Error(`expected a run event, got an unknown "${event.event}" frame: ${JSON.stringify(event.data).slice(0, 200)}`);
  return event;
}

/**
 * A JSON body with every field some route's 2xx answer must have (src/generated/wire.ts:
 * arrays where an array is required), for stubs that answer every route alike: each
 * call's answer passes the client's check of the fields its route requires.
 */
export function everyAnswerField(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...Object.fromEntries(Object.values(requiredFields).flatMap((fields) => fields.map(filledField))),
    ...extra,
  };
}

/** The component each non-array field is inside an answer (`usage`: PromptUsage), from the generated nestedFields. */
const COMPONENT_OF = new Map(Object.values(nestedFields).flatMap((fields) => Object.entries(fields)).filter(([, target]) => !target.endsWith('[]')));

/** One required field with a value its check takes: an array, a component with its own required fields, `null` for a cursor, else "x". */
function filledField(field: string): [string, unknown] {
  if (field.endsWith('[]')) return [field.slice(0, -2), []];
  const component = COMPONENT_OF.get(field);
  if (component !== undefined) return [field, Object.fromEntries((requiredFields[component] ?? []).map(filledField))];
  return [field, field === 'nextCursor' ? null : 'x'];
}

/** A run record as PyFlue sends it (both spellings where it sends both; `event_count` alone). */
export function wireRunRecord(runId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    run_id: runId, runId, agent: 'greet', agentName: 'greet', agent_id: runId, instanceId: runId,
    started_at: 1_795_480_629.97, startedAt: '2026-11-24T00:37:09.970000Z', ended_at: 1_795_480_629.98, endedAt: '2026-11-24T00:37:09.980000Z',
    durationMs: 10, status: 'succeeded', is_error: false, isError: false, error: null, result: null, event_count: 3,
    ...overrides,
  };
}
