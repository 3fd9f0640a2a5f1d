/**
 * A loopback WebSocket server that speaks the PyFlue socket protocol with the frames
 * of spec/asyncapi.yaml: every frame it sends is a message example from the spec
 * (parsed with @asyncapi/parser), so the client is tested against what the spec
 * documents, and the spec's examples are exercised by a client.
 *
 *   /agents/{name}/{id}  `name` among the spec's examples of the `name` parameter:
 *                        each prompt is answered with the AgentResultMessage example,
 *                        its text replaced by `echo[{id}:{session}]#{turn}: {message}`
 *                        (as the real echo harness does, so order is testable).
 *                        Any other name: the `unknownAgent` error example, then close.
 *   /workflows/{name}    a name among the spec's examples: on the invoke frame, the
 *                        WorkflowRunEventMessage examples of that workflow's run, then
 *                        the WorkflowResultMessage example of the same run (`runFailed`
 *                        error example when there is none), then close. Other names:
 *                        the `unknownWorkflow` error example, then close.
 *   /forbidden/...       handshake refused with 401.
 *
 * Also here: `startSilentServer()`, a TCP server that takes the upgrade request and never
 * answers (a handshake that hangs), and `FakeWebSocket`, a WebSocketLike without a network.
 *
 * Misbehaviour is asked for in-band, so tests stay independent of each other: a prompt
 * whose message is `mock:<command>`, or a workflow payload `{ mock: '<command>' }`
 * (see AGENT_COMMANDS and WORKFLOW_COMMANDS). `hold()` delays every answer until
 * `release()`, for tests that need prompts in flight at a known moment.
 */
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { createServer, type Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { collectMessages, loadAsyncApiDocument } from '../../scripts/asyncapi-emitter.js';
import type { WebSocketLike, WebSocketLikeEventMap } from '../../src/facade/core/websocket.js';

type Frame = Record<string, any>;

export interface MockConnection {
  /** Request path, e.g. `/agents/assistant/x-1`. */
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** Every text frame the client sent, raw. */
  readonly received: string[];
  /** Resolves with the close code the server saw. */
  readonly closed: Promise<number>;
}

export interface SocketMock {
  /** `http://127.0.0.1:<port>`. */
  readonly baseUrl: string;
  /** The spec's examples the mock sends, by message name, then by example name. */
  readonly examples: Record<string, Record<string, Frame>>;
  readonly connections: readonly MockConnection[];
  /** The connection for `path` once the server has accepted it. */
  connection(path: string): Promise<MockConnection>;
  /** Resolves once the connection for `path` has received `count` frames. */
  receivedCount(path: string, count: number): Promise<MockConnection>;
  /** Delays every answer until `release()`. */
  hold(): void;
  release(): void;
  /** Closes every client connection, then the server. */
  stop(): Promise<void>;
}

/** Prompt messages that make the agent path misbehave instead of answering. */
export const AGENT_COMMANDS = {
  drop: 'mock:drop', // TCP connection destroyed, no close frame (client sees 1006)
  close1011: 'mock:close-1011', // what PyFlue does when a prompt raises
  nonJson: 'mock:non-json',
  nonObject: 'mock:non-object',
  invalid: 'mock:invalid', // a result frame failing isAgentResultMessage
  extraResult: 'mock:extra-result', // two results for one prompt
  errorFrame: 'mock:error-frame', // the runFailed error example, then close
  newerFrame: 'mock:newer-frame', // a frame type 0.2.0 does not know (test/fixtures/pyflue-next-additions.json), then the result
} as const;

/** Workflow payload `mock` values. */
export const WORKFLOW_COMMANDS = {
  dropAfterStart: 'drop-after-start',
  dropBeforeStart: 'drop-before-start',
  invalid: 'invalid', // a run event failing isWorkflowRunEventMessage
  extraFrame: 'extra-frame', // a frame after the terminal one
  newerEvent: 'newer-event', // a run event of a type 0.2.0 does not know after run_start (test/fixtures/pyflue-next-additions.json)
} as const;

/** The frames a newer PyFlue could add (see the fixture's own comment). */
export const NEWER = JSON.parse(readFileSync(new URL('../fixtures/pyflue-next-additions.json', import.meta.url), 'utf8')) as {
  runEvent: { type: string; data: Frame };
  agentStreamFrame: Frame & { type: string };
  promptStreamEvent: { event: string; data: Frame };
  agentSocketFrame: Frame & { type: string };
};

export async function startSocketMock(): Promise<SocketMock> {
  const spec = await loadSpecExamples();
  const wss = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    verifyClient: (info, done) => (info.req.url?.startsWith('/forbidden/') ? done(false, 401, 'Unauthorized') : done(true)),
  });
  await once(wss, 'listening');
  const { port } = wss.address() as { port: number };

  const connections: MockConnection[] = [];
  const changed = new Set<() => void>();
  const notify = (): void => changed.forEach((fn) => fn());
  const until = <T>(probe: () => T | undefined): Promise<T> =>
    new Promise((resolve) => {
      const check = (): void => {
        const value = probe();
        if (value === undefined) return;
        changed.delete(check);
        resolve(value);
      };
      changed.add(check);
      check();
    });

  let holding = false;
  let held: Array<() => void> = [];
  const answer = (action: () => void): void => {
    if (holding) held.push(action);
    else action();
  };

  wss.on('connection', (socket, request) => {
    const path = request.url ?? '/';
    const received: string[] = [];
    const closed = once(socket, 'close').then(([code]) => code as number);
    connections.push({ path, headers: request.headers, received, closed });
    socket.on('message', (data, isBinary) => {
      received.push(isBinary ? '<binary>' : String(data));
      notify();
    });
    const [, kind, name, id] = path.split('?')[0]!.split('/').map(decodeURIComponent);
    if (kind === 'agents' && id !== undefined) serveAgent(socket, spec, name!, id, answer);
    else if (kind === 'workflows' && name !== undefined) serveWorkflow(socket, spec, name, answer);
    else socket.close(4404, 'no such route in the mock');
    notify();
  });

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    examples: spec.examples,
    connections,
    connection: (path) => until(() => connections.find((c) => c.path === path)),
    receivedCount: (path, count) => until(() => connections.find((c) => c.path === path && c.received.length >= count)),
    hold: () => {
      holding = true;
    },
    release: () => {
      holding = false;
      const actions = held;
      held = [];
      actions.forEach((action) => action());
    },
    stop: async () => {
      held = [];
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve, reject) => wss.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

