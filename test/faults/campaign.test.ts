// @vitest-environment node
/**
 * The bad-input campaign (issue 24's acceptance): generated cases over every public entry,
 * each argument of each method replaced by every bad value of its kind (test/support/campaign.ts),
 * and every option of each bag by its misspellings and its wrong-typed values. Each case must end
 * in a PyFlueInputError that names what to fix, before any request (an injected fetch and socket
 * count them), never a raw TypeError, a hang or an unhandled rejection. Then the wrong-shaped 2xx
 * answers of every JSON route of the spec, and the token echoed by every path an error can take.
 *
 * The option names of each bag are read from the client itself (an unknown far key makes it list
 * them), so a new option is in the campaign the day it is added, and must be given a kind here.
 */
import { readFileSync } from 'node:fs';
import { createElement } from 'react';
import { renderToString as renderReact } from 'react-dom/server';
import { createSSRApp, defineComponent, h } from 'vue';
import { renderToString as renderVue } from 'vue/server-renderer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { answers, nestedFields, requiredFields } from '../../src/generated/answers.js';
import { contract } from '../../src/generated/contract.js';
import { errorCodes } from '../../src/generated/wire.js';
import { PyFlueApiError, PyFlueClient, PyFlueError, PyFlueSocketError, PyFlueStreamError, createFlueClient, extractStructuredText } from '../../src/index.js';
import { createConversation, startWorkflow, watchRun } from '../../src/live/index.js';
import { tracing } from '../../src/otel.js';
import { PyFlueProvider, useConversation as useReactConversation, useRun as useReactRun, useWorkflow as useReactWorkflow } from '../../src/react/index.js';
import { createFakePyFlue, type FakePyFlue } from '../../src/testing/index.js';
import { createPyFlue, providePyFlue, useConversation as useVueConversation, useRun as useVueRun, useWorkflow as useVueWorkflow } from '../../src/vue/index.js';
import {
  BAD_BAGS,
  BAD_PAYLOADS,
  BAD_SEGMENTS,
  BAD_TEXTS,
  QUERY_KINDS,
  badOptionValues,
  badQueryValues,
  everything,
  inputProblem,
  outcome,
  typos,
  type Bad,
  type OptionKind,
} from '../support/campaign.js';
import { AgentSocket, WorkflowSocket } from '../../src/sockets.js';
import { FakeWebSocket } from '../support/socket-mock.js';

const BASE = 'http://127.0.0.1:9';
/** Stands for the Env's own client in a slot's good value (null and undefined are bad values there). */
const OWN = Symbol('the Env client');
const own = (value: unknown, e: Env): unknown => (value === OWN ? e.client : value);

// ─── The harness ─────────────────────────────────────────────────────────────

/** The clients a case of the answer and token sections made, closed after it. */
const opened: PyFlueClient[] = [];
const closeOpened = () => Promise.all(opened.splice(0).map((client) => client.close()));

/** What a case gets: a client whose fetch and sockets count what they send, and more clients on the same count. */
interface Env {
  client: PyFlueClient;
  calls: () => number;
  make: (options: Record<string, unknown>) => PyFlueClient;
  /** Closes every client made. */
  close: () => Promise<void>;
}

function env(options: Record<string, unknown> = {}): Env {
  let calls = 0;
  const sockets: FakeWebSocket[] = [];
  const fetch = (async () => {
    calls += 1;
    return new Response(JSON.stringify({ type: 'internal_error', message: 'no' }), { status: 500, headers: { 'content-type': 'application/json' } });
  }) as typeof globalThis.fetch;
  const websocket = () => {
    const socket = new FakeWebSocket();
    sockets.push(socket);
    queueMicrotask(() => socket.serverOpens());
    return socket;
  };
  const made: PyFlueClient[] = [];
  const make = (more: Record<string, unknown>) => {
    const client = new PyFlueClient(BASE, { fetch, websocket, maxRetries: 0, ...options, ...more });
    made.push(client);
    return client;
  };
  return {
    client: make({}),
    make,
    calls: () => calls + sockets.reduce((sum, socket) => sum + socket.sent.length, 0),
    close: async () => {
      await Promise.all(made.map((client) => client.close()));
    },
  };
}

/** One argument of a method: its kind's bad values, what the message must name, and a good value. */
interface Slot {
  bad: readonly Bad[];
  names: RegExp;
  good: unknown;
  /** An option bag: its keys are read from the client and each misspelled and given wrong values. */
  bag?: { kinds?: Record<string, OptionKind> };
}

interface Method {
  entry: string;
  name: string;
  slots: Slot[];
  /** Calls the method with `args` on a fresh Env (made by `setup`, else `env()`). */
  call: (args: unknown[], env: Env) => unknown;
  setup?: () => Promise<Env> | Env;
}

interface Case {
  entry: string;
  label: string;
  names: RegExp;
  run: (env: Env) => unknown;
  setup: () => Promise<Env> | Env;
}

const segment = (names: RegExp, good = 'a1'): Slot => ({ bad: BAD_SEGMENTS, names, good });
const text = (names: RegExp, good = 'hi'): Slot => ({ bad: BAD_TEXTS, names, good });
const payload = (good: unknown = {}): Slot => ({ bad: BAD_PAYLOADS, names: /payload/, good });
const bag = (kinds: Record<string, OptionKind> = {}, good: unknown = undefined): Slot => ({ bad: BAD_BAGS, names: /option|did you mean|Known/i, good, bag: { kinds } });

/** The kind of every option name the client's bags share; a bag's own are given with it. */
const KINDS: Record<string, OptionKind> = {
  signal: 'signal',
  timeoutMs: 'ms',
  deadlineMs: 'ms',
  idleTimeoutMs: 'ms',
  connectTimeoutMs: 'ms',
  answerTimeoutMs: 'ms',
  reconnectDelayMs: 'ms',
  maxRetries: 'count',
  maxReconnects: 'count',
  headers: 'headers',
  token: 'token',
  fetch: 'function',
  websocket: 'function',
  websocketUrl: 'function',
  onListenerError: 'function',
  onConnection: 'function',
  middleware: 'middleware',
  adminBasePath: 'adminBasePath',
  responseFormat: 'responseFormat',
  app: 'app',
  payload: 'payload',
  mode: 'mode',
  input: 'json',
  session: 'string',
  sessionId: 'segment',
  result: 'schema',
};

/** The option names a bag takes, as the client lists them for an unknown far key. */
async function knownKeys(method: Method, index: number): Promise<string[]> {
  const args = method.slots.map((slot) => slot.good);
  args[index] = { ...(args[index] as object | undefined), zzzzzzzzzzzzzzzzzzzzzz: 1 };
  const e = await (method.setup ?? env)();
  const result = await outcome(() => method.call(args, e));
  await e.close();
  const message = result.kind === 'threw' || result.kind === 'rejected' ? String((result.error as Error)?.message) : '';
  const listed = /Known options: ([^.]*)\./.exec(message);
  if (!listed) throw new Error(`${method.entry} ${method.name}: no list of known options for an unknown key (${result.kind}: ${message.slice(0, 200)})`);
  return listed[1]!.split(', ');
}

