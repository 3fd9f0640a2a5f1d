/**
 * A client built from the 0.2.0 spec keeps working against a newer server that adds frame
 * and event types (test/fixtures/pyflue-next-additions.json): on every SSE stream, the
 * agent socket and the workflow socket, an added type reaches the caller as an
 * `UnknownFrame`, prompts still resolve with their result, and runs still end at run_end.
 * This is the drill of CONTRIBUTING.md ("When PyFlue changes") for additive changes.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import type { components } from '../../src/generated/openapi.js';
import { PyFlueClient, type AgentServerMessage, type RunStreamEvent, type UnknownFrame, type WorkflowServerMessage } from '../../src/index.js';
import { AGENT_COMMANDS, NEWER, WORKFLOW_COMMANDS, startSocketMock, type SocketMock } from '../support/socket-mock.js';

const RUN_ID = 'workflow:greet:run_01NEXTNEXTNEXTNEXTNEXTNEXT';
const ts = 1795480629;

/** Run event `index` of the stub run, of `type`, with PyFlue's envelope. */
const runEvent = (index: number, type: string, data: Record<string, unknown>) => ({
  run_id: RUN_ID,
  runId: RUN_ID,
  event_index: index,
  eventIndex: index,
  type,
  timestamp: ts + index,
  data,
});

/** run_start, the newer type, a log, run_end: what a newer server's run could send. */
const RUN = [
  runEvent(1, 'run_start', { agent: 'greet', agent_id: RUN_ID }),
  runEvent(2, NEWER.runEvent.type, NEWER.runEvent.data),
  runEvent(3, 'log', { level: 'info', message: 'step' }),
  runEvent(4, 'run_end', { is_error: false, error: null, status: 'succeeded' }),
];

