import { describe, expect, it } from 'vitest';
import { readSseFrames, type SseFrame } from '../../src/facade/internal/streams/sse.js';

const encoder = new TextEncoder();
const bytes = (text: string): Uint8Array => encoder.encode(text);

interface Source {
  stream: ReadableStream<Uint8Array>;
  /** Set when the stream's underlying-source cancel callback ran. */
  cancelled: { called: boolean; reason: unknown };
}

/** A stream that hands out `chunks` one per pull, then closes (or hangs if `hang`). */
function source(chunks: Uint8Array[], opts: { hang?: boolean } = {}): Source {
  const cancelled = { called: false, reason: undefined as unknown };
  let index = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const chunk = chunks[index++];
        if (chunk !== undefined) controller.enqueue(chunk);
        else if (opts.hang) return new Promise<void>(() => {}); // never delivers more
        else controller.close();
        return undefined;
      },
      cancel(reason) {
        cancelled.called = true;
        cancelled.reason = reason;
      },
    },
    { highWaterMark: 0 }, // pull only on demand, so "hang" really means a pending read
  );
  return { stream, cancelled };
}

async function collect(chunks: Uint8Array[]): Promise<SseFrame[]> {
  const frames: SseFrame[] = [];
  for await (const frame of readSseFrames(source(chunks).stream)) frames.push(frame);
  return frames;
}

const collectText = (text: string): Promise<SseFrame[]> => collect([bytes(text)]);

/** Split `data` into chunks of `size` bytes. */
function chunked(data: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < data.length; i += size) out.push(data.subarray(i, i + size));
  return out;
}

// A realistic run stream: named events, ids, JSON, multi-line data, a heartbeat,
// and multi-byte characters, so every split position exercises something.
const REALISTIC =
  ': connected\n\n' +
  'event: run.started\nid: 1\ndata: {"runId":"r-1","agent":"café"}\n\n' +
  ': heartbeat\n' +
  'event: token\nid: 2\ndata: {"text":"héllo 😀"}\n\n' +
  'event: run.completed\nid: 3\ndata: {"ok":true,\ndata: "note":"done"}\n\n';

const REALISTIC_FRAMES: SseFrame[] = [
  { event: 'run.started', id: '1', data: '{"runId":"r-1","agent":"café"}' },
  { event: 'token', id: '2', data: '{"text":"héllo 😀"}' },
  { event: 'run.completed', id: '3', data: '{"ok":true,\n"note":"done"}' },
];