async function casesOf(method: Method): Promise<Case[]> {
  const cases: Case[] = [];
  const setup = method.setup ?? (() => env());
  const add = (label: string, index: number, value: unknown, names: RegExp) => {
    const args = method.slots.map((slot) => slot.good);
    args[index] = value;
    cases.push({ entry: method.entry, label: `${method.name} #${index + 1} ${label}`, names, run: (e) => method.call(args, e), setup });
  };
  for (const [index, slot] of method.slots.entries()) {
    for (const [label, value] of slot.bad) add(label, index, value, slot.names);
    if (!slot.bag) continue;
    const base = (slot.good ?? {}) as Record<string, unknown>;
    for (const key of await knownKeys(method, index)) {
      for (const typo of typos(key)) add(`{ ${typo} } (typo)`, index, { ...base, [typo]: base[key] ?? 1 }, new RegExp(`did you mean "${key}"`));
      const queryKind = QUERY_KINDS.get(key);
      const kind = slot.bag.kinds?.[key] ?? KINDS[key];
      if (!queryKind && !kind) throw new Error(`${method.entry} ${method.name}: option "${key}" has no kind in the campaign; give it one`);
      const bad = kind ? badOptionValues(kind) : badQueryValues(queryKind!);
      for (const [label, value] of bad) add(`{ ${key}: ${label} }`, index, { ...base, [key]: value }, new RegExp(key.replace(/s$/, ''), 'i'));
    }
  }
  return cases;
}

// ─── The calls a user makes ─────────────────────────────────────────────────

/** A page list's first item through `for await` (the walk checks each page as `await` does). */
async function firstItem(list: AsyncIterable<unknown>): Promise<unknown> {
  for await (const item of list) return item;
  return undefined;
}

/** How a user reaches each JSON answer of the spec (`operationId status`); every one the generated table lists must be here. */
const ANSWER_CALLS: Record<string, Array<(client: PyFlueClient) => unknown>> = {
  'health 200': [(c) => c.health()],
  'listAgents 200': [(c) => c.agents.list(), (c) => c.agents()],
  'invokeAgent 202': [(c) => c.agents.invoke('a1', 'i1', { mode: 'webhook' })],
  'dispatchAgent 202': [(c) => c.agents.dispatch('a1', 'i1')],
  'invokeWorkflow 200': [(c) => c.workflows.invoke('w1', {}, { wait: true })],
  'invokeWorkflow 202': [(c) => c.workflows.invoke('w1')],
  'getRun 200': [(c) => c.runs.get('r1')],
  'listRunEvents 200': [(c) => c.runs.events('r1')],
  'prompt 200': [(c) => c.prompt('hi')],
  'abortSession 200': [(c) => c.sessions.abort('s1')],
  'adminListAgents 200': [(c) => c.admin.agents.list(), (c) => firstItem(c.admin.agents.list())],
  'adminListInstances 200': [(c) => c.admin.instances.list('a1'), (c) => firstItem(c.admin.instances.list('a1'))],
  'adminListInstanceRuns 200': [(c) => c.admin.runs.listForInstance('a1', 'i1'), (c) => firstItem(c.admin.runs.listForInstance('a1', 'i1'))],
  'adminListRuns 200': [(c) => c.admin.runs.list(), (c) => firstItem(c.admin.runs.list())],
  'adminGetRun 200': [(c) => c.admin.runs.get('r1')],
};

/** Every JSON call (one per operation) and every stream, as a user makes them. */
const HTTP_CALLS: Record<string, (client: PyFlueClient) => unknown> = {
  ...Object.fromEntries(Object.entries(ANSWER_CALLS).map(([key, calls]) => [key.split(' ')[0], calls[0]!])),
  'invokeAgent sync': (c) => c.agents.invoke('a1', 'i1'),
  'raw.GET': (c) => c.raw.GET('/health'),
  'client.stream': (c) => c.stream('hi'),
  'agents.stream': (c) => c.agents.stream('a1', 'i1', { maxReconnects: 0 }),
  'workflows.stream': (c) => c.workflows.stream('w1', {}, { maxReconnects: 0 }),
  'runs.stream': (c) => c.runs.stream('r1', { maxReconnects: 0 }),
};
const STREAM_CALLS = ['client.stream', 'agents.stream', 'workflows.stream', 'runs.stream'];

// ─── The entries ─────────────────────────────────────────────────────────────

const agentSocket = (e: Env) => e.client.agents.connect('assistant', 'a1');
const workflowSocket = (e: Env) => e.client.workflows.connect('greet');
const any = (value: unknown) => value as never;

