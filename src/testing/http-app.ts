/**
 * The HTTP routes of PyFlue 0.2.0 (the public app and the admin app mounted at
 * `/admin`), answering as pyflue/server.py and pyflue/admin.py do: the same status
 * codes, bodies with both key spellings, error envelopes with the server's texts,
 * and Starlette's own `{"detail": ...}` for paths and methods no route takes.
 */
import type { ErrorBody } from '../index.js';
import type { Engine, ResolvedAgent } from './engine.js';
import { HEARTBEAT, plainFrame, runEventFrame, type SseProducer } from './sse.js';
import { FakeHttpError, envelope, errors, isoTimestamp, isPlainObject, messageOf, nowSeconds, pythonJson, generateDispatchId } from './wire.js';

/** A request as the routes read it. */
export interface FakeRequest {
  method: string;
  url: URL;
  headers: Headers;
  /** The body text ('' when none). */
  body: string;
}

export type FakeAnswer =
  | { kind: 'json'; status: number; headers: Record<string, string>; body: unknown }
  | { kind: 'html'; status: number; headers: Record<string, string>; body: string }
  | { kind: 'sse'; status: number; headers: Record<string, string>; open: SseProducer };

const json = (body: unknown, status = 200, headers: Record<string, string> = {}): FakeAnswer => ({ kind: 'json', status, headers, body });
const sse = (open: SseProducer, headers: Record<string, string> = {}): FakeAnswer => ({ kind: 'sse', status: 200, headers, open });

type Handler = (request: FakeRequest, params: string[]) => Promise<FakeAnswer> | FakeAnswer;
interface Route {
  method: string;
  pattern: RegExp;
  handler: Handler;
}

const SEGMENT = '([^/]+)';
const route = (method: string, template: string, handler: Handler): Route => ({
  method,
  pattern: new RegExp(`^${template.replace(/\{\w+\}/g, SEGMENT)}$`),
  handler,
});

export function createHttpApp(engine: Engine): (request: FakeRequest) => Promise<FakeAnswer> {
  const routes = publicRoutes(engine);
  const admin = adminRoutes(engine);
  return async (request) => {
    // Starlette routes on the percent-decoded path, as uvicorn hands it over.
    const path = decodePath(request.url.pathname);
    // The admin app is mounted before the public routes are declared, so it takes /admin/... first.
    const [table, routed] = path.startsWith('/admin/') ? [admin, path.slice('/admin'.length)] : [routes, path];
    const allowed: string[] = [];
    for (const candidate of table) {
      const match = candidate.pattern.exec(routed);
      if (!match) continue;
      if (candidate.method !== request.method) {
        allowed.push(candidate.method);
        continue;
      }
      try {
        return await candidate.handler(request, match.slice(1));
      } catch (error) {
        return errorAnswer(error);
      }
    }
    if (allowed.length > 0) return json({ detail: 'Method Not Allowed' }, 405, { allow: allowed.join(', ') });
    return json({ detail: 'Not Found' }, 404);
  };
}

/** The envelope for a thrown error: its own for a FakeHttpError, else 500 internal_error. */
export function errorAnswer(error: unknown): FakeAnswer {
  const failure = error instanceof FakeHttpError ? error : errors.internal(messageOf(error));
  return json(envelope(failure.body), failure.status);
}

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** errors.parse_json_payload: `{}` for no body; a JSON object, its `payload` unwrapped. */
export function parseJsonPayload(request: FakeRequest): Record<string, unknown> {
  if (request.body === '') return {};
  const contentType = request.headers.get('content-type');
  if (!contentType || !contentType.toLowerCase().includes('application/json')) throw errors.unsupportedMediaType(contentType);
  let data: unknown;
  try {
    data = JSON.parse(request.body);
  } catch (error) {
    throw errors.invalidJson(messageOf(error));
  }
  if (data === null) return {};
  if (!isPlainObject(data)) throw errors.invalidRequest('The request body must be a JSON object.');
  const payload = 'payload' in data ? data.payload : data;
  if (payload === null || payload === undefined) return {};
  if (!isPlainObject(payload)) throw errors.invalidRequest('The payload field must be a JSON object.');
  return payload;
}

