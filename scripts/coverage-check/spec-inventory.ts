/**
 * What the two specs say a client must surface, as a flat list of items the coverage
 * check (check-coverage.ts) looks for in the client: every operation, every run event
 * type, every SSE frame type of every stream, every message type of every socket, every
 * error code. Each item names the public type it must appear in and where the spec lists
 * it, so a failure can say both.
 *
 * Reads plain parsed YAML (no generated code): a spec edited but not yet regenerated is
 * checked as it stands.
 */

import { pointer, type JsonObject as SpecObject } from '../runtime/spec.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** Where the facade surfaces each stream and socket: the public type that must list its frame types. */
export const STREAM_SURFACES: Record<string, string> = {
  invokeAgent: 'AgentEvent', // agents.stream
  invokeWorkflow: 'RunEvent', // workflows.stream
  streamRun: 'RunEvent', // runs.stream
  promptEvents: 'PromptStreamEvent', // client.stream (the default agent)
};
export const CHANNEL_SURFACES: Record<string, string> = {
  agent: 'AgentServerMessage', // agents.connect
  workflow: 'WorkflowServerMessage', // workflows.connect
};
/** Spec schemas whose `type` (or enum) literals must each be in the public type of the same role. */
export const SCHEMA_SURFACES: Record<string, string> = {
  RunEvent: 'RunEvent',
  AgentStreamEvent: 'AgentStreamEvent',
  ErrorType: 'ErrorType',
};

export type Item =
  | { kind: 'operation'; id: string; where: string; method: string; path: string }
  /** `literal` must be one of the literals of `surface` (or of its members' `type`). */
  | { kind: 'literal'; id: string; where: string; what: string; literal: string; surface: string }
  /** The named type must be exported by the public entry. */
  | { kind: 'export'; id: string; where: string; what: string; surface: string }
  /** The errors the client throws for `status` must list `literal` in their `type`. */
  | { kind: 'status-code'; id: string; where: string; literal: string; status: number }
  /** Something the check cannot map to the client (a new stream, a new channel): always a finding. */
  | { kind: 'unmapped'; id: string; where: string; message: string };

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

export function specInventory(openapi: JsonObject, asyncapi: JsonObject): Item[] {
  const items: Item[] = [];
  const resolve = refResolver(openapi, asyncapi);

  // Operations.
  for (const [path, pathItem] of Object.entries(asObject(openapi.paths))) {
    for (const method of METHODS) {
      if (asObject(pathItem)[method] === undefined) continue;
      const id = `operation ${method.toUpperCase()} ${path}`;
      items.push({ kind: 'operation', id, where: `spec/openapi.yaml#/paths/${escapePointer(path)}/${method}`, method, path });
    }
  }

  // Named unions: RunEvent, AgentStreamEvent, ErrorType.
  const schemas = asObject(asObject(openapi.components).schemas);
  for (const [schemaName, surface] of Object.entries(SCHEMA_SURFACES)) {
    const where = `spec/openapi.yaml#/components/schemas/${schemaName}`;
    if (schemas[schemaName] === undefined) {
      items.push({ kind: 'unmapped', id: `schema ${schemaName}`, where, message: `the spec no longer has the schema ${schemaName}; update SCHEMA_SURFACES in scripts/coverage-check/spec-inventory.ts` });
      continue;
    }
    const what = schemaName === 'ErrorType' ? 'error type' : schemaName === 'RunEvent' ? 'run event type' : `${schemaName} frame type`;
    for (const literal of literalsOf(resolve, schemas[schemaName]!)) {
      items.push({ kind: 'literal', id: `${what} ${literal}`, where, what, literal, surface });
    }
  }

  // Per-status error codes: each member of ErrorType is the enum of one status.
  for (const member of asArray(asObject(schemas.ErrorType).anyOf ?? asObject(schemas.ErrorType).oneOf)) {
    const ref = String(asObject(member).$ref ?? '');
    const schema = resolve(member);
    const where = ref ? `spec/openapi.yaml${ref}` : 'spec/openapi.yaml#/components/schemas/ErrorType';
    // The status these codes come with: the schema's `x-http-status`.
    const status = typeof schema['x-http-status'] === 'number' ? String(schema['x-http-status']) : undefined;
    if (status === undefined) {
      items.push({ kind: 'unmapped', id: `error codes ${ref}`, where, message: 'the check cannot tell which HTTP status these codes come with: give the schema its x-http-status (e.g. x-http-status: 409)' });
      continue;
    }
    for (const literal of literalsOf(resolve, schema)) {
      items.push({ kind: 'status-code', id: `${status} error type ${literal}`, where, literal, status: Number(status) });
    }
  }

  // SSE frames, per stream.
  for (const [path, pathItem] of Object.entries(asObject(openapi.paths))) {
    for (const method of METHODS) {
      const operation = asObject(asObject(pathItem)[method]);
      for (const [status, response] of Object.entries(asObject(operation.responses))) {
        const events = asObject(asObject(asObject(resolve(response).content)['text/event-stream'])['x-sse-events']);
        if (Object.keys(events).length === 0) continue;
        const operationId = String(operation.operationId);
        const where = `spec/openapi.yaml#/paths/${escapePointer(path)}/${method}/responses/${status}`;
        const surface = STREAM_SURFACES[operationId];
        if (surface === undefined) {
          items.push({ kind: 'unmapped', id: `stream ${operationId}`, where, message: `${method.toUpperCase()} ${path} (${operationId}) streams, but the check does not know which public type lists its frames: add it to STREAM_SURFACES in scripts/coverage-check/spec-inventory.ts` });
          continue;
        }
        for (const [event, schema] of Object.entries(events)) {
          // `*` is "any other event name": its schema lists the types it stands for, or
          // none (a harness's own frames, which the client yields as unknown frames).
          const literals = event === '*' ? literalsOf(resolve, schema) : [event];
          for (const literal of literals) {
            items.push({ kind: 'literal', id: `SSE frame ${operationId} ${literal}`, where, what: `SSE frame type of ${operationId}`, literal, surface });
          }
        }
      }
    }
  }

  // Socket messages, per channel.
  const received = receivedMessages(asyncapi);
  for (const [channelName, channel] of Object.entries(asObject(asyncapi.channels))) {
    const surface = CHANNEL_SURFACES[channelName];
    for (const [messageName, message] of Object.entries(asObject(asObject(channel).messages))) {
      const where = `spec/asyncapi.yaml#/channels/${channelName}/messages/${messageName}`;
      const payload = asObject(resolve(message).payload);
      if (!received.has(`${channelName}/${messageName}`)) {
        // Client → server: the client builds it; a user needs its type by name.
        const schemaName = String(payload.$ref ?? '').split('/').pop() || messageName;
        items.push({ kind: 'export', id: `socket message ${channelName} ${schemaName}`, where, what: `the ${channelName} socket's client message`, surface: schemaName });
        continue;
      }
      if (surface === undefined) {
        items.push({ kind: 'unmapped', id: `channel ${channelName}`, where, message: `the ${channelName} channel's messages have no public type the check knows: add it to CHANNEL_SURFACES in scripts/coverage-check/spec-inventory.ts` });
        break;
      }
      for (const literal of literalsOf(resolve, payload)) {
        items.push({ kind: 'literal', id: `socket message ${channelName} ${literal}`, where, what: `${channelName} socket message type`, literal, surface });
      }
    }
  }
  return items;
}