const MAIN: Method[] = [
  { entry: 'main: constructor', name: 'new PyFlueClient', slots: [{ bad: [['undefined', undefined], ...badOptionValues('baseUrl'), ['null', null], ['{}', {}]], names: /base URL/i, good: BASE }, bag({}, { fetch: async () => new Response('{}') })], call: ([url, options]) => new PyFlueClient(any(url), any(options)) },
  { entry: 'main: constructor', name: 'createFlueClient', slots: [{ ...bag({ baseUrl: 'baseUrl' }, { baseUrl: BASE, fetch: async () => new Response('{}') }), names: /option|did you mean|Known|base ?URL/i }], call: ([options]) => createFlueClient(any(options)) },
  { entry: 'main: client', name: 'health', slots: [bag()], call: ([o], e) => e.client.health(any(o)) },
  { entry: 'main: client', name: 'prompt', slots: [text(/prompt/i), bag()], call: ([t, o], e) => e.client.prompt(any(t), any(o)) },
  { entry: 'main: client', name: 'stream', slots: [text(/prompt/i), bag()], call: ([t, o], e) => e.client.stream(any(t), any(o)) },
  { entry: 'main: client', name: 'sessions.abort', slots: [segment(/sessionId/), bag()], call: ([s, o], e) => e.client.sessions.abort(any(s), any(o)) },
  { entry: 'main: client', name: 'socketUrl', slots: [{ bad: [...BAD_TEXTS, ['CR LF', '/a\r\nb'], ['1 MB', `/${'x'.repeat(1024 * 1024)}`], ['"../x"', '../x'], ['a full URL', 'http://evil.example/x']], names: /path/, good: '/agents/a/b' }], call: ([p], e) => e.client.socketUrl(any(p)) },
  { entry: 'main: client', name: 'use', slots: [{ bad: [['null', null], ['5', 5], ['"x"', 'x'], ['{}', {}], ['[]', []], ['{ onRequest: 5 }', { onRequest: 5 }]], names: /middleware/i, good: { onRequest: () => undefined } }], call: ([m], e) => e.client.use(any(m)) },
  { entry: 'main: agents', name: 'agents()', slots: [bag()], call: ([o], e) => e.client.agents(any(o)) },
  { entry: 'main: agents', name: 'agents.list', slots: [bag()], call: ([o], e) => e.client.agents.list(any(o)) },
  { entry: 'main: agents', name: 'agents.invoke', slots: [segment(/agent name/), segment(/agent id/), bag()], call: ([n, i, o], e) => e.client.agents.invoke(any(n), any(i), any(o)) },
  { entry: 'main: agents', name: 'agents.invoke stream', slots: [segment(/agent name/), segment(/agent id/), bag({}, { mode: 'stream' })], call: ([n, i, o], e) => e.client.agents.invoke(any(n), any(i), any(o)) },
  { entry: 'main: agents', name: 'agents.stream', slots: [segment(/agent name/), segment(/agent id/), bag()], call: ([n, i, o], e) => e.client.agents.stream(any(n), any(i), any(o)) },
  { entry: 'main: agents', name: 'agents.dispatch', slots: [segment(/agent name/), segment(/agent id/), bag()], call: ([n, i, o], e) => e.client.agents.dispatch(any(n), any(i), any(o)) },
  { entry: 'main: agents', name: 'agents.connect', slots: [segment(/agent name/), segment(/agent id/)], call: ([n, i], e) => e.client.agents.connect(any(n), any(i)) },
  { entry: 'main: workflows', name: 'workflows.invoke', slots: [segment(/workflow name/), payload(), bag()], call: ([n, p, o], e) => e.client.workflows.invoke(any(n), any(p), any(o)) },
  { entry: 'main: workflows', name: 'workflows.stream', slots: [segment(/workflow name/), payload(), bag()], call: ([n, p, o], e) => e.client.workflows.stream(any(n), any(p), any(o)) },
  { entry: 'main: workflows', name: 'workflows.connect', slots: [segment(/workflow name/)], call: ([n], e) => e.client.workflows.connect(any(n)) },
  { entry: 'main: runs', name: 'runs.get', slots: [segment(/runId/), bag()], call: ([r, o], e) => e.client.runs.get(any(r), any(o)) },
  { entry: 'main: runs', name: 'runs.events', slots: [segment(/runId/), bag({ types: 'skip' })], call: ([r, o], e) => e.client.runs.events(any(r), any(o)) },
  { entry: 'main: runs', name: 'runs.events types', slots: [{ bad: [['null', null], ['5', 5], ['""', ''], ['[]', []], ['[5]', [5]], ['["a,b"]', ['a,b']], ['[""]', ['']]], names: /types/, good: ['log'] }], call: ([t], e) => e.client.runs.events('run_1', { types: any(t) }) },
  { entry: 'main: runs', name: 'runs.stream', slots: [segment(/runId/), bag()], call: ([r, o], e) => e.client.runs.stream(any(r), any(o)) },
  { entry: 'main: admin', name: 'admin.agents.list', slots: [bag()], call: ([o], e) => e.client.admin.agents.list(any(o)) },
  { entry: 'main: admin', name: 'admin.instances.list', slots: [segment(/agent name/), bag()], call: ([n, o], e) => e.client.admin.instances.list(any(n), any(o)) },
  { entry: 'main: admin', name: 'admin.runs.list', slots: [bag()], call: ([o], e) => e.client.admin.runs.list(any(o)) },
  { entry: 'main: admin', name: 'admin.runs.listForInstance', slots: [segment(/agent name/), segment(/agent id/), bag()], call: ([n, i, o], e) => e.client.admin.runs.listForInstance(any(n), any(i), any(o)) },
  { entry: 'main: admin', name: 'admin.runs.get', slots: [segment(/runId/), bag()], call: ([r, o], e) => e.client.admin.runs.get(any(r), any(o)) },
  {
    entry: 'main: raw',
    name: 'raw.GET',
    slots: [
      { bad: [...BAD_TEXTS, ['"../x"', '../x'], ['"/../x"', '/../x'], ['"/a/./b"', '/a/./b'], ['CR LF', '/a\r\nb'], ['NUL', '/a\0b'], ['no leading slash', 'runs/x'], ['a full URL', 'http://evil.example/x']], names: /path/, good: '/health' },
      {
        bad: [
          ['null', null],
          ['5', 5],
          ['"x"', 'x'],
          ['[]', []],
          ['a function', () => undefined],
          ...badOptionValues('headers').filter(([label]) => !['null', 'a Headers', '[]', 'a Map', 'a number value', 'a null value'].includes(label)).map(([label, headers]): Bad => [`headers ${label}`, { headers }]),
          ...badOptionValues('signal').map(([label, signal]): Bad => [`signal ${label}`, { signal }]),
          ['a circular body', { body: (() => { const a: Record<string, unknown> = {}; a.a = a; return a; })() }],
          ['a BigInt body', { body: { n: 1n } }],
          ['a header param with CR LF', { params: { header: { 'x-a': 'a\r\nb' } } }],
        ],
        names: /option|header|signal|body/i,
        good: {},
      },
    ],
    call: ([p, init], e) => e.client.raw.GET(any(p), any(init)),
  },
  { entry: 'main: sockets', name: 'AgentSocket.prompt', slots: [text(/message|prompt/i), bag()], call: ([t, o], e) => agentSocket(e).prompt(any(t), any(o)) },
  { entry: 'main: sockets', name: 'AgentSocket.onEvent', slots: [{ bad: badOptionValues('function'), names: /listener|function/i, good: () => undefined }], call: ([l], e) => agentSocket(e).onEvent(any(l)) },
  { entry: 'main: sockets', name: 'WorkflowSocket.run', slots: [payload(), bag()], call: ([p, o], e) => workflowSocket(e).run(any(p), any(o)) },
  { entry: 'main: sockets', name: 'WorkflowSocket.invoke', slots: [payload(), bag()], call: ([p, o], e) => workflowSocket(e).invoke(any(p), any(o)) },
];

const LIVE_KINDS: Record<string, OptionKind> = { payload: 'function', storage: 'storage', storageKey: 'string', initialMessages: 'messages', after: 'integer0', client: 'client', reconnect: 'reconnect' };