const wantsStream = (request: FakeRequest) => (request.headers.get('accept') ?? '').toLowerCase().includes('text/event-stream');

/** Python's truthiness, for the server's `body.get(...) or default`. */
function truthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (isPlainObject(value)) return Object.keys(value).length > 0;
  return Boolean(value);
}

/** Python's `str(value)` of a JSON value (near enough for containers). */
function pythonStr(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return typeof value === 'object' ? pythonJson(value) : String(value);
}

/** `str(a or b or fallback)`. */
function firstTruthy(values: unknown[], fallback: string): string {
  const found = values.find(truthy);
  return found === undefined ? fallback : pythonStr(found);
}

/**
 * A started run's events as a stream that ends after `run_end`, then, if the handler
 * raised, the envelope as an `event: error` frame (as the workflow and agent routes do).
 */
function streamStartedRun(engine: Engine, runId: string, outcome: Promise<unknown>, details: string): SseProducer {
  return (sink) => {
    let stopped = false;
    const unsubscribe = engine.runs.subscribe(
      runId,
      0,
      (event) => sink.frame(runEventFrame(event), true),
      () => {
        outcome.then(
          () => !stopped && sink.end(),
          (error: unknown) => {
            if (stopped) return;
            sink.frame(plainFrame('error', envelope(errors.internal(messageOf(error), details).body)), true);
            sink.end();
          },
        );
      },
    );
    return () => {
      stopped = true;
      unsubscribe();
    };
  };
}

/**
 * A prompt as a stream: `start`, `delta`(s), `end`, with `type` in each frame's data on
 * the agent route (`withType`), none on the default agent's. A busy session fails before
 * `start`; a failing reply sends `{message, type}` as an `error` frame, then the envelope
 * (the agent route always says internal_error; the prompt route keeps a FakeHttpError's).
 */
function streamPrompt(engine: Engine, agent: ResolvedAgent | undefined, instanceId: string, session: string, message: string, withType: boolean): SseProducer {
  return (sink) => {
    let stopped = false;
    const emit = (type: string, data: Record<string, unknown>) => {
      if (!stopped) sink.frame(plainFrame(type, withType ? { type, ...data } : data), true);
    };
    const fail = (error: unknown) => {
      const details = agent
        ? 'The server encountered an unexpected error while streaming this agent.'
        : 'The server encountered an unexpected error while streaming this request.';
      const body = !agent && error instanceof FakeHttpError ? error.body : errors.internal(messageOf(error), details).body;
      // The envelope frame carries no `type` of its own, on either route.
      if (!stopped) sink.frame(plainFrame('error', envelope(body)), true);
      if (!stopped) sink.end();
    };
    let run: ReturnType<Engine['beginPrompt']>;
    try {
      run = engine.beginPrompt(agent, instanceId, session, 'stream');
    } catch (error) {
      fail(error);
      return () => {
        stopped = true;
      };
    }
    emit('start', { session_id: agent ? `${instanceId}:${session}` : instanceId });
    run(message).then(
      (result) => {
        const deltas = result.deltas ?? (result.text ? [result.text] : []);
        for (const text of deltas) emit('delta', { text });
        emit('end', { text: result.text, metadata: result.metadata });
        if (!stopped) sink.end();
      },
      (error: unknown) => {
        // Python builds `{'type': 'error', **data}` here, so the exception's class name wins `type`.
        emit('error', { message: messageOf(error), type: error instanceof Error ? error.constructor.name : 'Exception' });
        fail(error);
      },
    );
    return () => {
      stopped = true;
    };
  };
}

function promptResultOnly(result: Awaited<ReturnType<Engine['prompt']>>) {
  return { text: result.text, metadata: result.metadata, usage: result.usage, model: result.model };
}

