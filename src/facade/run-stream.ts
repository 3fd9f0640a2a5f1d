/**
 * `runs.stream`: replays a run's events, then tails it until `run_end`. When the
 * connection drops it reconnects with `?after=<last delivered event_index>`, and skips
 * anything at or below that index, so every event is delivered exactly once, in order.
 */
import { PyFlueApiError, PyFlueConnectionError, PyFlueStreamError } from './errors.js';
import { isRetryable } from './retry-policy.js';
import { readJsonBatches } from './streaming.js';
import { sleep, type RequestOptions, type Transport } from './transport.js';
import type { RunEvent } from './types.js';

/** Options of `runs.stream`. */
export interface RunStreamOptions extends Omit<RequestOptions, 'maxRetries'> {
  /** Start after this event index (0: from the start). */
  after?: number | undefined;
  /** Reconnections allowed in a row without a new event before giving up. Default 5. */
  maxRetries?: number | undefined;
  /** First delay before reconnecting, doubled for each failure in a row (max 8 s). Default 250. */
  retryDelayMs?: number | undefined;
}

export async function* resumableRunEvents(
  transport: Transport,
  runId: string,
  options: { after: number; maxRetries: number; retryDelayMs: number; timeoutMs: number | undefined; headers?: Record<string, string> | undefined },
  signal: AbortSignal,
): AsyncGenerator<RunEvent[]> {
  let last = options.after;
  let failures = 0;
  let lastDrop: unknown;
  for (;;) {
    try {
      const call = await transport.call(
        {
          stream: true,
          headers: { accept: 'text/event-stream' },
          send: (init) =>
            transport.api.GET('/runs/{run_id}/stream', {
              params: { path: { run_id: runId }, query: last ? { after: last } : {} },
              parseAs: 'stream',
              ...init,
            }),
        },
        { signal, maxRetries: 0, timeoutMs: options.timeoutMs, headers: options.headers },
      );
      try {
        for await (const batch of readJsonBatches(call.data as ReadableStream<Uint8Array>, call.signal, call)) {
          const fresh: RunEvent[] = [];
          let ended = false;
          for (const frame of batch) {
            const event = frame.data as RunEvent;
            const index = typeof event.event_index === 'number' ? event.event_index : Number(frame.id);
            if (!(index > last)) continue;
            last = index;
            fresh.push(event);
            if (event.type === 'run_end') {
              ended = true;
              break;
            }
          }
          if (fresh.length > 0) {
            failures = 0;
            yield fresh;
          }
          if (ended) return;
        }
      } finally {
        call.release();
      }
      // The body ended without run_end: either the connection was cut cleanly, or there was
      // nothing left to send (resuming after the last event of a finished run). Ask.
      if (await nothingLeft(transport, runId, last, signal)) return;
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      if (!isDrop(error)) throw error;
      lastDrop = error;
    }
    failures += 1;
    if (failures > options.maxRetries) {
      throw new PyFlueStreamError(
        `The stream of run ${runId} dropped ${failures} times in a row without a new event (last delivered: ${last}). ` +
          `Resume later with runs.stream(runId, { after: ${last} }), or raise maxRetries.`,
        { cause: lastDrop },
      );
    }
    await sleep(Math.min(options.retryDelayMs * 2 ** (failures - 1), 8_000), signal);
  }
}

/** Whether the run has ended and every event up to `last` has been delivered. */
async function nothingLeft(transport: Transport, runId: string, last: number, signal: AbortSignal): Promise<boolean> {
  const { data: run } = await transport.call(
    {
      send: (init) => transport.api.GET('/runs/{run_id}', { params: { path: { run_id: runId } }, ...init }),
    },
    { signal, maxRetries: 0 },
  );
  return run.status !== 'running' && last >= run.event_count;
}

/**
 * A cut connection (worth resuming), as opposed to an answer that would repeat (404, an
 * error frame) or a failure of the caller's own (a headers function that throws).
 */
function isDrop(error: unknown): boolean {
  // The statuses of the one retry policy (retry-policy.ts), as for every other GET.
  if (error instanceof PyFlueConnectionError || error instanceof PyFlueApiError) return isRetryable(error);
  if (error instanceof PyFlueStreamError) return error.envelope === undefined;
  return false;
}