const LIVE: Method[] = [
  { entry: '/live', name: 'createConversation', slots: [{ bad: badOptionValues('client'), names: /PyFlueClient/, good: OWN }, segment(/agentName/), segment(/instanceId/), bag(LIVE_KINDS)], call: ([c, n, i, o], e) => createConversation(any(own(c, e)), any(n), any(i), any(o)) },
  { entry: '/live', name: 'conversation.send', slots: [text(/message/), bag(LIVE_KINDS)], call: ([t, o], e) => createConversation(e.client, 'assistant', 'a1').send(any(t), any(o)) },
  { entry: '/live', name: 'conversation.subscribe', slots: [{ bad: badOptionValues('function'), names: /function/, good: () => undefined }], call: ([l], e) => createConversation(e.client, 'assistant', 'a1').subscribe(any(l)) },
  { entry: '/live', name: 'conversation.setMessages', slots: [{ bad: badOptionValues('messages'), names: /messages/, good: [] }], call: ([m], e) => createConversation(e.client, 'assistant', 'a1').setMessages(any(m)) },
  { entry: '/live', name: 'watchRun', slots: [{ bad: badOptionValues('client'), names: /PyFlueClient/, good: OWN }, segment(/runId/, 'run_1'), bag(LIVE_KINDS)], call: ([c, r, o], e) => watchRun(any(own(c, e)), any(r), any(o)) },
  { entry: '/live', name: 'watchRun store.subscribe', slots: [{ bad: badOptionValues('function'), names: /function/, good: () => undefined }], call: ([l], e) => watchRun(e.client, 'run_1').subscribe(any(l)) },
  { entry: '/live', name: 'startWorkflow', slots: [{ bad: badOptionValues('client'), names: /PyFlueClient/, good: OWN }, segment(/name/, 'greet'), payload(), bag(LIVE_KINDS)], call: ([c, n, p, o], e) => startWorkflow(any(own(c, e)), any(n), any(p), any(o)) },
];

/** A hook called in a component rendered on the server, its throw caught in the component (no error boundary needed). */
function inReact(hook: () => unknown): unknown {
  let thrown: unknown;
  let returned: unknown;
  renderReact(
    createElement(() => {
      try {
        returned = hook();
      } catch (error) {
        thrown = error;
      }
      return null;
    }),
  );
  if (thrown !== undefined) throw thrown;
  return returned;
}

const REACT: Method[] = [
  { entry: '/react', name: 'PyFlueProvider client', slots: [{ bad: [['undefined', undefined], ...badOptionValues('client')], names: /PyFlueClient|client/, good: OWN }], call: ([c], e) => renderReact(createElement(PyFlueProvider, { client: any(own(c, e)) })) },
  { entry: '/react', name: 'useConversation', slots: [segment(/agentName/), segment(/instanceId/), bag(LIVE_KINDS, {})], call: ([n, i, o], e) => inReact(() => useReactConversation(any(n), any(i), any(o === undefined ? { client: e.client } : typeof o === 'object' && o !== null && !Array.isArray(o) && Object.getPrototypeOf(o) === Object.prototype ? { client: e.client, ...o } : o))) },
  { entry: '/react', name: 'useRun', slots: [{ bad: [['5', 5], ['{}', {}], ['[]', []], ['true', true], ['a function', () => undefined]], names: /run id|runId/, good: 'run_1' }, bag(LIVE_KINDS, {})], call: ([r, o], e) => inReact(() => useReactRun(any(r), any(withClient(o, e)))) },
  { entry: '/react', name: 'useWorkflow', slots: [segment(/name/, 'greet'), bag(LIVE_KINDS, {})], call: ([n, o], e) => inReact(() => useReactWorkflow(any(n), any(withClient(o, e)))) },
];

/** The options with the Env's client added, when they are a plain bag (a bad bag is passed as it is). */
function withClient(options: unknown, e: Env): unknown {
  if (options === undefined) return { client: e.client };
  const plain = typeof options === 'object' && options !== null && Object.getPrototypeOf(options) === Object.prototype;
  return plain && !('client' in options) ? { client: e.client, ...options } : options;
}

/** A composable called in the setup of an app rendered on the server. */
async function inVue(composable: () => unknown): Promise<unknown> {
  let thrown: unknown;
  const app = createSSRApp(
    defineComponent({
      setup() {
        try {
          composable();
        } catch (error) {
          thrown = error;
        }
        return () => h('p');
      },
    }),
  );
  app.config.warnHandler = () => undefined;
  await renderVue(app);
  if (thrown !== undefined) throw thrown;
  return 'rendered';
}

const VUE: Method[] = [
  { entry: '/vue', name: 'createPyFlue', slots: [{ bad: [['undefined', undefined], ...badOptionValues('client')], names: /PyFlueClient/, good: OWN }], call: ([c], e) => createPyFlue(any(own(c, e))) },
  { entry: '/vue', name: 'providePyFlue', slots: [{ bad: [['undefined', undefined], ...badOptionValues('client')], names: /PyFlueClient/, good: OWN }], call: ([c], e) => inVue(() => providePyFlue(any(own(c, e)))) },
  { entry: '/vue', name: 'useConversation', slots: [segment(/agentName/), segment(/instanceId/), bag(LIVE_KINDS, {})], call: ([n, i, o], e) => inVue(() => useVueConversation(any(n), any(i), any(withClient(o, e)))) },
  { entry: '/vue', name: 'useRun', slots: [{ bad: [['5', 5], ['{}', {}], ['[]', []], ['true', true]], names: /run id|runId/, good: 'run_1' }, bag(LIVE_KINDS, {})], call: ([r, o], e) => inVue(() => useVueRun(any(r), any(withClient(o, e)))) },
  { entry: '/vue', name: 'useWorkflow', slots: [segment(/name/, 'greet'), bag(LIVE_KINDS, {})], call: ([n, o], e) => inVue(() => useVueWorkflow(any(n), any(withClient(o, e)))) },
];

const FAKE_KINDS: Record<string, OptionKind> = {
  agents: 'agents',
  workflows: 'workflows',
  defaultAgent: 'defaultAgent',
  baseUrl: 'baseUrl',
  maxRuns: 'positive',
  heartbeatMs: 'ms',
  port: 'integer0',
  host: 'string',
  count: 'positive',
  ms: 'fakeMs',
  afterEvents: 'integer0',
  method: 'string',
  path: 'pathMatch',
  match: 'match',
};

let fake: FakePyFlue;
const TESTING: Method[] = [
  { entry: '/testing', name: 'createFakePyFlue', slots: [bag(FAKE_KINDS)], call: ([o]) => createFakePyFlue(any(o)).then(async (made) => (await made.close(), made)) },
  { entry: '/testing', name: 'fake.listen', slots: [bag({ ...FAKE_KINDS, port: 'integer0' })], call: ([o]) => fake.listen(any(o)) },
  { entry: '/testing', name: 'faults.stall', slots: [bag(FAKE_KINDS)], call: ([o]) => fake.faults.stall(any(o)) },
  { entry: '/testing', name: 'faults.cutStreamAfter', slots: [{ bad: badOptionValues('integer0'), names: /events|cutStreamAfter/, good: 1 }, bag(FAKE_KINDS)], call: ([n, m]) => fake.faults.cutStreamAfter(any(n), any(m)) },
  { entry: '/testing', name: 'faults.dropSocketAfter', slots: [{ bad: badOptionValues('integer0'), names: /frames|dropSocketAfter/, good: 1 }, bag(FAKE_KINDS)], call: ([n, m]) => fake.faults.dropSocketAfter(any(n), any(m)) },
  { entry: '/testing', name: 'faults.next', slots: [{ bad: badOptionValues('integer0'), names: /calls|next/, good: 1 }, { bad: [['null', null], ['5', 5], ['"x"', 'x'], ['{ status: 99 }', { status: 99 }]], names: /fault/, good: { status: 503 } }, bag(FAKE_KINDS)], call: ([n, f, m]) => fake.faults.next(any(n), any(f), any(m)) },
];

