/**
 * Following a public method to the wire takes at most five files (issue 22, item 1). The
 * table in src/facade/README.md lists, per method, the files from its resource to the wire;
 * this test runs each method against a fake server and takes the call stacks (V8's async
 * stack traces) where the request reaches the wire (the client's `fetch`, a WebSocket's
 * `send`) and where its answer is read (the body's bytes pulled, a socket frame handed to a
 * listener). Every facade file on those stacks must be in the method's row, and every file
 * of the row after the resource file must be on them: the row is the path, no more, no less.
 */
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket as WsSocket, WebSocketServer } from 'ws';
import { PyFlueClient } from '../../src/index.js';

const facade = fileURLToPath(new URL('../../src/facade/', import.meta.url));

/** The README's table: method -> its files, in order, and the count it states. */
function rows(): Array<{ method: string; files: string[]; count: number }> {
  const readme = readFileSync(`${facade}README.md`, 'utf8');
  const table = readme.slice(readme.indexOf('| method | files, from the resource to the wire | count |'));
  return [...table.matchAll(/^\| `([^`]+)`[^|]* \| (.+) \| (\d+) \|$/gm)].map((match) => ({
    method: match[1]!,
    files: [...match[2]!.matchAll(/`([\w/.-]+\.ts)`/g)].map((file) => file[1]!),
    count: Number(match[3]),
  }));
}

let stacks: string[] = [];
/** Notes the facade files on the current stack. */
function capture(): void {
  const previous = Error.stackTraceLimit;
  Error.stackTraceLimit = Infinity;
  const { stack = '' } = new Error();
  Error.stackTraceLimit = previous;
  for (const match of stack.matchAll(/src\/facade\/([\w/.-]+\.ts)/g)) stacks.push(match[1]!);
}

const encoder = new TextEncoder();
/** A body that notes the stack each time its bytes are pulled. */
function body(text: string): ReadableStream<Uint8Array> {
  let sent = false;
  return new ReadableStream({
    pull(controller) {
      capture();
      if (sent) return controller.close();
      sent = true;
      controller.enqueue(encoder.encode(text));
    },
  });
}

const RUN = { run_id: 'run_1', runId: 'run_1', agent: 'greet', instance_id: 'x', status: 'succeeded', event_count: 2, started_at: 't', ended_at: 't', duration_ms: 1, result: null, error: null };
const runFrames = ['run_start', 'run_end']
  .map((type, i) => `id: ${i + 1}\ndata: ${JSON.stringify({ type, run_id: 'run_1', runId: 'run_1', event_index: i + 1, timestamp: 't', data: {} })}\n\n`)
  .join('');

/** The fake server, as the client's fetch. */
const fakeFetch = (async (request: Request) => {
  capture();
  const { pathname, searchParams } = new URL(request.url);
  const sse = (text: string, headers: Record<string, string> = {}) => new Response(body(text), { headers: { 'content-type': 'text/event-stream', ...headers } });
  const json = (value: unknown) => new Response(body(JSON.stringify(value)), { headers: { 'content-type': 'application/json' } });
  if (pathname === '/runs/run_1/stream') return sse(runFrames);
  if (pathname === '/workflows/greet') return sse(runFrames, { 'x-flue-run-id': 'run_1' });
  if (pathname === '/prompt/default/events') return sse('event: start\ndata: {"session_id":"default"}\n\nevent: end\ndata: {"text":"hi"}\n\n');
  if (pathname === '/admin/runs') return json({ runs: [RUN], items: [RUN], nextCursor: searchParams.get('cursor') ? null : 'c2' });
  if (pathname === '/agents/assistant/a1') return json({ result: { text: 'hi' } });
  return json(RUN);
}) as typeof fetch;

let socketsUrl = '';
let server: WebSocketServer;
const realSend = WsSocket.prototype.send;
beforeAll(async () => {
  server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  server.on('connection', (socket) =>
    socket.on('message', () =>
      socket.send(
        JSON.stringify({
          type: 'result',
          result: { text: 'hi', metadata: {}, usage: { input: 1, output: 1, cache_read: 0, cache_write: 0, total_tokens: 2, cost: { input: 0, output: 0, cache_read: 0, cache_write: 0, total: 0 } }, model: { id: 'm' } },
        }),
      ),
    ),
  );
  await once(server, 'listening');
  socketsUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The wire of a socket: each frame the client's WebSocket (`ws` in Node) sends.
  WsSocket.prototype.send = function (this: WsSocket, ...args: Parameters<WsSocket['send']>) {
    capture();
    return realSend.apply(this, args);
  } as WsSocket['send'];
});
afterAll(() => {
  WsSocket.prototype.send = realSend;
  for (const socket of server.clients) socket.terminate();
  server.close();
});

const drain = async (items: AsyncIterable<unknown>) => {
  for await (const _ of items);
};

/** Each method of the table, run once. */
const scenarios: Record<string, (client: PyFlueClient) => Promise<unknown>> = {
  'runs.stream': (client) => drain(client.runs.stream('run_1')),
  'workflows.stream': (client) => drain(client.workflows.stream('greet', {})),
  stream: (client) => drain(client.stream('hi')),
  'admin.runs.list': (client) => drain(client.admin.runs.list({ limit: 1 })),
  'agents.invoke': (client) => client.agents.invoke('assistant', 'a1', { payload: { message: 'hi' } }),
  'runs.get': (client) => client.runs.get('run_1'),
  'raw.GET': (client) => client.raw.GET('/runs/{run_id}', { params: { path: { run_id: 'run_1' } } }),
  'agents.connect': async () => {
    await using client = new PyFlueClient(socketsUrl);
    const socket = client.agents.connect('assistant', 'a1');
    // The answer is read when a frame reaches the listeners.
    socket.onEvent(() => capture());
    await socket.ready;
    await socket.prompt('hello');
  },
};

describe('following a public method to the wire (src/facade/README.md)', () => {
  const table = rows();

  it('the table lists every method this test runs, each in at most five existing files', () => {
    expect(table.map((row) => row.method).sort()).toEqual(Object.keys(scenarios).sort());
    for (const row of table) {
      expect(row.files.length, row.method).toBe(row.count);
      expect(row.count, row.method).toBeLessThanOrEqual(5);
      for (const file of row.files) expect(existsSync(`${facade}${file}`), file).toBe(true);
    }
  });

  for (const row of rows()) {
    it(`${row.method}: the files on its stacks are its row`, async () => {
      stacks = [];
      await using client = new PyFlueClient('http://127.0.0.1:9', { fetch: fakeFetch, maxRetries: 0 });
      await scenarios[row.method]!(client);
      const seen = [...new Set(stacks)].sort();
      expect(seen.filter((file) => !row.files.includes(file)), 'files on the way that the row does not list').toEqual([]);
      expect(row.files.slice(1).filter((file) => !seen.includes(file)), 'files of the row that are not on the way').toEqual([]);
    });
  }
});
