/**
 * The fake server's state and behaviour, whatever carries the requests: the declared
 * agents and workflows, runs (each invocation of a handler, with its run events), and
 * the sessions of persistent agents and the default agent (their history, one prompt at
 * a time each, as PyFlue's sessions).
 */
import type { components } from '../spec.js';

/** The wire shape (both spellings), as the server sends it. */
type PromptResult = components['schemas']['PromptResult'];
/** A reply as the routes answer it: the prompt result, and what only a stream shows (its deltas and tool calls). */
export type StreamedReply = PromptResult & { deltas?: string[]; toolCalls?: Array<Required<Omit<FakeToolCall, 'isError'>> & { isError: boolean }> };
import { PyFlueInputError } from '../facade/core/errors.js';
import { RunStore } from './run-store.js';
import type {
  FakeAgent,
  FakeDefaultAgent,
  FakeHandler,
  FakeHistoryEntry,
  FakePyFlueOptions,
  FakeReply,
  FakeRunContext,
  FakeToolCall,
  FakeTriggers,
  FakeTurn,
} from './types.js';
import { errors, generateRunId, pythonJson, runErrorOf } from './wire.js';

export type ResolvedAgent =
  | { kind: 'persistent'; name: string; triggers: FakeTriggers; reply: FakeDefaultAgent['reply'] }
  | { kind: 'file'; name: string; triggers: FakeTriggers; handler: FakeHandler };

interface Session {
  history: FakeHistoryEntry[];
  /** The operation running in this session, if any. */
  running: { controller: AbortController; operation: 'prompt' | 'stream' } | undefined;
}

/** PyFlue's session key for the default agent is the session id; agents' keys are prefixed by the agent. */
const DEFAULT_AGENT = '\u0000default';

export class Engine {
  readonly runs: RunStore;
  readonly #agents = new Map<string, ResolvedAgent>();
  readonly #workflows = new Map<string, FakeHandler>();
  readonly #defaultAgent: FakeDefaultAgent;
  readonly #sessions = new Map<string, Session>();
  /** Aborted by close(): handlers, replies and timers see it. */
  readonly #closing = new AbortController();
  /** Work started in the background (webhook runs, dispatched input), so close() can wait for it. */
  readonly #background = new Set<Promise<unknown>>();

  constructor(readonly options: FakePyFlueOptions) {
    this.runs = new RunStore(options.maxRuns);
    for (const [what, value] of [['agents', options.agents], ['workflows', options.workflows]] as const) {
      if (value !== undefined && (value === null || typeof value !== 'object' || Array.isArray(value))) {
        throw new PyFlueInputError(`createFakePyFlue: ${what} must be an object of ${what} by name; got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}.`);
      }
    }
    for (const [name, agent] of Object.entries(options.agents ?? {})) this.#agents.set(checkName(name, 'agent'), resolveAgent(name, agent));
    for (const [name, workflow] of Object.entries(options.workflows ?? {})) {
      checkName(name, 'workflow');
      if (typeof workflow !== 'function') throw new PyFlueInputError(`createFakePyFlue: workflow "${name}" must be a function (ctx) => result.`);
      this.#workflows.set(name, workflow);
    }
    this.#defaultAgent = options.defaultAgent ?? { reply: echoReply };
  }

  get closed(): AbortSignal {
    return this.#closing.signal;
  }