function publicRoutes(engine: Engine): Route[] {
  const agentRoute = async (request: FakeRequest, [name, agentId]: string[]): Promise<FakeAnswer> => {
    if (!name!.trim() || !agentId!.trim()) {
      throw errors.invalidRequest('Webhook URLs must have the shape /agents/{name}/{agent_id} with non-empty segments.');
    }
    const agent = engine.agent(name!);
    if (!agent) throw errors.agentNotFound(name!, engine.agentNames());
    if (agent.triggers.webhook === false) throw errors.agentNotWebhook(name!);
    const body = parseJsonPayload(request);

    if (agent.kind === 'persistent') {
      const message = firstTruthy([body.message, body.prompt], '');
      const session = firstTruthy([body.session], 'default');
      if (wantsStream(request)) return sse(streamPrompt(engine, agent, agentId!, session, message, true));
      return json({ result: promptResultOnly(await engine.prompt(agent, agentId!, session, message)) });
    }

    const runId = engine.newRunId();
    const headers = { 'x-flue-run-id': runId };
    if ((request.headers.get('x-webhook') ?? '').toLowerCase() === 'true') {
      engine.background(engine.startRun(agent.name, agentId, runId, agent.handler, body));
      return json({ status: 'accepted', run_id: runId, runId }, 202, headers);
    }
    const outcome = engine.startRun(agent.name, agentId, runId, agent.handler, body);
    if (wantsStream(request)) {
      return sse(streamStartedRun(engine, runId, outcome, 'The server encountered an unexpected error while streaming this request.'), headers);
    }
    const result = await outcome;
    if (isPlainObject(result)) {
      const meta = isPlainObject(result._meta) ? { ...result._meta } : {};
      meta.run_id ??= runId;
      meta.runId ??= runId;
      return json({ ...result, _meta: meta }, 200, headers);
    }
    return json(result, 200, headers);
  };

  const rejectMethod: Handler = (request) => {
    throw errors.methodNotAllowed(request.method, ['POST']);
  };

  const dispatch: Handler = (request, [name, agentId]) => {
    const agent = engine.agent(name!);
    if (!agent) throw errors.notFound('agent', name!, engine.agentNames());
    if (agent.kind !== 'persistent') {
      throw new FakeHttpError(400, {
        type: 'invalid_request',
        message: 'dispatch() requires a persistent agent.',
        details: 'This agent module is not a create_agent() default export.',
      });
    }
    const body = parseJsonPayload(request);
    const session = body.session;
    if (!agentId!.trim()) throw errors.internal('[pyflue] dispatch() requires a non-empty "id".');
    if (session !== undefined && session !== null && (typeof session !== 'string' || !session.trim())) {
      throw errors.internal('[pyflue] dispatch() "session" must be a non-empty string.');
    }
    const input = body.input === undefined ? null : body.input;
    const message = typeof input === 'string' ? input : pythonJson(input);
    const acceptedAt = isoTimestamp(nowSeconds(), '+00:00');
    const dispatchId = generateDispatchId();
    // Processed after the answer, as PyFlue's dispatch queue does; a failure there is not reported.
    engine.background(
      new Promise((resolve) => setTimeout(resolve, 0)).then(() =>
        engine.closed.aborted ? undefined : engine.prompt(agent, agentId!, typeof session === 'string' ? session : 'default', message),
      ),
    );
    return json({ status: 'accepted', dispatch_id: dispatchId, dispatchId, accepted_at: acceptedAt, acceptedAt }, 202);
  };

  const workflowRoute = async (request: FakeRequest, [name]: string[]): Promise<FakeAnswer> => {
    const handler = engine.workflow(name!);
    if (!handler) throw errors.notFound('workflow', name!, engine.workflowNames());
    const payload = parseJsonPayload(request);
    const runId = engine.newRunId(name!);
    const headers = { 'x-flue-run-id': runId };
    if (wantsStream(request)) {
      const outcome = engine.startRun(name!, undefined, runId, handler, payload);
      return sse(streamStartedRun(engine, runId, outcome, 'The server encountered an unexpected error while streaming this workflow.'), headers);
    }
    if (lastQuery(request, 'wait') === 'result') {
      const result = await engine.startRun(name!, undefined, runId, handler, payload);
      return json({ status: 'completed', run_id: runId, runId, result }, 200, headers);
    }
    engine.background(engine.startRun(name!, undefined, runId, handler, payload));
    return json({ status: 'accepted', run_id: runId, runId }, 202, headers);
  };

  const knownRun = (runId: string) => {
    if (!engine.runs.has(runId)) throw errors.runNotFound(runId);
  };

  const runEvents: Handler = (request, [runId]) => {
    knownRun(runId!);
    const { after, limit, types } = parseEventQuery(request);
    const events = engine.runs.events(runId!, after, limit, types);
    const nextAfter = events.length > 0 ? events.at(-1)!.event_index : after;
    return json({ run_id: runId, runId, events, next_after: nextAfter, nextAfter });
  };

  const runStream: Handler = (request, [runId]) => {
    knownRun(runId!);
    // ?after= wins over Last-Event-ID; anything that is not an integer counts as 0.
    const raw = lastQuery(request, 'after') || request.headers.get('last-event-id') || '0';
    const after = /^\s*[+-]?\d+\s*$/.test(raw) ? Number.parseInt(raw, 10) : 0;
    const heartbeatMs = engine.options.heartbeatMs ?? 15_000;
    return sse((sink) => {
      const heartbeat = heartbeatMs > 0 ? setInterval(() => sink.frame(HEARTBEAT, false), heartbeatMs) : undefined;
      const unsubscribe = engine.runs.subscribe(
        runId!,
        after,
        (event) => sink.frame(runEventFrame(event), true),
        () => {
          clearInterval(heartbeat);
          sink.end();
        },
      );
      return () => {
        clearInterval(heartbeat);
        unsubscribe();
      };
    });
  };

  const prompt = async (request: FakeRequest, [sessionId]: string[]): Promise<FakeAnswer> => {
    const payload = parseJsonPayload(request);
    const text = pythonStr('prompt' in payload ? payload.prompt : '');
    return json(promptResultOnly(await engine.prompt(undefined, sessionId!, sessionId!, text)));
  };

  const promptEvents: Handler = (request, [sessionId]) => {
    const payload = parseJsonPayload(request);
    const text = pythonStr('prompt' in payload ? payload.prompt : '');
    return sse(streamPrompt(engine, undefined, sessionId!, sessionId!, text, false));
  };

  const status: Handler = () => {
    const names = engine.agentNames();
    return json({
      ok: true,
      generated_at: nowSeconds(),
      root: '/fake-pyflue',
      config_path: '/fake-pyflue/pyflue.toml',
      config_mtime: null,
      harness: 'fake',
      sandbox: 'virtual',
      route_count: names.length,
      routes: names.map((name) => ({
        name,
        path: `/agents/${name}/{agent_id}`,
        source: `/fake-pyflue/agents/${name.replaceAll('.', '/')}.py`,
        mtime: null,
        triggers: engine.agent(name)!.triggers,
      })),
      agents: [...names].sort(),
      skills: [],
      roles: [],
      active_sessions: engine.activeDefaultSessions().map((session_id) => ({ session_id, operation: 'prompt' })),
    });
  };

  const dashboard: Handler = () => {
    const items = engine
      .agentNames()
      .map((name) => `<li><code>/agents/${escapeHtml(name)}/{agent_id}</code> ${escapeHtml(JSON.stringify(engine.agent(name)!.triggers))}</li>`)
      .join('');
    const body =
      '<!doctype html><html><head><title>PyFlue Dev</title></head><body><h1>PyFlue Dev</h1>' +
      `<section><h2>Routes</h2><ul>${items}</ul></section><section><h2>Skills</h2><ul></ul></section></body></html>`;
    return { kind: 'html', status: 200, headers: {}, body };
  };

  return [
    route('GET', '/health', () => json({ ok: true, framework: 'pyflue' })),
    route('GET', '/__pyflue/status', status),
    route('GET', '/agents', () =>
      json({ agents: engine.agentNames().map((name) => ({ name, path: `/agents/${name}/{agent_id}`, triggers: engine.agent(name)!.triggers })) }),
    ),
    route('GET', '/__pyflue', dashboard),
    route('POST', '/agents/{name}/{agent_id}', agentRoute),
    ...['GET', 'PUT', 'PATCH', 'DELETE'].map((method) => route(method, '/agents/{name}/{agent_id}', rejectMethod)),
    route('POST', '/agents/{name}/{agent_id}/dispatch', dispatch),
    route('POST', '/workflows/{name}', workflowRoute),
    route('POST', '/prompt/{agent_id}', prompt),
    route('POST', '/prompt/{agent_id}/events', promptEvents),
    route('GET', '/runs/{run_id}', (_request, [runId]) => {
      knownRun(runId!);
      return json(engine.runs.get(runId!));
    }),
    route('GET', '/runs/{run_id}/events', runEvents),
    route('GET', '/runs/{run_id}/stream', runStream),
    route('POST', '/sessions/{session_id}/abort', (_request, [sessionId]) =>
      json({ aborted: engine.abortDefaultSession(sessionId!), session_id: sessionId }),
    ),
  ];
}

