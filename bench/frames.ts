/**
 * SSE frames shaped like the real PyFlue 0.2.0 run events (copied from a `burst` run's
 * `/runs/{id}/stream`: Python's json.dumps spacing, both key spellings), about 290 bytes each.
 */
export const RUN_ID = 'workflow:burst:run_01M85H9S6F2JV2K1ASRQ4Z0KP4';

const TIMESTAMP = 1795482248.4009044;

/** Frame `index` (1-based) of a run; `type` defaults to `log`. */
export function runEventFrame(index: number, type = 'log', runId = RUN_ID): string {
  const data =
    type === 'run_end'
      ? '{"is_error": false, "error": null, "status": "succeeded"}'
      : `{"level": "info", "message": "tick", "n": ${index - 1}}`;
  return (
    `id: ${index}\nevent: ${type}\ndata: {"run_id": "${runId}", "runId": "${runId}", "event_index": ${index}, ` +
    `"eventIndex": ${index}, "type": "${type}", "timestamp": ${TIMESTAMP + index * 1e-5}, "data": ${data}}\n\n`
  );
}

/** Events `from`..`to` (inclusive) as UTF-8 bytes. */
export function encodeFrames(from: number, to: number): Uint8Array {
  const parts: string[] = [];
  for (let index = from; index <= to; index += 1) parts.push(runEventFrame(index));
  return new TextEncoder().encode(parts.join(''));
}

/**
 * A pull-based byte stream over `pieces`, in chunks of `chunkSize` bytes (views, no
 * copies). A chunk does not span two pieces, so a piece's last chunk may be shorter.
 */
export function chunkedStream(pieces: readonly Uint8Array[], chunkSize: number): ReadableStream<Uint8Array> {
  let piece = 0;
  let offset = 0;
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        let current = pieces[piece];
        while (current && offset >= current.length) {
          piece += 1;
          offset = 0;
          current = pieces[piece];
        }
        if (!current) {
          controller.close();
          return;
        }
        const end = Math.min(offset + chunkSize, current.length);
        controller.enqueue(current.subarray(offset, end));
        offset = end;
      },
    },
    { highWaterMark: 0 },
  );
}