interface SpecExamples {
  examples: Record<string, Record<string, Frame>>;
  agentNames: string[];
  workflowNames: string[];
}

async function loadSpecExamples(): Promise<SpecExamples> {
  const document = await loadAsyncApiDocument('spec/asyncapi.yaml');
  const examples: Record<string, Record<string, Frame>> = {};
  for (const [name, message] of collectMessages(document)) {
    examples[name] = Object.fromEntries(message.examples().all().map((example) => [example.name() ?? '', example.payload() ?? {}]));
  }
  const names = (channel: string): string[] =>
    (document.channels().get(channel)?.parameters().get('name')?.schema()?.examples() as string[] | undefined) ?? [];
  return { examples, agentNames: names('agent'), workflowNames: names('workflow') };
}

/** A deep copy, so a test's changes never leak into the next frame. */
const example = (spec: SpecExamples, message: string, name: string): Frame => {
  const frame = spec.examples[message]?.[name];
  if (!frame) throw new Error(`spec/asyncapi.yaml has no example ${name} of ${message}; the mock needs it.`);
  return structuredClone(frame);
};

function serveAgent(socket: WebSocket, spec: SpecExamples, name: string, id: string, answer: (action: () => void) => void): void {
  if (!spec.agentNames.includes(name)) {
    socket.send(JSON.stringify(example(spec, 'SocketErrorMessage', 'unknownAgent')));
    socket.close(1000);
    return;
  }
  const turns = new Map<string, number>();
  // Like the real server, answer nothing after deciding to drop the connection.
  let dropping = false;
  socket.on('message', (data) => {
    if (dropping) return;
    const prompt = JSON.parse(String(data)) as Frame;
    const message = String(prompt.message ?? '');
    const session = String(prompt.session ?? 'default');
    const turn = (turns.get(session) ?? 0) + 1;
    turns.set(session, turn);
    const result = example(spec, 'AgentResultMessage', 'firstTurn');
    result.result.text = `echo[${id}:${session}]#${turn}: ${message}`;
    result.result.metadata.turn = turn;
    if (message === AGENT_COMMANDS.drop) dropping = true;
    answer(() => {
      switch (message) {
        case AGENT_COMMANDS.drop:
          // Writes are ordered: once this ping is flushed, earlier answers are too.
          return socket.ping(undefined, undefined, () => socket.terminate());
        case AGENT_COMMANDS.close1011:
          return socket.close(1011, 'internal error');
        case AGENT_COMMANDS.nonJson:
          return socket.send('this is not JSON');
        case AGENT_COMMANDS.nonObject:
          return socket.send('[1, 2, 3]');
        case AGENT_COMMANDS.invalid:
          return socket.send(JSON.stringify({ ...result, result: { ...result.result, text: 42 } }));
        case AGENT_COMMANDS.extraResult:
          socket.send(JSON.stringify(result));
          return socket.send(JSON.stringify(result));
        case AGENT_COMMANDS.newerFrame:
          socket.send(JSON.stringify(NEWER.agentSocketFrame));
          return socket.send(JSON.stringify(result));
        case AGENT_COMMANDS.errorFrame:
          socket.send(JSON.stringify(example(spec, 'SocketErrorMessage', 'runFailed')));
          return socket.close(1000);
        default:
          return socket.send(JSON.stringify(result));
      }
    });
  });
}

