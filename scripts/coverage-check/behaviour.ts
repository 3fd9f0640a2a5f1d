/**
 * The coverage check's behaviour half: what the client does with what the specs show, run
 * through the client's real code (the modules under the source root, imported as they are):
 *
 * - every example frame of the specs (each SSE response's example, each socket message's
 *   examples the server sends, the run events in a JSON example) goes through the handler
 *   its stream or socket uses (internal/known-frames.ts; the sockets' generated guards) and
 *   none comes out as an unknown frame;
 * - every error code the spec gives a status, and every error example, gives a typed error
 *   whose `type` is that code (`PyFlueApiError.from`, what the client throws);
 * - every query parameter of an operation is sent by the facade method that calls it, when
 *   given as that method's option (a recording `fetch`; each operation's method is in PROBES).
 *
 * Each finding has an id (`example ...`, `error code ...`, `query parameter ...`) that
 * scripts/coverage-exclusions.ts may list with a reason.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { camelCase, refResolver, type JsonObject as SpecObject } from '../runtime/spec.js';
import type { JsonObject } from './spec-inventory.js';

type Json = unknown;
type Client = Record<string, any>;

export interface BehaviourItem {
  id: string;
  /** What is wrong, or undefined when the client behaves. */
  problem: string | undefined;
}

/**
 * The facade method that sends each operation's query, called with an option bag. An
 * operation with query parameters and no probe here is a finding: add its method.
 */
const PROBES: Record<string, (client: Client, options: Record<string, unknown>) => unknown> = {
  invokeWorkflow: (client, options) => client.workflows.invoke('probe', {}, options),
  listRunEvents: (client, options) => client.runs.events('run_probe', options),
  streamRun: (client, options) => drain(client.runs.stream('run_probe', { ...options, maxReconnects: 0 })),
  adminListAgents: (client, options) => client.admin.agents.list(options),
  adminListInstances: (client, options) => client.admin.instances.list('probe', options),
  adminListInstanceRuns: (client, options) => client.admin.runs.listForInstance('probe', 'i-1', options),
  adminListRuns: (client, options) => client.admin.runs.list(options),
};

async function drain(stream: AsyncIterable<unknown>): Promise<void> {
  for await (const item of stream) void item;
}

const asObject = (value: Json): JsonObject => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : {});
const asArray = (value: Json): Json[] => (Array.isArray(value) ? value : []);

