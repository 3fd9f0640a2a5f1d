/**
 * Is the answer a server describes compatible with the answer the client reads? Written
 * here rather than taken from a JSON Schema diff library: those compare two versions of
 * one document and call every loosened bound a change, while this asks one question the
 * client cares about (is every field the contract requires still stated, with a type
 * that overlaps), across two documents whose names differ (`RunRecord` here is
 * `RunRecordResponse` in FastAPI's description).
 *
 * What the server does not state (a loose `object`, no schema) is not drift: the
 * comparison says so (`stated: false`) and the caller notes it.
 */
import type { ContractSchema } from '../generated/contract.js';

/** The part of a JSON Schema this reads: the generated contract's reduced schemas, and a server's full ones. */
export type SchemaNode = ContractSchema;

/** One side of the comparison: a schema and how to follow its `$ref`s. */
export interface SchemaSide {
  schema: SchemaNode | undefined;
  resolve: (ref: string) => SchemaNode | undefined;
}

export interface SchemaProblem {
  /** `RunRecord.status`, `RunEventListResponse.events[].event_index`. */
  field: string;
  message: string;
}

export interface SchemaComparison {
  /** False when the server states no fields for this answer (nothing could be checked). */
  stated: boolean;
  /** Required fields of the contract found on the server's side, at any depth. */
  checkedFields: number;
  problems: SchemaProblem[];
  /** Top-level fields the contract requires that the server does not state, but is known not to (see `knownUnstated`). */
  knownUnstated: string[];
}

const MAX_DEPTH = 8;

/** A `#/components/schemas/Name` resolver over a map of schemas. */
export function resolverFor(schemas: Record<string, unknown> | undefined): (ref: string) => SchemaNode | undefined {
  return (ref) => {
    const match = /^#\/components\/schemas\/(.+)$/.exec(ref);
    const schema = match ? schemas?.[decodeURIComponent(match[1]!)] : undefined;
    return schema !== null && typeof schema === 'object' ? (schema as SchemaNode) : undefined;
  };
}

/** The component name a schema is referenced by, for messages (`RunRecord`), or a fallback. */
export function schemaLabel(schema: SchemaNode | undefined, fallback: string): string {
  const ref = schema?.$ref;
  return ref ? decodeURIComponent(ref.slice(ref.lastIndexOf('/') + 1)) : fallback;
}

export function compareSchemas(
  contract: SchemaSide,
  server: SchemaSide,
  label: string,
  knownUnstated: readonly string[] = [],
): SchemaComparison {
  const result: SchemaComparison = { stated: true, checkedFields: 0, problems: [], knownUnstated: [] };
  const top = objectView(server, server.schema);
  if (server.schema === undefined || (top !== undefined && Object.keys(top.properties).length === 0 && typesOf(server, server.schema).size <= 1)) {
    // No schema, `{}` or a bare `type: object`: the server says nothing about the fields.
    result.stated = false;
    return result;
  }
  compareNode(contract, contract.schema, server, server.schema, label, 0, result, knownUnstated);
  return result;
}

function compareNode(
  contract: SchemaSide,
  contractNode: SchemaNode | undefined,
  server: SchemaSide,
  serverNode: SchemaNode | undefined,
  path: string,
  depth: number,
  result: SchemaComparison,
  knownUnstated: readonly string[],
): void {
  if (depth > MAX_DEPTH || contractNode === undefined || serverNode === undefined) return;
  const contractTypes = typesOf(contract, contractNode);
  const serverTypes = typesOf(server, serverNode);
  if (contractTypes.size > 0 && serverTypes.size > 0 && ![...contractTypes].some((type) => serverTypes.has(type))) {
    result.problems.push({
      field: path,
      message: `${path} is ${describeTypes(contractTypes)} in the contract but ${describeTypes(serverTypes)} in the server's description`,
    });
    return;
  }

  const contractObject = objectView(contract, contractNode);
  const serverObject = objectView(server, serverNode);
  if (contractObject && serverObject && Object.keys(serverObject.properties).length > 0) {
    const extras = Object.keys(serverObject.properties).filter((name) => !(name in contractObject.properties));
    for (const field of contractObject.required) {
      if (field in serverObject.properties) continue;
      if (depth === 0 && knownUnstated.includes(field)) {
        result.knownUnstated.push(field);
        continue;
      }
      const hint =
        extras.length === 1
          ? ` (renamed to "${extras[0]}"?)`
          : extras.length > 1
            ? ` (the server lists instead: ${extras.slice(0, 4).join(', ')}${extras.length > 4 ? ', ...' : ''})`
            : '';
      result.problems.push({
        field: `${path}.${field}`,
        message: `required field "${field}" of ${path} is missing from the server's description: removed or renamed${hint}`,
      });
    }
    for (const [field, schema] of Object.entries(contractObject.properties)) {
      const serverField = serverObject.properties[field];
      if (serverField === undefined) continue;
      if (contractObject.required.includes(field)) result.checkedFields += 1;
      compareNode(contract, schema, server, serverField, `${path}.${field}`, depth + 1, result, knownUnstated);
    }
  }

  const contractItems = itemsOf(contract, contractNode);
  const serverItems = itemsOf(server, serverNode);
  if (contractItems && serverItems) compareNode(contract, contractItems, server, serverItems, `${path}[]`, depth + 1, result, knownUnstated);
}