  /** Agent names in the order PyFlue discovers them (sorted by file path). */
  agentNames(): string[] {
    return [...this.#agents.keys()].sort((a, b) => compare(a.replaceAll('.', '/'), b.replaceAll('.', '/')));
  }

  agent(name: string): ResolvedAgent | undefined {
    return this.#agents.get(name);
  }

  workflowNames(): string[] {
    return [...this.#workflows.keys()].sort(compare);
  }

  workflow(name: string): FakeHandler | undefined {
    return this.#workflows.get(name);
  }

  /**
   * Starts a run of `handler` at once (the record and `run_start` exist when this
   * returns) and answers its outcome: the result, or the rejection the handler threw
   * after `run_end` recorded it.
   */
  startRun(name: string, agentId: string | undefined, runId: string, handler: FakeHandler, payload: Record<string, unknown>): Promise<unknown> {
    const instance = agentId ?? runId;
    this.runs.start(name, instance, runId);
    const emit = (level: string) => async (message: string, fields: Record<string, unknown> = {}) => {
      if (this.runs.has(runId)) this.runs.append(runId, 'log', { level, message: String(message), ...fields });
    };
    const ctx: FakeRunContext = {
      payload,
      id: runId,
      runId,
      agentId: instance,
      agent_id: instance,
      name,
      log: { info: emit('info'), warn: emit('warn'), error: emit('error') },
      signal: this.#closing.signal,
    };
    const outcome = (async () => {
      try {
        const result = await handler(ctx);
        this.runs.end(runId, { result: result === undefined ? null : result });
        return result === undefined ? null : result;
      } catch (error) {
        this.runs.end(runId, { error: runErrorOf(error) });
        throw error;
      }
    })();
    // Handled here so a run nobody awaits (a stream whose reader left) is no unhandled rejection.
    outcome.catch(() => {});
    return outcome;
  }

  newRunId(workflow?: string): string {
    return workflow === undefined ? generateRunId() : `workflow:${workflow}:${generateRunId()}`;
  }

  /** Keeps a background promise (a webhook run, dispatched input) until it settles; its failure is the run's. */
  background(work: Promise<unknown>): void {
    const kept = work.then(
      () => undefined,
      () => undefined,
    );
    this.#background.add(kept);
    void kept.then(() => this.#background.delete(kept));
  }

  /**
   * One prompt in a session of a persistent agent (`agent` given) or the default agent.
   * As a PyFlue session: one operation at a time (a second fails before it starts), the
   * user's message joins the history before the reply is asked for (and stays when the
   * reply fails), the reply joins it when it has text.
   */
  async prompt(agent: ResolvedAgent | undefined, instanceId: string, session: string, message: string): Promise<StreamedReply> {
    return this.beginPrompt(agent, instanceId, session, 'prompt')(message);
  }

  /**
   * The synchronous part of a prompt: takes the session (throwing when it is busy) and
   * answers the function that runs the turn. Streams use it to fail before `start`.
   */
  beginPrompt(agent: ResolvedAgent | undefined, instanceId: string, session: string, operation: 'prompt' | 'stream') {
    const reply = agent?.kind === 'persistent' ? agent.reply : this.#defaultAgent.reply;
    const sessionId = agent ? `${instanceId}:${session}` : instanceId;
    const key = `${agent ? agent.name : DEFAULT_AGENT}\u0000${sessionId}`;
    let state = this.#sessions.get(key);
    if (!state) this.#sessions.set(key, (state = { history: [], running: undefined }));
    if (state.running) {
      throw errors.internal(`Session "${sessionId}" is already running ${state.running.operation}. Start another session for parallel conversation branches.`);
    }
    const controller = new AbortController();
    const running = { controller, operation };
    const onClose = () => controller.abort(this.#closing.signal.reason);
    this.#closing.signal.addEventListener('abort', onClose, { once: true });
    state.running = running;
    const session_ = state;
    return async (text: string): Promise<StreamedReply> => {
      try {
        const history = [...session_.history];
        session_.history.push({ role: 'user', content: text });
        const turn: FakeTurn = {
          message: text,
          session: agent ? session : instanceId,
          instanceId,
          agent: agent ? agent.name : null,
          sessionId,
          history,
          signal: controller.signal,
        };
        const result = normalizeReply(await reply(turn));
        if (result.text) session_.history.push({ role: 'assistant', content: result.text });
        return result;
      } finally {
        if (session_.running === running) session_.running = undefined;
        this.#closing.signal.removeEventListener('abort', onClose);
      }
    };
  }

  /** POST /sessions/{id}/abort: true when a default-agent prompt was running there. */
  abortDefaultSession(sessionId: string): boolean {
    const running = this.#sessions.get(`${DEFAULT_AGENT}\u0000${sessionId}`)?.running;
    if (!running) return false;
    running.controller.abort(new Error(`Session "${sessionId}" was aborted.`));
    return true;
  }

  /** Default-agent sessions with a prompt running, for `/__pyflue/status`. */
  activeDefaultSessions(): string[] {
    const prefix = `${DEFAULT_AGENT}\u0000`;
    return [...this.#sessions.entries()]
      .filter(([key, state]) => key.startsWith(prefix) && state.running)
      .map(([key]) => key.slice(prefix.length))
      .sort();
  }

  close(): void {
    this.#closing.abort(new Error('The fake PyFlue server was closed.'));
  }

  /** Settles once the background work has (webhook runs, dispatched input). */
  async idle(): Promise<void> {
    while (this.#background.size > 0) await Promise.all([...this.#background]);
  }
}

/** A name one URL path segment can carry, as PyFlue's file-derived names (`support.billing`) are. */
function checkName(name: string, kind: 'agent' | 'workflow'): string {
  if (name.trim() === '' || name.includes('/')) {
    throw new PyFlueInputError(`createFakePyFlue: ${kind} name ${JSON.stringify(name)} cannot be routed; use a non-empty name without "/" (nested names are dotted: "support.billing").`);
  }
  return name;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function resolveAgent(name: string, agent: FakeAgent): ResolvedAgent {
  if (typeof agent === 'function') return { kind: 'file', name, triggers: { webhook: true }, handler: agent };
  if (agent && typeof agent === 'object') {
    const triggers = { webhook: true, ...(agent.triggers ?? {}) };
    if ('persistent' in agent && agent.persistent === true && typeof agent.reply === 'function') {
      return { kind: 'persistent', name, triggers, reply: agent.reply };
    }
    if ('handler' in agent && typeof agent.handler === 'function') return { kind: 'file', name, triggers, handler: agent.handler };
  }
  throw new PyFlueInputError(
    `createFakePyFlue: agent "${name}" must be a handler (ctx) => result, { handler, triggers? }, or { persistent: true, reply: (turn) => text }.`,
  );
}

/** A reply in the shape of PyFlue's `_prompt_result_payload`. */
function normalizeReply(reply: FakeReply): StreamedReply {
  const given = typeof reply === 'string' ? { text: reply } : reply;
  if (!given || typeof given.text !== 'string') {
    throw errors.internal(`reply must return a string or { text }; got ${JSON.stringify(reply)}`);
  }
  const usage = given.usage ?? {};
  const cost = usage.cost ?? {};
  const result: StreamedReply = {
    text: given.text,
    metadata: given.metadata ?? {},
    usage: {
      input: usage.input ?? 0,
      output: usage.output ?? 0,
      cache_read: usage.cache_read ?? 0,
      cache_write: usage.cache_write ?? 0,
      total_tokens: usage.total_tokens ?? 0,
      cost: { input: cost.input ?? 0, output: cost.output ?? 0, cache_read: cost.cache_read ?? 0, cache_write: cost.cache_write ?? 0, total: cost.total ?? 0 },
    },
    model: { id: given.model === undefined ? 'fake/model' : given.model },
  };
  if (given.deltas) result.deltas = given.deltas;
  if (given.toolCalls !== undefined) result.toolCalls = toolCallsOf(given.toolCalls);
  return result;
}

/** A reply's tool calls with their defaults, or a 500 saying what is wrong with them (a reply is the test's own code). */
function toolCallsOf(calls: unknown): NonNullable<StreamedReply['toolCalls']> {
  if (!Array.isArray(calls)) throw errors.internal(`reply's toolCalls must be an array of { name, args?, result? }; got ${JSON.stringify(calls)}`);
  return calls.map((call: Partial<FakeToolCall> | null, index) => {
    if (call === null || typeof call !== 'object' || typeof call.name !== 'string' || call.name === '') {
      throw errors.internal(`reply's toolCalls[${index}] needs a name: { name, args?, result? }; got ${JSON.stringify(call)}`);
    }
    return { name: call.name, args: call.args ?? {}, result: call.result ?? null, isError: call.isError === true, toolCallId: call.toolCallId ?? `call_${index + 1}` };
  });
}

/**
 * A deterministic reply like the echo harness of this project's PyFlue fixture
 * (pyflue-server/launcher.py): `echo[<sessionId>]#<turn>: <message>`, the turn counting
 * the session's prompts from 1, with `metadata: { harness: 'echo', turn }`, word-count
 * usage and model `echo/deterministic`. A message that asks for JSON (it has the word
 * "JSON") gets a JSON object instead, as a model asked for structured output answers:
 * `{ echo, session, turn }` and the message's `name=value` pairs (`population=545923`
 * becomes a number). The default agent's reply unless `defaultAgent` is given.
 */
export function echoReply(turn: FakeTurn): FakeReply {
  const number = turn.history.filter((entry) => entry.role === 'user').length + 1;
  const text = /\bJSON\b/i.test(turn.message)
    ? pythonJson(jsonAnswer(turn.message, turn.sessionId, number))
    : `echo[${turn.sessionId}]#${number}: ${turn.message}`;
  const words = (value: string) => value.split(/\s+/).filter(Boolean).length;
  return {
    text,
    metadata: { harness: 'echo', turn: number },
    usage: { input: words(turn.message), output: words(text), total_tokens: words(turn.message) + words(text) },
    model: 'echo/deterministic',
  };
}

/** The fixture harness's JSON answer: `echo`, `session`, `turn`, then the message's pairs (a pair of the same name wins). */
function jsonAnswer(message: string, sessionId: string, turn: number): Record<string, unknown> {
  const answer: Record<string, unknown> = { echo: message, session: sessionId, turn };
  for (const [, name, raw] of message.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=([^\s,;]+)/g)) {
    // `545923.` at the end of a sentence is the number 545923.
    const value = /^-?\d+(?:\.\d+)?\.$/.test(raw!) ? raw!.replace(/\.+$/, '') : raw!;
    answer[name!] = /^-?\d+(?:\.\d+)?$/.test(value) ? Number(value) : value === 'true' || value === 'false' ? value === 'true' : value;
  }
  return answer;
}