export async function checkBehaviour(openapi: JsonObject, asyncapi: JsonObject, srcRoot: string): Promise<BehaviourItem[]> {
  const load = (path: string) => import(pathToFileURL(join(srcRoot, path)).href) as Promise<Record<string, any>>;
  const [entry, frames, generated] = await Promise.all([load('index.ts'), load('facade/internal/known-frames.ts'), load('generated/channels.ts')]);
  const items: BehaviourItem[] = [];
  const resolve = refResolver({ openapi: openapi as SpecObject, asyncapi: asyncapi as SpecObject }) as (node: Json, document?: 'openapi' | 'asyncapi') => JsonObject;

  // ─── Example frames through the handlers ───────────────────────────────────
  const unknown = (event: { type?: unknown; event?: unknown }) => (event.type === 'unknown' ? `comes out as an unknown "${String(event.event)}" frame` : undefined);
  for (const [path, item] of Object.entries(asObject(openapi.paths))) {
    for (const [method, rawOperation] of Object.entries(asObject(item))) {
      const operation = asObject(rawOperation);
      const operationId = String(operation.operationId);
      for (const [status, response] of Object.entries(asObject(operation.responses))) {
        const content = asObject(resolve(response).content);
        const stream = asObject(content['text/event-stream']);
        const example = asObject(stream.example);
        if (typeof example.event === 'string' && !asArray(stream['x-sse-errors']).includes(example.event)) {
          const where = `${method.toUpperCase()} ${path} ${status}`;
          const known = operationId in generated.channels;
          const event = known ? frames.toEvent(operationId, JSON.parse(String(example.data)), example.event) : { type: 'unknown', event: example.event };
          items.push({ id: `example ${where}`, problem: known ? unknown(event) && `the example frame of ${where} ${unknown(event)} on the ${operationId} stream` : `${where} streams, but the client has no channel ${operationId} (run npm run generate)` });
        }
        // Run events inside a JSON example (runs.events): the events as a run's stream delivers them.
        const json = asObject(content['application/json']);
        const events = asArray(asObject(json.example).events);
        if (events.length > 0) {
          const where = `${method.toUpperCase()} ${path} ${status}`;
          const delivered = (await load('facade/internal/streams/frames.ts')).runEvents(events) as Array<{ type?: unknown; event?: unknown }>;
          const problems = delivered.map(unknown).filter((problem): problem is string => problem !== undefined);
          items.push({ id: `example ${where} events`, problem: problems.length > 0 ? `the example events of ${where}: ${problems.join('; ')}` : undefined });
        }
      }
    }
  }
  for (const rawOperation of Object.values(asObject(asyncapi.operations))) {
    const operation = asObject(rawOperation);
    if (operation.action !== 'receive') continue;
    const channel = /^#\/channels\/([^/]+)$/.exec(String(asObject(operation.channel).$ref))?.[1] ?? '';
    for (const messageRef of asArray(operation.messages)) {
      const message = resolve(messageRef, 'asyncapi');
      for (const example of asArray(message.examples)) {
        const { name, payload } = asObject(example) as { name?: string; payload?: unknown };
        const where = `the ${channel} socket's ${String(message.name)} example ${String(name)}`;
        const type = frames.frameType(channel, payload);
        const schema = frames.knownFrame(channel, type);
        const problem =
          schema === undefined
            ? `${where} comes out as an unknown "${String(type)}" frame`
            : generated.frameGuards[schema]?.(payload) === true
              ? undefined
              : `${where} does not pass the ${schema} guard the socket holds it to`;
        items.push({ id: `example ${channel} ${String(message.name)} ${String(name)}`, problem });
      }
    }
  }

  // ─── Error codes and error examples ─────────────────────────────────────────
  const typeOf = (status: number, body: unknown) => entry.PyFlueApiError.from({ status, method: 'GET', url: 'http://127.0.0.1/', body }).type as string;
  const schemas = asObject(asObject(openapi.components).schemas);
  for (const member of asArray(asObject(schemas.ErrorType).anyOf)) {
    const schema = resolve(member);
    const status = Number(schema['x-http-status']);
    for (const code of asArray(schema.enum).map(String)) {
      const type = typeOf(status, { error: { type: code, message: 'm', details: 'd' } });
      items.push({ id: `error code ${status} ${code}`, problem: type === code ? undefined : `error code "${code}" with ${status} gives error.type "${type}", not "${code}"` });
    }
  }
  for (const [path, item] of Object.entries(asObject(openapi.paths))) {
    for (const [method, rawOperation] of Object.entries(asObject(item))) {
      for (const [status, response] of Object.entries(asObject(asObject(rawOperation).responses))) {
        if (!/^[45]\d\d$/.test(status)) continue;
        const example = asObject(asObject(asObject(resolve(response).content)['application/json']).example);
        const code = asObject(example.error).type;
        if (typeof code !== 'string') continue;
        const type = typeOf(Number(status), example);
        items.push({
          id: `error example ${method.toUpperCase()} ${path} ${status}`,
          problem: type === code ? undefined : `the ${status} example of ${method.toUpperCase()} ${path} (${code}) gives error.type "${type}"`,
        });
      }
    }
  }

  // ─── Query parameters through the facade ────────────────────────────────────
  const sent: URL[] = [];
  const fetch = async (input: Request | URL | string) => {
    sent.push(new URL(input instanceof Request ? input.url : String(input)));
    return new Response(JSON.stringify({ error: { type: 'not_found', message: 'probe', details: '' } }), { status: 404, headers: { 'content-type': 'application/json' } });
  };
  const client = new entry.PyFlueClient('http://127.0.0.1:9', { fetch, maxRetries: 0 }) as Client;
  const parameters = asObject(asObject(openapi.components).parameters);
  for (const [path, item] of Object.entries(asObject(openapi.paths))) {
    for (const [method, rawOperation] of Object.entries(asObject(item))) {
      const operation = asObject(rawOperation);
      const operationId = String(operation.operationId);
      for (const raw of [...asArray(asObject(item).parameters), ...asArray(operation.parameters)]) {
        const parameter = typeof asObject(raw).$ref === 'string' ? asObject(parameters[String(asObject(raw).$ref).split('/').pop()!]) : asObject(raw);
        if (parameter.in !== 'query') continue;
        const name = String(parameter.name);
        const id = `query parameter ${operationId} ${name}`;
        const probe = PROBES[operationId];
        if (probe === undefined) {
          items.push({ id, problem: `${method.toUpperCase()} ${path} takes ?${name}, and the check knows no facade method of ${operationId}: add it to PROBES in scripts/coverage-check/behaviour.ts` });
          continue;
        }
        const value = sample(resolve(parameter.schema));
        sent.length = 0;
        let refused = '';
        try {
          await probe(client, { [camelCase(name)]: value });
        } catch (error) {
          if ((error as Error).name === 'PyFlueInputError') refused = ` (refused: ${(error as Error).message})`;
        }
        const reached = sent.some((url) => url.searchParams.get(name) === String(value));
        items.push({ id, problem: reached ? undefined : `?${name} of ${method.toUpperCase()} ${path} (${operationId}) is not sent by its facade method given { ${camelCase(name)}: ${JSON.stringify(value)} }${refused}` });
      }
    }
  }
  await client.close();
  return items;
}

/** A value the parameter's schema accepts. */
function sample(schema: JsonObject): string | number | boolean {
  if (Array.isArray(schema.enum)) return String(schema.enum[0]);
  if (schema.type === 'integer' || schema.type === 'number') return typeof schema.minimum === 'number' ? Math.max(1, schema.minimum) : 1;
  if (schema.type === 'boolean') return true;
  return 'probe';
}