function deref(side: SchemaSide, node: SchemaNode | undefined): SchemaNode | undefined {
  let current = node;
  for (let hops = 0; current?.$ref !== undefined && hops < 20; hops += 1) current = side.resolve(current.$ref);
  return current;
}

/** `anyOf`/`oneOf` members other than `null`: a nullable wrapper reads as the one schema it wraps. */
function alternatives(side: SchemaSide, node: SchemaNode): SchemaNode[] {
  const members = [...(node.anyOf ?? []), ...(node.oneOf ?? [])].map((member) => deref(side, member)).filter((member) => member !== undefined);
  return members.filter((member) => !(member.type === 'null' || (Array.isArray(member.type) && member.type.length === 1 && member.type[0] === 'null')));
}

/** The JSON types a schema allows (integer counted as number); empty when it does not say. */
function typesOf(side: SchemaSide, raw: SchemaNode | undefined, depth = 0): Set<string> {
  const node = deref(side, raw);
  const types = new Set<string>();
  if (node === undefined || depth > MAX_DEPTH) return types;
  const add = (type: string) => types.add(type === 'integer' ? 'number' : type);
  if (typeof node.type === 'string') add(node.type);
  else if (Array.isArray(node.type)) node.type.forEach(add);
  if (node.const !== undefined) add(jsonType(node.const));
  if (node.enum && types.size === 0) node.enum.forEach((value: unknown) => add(jsonType(value)));
  const members = [...(node.anyOf ?? []), ...(node.oneOf ?? [])];
  for (const member of members) {
    const memberTypes = typesOf(side, member, depth + 1);
    // A member that does not say its type allows anything: the union says nothing either.
    if (memberTypes.size === 0) return new Set();
    memberTypes.forEach((type) => types.add(type));
  }
  for (const member of node.allOf ?? []) typesOf(side, member, depth + 1).forEach((type) => types.add(type));
  if (types.size === 0 && node.properties) types.add('object');
  return types;
}

/** Required fields and properties, `allOf` merged and a nullable wrapper unwrapped; undefined if not one object shape. */
function objectView(side: SchemaSide, raw: SchemaNode | undefined, depth = 0): { required: string[]; properties: Record<string, SchemaNode> } | undefined {
  const node = deref(side, raw);
  if (node === undefined || depth > MAX_DEPTH) return undefined;
  const others = alternatives(side, node);
  if (others.length === 1) return objectView(side, others[0], depth + 1);
  if (others.length > 1) return undefined; // a union of shapes: which one answers is not knowable from here
  const types = typesOf(side, node);
  if (types.size > 0 && !types.has('object')) return undefined;
  const view = { required: [...(node.required ?? [])], properties: { ...(node.properties ?? {}) } };
  for (const part of node.allOf ?? []) {
    const partView = objectView(side, part, depth + 1);
    if (!partView) continue;
    view.required.push(...partView.required);
    Object.assign(view.properties, partView.properties);
  }
  return view;
}

function itemsOf(side: SchemaSide, raw: SchemaNode | undefined): SchemaNode | undefined {
  const node = deref(side, raw);
  if (node === undefined) return undefined;
  if (node.items) return node.items;
  const others = alternatives(side, node);
  return others.length === 1 ? deref(side, others[0])?.items : undefined;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'bigint' ? 'number' : typeof value;
}

function describeTypes(types: Set<string>): string {
  return [...types].sort().join(' or ');
}