describe('readSseFrames: parsing', () => {
  it('parses LF-terminated frames with default event name', async () => {
    expect(await collectText('data: a\n\ndata: b\n\n')).toEqual([
      { event: 'message', data: 'a' },
      { event: 'message', data: 'b' },
    ]);
  });

  it('parses CRLF-terminated frames', async () => {
    expect(await collectText('event: x\r\ndata: a\r\n\r\ndata: b\r\n\r\n')).toEqual([
      { event: 'x', data: 'a' },
      { event: 'message', data: 'b' },
    ]);
  });

  it('parses bare-CR-terminated frames', async () => {
    expect(await collectText('event: x\rdata: a\r\rdata: b\r\r')).toEqual([
      { event: 'x', data: 'a' },
      { event: 'message', data: 'b' },
    ]);
  });

  it('handles CRLF split between chunks without inventing a blank line', async () => {
    expect(await collect([bytes('data: a\r'), bytes('\ndata: b\r\n\r\n')])).toEqual([
      { event: 'message', data: 'a\nb' },
    ]);
  });

  it('joins multi-line data with "\\n"', async () => {
    expect(await collectText('data: line1\ndata: line2\ndata:\ndata: line4\n\n')).toEqual([
      { event: 'message', data: 'line1\nline2\n\nline4' },
    ]);
  });

  it('ignores comments and heartbeats', async () => {
    const text = ': hello\n\n: heartbeat\n\ndata: a\n: inside a frame\ndata: b\n\n:\n\n';
    expect(await collectText(text)).toEqual([{ event: 'message', data: 'a\nb' }]);
  });

  it('records id and event names; id does not carry over to later frames', async () => {
    const text = 'id: 42\nevent: update\ndata: x\n\ndata: y\n\nid:\ndata: z\n\n';
    expect(await collectText(text)).toEqual([
      { event: 'update', id: '42', data: 'x' },
      { event: 'message', data: 'y' },
      { event: 'message', id: '', data: 'z' },
    ]);
  });

  it('accepts fields without a space after the colon (only one space is stripped)', async () => {
    expect(await collectText('event:ping\nid:7\ndata:{"a":1}\n\ndata:  two\n\n')).toEqual([
      { event: 'ping', id: '7', data: '{"a":1}' },
      { event: 'message', data: ' two' },
    ]);
  });

  it('treats an empty event field as the default "message"', async () => {
    expect(await collectText('event:\ndata: a\n\n')).toEqual([{ event: 'message', data: 'a' }]);
  });

  it('follows eventsource-parser: no data lines → no frame, empty data line → frame', async () => {
    expect(await collectText('event: ping\nid: 1\n\ndata:\n\n')).toEqual([
      { event: 'message', data: '' },
    ]);
  });

  it('ignores retry and unknown fields', async () => {
    expect(await collectText('retry: 1000\nretry: x\nfoo: bar\ndata: a\n\n')).toEqual([
      { event: 'message', data: 'a' },
    ]);
  });

  it('yields a last frame that has no trailing blank line', async () => {
    expect(await collectText('data: a\n\nevent: end\ndata: b')).toEqual([
      { event: 'message', data: 'a' },
      { event: 'end', data: 'b' },
    ]);
    expect(await collectText('data: c\n')).toEqual([{ event: 'message', data: 'c' }]);
    expect(await collectText('data: d\r')).toEqual([{ event: 'message', data: 'd' }]);
  });

  it('yields nothing for an empty body', async () => {
    expect(await collect([])).toEqual([]);
    expect(await collect([new Uint8Array(0), new Uint8Array(0)])).toEqual([]);
  });

  it('strips a leading UTF-8 BOM', async () => {
    const body = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes('event: a\ndata: x\n\n')]);
    expect(await collect([body])).toEqual([{ event: 'a', data: 'x' }]);
  });
});

describe('readSseFrames: chunking', () => {
  const all = bytes(REALISTIC);

  it('parses the realistic stream in one chunk', async () => {
    expect(await collect([all])).toEqual(REALISTIC_FRAMES);
  });

  it('parses the stream split in two at every byte position', async () => {
    for (let i = 0; i <= all.length; i++) {
      const frames = await collect([all.subarray(0, i), all.subarray(i)]);
      expect(frames, `split at byte ${i}`).toEqual(REALISTIC_FRAMES);
    }
  });

  it('parses the stream delivered one byte per chunk', async () => {
    expect(await collect(chunked(all, 1))).toEqual(REALISTIC_FRAMES);
  });

  it('parses the CRLF variant split at every byte position', async () => {
    const crlf = bytes(REALISTIC.replace(/\n/g, '\r\n'));
    for (let i = 0; i <= crlf.length; i++) {
      const frames = await collect([crlf.subarray(0, i), crlf.subarray(i)]);
      expect(frames, `split at byte ${i}`).toEqual(REALISTIC_FRAMES);
    }
  });

  it('decodes multi-byte UTF-8 split across chunks', async () => {
    for (const ch of ['é', '€', '😀']) {
      const encoded = bytes(`data: ${ch}${ch}\n\n`);
      const start = 'data: '.length;
      const width = bytes(ch).length;
      for (let cut = start + 1; cut < start + width; cut++) {
        const frames = await collect([encoded.subarray(0, cut), encoded.subarray(cut)]);
        expect(frames, `${ch} cut at ${cut}`).toEqual([{ event: 'message', data: ch + ch }]);
      }
      expect(await collect(chunked(encoded, 1))).toEqual([{ event: 'message', data: ch + ch }]);
    }
  });

  it('yields exactly N frames for 200 000 frames fed in 64 KiB chunks', async () => {
    const n = 200_000;
    const parts: string[] = [];
    for (let i = 0; i < n; i++) parts.push(`event: tick\nid: ${i}\ndata: {"i":${i}}\n\n`);
    const chunks = chunked(bytes(parts.join('')), 64 * 1024);
    let count = 0;
    let last: SseFrame | undefined;
    for await (const frame of readSseFrames(source(chunks).stream)) {
      if (frame.id !== String(count)) throw new Error(`frame ${count} has id ${frame.id}`);
      count++;
      last = frame;
    }
    expect(count).toBe(n);
    expect(last).toEqual({ event: 'tick', id: String(n - 1), data: `{"i":${n - 1}}` });
  });
});