/** `channel/message` keys of the messages the server sends (the spec is written from the client's side). */
function receivedMessages(asyncapi: JsonObject): Set<string> {
  const keys = new Set<string>();
  for (const operation of Object.values(asObject(asyncapi.operations))) {
    if (asObject(operation).action !== 'receive') continue;
    for (const message of asArray(asObject(operation).messages)) {
      const match = /^#\/channels\/([^/]+)\/messages\/([^/]+)$/.exec(String(asObject(message).$ref ?? ''));
      if (match) keys.add(`${match[1]}/${match[2]}`);
    }
  }
  return keys;
}

/** The literals a schema stands for: its `enum`, its `type` property's `const`/`enum`, across `oneOf`/`anyOf`. */
function literalsOf(resolve: (node: Json) => JsonObject, node: Json): string[] {
  const schema = resolve(node);
  const members = [...asArray(schema.oneOf), ...asArray(schema.anyOf)];
  if (members.length > 0) return [...new Set(members.flatMap((member) => literalsOf(resolve, member)))];
  if (Array.isArray(schema.enum)) return schema.enum.map(String);
  if (schema.const !== undefined) return [String(schema.const)];
  const type = asObject(asObject(schema.properties).type);
  if (type.const !== undefined) return [String(type.const)];
  if (Array.isArray(type.enum)) return type.enum.map(String);
  return [];
}

/**
 * Follows `$ref`s: asyncapi's own (`#/components/messages/...`, `#/channels/...`), its
 * `./openapi.yaml#/...` into the other spec, and openapi's `#/components/...`.
 */
function refResolver(openapi: JsonObject, asyncapi: JsonObject) {
  return function resolve(node: Json): JsonObject {
    let current = asObject(node);
    let document = openapi;
    for (let hops = 0; typeof current.$ref === 'string'; hops += 1) {
      if (hops > 20) throw new Error(`coverage: $ref cycle at ${current.$ref}`);
      const ref = current.$ref;
      if (ref.startsWith('./openapi.yaml#')) document = openapi;
      else if (ref.startsWith('#/components/messages') || ref.startsWith('#/channels')) document = asyncapi;
      current = asObject(pointer(document as SpecObject, ref.slice(ref.indexOf('#'))) as Json);
    }
    return current;
  };
}


function escapePointer(part: string): string {
  return part.replace(/~/g, '~0').replace(/\//g, '~1');
}

function asObject(value: Json | undefined): JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
}

function asArray(value: Json | undefined): Json[] {
  return Array.isArray(value) ? value : [];
}
