/**
 * Property tests (fast-check):
 *
 * (a) the SSE reader yields the same frames however the bytes are chunked: frames with
 *     event names, ids, multi-line unicode data (astral characters included), comments,
 *     retry and unknown fields, serialised with LF, CRLF or CR line endings, split at
 *     arbitrary byte offsets (inside multi-byte UTF-8 sequences and between CR and LF too);
 * (b) a name or id never escapes its URL path segment, whatever the string: the client
 *     either refuses it with PyFlueInputError before any request, or sends a URL with
 *     exactly the expected segments, the segment decoding back to the input.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PyFlueClient, PyFlueInputError, type WebSocketFactory, type WebSocketLike } from '../../src/index.js';
import { readSseFrames, type SseFrame } from '../../src/facade/internal/streams/sse.js';

// ---------------------------------------------------------------------------
// (a) SSE chunking
// ---------------------------------------------------------------------------

/** One character of field text: any code point (astral ones included), or a troublesome one. */
const textUnit = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.constantFrom(':', ' ', '\u0000', '\u00e9', '\u20ac', '\u{1F600}', '\u{10FFFF}', '\uFEFF', '\u2028', 'd', 'a') },
);
/** Text of one line: no CR or LF (they end lines). */
const lineText = fc.string({ unit: textUnit, maxLength: 12 }).map((text) => text.replace(/[\r\n]/g, '_'));

type Field =
  | { kind: 'data'; value: string }
  | { kind: 'event'; value: string }
  | { kind: 'id'; value: string }
  | { kind: 'comment'; value: string }
  | { kind: 'retry'; value: string }
  | { kind: 'unknown'; name: string; value: string };

const field: fc.Arbitrary<Field> = fc.oneof(
  { weight: 5, arbitrary: lineText.map((value) => ({ kind: 'data' as const, value })) },
  { weight: 2, arbitrary: lineText.map((value) => ({ kind: 'event' as const, value })) },
  { weight: 2, arbitrary: lineText.map((value) => ({ kind: 'id' as const, value })) },
  { weight: 2, arbitrary: lineText.map((value) => ({ kind: 'comment' as const, value })) },
  { weight: 1, arbitrary: fc.oneof(fc.nat().map(String), lineText).map((value) => ({ kind: 'retry' as const, value })) },
  {
    weight: 1,
    arbitrary: fc
      .record({ name: fc.constantFrom('x', 'foo', 'Data', 'ID', 'events', 'dat'), value: lineText })
      .map(({ name, value }) => ({ kind: 'unknown' as const, name, value })),
  },
);

interface Stream {
  bom: boolean;
  frames: Field[][];
  /** Leave out the last frame's blank line (the reader dispatches it at the end anyway). */
  unterminated: boolean;
}

const streamArb: fc.Arbitrary<Stream> = fc.record({
  bom: fc.boolean(),
  frames: fc.array(fc.array(field, { maxLength: 6 }), { maxLength: 8 }),
  unterminated: fc.boolean(),
});

const EOLS = ['\n', '\r\n', '\r'] as const;

function fieldLine(item: Field): string {
  switch (item.kind) {
    case 'comment':
      return `:${item.value}`;
    case 'unknown':
      return `${item.name}: ${item.value}`;
    default:
      // "name: value": the one space after the colon is the separator, the value is kept whole.
      return `${item.kind}: ${item.value}`;
  }
}

/** The stream's lines (a blank line ends each frame), before line endings. */
function lines(stream: Stream): string[] {
  const out: string[] = [];
  stream.frames.forEach((frame, index) => {
    out.push(...frame.map(fieldLine));
    if (!(stream.unterminated && index === stream.frames.length - 1)) out.push('');
  });
  return out;
}

function serialise(stream: Stream, eol: (lineIndex: number) => string): Uint8Array {
  const text = lines(stream)
    .map((line, index) => line + eol(index))
    .join('');
  return new TextEncoder().encode((stream.bom ? '\uFEFF' : '') + text);
}

/** The frames the SSE rules give (as this reader reports them: id per frame, empty event = message). */
function expectedFrames(stream: Stream): SseFrame[] {
  const out: SseFrame[] = [];
  for (const frame of stream.frames) {
    const data = frame.filter((item) => item.kind === 'data').map((item) => item.value);
    if (data.length === 0) continue;
    const event = frame.filter((item) => item.kind === 'event').at(-1)?.value;
    const id = frame.filter((item) => item.kind === 'id' && !item.value.includes('\u0000')).at(-1)?.value;
    const expected: SseFrame = { event: event ? event : 'message', data: data.join('\n') };
    if (id !== undefined) expected.id = id;
    out.push(expected);
  }
  return out;
}