function adminRoutes(engine: Engine): Route[] {
  const knownAgent = (name: string) => {
    if (!engine.runs.agents().includes(name)) throw errors.adminNotFound('agent', name);
  };
  return [
    route('GET', '/agents', (request) => {
      const limit = parseLimit(request);
      const cursor = parseCursor(request);
      const [page, nextCursor] = paginate(
        engine.runs.agents().map((name) => ({ name, triggers: null })),
        cursor,
        limit,
      );
      return json({ agents: page, items: page, nextCursor });
    }),
    route('GET', '/agents/{name}/instances', (request, [name]) => {
      knownAgent(name!);
      const limit = parseLimit(request);
      const cursor = parseCursor(request);
      const items = engine.runs.instances(name!).map((agentId) => ({ agent_id: agentId, instanceId: agentId }));
      const [page, nextCursor] = paginate(items, cursor, limit);
      return json({ agent: name, agentName: name, instances: page, items: page, nextCursor });
    }),
    route('GET', '/agents/{name}/instances/{agent_id}/runs', (request, [name, agentId]) => {
      knownAgent(name!);
      if (!engine.runs.instances(name!).includes(agentId!)) throw errors.adminNotFound('instance', agentId!);
      const limit = parseLimit(request);
      const cursor = parseCursor(request);
      const status = parseStatus(request);
      const [page, nextCursor] = paginate(engine.runs.listForInstance(name!, agentId!, status), cursor, limit);
      return json({ agent: name, agentName: name, agent_id: agentId, instanceId: agentId, runs: page, items: page, nextCursor });
    }),
    route('GET', '/runs', (request) => {
      const limit = parseLimit(request);
      const cursor = parseCursor(request);
      const status = parseStatus(request);
      const agentName = lastQuery(request, 'agentName') || lastQuery(request, 'agent_name') || undefined;
      if (agentName !== undefined) knownAgent(agentName);
      const [page, nextCursor] = paginate(engine.runs.list({ status, agent: agentName }), cursor, limit);
      return json({ runs: page, items: page, nextCursor });
    }),
    route('GET', '/runs/{run_id}', (_request, [runId]) => {
      const run = engine.runs.get(runId!);
      if (!run) throw errors.adminNotFound('run', runId!);
      return json(run);
    }),
  ];
}

