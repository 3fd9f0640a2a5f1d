/**
 * The public app's routes (pyflue/server.py): health, agents (persistent and file-based,
 * sync, streamed and webhook), dispatch, workflows, runs, the default agent and the dev
 * status pages, with the request parsing and error envelopes of the server.
 */
import type { Engine } from './engine.js';
import { lastQuery, parseEventQuery } from './queries.js';
import { json, route, sse, type FakeAnswer, type FakeRequest, type Handler, type Route } from './routes.js';
import { HEARTBEAT, runEventFrame } from './sse.js';
import { streamPrompt, streamStartedRun } from './stream-answers.js';
import { FakeHttpError, errors, generateDispatchId, isPlainObject, isoTimestamp, messageOf, nowSeconds, pythonJson } from './wire.js';

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

function promptResultOnly(result: Awaited<ReturnType<Engine['prompt']>>) {
  return { text: result.text, metadata: result.metadata, usage: result.usage, model: result.model };
}

export function publicRoutes(engine: Engine): Route[] {
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

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[char]!);
}
