/**
 * Forward compatibility: the frame and event types this client knows, per channel, and
 * the `UnknownFrame` every other type becomes. A newer PyFlue (or a custom harness) may
 * send types the 0.2.0 spec does not list; they reach the caller as
 * `{ type: 'unknown', event, data }` on every channel (SSE streams, both sockets), so
 * nothing breaks and the known types stay closed unions that narrow.
 *
 * Each list is held to the generated union by `satisfies Record<…>`: when a regenerated
 * spec adds a type, the type-check names the list to extend here.
 */
import type { AgentStreamEvent, PromptStreamEvent, RunEvent, UnknownFrame } from '../core/types.js';

const names = <T extends string>(record: Record<T, true>): ReadonlySet<string> => new Set(Object.keys(record));

/** A run's event types (`runs.stream`, `workflows.stream`, a file-based `agents.stream`, the workflow socket). */
export const RUN_EVENT_TYPES = names({ run_start: true, log: true, run_end: true } satisfies Record<RunEvent['type'], true>);

/** A persistent agent's stream frames, plus a file-based agent's run events (`agents.stream`). */
export const AGENT_EVENT_TYPES = names({
  start: true,
  delta: true,
  end: true,
  tool_start: true,
  tool_end: true,
  run_start: true,
  log: true,
  run_end: true,
} satisfies Record<AgentStreamEvent['type'] | RunEvent['type'], true>);

/** The default agent's frames (`client.stream`), named by their SSE event. */
export const PROMPT_EVENT_TYPES = names({
  start: true,
  delta: true,
  end: true,
  tool_start: true,
  tool_end: true,
} satisfies Record<Exclude<PromptStreamEvent['type'], 'unknown'>, true>);

/** The `type` of a frame's data, if it has a string one. */
export function typeOf(data: unknown): string | undefined {
  const type = (data as { type?: unknown } | null)?.type;
  return typeof type === 'string' ? type : undefined;
}

/** A frame of a type the client does not know, as the caller gets it: `event` is its own type. */
export function unknownFrame(event: string, data: unknown): UnknownFrame {
  return { type: 'unknown', event, data };
}