const OTEL: Method[] = [{ entry: '/otel', name: 'tracing', slots: [bag({ tracerProvider: 'object', tracerName: 'string' })], call: ([o]) => tracing(any(o)) }];

/**
 * The client's functions giving bad values when a call asks them (a token function, a
 * headers function, a websocketUrl function): each call refused with a PyFlueInputError
 * naming the option, before anything is sent.
 */
const BAD_TOKEN_RESULTS: Bad[] = [
  ['undefined', undefined],
  ['null', null],
  ['""', ''],
  ['5', 5],
  ['{}', {}],
  ['LF', 'tok\n'],
  ['CR LF', 'tok\r\nx-injected: 1'],
  ['outside Latin-1', 'tok€'],
  ['a promise of 5', Promise.resolve(5)],
  ['a promise of null', Promise.resolve(null)],
];
const BAD_HEADERS_RESULTS: Bad[] = [
  ['null', null],
  ['5', 5],
  ['"x"', 'x'],
  ['[]', []],
  ['a bad name', { 'bad name': 'v' }],
  ['a number value', { 'x-a': 5 }],
  ['a value with CR LF', { 'x-a': 'a\r\nx-injected: 1' }],
  ['a value outside Latin-1', { 'x-a': 'a\u0100' }],
  ['a promise of null', Promise.resolve(null)],
  ['a promise of a bad value', Promise.resolve({ 'x-a': 'a\nb' })],
];
const CALLBACKS: Method[] = Object.entries(HTTP_CALLS).flatMap(([name, call]): Method[] => [
  { entry: 'main: callbacks', name: `token function: ${name}`, slots: [{ bad: BAD_TOKEN_RESULTS, names: /token/, good: 'tok' }], call: ([value], e) => call(e.make({ token: () => value })) },
  { entry: 'main: callbacks', name: `headers function: ${name}`, slots: [{ bad: BAD_HEADERS_RESULTS, names: /header/i, good: {} }], call: ([value], e) => call(e.make({ headers: () => value })) },
]);
const SOCKET_CONNECTS: Record<string, (client: PyFlueClient) => unknown> = {
  'agent prompt': (c) => c.agents.connect('a1', 'i1').prompt('hi'),
  'workflow invoke': (c) => c.workflows.connect('w1').invoke({}),
};
const SOCKET_CALLBACKS: Method[] = Object.entries(SOCKET_CONNECTS).flatMap(([name, call]): Method[] => [
  { entry: 'main: callbacks', name: `token function: ${name}`, slots: [{ bad: BAD_TOKEN_RESULTS, names: /token/, good: 'tok' }], call: ([value], e) => call(e.make({ token: () => value })) },
  { entry: 'main: callbacks', name: `headers function: ${name}`, slots: [{ bad: BAD_HEADERS_RESULTS, names: /header/i, good: {} }], call: ([value], e) => call(e.make({ headers: () => value })) },
  {
    entry: 'main: callbacks',
    name: `websocketUrl function: ${name}`,
    slots: [{ bad: [['undefined', undefined], ['null', null], ['5', 5], ['{}', {}], ['a promise', Promise.resolve('ws://x')]], names: /websocketUrl/, good: 'ws://127.0.0.1:9/x' }],
    call: ([value], e) => call(e.make({ websocketUrl: () => value })),
  },
]);

const SOCKET_CLASSES: Method[] = [
  { entry: '/sockets', name: 'new AgentSocket', slots: [{ bad: [['undefined', undefined], ['null', null], ['5', 5], ['"ws://x"', 'ws://x'], ['{}', {}], ['{ url: 5 }', { url: 5 }], ['{ url } without open', { url: 'ws://x' }]], names: /connect\(\)|init/, good: undefined }], call: ([init]) => new AgentSocket(any(init)) },
  { entry: '/sockets', name: 'new WorkflowSocket', slots: [{ bad: [['undefined', undefined], ['null', null], ['5', 5], ['"ws://x"', 'ws://x'], ['{}', {}], ['{ url: 5 }', { url: 5 }], ['{ url } without open', { url: 'ws://x' }]], names: /connect\(\)|init/, good: undefined }], call: ([init]) => new WorkflowSocket(any(init)) },
];

const HELPERS: Method[] = [
  { entry: 'main: helpers', name: 'extractStructuredText', slots: [text(/text/)], call: ([t]) => extractStructuredText(any(t)) },
];

const RAW_REQUEST: Method[] = [
  {
    entry: 'main: raw',
    name: 'raw.request',
    slots: [{ bad: [['undefined', undefined], ['null', null], ['5', 5], ['"FETCH"', 'FETCH'], ['"GET\\r\\n"', 'GET\r\n'], ['{}', {}]], names: /method/, good: 'GET' }],
    call: ([method], e) => (e.client.raw as unknown as { request: (method: unknown, path: string) => unknown }).request(method, '/health'),
  },
];

const ENTRIES = [...MAIN, ...HELPERS, ...RAW_REQUEST, ...CALLBACKS, ...SOCKET_CALLBACKS, ...LIVE, ...REACT, ...VUE, ...TESTING, ...OTEL, ...SOCKET_CLASSES];

/**
 * Cases that still fail, each asserted to fail still (so fixing one fails this test until it
 * is taken off the list). `entry` then the case label, as the report prints them.
 */
const KNOWN_OPEN: ReadonlySet<string> = new Set<string>([]);

// ─── The input campaign ──────────────────────────────────────────────────────

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
const counts = new Map<string, number>();

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  fake = await createFakePyFlue();
});

afterAll(async () => {
  await fake?.close();
  process.off('unhandledRejection', onUnhandled);
  const total = [...counts.values()].reduce((sum, count) => sum + count, 0);
  console.log(`campaign: ${total} cases\n${[...counts].map(([entry, count]) => `  ${entry}: ${count}`).join('\n')}`);
});

describe('bad input over every entry: a PyFlueInputError naming what to fix, before any request', () => {
  const entries = [...new Set(ENTRIES.map((method) => method.entry))];
  it.each(entries)('%s', async (entry) => {
    const failures: string[] = [];
    const stillOpen: string[] = [];
    let count = 0;
    for (const method of ENTRIES.filter((item) => item.entry === entry)) {
      for (const item of await casesOf(method)) {
        count += 1;
        const e = await item.setup();
        const result = await outcome(() => item.run(e));
        const problem = inputProblem(result, e.calls(), item.names);
        await e.close();
        const key = `${entry}: ${item.label}`;
        if (KNOWN_OPEN.has(key)) {
          if (problem) stillOpen.push(key);
          else failures.push(`${key}: fixed, take it off KNOWN_OPEN`);
        } else if (problem) failures.push(`${key}: ${problem}`);
      }
    }
    counts.set(entry, count);
    expect(failures).toEqual([]);
    expect(stillOpen.length).toBe([...KNOWN_OPEN].filter((key) => key.startsWith(`${entry}: `)).length);
  });

  it('no unhandled rejection during the campaign', async () => {
    // A rejection nobody handles is reported after a turn of the event loop.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(unhandled).toEqual([]);
  });
});