describe('readSseFrames: cancellation', () => {
  it('cancels the source and releases the lock when the consumer breaks early', async () => {
    const { stream, cancelled } = source([bytes('data: 1\n\ndata: 2\n\n'), bytes('data: 3\n\n')], {
      hang: true,
    });
    const seen: string[] = [];
    for await (const frame of readSseFrames(stream)) {
      seen.push(frame.data);
      break;
    }
    expect(seen).toEqual(['1']);
    expect(cancelled.called).toBe(true);
    expect(stream.locked).toBe(false);
  });

  it('cancels the source when return() is called', async () => {
    const { stream, cancelled } = source([bytes('data: 1\n\n')], { hang: true });
    const frames = readSseFrames(stream);
    expect((await frames.next()).value).toEqual({ event: 'message', data: '1' });
    expect(await frames.return(undefined)).toEqual({ done: true, value: undefined });
    expect(cancelled.called).toBe(true);
    expect(stream.locked).toBe(false);
  });

  it('rejects with the abort reason mid-stream and cancels the source', async () => {
    const { stream, cancelled } = source([bytes('data: 1\n\n')], { hang: true });
    const controller = new AbortController();
    const frames = readSseFrames(stream, { signal: controller.signal });
    expect((await frames.next()).value).toEqual({ event: 'message', data: '1' });
    const next = frames.next(); // now waiting on a read that never completes
    const reason = new Error('stop');
    controller.abort(reason);
    await expect(next).rejects.toBe(reason);
    expect(cancelled.called).toBe(true);
    expect(cancelled.reason).toBe(reason);
    expect(stream.locked).toBe(false);
    expect(await frames.next()).toEqual({ done: true, value: undefined });
  });

  it('throws the abort reason when aborted while the consumer holds a frame', async () => {
    const { stream, cancelled } = source([bytes('data: 1\n\ndata: 2\n\n')]);
    const controller = new AbortController();
    const seen: string[] = [];
    const run = async (): Promise<void> => {
      for await (const frame of readSseFrames(stream, { signal: controller.signal })) {
        seen.push(frame.data);
        controller.abort(); // default reason: an AbortError DOMException
      }
    };
    await expect(run()).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen).toEqual(['1']);
    expect(cancelled.called).toBe(true);
  });

  it('rejects immediately and cancels the source if the signal is already aborted', async () => {
    const { stream, cancelled } = source([bytes('data: 1\n\n')]);
    const reason = new Error('already');
    const frames = readSseFrames(stream, { signal: AbortSignal.abort(reason) });
    await expect(frames.next()).rejects.toBe(reason);
    expect(cancelled.called).toBe(true);
    expect(stream.locked).toBe(false);
  });

  it('propagates a source error', async () => {
    const boom = new Error('network down');
    let sent = false;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (!sent) {
          sent = true;
          controller.enqueue(bytes('data: 1\n\n'));
        } else controller.error(boom);
      },
    });
    const seen: string[] = [];
    const run = async (): Promise<void> => {
      for await (const frame of readSseFrames(stream)) seen.push(frame.data);
    };
    await expect(run()).rejects.toBe(boom);
    expect(seen).toEqual(['1']);
    expect(stream.locked).toBe(false);
  });
});
