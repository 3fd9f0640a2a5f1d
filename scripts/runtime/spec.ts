/**
 * The two specs as plain parsed YAML, for the emitters of the run-time tables
 * (wire-emitter.ts, channels-emitter.ts): `$ref` resolution within and across them, the
 * component schemas, and the one camelCase rule the client's types and its run time share.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

export interface Specs {
  openapi: JsonObject;
  asyncapi: JsonObject;
}

export function readSpecs(openapiPath: string, asyncapiPath: string): Specs {
  return { openapi: parse(readFileSync(openapiPath, 'utf8')) as JsonObject, asyncapi: parse(readFileSync(asyncapiPath, 'utf8')) as JsonObject };
}

export function asObject(value: Json | undefined): JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
}

export function asArray(value: Json | undefined): Json[] {
  return Array.isArray(value) ? value : [];
}

/** `#/components/schemas/RunRecord` (or `./openapi.yaml#/components/schemas/RunRecord`) -> `RunRecord`. */
export function schemaRefName(node: Json | undefined): string | undefined {
  const ref = asObject(node).$ref;
  const match = typeof ref === 'string' ? /^(?:\.\/openapi\.yaml)?#\/components\/schemas\/([^/]+)$/.exec(ref) : null;
  return match?.[1];
}

/** The spec's component schemas. */
export function componentSchemas(openapi: JsonObject): JsonObject {
  return asObject(asObject(openapi.components).schemas);
}

/**
 * Follows `$ref`s until a node that is no reference: openapi's own `#/...`, asyncapi's
 * `#/channels/...` and `#/components/messages/...`, and asyncapi's `./openapi.yaml#/...`.
 */
export function refResolver({ openapi, asyncapi }: Specs) {
  return function resolve(node: Json | undefined, document: 'openapi' | 'asyncapi' = 'openapi'): JsonObject {
    let current = asObject(node);
    let within = document === 'openapi' ? openapi : asyncapi;
    for (let hops = 0; typeof current.$ref === 'string'; hops += 1) {
      if (hops > 20) throw new Error(`runtime tables: $ref cycle at ${current.$ref}`);
      const ref = current.$ref;
      if (ref.startsWith('./openapi.yaml#')) within = openapi;
      current = asObject(pointer(within, ref.slice(ref.indexOf('#'))));
    }
    return current;
  };
}

/** The node a local JSON pointer (`#/components/schemas/RunRecord`) names in `document`. */
export function pointer(document: JsonObject, ref: string): Json {
  return ref
    .slice(2)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<Json>((node, part) => {
      const next = asObject(node)[part];
      if (next === undefined) throw new Error(`runtime tables: ${ref} does not resolve`);
      return next;
    }, document);
}

/** A schema with every `$ref` replaced by its target (the specs have no recursive schemas). */
export function inlined(openapi: JsonObject, node: Json, depth = 0): Json {
  if (depth > 30) throw new Error('runtime tables: schema nesting too deep (a recursive $ref?)');
  if (Array.isArray(node)) return node.map((item) => inlined(openapi, item, depth + 1));
  if (node === null || typeof node !== 'object') return node;
  const name = schemaRefName(node);
  if (name !== undefined) {
    const target = componentSchemas(openapi)[name];
    if (target === undefined) throw new Error(`runtime tables: #/components/schemas/${name} is referenced but not defined`);
    return inlined(openapi, target, depth + 1);
  }
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, inlined(openapi, value, depth + 1)]));
}

/**
 * The camelCase name of a wire field: `event_count` -> `eventCount`; a leading `_` (as in
 * `_meta`) stays. The very rule of TypeScript's `${Head}${Capitalize<Tail>}` over each `_`,
 * so what the generated types show and what the run time adds are the same name.
 */
export function camelCase(key: string): string {
  if (key.startsWith('_')) return key;
  const at = key.indexOf('_');
  if (at < 0) return key;
  const tail = camelCase(key.slice(at + 1));
  return key.slice(0, at) + tail.charAt(0).toUpperCase() + tail.slice(1);
}

/**
 * What one spelling per field makes of each property of an object schema: kept (already
 * camelCase), dropped (its camelCase twin is sent beside it), or renamed (sent in
 * snake_case only: the client adds the camelCase name). The camelCase name is the
 * property's `x-camel-name` when the spec gives one (PyFlue's own twin of `agent_id` is
 * `instanceId`), else `camelCase(key)`.
 */
export function oneSpelling(schema: JsonObject): { renamed: Record<string, string>; dropped: string[] } {
  const properties = asObject(schema.properties);
  const renamed: Record<string, string> = {};
  const dropped: string[] = [];
  for (const [key, property] of Object.entries(properties)) {
    const marked = asObject(property)['x-camel-name'];
    const name = typeof marked === 'string' ? marked : camelCase(key);
    if (name === key) continue;
    if (name in properties) dropped.push(key);
    else renamed[key] = name;
  }
  return { renamed, dropped };
}

/** The literal `type` of a frame schema (`{ properties: { type: { const } } }`), if it has one. */
export function typeConst(schema: JsonObject): string | undefined {
  const type = asObject(asObject(schema.properties).type);
  return typeof type.const === 'string' ? type.const : undefined;
}

/** The members of a `oneOf`/`anyOf` schema, as given. */
export function unionMembers(schema: JsonObject): Json[] {
  return [...asArray(schema.oneOf), ...asArray(schema.anyOf)];
}