// ─── Wrong-shaped 2xx answers ────────────────────────────────────────────────

/** The spec's operations by id: method, path and the examples of each 2xx JSON answer. */
const SPEC = parseYaml(readFileSync(new URL('../../spec/openapi.yaml', import.meta.url), 'utf8')) as {
  paths: Record<string, Record<string, { operationId?: string; responses?: Record<string, { content?: Record<string, { example?: unknown; examples?: Record<string, { value?: unknown; $ref?: string }> }> }> }>>;
  components: { examples: Record<string, { value: unknown }> };
};
const OPERATIONS = new Map(
  Object.entries(SPEC.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => [operation.operationId ?? '', { path, method: method.toUpperCase(), responses: operation.responses ?? {} }] as const)),
);
function examplesOf(operationId: string, status: string): unknown[] {
  const json = OPERATIONS.get(operationId)?.responses[status]?.content?.['application/json'];
  if (!json) return [];
  // A named example may be a reference to components.examples.
  const resolve = (example: { value?: unknown; $ref?: string }) => (example.$ref ? SPEC.components.examples[example.$ref.split('/').pop()!]!.value : example.value);
  return json.example !== undefined ? [json.example] : Object.values(json.examples ?? {}).map(resolve);
}

/** Every (operation, status) whose answer schema requires fields (a union answer, any JSON value, has none to check). */
const CHECKED_ANSWERS = Object.entries(answers).flatMap(([operation, statuses]) =>
  Object.entries(statuses as Record<string, string>)
    .filter(([, schema]) => requiredFields[schema] !== undefined)
    .map(([status, schema]) => ({ operation, status, schema, key: `${operation} ${status}` })),
);