const sse = (event: string, data: unknown, id?: number) => `${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
const runFrames = (events: typeof RUN) => events.map((event) => sse(event.type, event, event.event_index)).join('');

let server: Server;
let baseUrl: string;
/** The `after` of each GET /runs/{id}/stream, in order. */
const resumedAfter: string[] = [];

function respond(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://stub');
  const stream = (headers: Record<string, string> = {}) =>
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...headers });
  if (url.pathname === '/workflows/greet') {
    stream({ 'x-flue-run-id': RUN_ID });
    return void res.end(runFrames(RUN));
  }
  if (url.pathname === `/runs/${encodeURIComponent(RUN_ID)}/stream`) {
    const after = Number(url.searchParams.get('after') ?? 0);
    resumedAfter.push(String(after));
    stream();
    // The first connection ends right after the newer event (a cut): the client must resume after it.
    const events = RUN.filter((event) => event.event_index > after);
    return void res.end(runFrames(after === 0 ? events.slice(0, 2) : events));
  }
  if (url.pathname === `/runs/${encodeURIComponent(RUN_ID)}`) {
    // Asked after the cut: the run is still going, so the client resumes.
    res.writeHead(200, { 'content-type': 'application/json' });
    return void res.end(JSON.stringify({ run_id: RUN_ID, runId: RUN_ID, status: 'running', event_count: 2 }));
  }
  if (url.pathname === '/agents/assistant/c-1') {
    // A persistent agent's stream (no run id): start, the newer frame, a delta, end.
    stream();
    return void res.end(
      sse('start', { type: 'start', session: 'c-1:default' }) +
        sse(NEWER.agentStreamFrame.type, NEWER.agentStreamFrame) +
        sse('delta', { type: 'delta', text: 'Hi' }) +
        sse('end', { type: 'end', text: 'Hi', metadata: {} }),
    );
  }
  if (url.pathname === '/prompt/default/events') {
    // The default agent's frames carry no type: the SSE event names them.
    stream();
    return void res.end(
      sse('start', { session: 'default:default' }) +
        sse(NEWER.promptStreamEvent.event, NEWER.promptStreamEvent.data) +
        sse('delta', { text: 'Hi' }) +
        sse('end', { text: 'Hi', metadata: {} }),
    );
  }
  res.writeHead(404, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: { type: 'route_not_found', message: 'no such route', details: '' } }));
}

let sockets: SocketMock;
beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => respond(req, res));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  sockets = await startSocketMock();
});
afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await sockets.stop();
});

const unknown = (event: string, data: unknown): UnknownFrame => ({ type: 'unknown', event, data });

describe('the fixture is what 0.2.0 does not know', () => {
  it('its types are in none of the generated unions (else pick a newer one)', () => {
    type Schemas = components['schemas'];
    const known: Record<Schemas['RunEvent']['type'] | Schemas['AgentStreamEvent']['type'] | Schemas['AgentResultMessage']['type'] | Schemas['SocketErrorMessage']['type'], true> =
      { run_start: true, log: true, run_end: true, start: true, delta: true, end: true, tool_start: true, tool_end: true, result: true, error: true };
    for (const type of [NEWER.runEvent.type, NEWER.agentStreamFrame.type, NEWER.promptStreamEvent.event, NEWER.agentSocketFrame.type]) {
      expect(Object.keys(known)).not.toContain(type);
    }
  });
});

describe('a newer server on every channel', () => {
  it('workflows.stream: the newer event comes as an UnknownFrame between the others, and the run ends at run_end', async () => {
    await using client = new PyFlueClient(baseUrl);
    const events: RunStreamEvent[] = [];
    for await (const event of client.workflows.stream('greet')) events.push(event);
    expect(events).toEqual([RUN[0], unknown(NEWER.runEvent.type, RUN[1]), RUN[2], RUN[3]]);
    const added = events[1]!;
    if (added.type === 'unknown') expectTypeOf(added).toEqualTypeOf<UnknownFrame>();
  });

  it('runs.stream: a cut right after the newer event resumes after it (its index counts), each event once', async () => {
    await using client = new PyFlueClient(baseUrl);
    resumedAfter.length = 0;
    const events: RunStreamEvent[] = [];
    for await (const event of client.runs.stream(RUN_ID, { reconnectDelayMs: 0 })) events.push(event);
    expect(events).toEqual([RUN[0], unknown(NEWER.runEvent.type, RUN[1]), RUN[2], RUN[3]]);
    expect(resumedAfter).toEqual(['0', '2']);
  });

  it("agents.stream (persistent): the newer frame comes as an UnknownFrame and the reply still ends at 'end'", async () => {
    await using client = new PyFlueClient(baseUrl);
    const events = [];
    for await (const event of client.agents.stream('assistant', 'c-1', { payload: { message: 'hi' } })) events.push(event);
    expect(events.map((event) => event.type)).toEqual(['start', 'unknown', 'delta', 'end']);
    expect(events[1]).toEqual(unknown(NEWER.agentStreamFrame.type, NEWER.agentStreamFrame));
  });

  it('client.stream (the default agent): the newer event comes as an UnknownFrame', async () => {
    await using client = new PyFlueClient(baseUrl);
    const events = [];
    for await (const event of client.stream('hello')) events.push(event);
    expect(events.map((event) => event.type)).toEqual(['start', 'unknown', 'delta', 'end']);
    expect(events[1]).toEqual(unknown(NEWER.promptStreamEvent.event, NEWER.promptStreamEvent.data));
  });

  it('the agent socket: the prompt resolves with its result; listeners get the newer frame as an UnknownFrame', async () => {
    await using client = new PyFlueClient(sockets.baseUrl);
    await using socket = client.agents.connect('assistant', 'next-1');
    const seen: AgentServerMessage[] = [];
    socket.onEvent((message) => seen.push(message));
    const answer = await socket.prompt(AGENT_COMMANDS.newerFrame);
    expect(answer.type).toBe('result');
    expect(seen.map((message) => message.type)).toEqual(['unknown', 'result']);
    expect(seen[0]).toEqual(unknown(NEWER.agentSocketFrame.type, NEWER.agentSocketFrame));
    // The socket is still usable: the next prompt is answered too.
    expect((await socket.prompt('again')).result.text).toMatch(/#2: again$/);
  });

  it('the workflow socket: the run resolves with its result; the newer event is in the messages as an UnknownFrame', async () => {
    await using client = new PyFlueClient(sockets.baseUrl);
    await using socket = client.workflows.connect('greet');
    const messages: WorkflowServerMessage[] = await socket.run({ mock: WORKFLOW_COMMANDS.newerEvent, name: 'Ada' });
    expect(messages.map((message) => message.type)).toEqual(['run_start', 'unknown', 'log', 'run_end', 'result']);
    expect(messages[1]).toMatchObject({ type: 'unknown', event: NEWER.runEvent.type, data: { type: NEWER.runEvent.type, data: NEWER.runEvent.data } });
    expect(await socket.runId).toMatch(/^workflow:greet:/);
  });
});