function chunksAt(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const positions = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const position of positions) {
    chunks.push(bytes.subarray(start, position)); // may be empty: that is allowed too
    start = position;
  }
  chunks.push(bytes.subarray(start));
  return chunks;
}

async function framesOf(chunks: Uint8Array[]): Promise<SseFrame[]> {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
  const frames: SseFrame[] = [];
  for await (const frame of readSseFrames(body)) frames.push(frame);
  return frames;
}

describe('(a) readSseFrames: chunking never changes the frames', () => {
  it('any chunking (arbitrary offsets, and every byte alone) of a stream with mixed line endings gives the single-chunk frames', async () => {
    await fc.assert(
      fc.asyncProperty(
        streamArb,
        fc.array(fc.constantFrom(...EOLS), { minLength: 1, maxLength: 64 }),
        fc.array(fc.nat(), { maxLength: 40 }),
        async (stream, eols, cuts) => {
          // Mixed endings per line: a CR at a chunk's end must wait for a possible LF.
          const bytes = serialise(stream, (index) => eols[index % eols.length]!);
          const whole = await framesOf([bytes]);
          expect(await framesOf(chunksAt(bytes, cuts))).toEqual(whole);
          expect(await framesOf(Array.from(bytes, (_, index) => bytes.subarray(index, index + 1)))).toEqual(whole);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('with one line ending per stream (LF, CRLF or CR), any chunking gives exactly the frames the SSE rules give', async () => {
    await fc.assert(
      fc.asyncProperty(streamArb, fc.constantFrom(...EOLS), fc.array(fc.nat(), { maxLength: 40 }), async (stream, eol, cuts) => {
        const bytes = serialise(stream, () => eol);
        const expected = expectedFrames(stream);
        expect(await framesOf([bytes])).toEqual(expected);
        expect(await framesOf(chunksAt(bytes, cuts))).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});

// ---------------------------------------------------------------------------
// (b) URL path segments
// ---------------------------------------------------------------------------

/** Any string: any code point, URL-significant characters and sequences, controls, lone surrogates. */
function anyString(options: { loneSurrogates: boolean }): fc.Arbitrary<string> {
  const tricky = ['/', '%', '?', '#', '..', '.', ' ', '\t', '\n', '\r', '\u0000', '\u007f', '%2F', '%2e', '%25', '\\', ';', '&', '=', '+', '@', ':', '\u00e9', '\u{1F600}', '\u3000'];
  const unit = fc.oneof(
    { weight: 3, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 1 }) },
    { weight: 3, arbitrary: fc.constantFrom(...tricky) },
    ...(options.loneSurrogates ? [{ weight: 2, arbitrary: fc.constantFrom('\uD800', '\uDBFF', '\uDC00', '\uDFFF') }] : []),
  );
  return fc.oneof(fc.string({ unit, maxLength: 10 }), fc.constantFrom('', ' ', '.', '..', '...', '/', '%2F', '?', '#', ' . '));
}

/** Whether the string has a UTF-16 surrogate without its partner (no URL can carry it). */
const hasLoneSurrogate = (value: string): boolean => /\p{Surrogate}/u.test(value);

/** What validate.ts documents the client refuses, plus what no URL can carry. */
/** What the client refuses as a name or id (PyFlueInputError, nothing sent); control characters since 0.2 (issue 24). */
function refused(value: string): boolean {
  return value.trim() === '' || value === '.' || value === '..' || value.includes('/') || hasLoneSurrogate(value) || /[\0-\x1f\x7f]/.test(value);
}

const BASE = 'http://127.0.0.1:9/base';

function capturingClient(): { client: PyFlueClient; urls: string[]; sockets: string[] } {
  const urls: string[] = [];
  const sockets: string[] = [];
  const fetchStub = (async (input: RequestInfo | URL) => {
    urls.push(input instanceof Request ? input.url : String(input));
    return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  const websocket: WebSocketFactory = (url) => {
    sockets.push(url);
    return dummySocket();
  };
  return { client: new PyFlueClient(BASE, { fetch: fetchStub, websocket, maxRetries: 0 }), urls, sockets };
}

/** A socket that never opens; close() reports the close at once. */
function dummySocket(): WebSocketLike {
  const listeners = new Map<string, Set<(event: never) => void>>();
  const socket = {
    readyState: 0,
    send() {},
    close() {
      socket.readyState = 3;
      for (const listener of listeners.get('close') ?? []) listener({ code: 1000, reason: '' } as never);
    },
    addEventListener(type: string, listener: (event: never) => void) {
      if (!listeners.has(type)) listeners.set(type, new Set());
      listeners.get(type)!.add(listener);
    },
    removeEventListener(type: string, listener: (event: never) => void) {
      listeners.get(type)?.delete(listener);
    },
  };
  return socket as unknown as WebSocketLike;
}

/** The outcome of a call: its error, or undefined. */
async function outcome(call: () => unknown): Promise<unknown> {
  try {
    await call();
    return undefined;
  } catch (error) {
    return error;
  }
}

/**
 * Checks one sent URL against a template such as ['base', 'runs', 0]: fixed segments
 * as given, numbered ones decoding to the inputs; no query, no fragment.
 */
function expectSegments(url: string, template: Array<string | number>, inputs: string[]): void {
  const parsed = new URL(url);
  expect(parsed.search).toBe('');
  expect(parsed.hash).toBe('');
  const segments = parsed.pathname.split('/').slice(1);
  expect(segments.length).toBe(template.length);
  template.forEach((part, index) => {
    const segment = segments[index]!;
    if (typeof part === 'string') expect(segment).toBe(part);
    else expect(decodeURIComponent(segment)).toBe(inputs[part]);
  });
}

/** Either refused before any request, or sent with the expected segments. */
async function checkHttp(values: string[], call: (client: PyFlueClient) => unknown, template: Array<string | number>): Promise<void> {
  const { client, urls } = capturingClient();
  const error = await outcome(() => call(client));
  if (values.some(refused)) {
    expect(error).toBeInstanceOf(PyFlueInputError);
    expect(urls).toEqual([]);
  } else {
    expect(error).toBeUndefined();
    expect(urls.length).toBe(1);
    expectSegments(urls[0]!, template, values);
  }
}

const cases: Array<{ title: string; arity: 1 | 2; call: (client: PyFlueClient, values: string[]) => unknown; template: Array<string | number> }> = [
  { title: 'runs.get(runId)', arity: 1, call: (client, [id]) => client.runs.get(id!), template: ['base', 'runs', 0] },
  {
    title: 'agents.invoke(name, id)',
    arity: 2,
    call: (client, [name, id]) => client.agents.invoke(name!, id!, { payload: { message: 'hi' } }),
    template: ['base', 'agents', 0, 1],
  },
  {
    title: 'admin.runs.listForInstance(name, id)',
    arity: 2,
    call: (client, [name, id]) => client.admin.runs.listForInstance(name!, id!),
    template: ['base', 'admin', 'agents', 0, 'instances', 1, 'runs'],
  },
  { title: 'workflows.invoke(name)', arity: 1, call: (client, [name]) => client.workflows.invoke(name!, {}), template: ['base', 'workflows', 0] },
];

describe('(b) a name or id never escapes its path segment', () => {
  for (const loneSurrogates of [false, true]) {
    const kind = loneSurrogates ? 'strings with lone surrogates too' : 'well-formed unicode strings';
    for (const { title, arity, call, template } of cases) {
      it(`${title}, for ${kind}`, async () => {
        await fc.assert(
          fc.asyncProperty(fc.array(anyString({ loneSurrogates }), { minLength: arity, maxLength: arity }), async (values) => {
            await checkHttp(values, (client) => call(client, values), template);
          }),
          { numRuns: 300 },
        );
      });
    }

    it(`agents.connect(name, id): the socket URL, for ${kind}`, async () => {
      await fc.assert(
        fc.asyncProperty(anyString({ loneSurrogates }), anyString({ loneSurrogates }), async (name, id) => {
          const { client, sockets } = capturingClient();
          let error: unknown;
          try {
            const socket = client.agents.connect(name, id);
            // The factory is called once the socket code is loaded (import()) and the (async)
            // headers are resolved; a close before that would (rightly) never open the
            // socket, so let the open run first.
            // (Waits for the factory's call, which the first time follows the module's load.)
            for (let turn = 0; turn < 2_000 && sockets.length === 0; turn += 1) await new Promise((resolve) => setTimeout(resolve, 1));
            await socket.close();
          } catch (caught) {
            error = caught;
          }
          if (refused(name) || refused(id)) {
            expect(error).toBeInstanceOf(PyFlueInputError);
            expect(sockets).toEqual([]);
          } else {
            expect(error).toBeUndefined();
            expect(sockets.length).toBe(1);
            expect(sockets[0]!.startsWith('ws://127.0.0.1:9/base/agents/')).toBe(true);
            expectSegments(sockets[0]!, ['base', 'agents', 0, 1], [name, id]);
          }
          await client.close();
        }),
        { numRuns: 300 },
      );
    });
  }
});