/** A client whose fetch answers every request with `body` (JSON unless a Response is given) and `status`, and keeps the URLs asked for. */
function answering(body: unknown, status: number, raw = false): { client: PyFlueClient; urls: string[] } {
  const urls: string[] = [];
  const fetch = (async (input: Request | string, init?: RequestInit) => {
    urls.push(new Request(input, init).url);
    return new Response(raw ? (body as string) : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }) as typeof globalThis.fetch;
  const client = new PyFlueClient(BASE, { fetch, maxRetries: 0 });
  opened.push(client);
  return { client, urls };
}

/** A copy of `body` with the value at `path` replaced (or removed, for `undefined`). */
function withValue(body: unknown, path: readonly (string | number)[], value: unknown): unknown {
  const copy = structuredClone(body) as Record<string | number, unknown>;
  const parent = path.slice(0, -1).reduce<Record<string | number, unknown>>((node, key) => node[key] as Record<string | number, unknown>, copy);
  if (value === undefined) delete parent[path.at(-1)!];
  else parent[path.at(-1)!] = value;
  return copy;
}

/**
 * Every way to make a component inside `body` (of `schema`) wrong: not an object, or without
 * one of its required fields; at every depth the generated nestedFields reach. `field` is what
 * the message must name (the path, `items[0]`, then the missing field).
 */
function innerMutations(body: unknown, schema: string, path: readonly (string | number)[]): Array<{ label: string; body: unknown; field: string }> {
  const node = path.reduce<unknown>((value, key) => (value as Record<string | number, unknown>)[key], body) as Record<string, unknown>;
  const out: Array<{ label: string; body: unknown; field: string }> = [];
  for (const [property, target] of Object.entries(nestedFields[schema] ?? {})) {
    const component = target.replace(/\[\]$/, '');
    const value = node[property];
    const places: Array<(string | number)[]> = target.endsWith('[]') ? (Array.isArray(value) && value.length > 0 ? [[...path, property, 0]] : []) : value === null || value === undefined ? [] : [[...path, property]];
    for (const place of places) {
      const shown = place.map((key) => (typeof key === 'number' ? `[${key}]` : key)).join('.').replace(/\.\[/g, '[');
      const escaped = shown.replace(/[[\].]/g, '\\$&');
      for (const [label, wrong] of [['null', null], ['5', 5], ['"x"', 'x'], ['[]', []]] as const) {
        if (!target.endsWith('[]') && wrong === null) continue; // a component field may be nullable: null is the field's own business
        out.push({ label: `${shown} = ${label}`, body: withValue(body, place, wrong), field: `${escaped} must be an object` });
      }
      const item = place.reduce<unknown>((at, key) => (at as Record<string | number, unknown>)[key], body) as Record<string, unknown>;
      for (const required of requiredFields[component] ?? []) {
        const name = required.replace(/\[\]$/, '');
        if (item[name] === undefined) continue;
        out.push({ label: `${shown} without ${name}`, body: withValue(body, [...place, name], undefined), field: `${escaped} \\(${component}\\) is missing: .*${name}` });
      }
      out.push(...innerMutations(body, component, place));
    }
  }
  return out;
}

describe('wrong-shaped 2xx answers of every JSON route: a typed error naming the route and the field', () => {
  it('every JSON answer of the spec has its calls here, and its example passes (the check refuses only what is wrong)', async () => {
    const called = contract.operations.filter((operation) => operation.calledByClient && operation.responses.length > 0).map((operation) => operation.operationId);
    expect(new Set(called)).toEqual(new Set(Object.keys(answers)));
    expect(Object.keys(ANSWER_CALLS).sort()).toEqual(CHECKED_ANSWERS.map((answer) => answer.key).sort());
    for (const { operation, status, key } of CHECKED_ANSWERS) {
      const examples = examplesOf(operation, status);
      expect(examples.length, `${key} has an example in the spec`).toBeGreaterThan(0);
      for (const example of examples) {
        for (const call of ANSWER_CALLS[key]!) {
          const result = await outcome(() => call(answering(example, Number(status)).client));
          await closeOpened();
          expect(result.kind, `${key}: its own example`).toBe('resolved');
        }
      }
    }
  });

  const cases = CHECKED_ANSWERS.flatMap(({ operation, status, key }) => {
    const bodies: Array<{ label: string; body: unknown; raw?: boolean; field?: string }> = [
      { label: '{}', body: {} },
      { label: '[]', body: [] },
      { label: 'null', body: null },
      { label: '"text"', body: 'text' },
      { label: '42', body: 42 },
      { label: 'true', body: true },
      { label: 'not JSON', body: '{"truncated": ', raw: true },
      ...examplesOf(operation, status).flatMap((example, index) =>
        Object.keys(example as object).filter((field) => requiredFields[(answers as Record<string, Record<string, string>>)[operation]![status]!]!.some((required) => required.replace(/\[\]$/, '') === field)).map((field) => {
          const { [field]: _removed, ...rest } = example as Record<string, unknown>;
          return { label: `example ${index + 1} without ${field}`, body: rest, field };
        }),
      ),
    ];
    // Inside each example: every component it carries (walked with the generated nestedFields) made wrong.
    for (const [index, example] of examplesOf(operation, status).entries()) {
      for (const wrong of innerMutations(example, (answers as Record<string, Record<string, string>>)[operation]![status]!, [])) {
        bodies.push({ label: `example ${index + 1} with ${wrong.label}`, body: wrong.body, field: wrong.field });
      }
    }
    return bodies.flatMap((body) => ANSWER_CALLS[key]!.map((call, index) => ({ key, call: index, status: Number(status), ...body, run: call })));
  });

  it(`${cases.length} answers: none resolves, each a PyFlueApiError naming the route (and the missing field)`, async () => {
    const failures: string[] = [];
    for (const item of cases) {
      const { client, urls } = answering(item.body, item.status, item.raw);
      const result = await outcome(() => item.run(client));
      await closeOpened();
      const label = `${item.key} call ${item.call + 1} answered ${item.label}`;
      if (result.kind !== 'rejected' && result.kind !== 'threw') {
        failures.push(`${label}: ${result.kind}`);
        continue;
      }
      const error = result.error as PyFlueApiError;
      const route = `${OPERATIONS.get(item.key.split(' ')[0]!)!.method} ${urls[0]}`;
      if (!(error instanceof PyFlueApiError)) failures.push(`${label}: ${(error as Error)?.constructor?.name} ${String((error as Error)?.message).slice(0, 160)}`);
      else if (!error.message.includes(route)) failures.push(`${label}: the message does not name ${route}: ${error.message.slice(0, 200)}`);
      else if (item.field && !new RegExp(item.field.includes('\\') || item.field.includes(' ') ? item.field : `missing: .*${item.field}`).test(error.message)) failures.push(`${label}: the message does not name ${item.field}: ${error.message.slice(0, 200)}`);
    }
    counts.set('wrong-shaped answers', cases.length);
    expect(failures).toEqual([]);
  });
});

// ─── The token by every path ─────────────────────────────────────────────────

/** A long token, and one letter: masking must work on parsed values, so the short one keeps every envelope whole. */
const TOKENS = ['sk-live-CAMPAIGN-7f3a9c1e5b2d8f4a6c0e', 'e'];
/** How an echo of the token is written, so that a one-letter token's echo can be told from the letter in any word. */
const echo = (token: string) => `<<${token}>>`;

/** What must never show: the echo, and a long token anywhere. */
function leak(error: unknown, token: string, marker = echo(token)): string | undefined {
  const shown = everything(error);
  if (shown.includes(marker)) return `${marker} shows`;
  if (token.length > 3 && shown.includes(token)) return 'the token shows';
  return undefined;
}

/** The statuses and codes of the spec's error envelopes, and those a gateway in front may answer with its own body. */
const ERROR_STATUSES: Array<[number, string]> = [
  ...Object.entries(errorCodes).flatMap(([status, codes]) => codes.map((code): [number, string] => [Number(status), code])),
  [401, 'unauthorized'],
  [403, 'forbidden'],
  [429, 'rate_limited'],
];

const envelope = (code: string, token: string) => ({ error: { type: code, message: `refused ${echo(token)}`, details: `the token was ${echo(token)}`, dev: `Bearer ${token} ${echo(token)}`, meta: { value: echo(token) } } });

/** A client with `token` whose fetch answers with `answer` (or throws what it throws). */
function withToken(token: string, answer: (request: Request) => Response | Promise<Response>, options: Record<string, unknown> = {}): PyFlueClient {
  const fetch = (async (input: Request | string, init?: RequestInit) => answer(new Request(input, init))) as typeof globalThis.fetch;
  const client = new PyFlueClient(BASE, { fetch, token, maxRetries: 0, ...options });
  opened.push(client);
  return client;
}

/** A FakeWebSocket that answers the client's first frame with `reply` (an error frame or a close). */
class EchoSocket extends FakeWebSocket {
  constructor(private readonly reply: (socket: EchoSocket) => void) {
    super();
  }

  override send(data: string): void {
    super.send(data);
    queueMicrotask(() => this.reply(this));
  }
}

interface LeakCase {
  path: string;
  token: string;
  /** What must not show, when not the echo of the token. */
  marker?: string;
  /** The call resolves by design (a socket's `run` hands back every frame, the error frame included, as data). */
  resolves?: (value: unknown) => string | undefined;
  run: () => unknown;
  /** What else the error must be (its envelope's type kept, say). */
  expectError?: (error: unknown) => string | undefined;
  /** What else must not show the echo (a close reason the client sent). */
  also?: () => unknown;
}

function leakCases(): LeakCase[] {
  const cases: LeakCase[] = [];
  for (const token of TOKENS) {
    for (const [name, call] of Object.entries(HTTP_CALLS)) {
      // A server's error body that echoes the token, on every call and for every status and code. (client.raw
      // is left out: it resolves an error status with the server's body in `error`, as openapi-fetch does: data, not an error.)
      const answers = name === 'raw.GET' ? [] : ERROR_STATUSES;
      for (const [status, code] of answers) {
        cases.push({
          path: `error body ${status} ${code}: ${name}`,
          token,
          run: () => call(withToken(token, () => new Response(JSON.stringify(envelope(code, token)), { status, headers: { 'content-type': 'application/json' } }))),
          // `code` is the server's code as sent (`type` is it when the spec knows it).
          expectError: (error) => (error instanceof PyFlueApiError && error.status === status && error.code === code ? undefined : `not the ${status} ${code} envelope's error: ${(error as Error)?.constructor?.name} ${(error as { code?: string }).code}`),
        });
      }
      if (name !== 'raw.GET') cases.push({
        path: `error body as text: ${name}`,
        token,
        run: () => call(withToken(token, () => new Response(`invalid token ${echo(token)}`, { status: 401, headers: { 'content-type': 'text/plain' } }))),
        expectError: (error) => (error instanceof PyFlueApiError && error.status === 401 ? undefined : 'not a 401 PyFlueApiError'),
      });
      // The fetch itself fails with the token in its message and its cause.
      cases.push({
        path: `fetch rejects: ${name}`,
        token,
        run: () => call(withToken(token, () => Promise.reject(new TypeError(`fetch failed: Authorization: Bearer ${token} ${echo(token)}`, { cause: new Error(`connect ${echo(token)}`) })))),
      });
      // The user's own functions throw with it.
      cases.push({
        path: `headers function throws: ${name}`,
        token,
        run: () => call(withToken(token, () => new Response('{}'), { headers: () => { throw new Error(`no headers for ${echo(token)}`); } })),
      });
      cases.push({
        path: `middleware throws: ${name}`,
        token,
        run: () => call(withToken(token, () => new Response('{}')).use({ onRequest: () => { throw new Error(`middleware saw ${echo(token)}`); } })),
      });
      // A token function: the token, a 401 that echoes it, then a refresh that throws with it.
      let given = 0;
      if (name !== 'raw.GET') cases.push({
        path: `token function, 401, refresh throws: ${name}`,
        token,
        run: () => {
          given = 0;
          const tokenFunction = () => {
            given += 1;
            if (given > 1) throw new Error(`refresh failed for ${echo(token)}`);
            return token;
          };
          return call(withToken(token, () => new Response(JSON.stringify(envelope('unauthorized', token)), { status: 401, headers: { 'content-type': 'application/json' } }), { token: tokenFunction }));
        },
      });
      // A token it never gave cannot be known: what shows it is the credential's scheme, masked wherever it appears.
      cases.push({
        path: `token function throws a credential: ${name}`,
        token,
        marker: `Bearer ${token}`,
        run: () => call(withToken(token, () => new Response('{}'), { token: () => { throw new Error(`no token: Authorization: Bearer ${token}`); } })),
      });
    }
    // A stream's error frame that echoes it, for every code.
    for (const name of STREAM_CALLS) {
      for (const code of Object.values(errorCodes).flat()) {
        cases.push({
          path: `stream error frame ${code}: ${name}`,
          token,
          run: () => HTTP_CALLS[name]!(withToken(token, () => new Response(`event: error\ndata: ${JSON.stringify(envelope(code, token))}\n\n`, { headers: { 'content-type': 'text/event-stream', 'x-flue-run-id': 'r1' } }))),
          expectError: (error) => (error instanceof PyFlueStreamError && error.envelope?.error.type === code ? undefined : `not a PyFlueStreamError with the ${code} envelope: ${(error as Error)?.constructor?.name}`),
        });
      }
      cases.push({
        path: `stream frame that is no JSON: ${name}`,
        token,
        run: () => HTTP_CALLS[name]!(withToken(token, () => new Response(`data: ${echo(token)} is not json\n\n`, { headers: { 'content-type': 'text/event-stream', 'x-flue-run-id': 'r1' } }))),
      });
    }
    // Sockets: an error frame, a close reason, a websocketUrl or headers function that throws.
    const SOCKET_CALLS: Record<string, (client: PyFlueClient) => unknown> = {
      'agent prompt': (c) => c.agents.connect('a1', 'i1').prompt('hi'),
      'workflow invoke': (c) => c.workflows.connect('w1').invoke({}),
      'workflow run': (c) => c.workflows.connect('w1').run({}),
    };
    for (const [name, call] of Object.entries(SOCKET_CALLS)) {
      const socketClient = (reply: (socket: EchoSocket) => void, options: Record<string, unknown> = {}) => {
        const sockets: EchoSocket[] = [];
        const websocket = () => {
          const socket = new EchoSocket(reply);
          sockets.push(socket);
          queueMicrotask(() => socket.serverOpens());
          return socket;
        };
        return { client: withToken(token, () => new Response('{}'), { websocket, ...options }), sockets };
      };
      for (const code of [...Object.values(errorCodes).flat(), 'unauthorized']) {
        let sockets: EchoSocket[] = [];
        cases.push({
          path: `socket error frame ${code}: ${name}`,
          token,
          run: () => {
            const made = socketClient((socket) => socket.serverSends(JSON.stringify({ type: 'error', ...envelope(code, token) })));
            sockets = made.sockets;
            return call(made.client);
          },
          expectError: (error) => (error instanceof PyFlueSocketError && error.error?.type === code ? undefined : `not a PyFlueSocketError with the ${code} envelope: ${(error as Error)?.constructor?.name}`),
          also: () => sockets.map((socket) => socket.closedWith?.reason),
          // `run` resolves with every frame, the error frame included (use `invoke` to have it thrown): the server's frames as data, its code kept.
          ...(name === 'workflow run'
            ? { resolves: (value: unknown) => ((value as Array<{ type?: string; error?: { type?: string } }>).at(-1)?.error?.type === code ? undefined : `the ${code} error frame is not the last message`) }
            : {}),
        });
      }
      for (const closeCode of [1008, 1011, 4001, 4003]) {
        cases.push({
          path: `socket close reason ${closeCode}: ${name}`,
          token,
          run: () => call(socketClient((socket) => socket.serverCloses(closeCode, `bad ${echo(token)}`)).client),
          expectError: (error) => (error instanceof PyFlueSocketError && error.closeCode === closeCode ? undefined : `not a PyFlueSocketError with close code ${closeCode}: ${(error as Error)?.constructor?.name}`),
        });
      }
      cases.push({
        path: `websocketUrl throws: ${name}`,
        token,
        run: () => call(socketClient(() => undefined, { websocketUrl: () => { throw new Error(`no URL for ${echo(token)}`); } }).client),
      });
      cases.push({
        path: `headers function throws: ${name}`,
        token,
        run: () => call(socketClient(() => undefined, { headers: () => { throw new Error(`no headers for ${echo(token)}`); } }).client),
      });
    }
    cases.push({
      path: 'websocketUrl throws: client.socketUrl',
      token,
      run: () => withToken(token, () => new Response('{}'), { websocketUrl: () => { throw new Error(`no URL for ${echo(token)}`); } }).socketUrl('/agents/a1/i1'),
    });
  }
  return cases;
}

describe('the token echoed by every path never shows: message, stack, JSON, causes, URL, close reason', () => {
  const cases = leakCases();
  it(`${cases.length} paths x tokens: a typed error, its envelope's type kept, no token`, async () => {
    const failures: string[] = [];
    for (const item of cases) {
      const result = await outcome(item.run);
      await closeOpened();
      const label = `${item.path} (token ${item.token.length > 3 ? 'long' : JSON.stringify(item.token)})`;
      if (item.resolves) {
        const problem = result.kind === 'resolved' ? item.resolves(result.value) : `${result.kind} (it resolves by design)`;
        if (problem) failures.push(`${label}: ${problem}`);
        continue;
      }
      if (result.kind !== 'rejected' && result.kind !== 'threw') {
        failures.push(`${label}: ${result.kind}`);
        continue;
      }
      const { error } = result;
      const problem =
        (error instanceof PyFlueError ? undefined : `not a PyFlueError: ${(error as Error)?.constructor?.name} ${String((error as Error)?.message).slice(0, 120)}`) ??
        leak(error, item.token, item.marker) ??
        item.expectError?.(error) ??
        (item.also && JSON.stringify(item.also()).includes(echo(item.token)) ? 'the close reason the client sent shows the echo' : undefined);
      if (problem) failures.push(`${label}: ${problem}`);
    }
    counts.set('token leaks', cases.length);
    expect(failures).toEqual([]);
  });
});
