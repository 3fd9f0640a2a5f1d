/**
 * Open streams, closed types: a custom harness may send frame types the spec does not
 * know. Such a frame reaches the caller as an `UnknownFrame` (`type: 'unknown'`, its own
 * type in `event`, its data in `data`), so the known frames stay a closed union that
 * narrows with `===` and `switch`.
 * Loaded with `import()` when a stream that needs it starts (see ClientContext.runStream).
 */
import type { JsonFrame } from './stream-frames.js';
import type { AgentStreamEvent, PromptStreamEvent, RunEvent, UnknownFrame } from './types.js';

/** The frame types the spec knows; `satisfies` keeps the lists in step with the generated unions. */
const AGENT_TYPES = new Set(
  Object.keys({ start: 1, delta: 1, end: 1, tool_start: 1, tool_end: 1, run_start: 1, log: 1, run_end: 1 } satisfies Record<
    AgentStreamEvent['type'] | RunEvent['type'],
    1
  >),
);
const PROMPT_TYPES = new Set(
  Object.keys({ start: 1, delta: 1, end: 1, tool_start: 1, tool_end: 1 } satisfies Record<Exclude<PromptStreamEvent['type'], 'unknown'>, 1>),
);

function isKnownAgentFrame(frame: JsonFrame): boolean {
  const type = (frame.data as { type?: unknown } | null)?.type;
  return typeof type === 'string' && AGENT_TYPES.has(type);
}

/** The agent route's frames: `data.type` repeats the event name; unknown types become `UnknownFrame`s. */
export async function* knownAgentFrames(batches: AsyncGenerator<JsonFrame[]>): AsyncGenerator<JsonFrame[]> {
  for await (const batch of batches) {
    // Almost every batch is all known frames: hand it on as it is, with no copy.
    if (batch.every(isKnownAgentFrame)) {
      yield batch;
      continue;
    }
    yield batch.map((frame) => {
      if (isKnownAgentFrame(frame)) return frame;
      const type = (frame.data as { type?: unknown } | null)?.type;
      const unknown: UnknownFrame = { type: 'unknown', event: typeof type === 'string' ? type : frame.event, data: frame.data };
      return { ...frame, data: unknown };
    });
  }
}

/** The default agent's frames: the data has no `type`, so the event name becomes it; unknown names become `UnknownFrame`s. */
export async function* promptEvents(batches: AsyncGenerator<JsonFrame[]>): AsyncGenerator<PromptStreamEvent[]> {
  for await (const batch of batches) {
    yield batch.map((frame): PromptStreamEvent =>
      PROMPT_TYPES.has(frame.event)
        ? ({ type: frame.event, ...(frame.data as object) } as PromptStreamEvent)
        : { type: 'unknown', event: frame.event, data: frame.data },
    );
  }
}