function serveWorkflow(socket: WebSocket, spec: SpecExamples, name: string, answer: (action: () => void) => void): void {
  if (!spec.workflowNames.includes(name)) {
    socket.send(JSON.stringify(example(spec, 'SocketErrorMessage', 'unknownWorkflow')));
    socket.close(1000);
    return;
  }
  // The spec's examples of one run share its run id, `workflow:{name}:run_...`.
  const ofRun = (frames: Record<string, Frame>): Frame[] =>
    Object.values(frames)
      .filter((frame) => String(frame.run_id).startsWith(`workflow:${name}:`))
      .map((frame) => structuredClone(frame));
  const events = ofRun(spec.examples.WorkflowRunEventMessage ?? {});
  const terminal = ofRun(spec.examples.WorkflowResultMessage ?? {})[0] ?? example(spec, 'SocketErrorMessage', 'runFailed');

  socket.once('message', (data) => {
    const invoke = JSON.parse(String(data)) as Frame;
    const command = invoke.payload?.mock as string | undefined;
    if (command === WORKFLOW_COMMANDS.newerEvent && events[0]) {
      // After run_start, an event of a newer type with the run's envelope; the indexes stay consecutive.
      events.splice(1, 0, { ...structuredClone(events[0]), type: NEWER.runEvent.type, data: NEWER.runEvent.data });
      events.forEach((event, index) => Object.assign(event, { event_index: index + 1, eventIndex: index + 1 }));
    }
    answer(() => {
      if (command === WORKFLOW_COMMANDS.dropBeforeStart) return socket.terminate();
      for (const [index, event] of events.entries()) {
        if (command === WORKFLOW_COMMANDS.invalid && index === 1) event.event_index = 'two';
        // Terminate only once the event is flushed, or it could be lost with the connection.
        if (command === WORKFLOW_COMMANDS.dropAfterStart) return socket.send(JSON.stringify(event), () => socket.terminate());
        socket.send(JSON.stringify(event));
      }
      if (typeof invoke.payload?.name === 'string' && terminal.type === 'result') {
        terminal.result.greeting = `Hello, ${invoke.payload.name}!`;
      }
      socket.send(JSON.stringify(terminal));
      if (command === WORKFLOW_COMMANDS.extraFrame) socket.send(JSON.stringify(events[0]));
      socket.close(1000);
    });
  });
}