/** Starlette's `query_params.get`: the last value of a repeated parameter; undefined when absent. */
function lastQuery(request: FakeRequest, name: string): string | undefined {
  return request.url.searchParams.getAll(name).at(-1);
}

/** Python's `int(text)`: optional sign and surrounding spaces; undefined when it is not one. */
function pythonInt(text: string): number | undefined {
  return /^\s*[+-]?\d+\s*$/.test(text) ? Number.parseInt(text, 10) : undefined;
}

/** server._parse_event_query. */
function parseEventQuery(request: FakeRequest): { after: number; limit: number; types: string[] | undefined } {
  let after = 0;
  const rawAfter = lastQuery(request, 'after');
  if (rawAfter !== undefined && rawAfter !== '') {
    const parsed = pythonInt(rawAfter);
    if (parsed === undefined || parsed < 0) throw errors.invalidQuery('after', rawAfter, 'Must be a non-negative integer.');
    after = parsed;
  }
  let limit = 1000;
  const rawLimit = lastQuery(request, 'limit');
  if (rawLimit !== undefined && rawLimit !== '') {
    const parsed = pythonInt(rawLimit);
    if (parsed === undefined || parsed < 1 || parsed > 1000) throw errors.invalidQuery('limit', rawLimit, 'Must be an integer in [1, 1000].');
    limit = parsed;
  }
  let types: string[] | undefined;
  const rawTypes = lastQuery(request, 'types');
  if (rawTypes) {
    types = rawTypes.split(',').map((type) => type.trim()).filter(Boolean);
    if (types.length === 0) throw errors.invalidQuery('types', rawTypes, 'Must be a comma-separated list of event types.');
  }
  return { after, limit, types };
}