export interface SilentServer {
  /** `http://127.0.0.1:<port>`. */
  readonly baseUrl: string;
  /** Resolves with the first bytes of the first request received (the upgrade request). */
  readonly request: Promise<string>;
  /** How many TCP connections it accepted, and how many of those the peer has since closed. */
  readonly stats: { accepted: number; closedByPeer: number };
  /** Resolves once the peer has closed `count` connections. */
  peerClosed(count: number): Promise<void>;
  /** Destroys every connection, then closes the server. */
  stop(): Promise<void>;
}

/** A TCP server that accepts connections and reads them, but never answers: a handshake that hangs. */
export async function startSilentServer(): Promise<SilentServer> {
  const sockets = new Set<Socket>();
  const stats = { accepted: 0, closedByPeer: 0 };
  const waiting = new Set<() => void>();
  let gotRequest!: (text: string) => void;
  const request = new Promise<string>((resolve) => (gotRequest = resolve));
  const server = createServer((socket) => {
    stats.accepted += 1;
    sockets.add(socket);
    socket.once('data', (chunk) => gotRequest(String(chunk)));
    socket.on('error', () => {}); // a reset by the client is expected
    socket.on('close', () => {
      sockets.delete(socket);
      stats.closedByPeer += 1;
      waiting.forEach((check) => check());
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    request,
    stats,
    peerClosed: (count) =>
      new Promise<void>((resolve) => {
        const check = (): void => {
          if (stats.closedByPeer < count) return;
          waiting.delete(check);
          resolve();
        };
        waiting.add(check);
        check();
      }),
    stop: async () => {
      waiting.clear();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

type Listener = (event: never) => void;

/**
 * A WebSocketLike without a network, driven by the test: `serverOpens()`, `serverSends()`
 * and `serverCloses()` play the server's part; `close()` closes at once (code 1005 when none).
 */
export class FakeWebSocket implements WebSocketLike {
  readyState = 0;
  readonly sent: string[] = [];
  /** The code and reason `close()` was called with, if it was. */
  closedWith: { code: number | undefined; reason: string | undefined } | undefined;
  readonly #listeners = new Map<keyof WebSocketLikeEventMap, Set<Listener>>();

  send(data: string): void {
    if (this.readyState !== 1) throw new Error(`FakeWebSocket.send in readyState ${this.readyState}`);
    this.sent.push(data);
  }

  close(code?: number, reason?: string): void {
    if (this.readyState >= 2) return;
    this.closedWith = { code, reason };
    this.serverCloses(code ?? 1005, reason ?? '');
  }

  serverOpens(): void {
    this.readyState = 1;
    this.#emit('open', {});
  }

  /** The server sends a text frame. */
  serverSends(data: string): void {
    this.#emit('message', { data });
  }

  serverCloses(code: number, reason = ''): void {
    this.readyState = 3;
    this.#emit('close', { code, reason });
  }

  /** How many listeners are registered, over all event types. */
  get listenerCount(): number {
    return [...this.#listeners.values()].reduce((sum, set) => sum + set.size, 0);
  }

  addEventListener<K extends keyof WebSocketLikeEventMap>(type: K, listener: (event: WebSocketLikeEventMap[K]) => void): void {
    const set = this.#listeners.get(type) ?? new Set<Listener>();
    set.add(listener as Listener);
    this.#listeners.set(type, set);
  }

  removeEventListener<K extends keyof WebSocketLikeEventMap>(type: K, listener: (event: WebSocketLikeEventMap[K]) => void): void {
    this.#listeners.get(type)?.delete(listener as Listener);
  }

  #emit<K extends keyof WebSocketLikeEventMap>(type: K, event: WebSocketLikeEventMap[K]): void {
    for (const listener of [...(this.#listeners.get(type) ?? [])]) (listener as (event: WebSocketLikeEventMap[K]) => void)(event);
  }
}