/** admin._parse_limit. */
function parseLimit(request: FakeRequest): number {
  const raw = lastQuery(request, 'limit');
  if (raw === undefined || raw === '') return 100;
  const limit = pythonInt(raw);
  if (limit === undefined || limit < 1 || limit > 1000) throw errors.invalidQuery('limit', raw, 'Must be an integer in [1, 1000].');
  return limit;
}

/** admin._parse_cursor: a bare offset, or base64url of `{"offset": n}` (the cursors it hands out). */
function parseCursor(request: FakeRequest): number {
  const raw = lastQuery(request, 'cursor');
  if (raw === undefined || raw === '') return 0;
  const invalid = () => errors.invalidQuery('cursor', raw, 'Must be a valid pagination cursor.');
  if (/^\d+$/.test(raw)) return Number(raw);
  let offset: number;
  try {
    if (!/^[A-Za-z0-9_-]*={0,2}$/.test(raw) || raw.replace(/=+$/, '').length % 4 === 1) throw invalid();
    const padded = raw.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(padded + '='.repeat((4 - (padded.length % 4)) % 4)), (char) => char.charCodeAt(0));
    const payload = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as { offset?: unknown };
    const value = pythonIntOf(payload.offset);
    if (value === undefined) throw invalid();
    offset = value;
  } catch {
    throw invalid();
  }
  if (offset < 0) throw invalid();
  return offset;
}

/** Python's `int(value)` for what a decoded cursor may hold. */
function pythonIntOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return Math.trunc(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') return pythonInt(value);
  return undefined;
}

function encodeCursor(offset: number): string {
  return btoa(JSON.stringify({ offset })).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const STATUS_QUERY: Record<string, string> = {
  active: 'running',
  completed: 'succeeded',
  errored: 'failed',
  running: 'running',
  succeeded: 'succeeded',
  failed: 'failed',
};

/** admin._parse_status. */
function parseStatus(request: FakeRequest): string | undefined {
  const raw = lastQuery(request, 'status');
  if (raw === undefined || raw === '') return undefined;
  const status = STATUS_QUERY[raw];
  if (status === undefined) throw errors.invalidQuery('status', raw, 'Must be one of: active, completed, errored.');
  return status;
}

function paginate<T>(items: T[], cursor: number, limit: number): [T[], string | null] {
  const page = items.slice(cursor, cursor + limit);
  const next = cursor + page.length;
  return [page, next < items.length ? encodeCursor(next) : null];
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[char]!);
}
