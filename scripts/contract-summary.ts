/**
 * Renders src/generated/contract.ts: the part of spec/openapi.yaml (and the socket
 * channels of spec/asyncapi.yaml) that `pyflue-client doctor` checks a live deployment
 * against. Only dist/ is published, so the contract has to travel inside the code; the
 * whole spec would weigh ~60 kB of descriptions and examples the check never reads.
 *
 * Kept: every operation (method, path, which app serves it, whether the client calls
 * it), the query and header parameters the client sends, the JSON schemas of the 2xx
 * answers it reads, reduced to what a compatibility check needs (type, required,
 * properties, items, combinators, `$ref`), and the schemas those refer to.
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** The operations of these tags are not called by the client (it has no dev namespace). */
const NOT_CALLED_TAGS = new Set(['dev']);
/** Paths under this prefix are the admin app's; the rest are the public app's. */
const ADMIN_PREFIX = '/admin';
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
/** The JSON Schema keywords a compatibility check reads; the rest (descriptions, examples, bounds) is dropped. */
const SCHEMA_KEYS = ['type', 'required', 'properties', 'items', 'anyOf', 'oneOf', 'allOf', 'additionalProperties', 'const', 'enum'];

/**
 * Where PyFlue 0.2.0's own `/openapi.json` does not state fields its answers carry (its
 * FastAPI `response_model` names another model); the check cannot read them from the
 * description, so it notes them instead of calling them drift. Keyed `operationId status`.
 * test/doctor/doctor.test.ts checks this list against the real server's description.
 */
const UNSTATED_BY_PYFLUE: Record<string, string[]> = {
  // Declared as WebhookAcceptedResponse; the server answers a dispatch receipt.
  'dispatchAgent 202': ['dispatch_id', 'dispatchId', 'accepted_at', 'acceptedAt'],
  // Declared as AdminRunsResponse; the server adds the agent and instance it lists.
  'adminListInstanceRuns 200': ['agent', 'agentName', 'agent_id', 'instanceId'],
};

const TYPES = `/** A JSON Schema reduced to what a compatibility check reads; \`$ref\` points into \`schemas\`. */
export interface ContractSchema {
  $ref?: string;
  type?: string | string[];
  required?: string[];
  properties?: Record<string, ContractSchema>;
  items?: ContractSchema;
  anyOf?: ContractSchema[];
  oneOf?: ContractSchema[];
  allOf?: ContractSchema[];
  additionalProperties?: boolean | ContractSchema;
  const?: unknown;
  enum?: unknown[];
}

export interface ContractParameter {
  name: string;
  in: 'query' | 'header' | 'path' | 'cookie';
  required: boolean;
}

export interface ContractResponse {
  status: string;
  /** The schema of the JSON answer. */
  schema: ContractSchema;
  /** Fields PyFlue 0.2.0's own description does not state for this answer (see scripts/contract-summary.ts). */
  unstatedByPyFlue: string[];
}

export interface ContractOperation {
  operationId: string;
  method: string;
  /** The path in spec/openapi.yaml (admin routes start with /admin). */
  path: string;
  /** Which app serves it: the admin app describes its paths without its mount point. */
  app: 'public' | 'admin';
  /** The path as that app's own /openapi.json lists it. */
  appPath: string;
  /** False for routes the client never calls (the dev pages). */
  calledByClient: boolean;
  /** Query and header parameters the client may send (path parameters are part of the route). */
  parameters: ContractParameter[];
  /** The 2xx JSON answers the client reads. */
  responses: ContractResponse[];
}

export interface ContractChannel {
  /** The channel's key in spec/asyncapi.yaml. */
  name: string;
  address: string;
  title: string;
}

export interface Contract {
  /** info.version of spec/openapi.yaml: the PyFlue release the contract follows. */
  version: string;
  operations: ContractOperation[];
  schemas: Record<string, ContractSchema>;
  channels: ContractChannel[];
}
`;

export async function renderContractModule(openapiPath: string, asyncapiPath: string): Promise<string> {
  const openapi = parse(await readFile(openapiPath, 'utf8')) as JsonObject;
  const asyncapi = parse(await readFile(asyncapiPath, 'utf8')) as JsonObject;
  const contract = summarize(openapi, asyncapi);
  return (
    '/**\n * Generated from spec/openapi.yaml and spec/asyncapi.yaml by `npm run generate`\n' +
    ' * (scripts/contract-summary.ts): what `pyflue-client doctor` checks a deployment against.\n' +
    ' * Do not edit: change the spec and regenerate.\n */\n\n' +
    TYPES +
    `\nexport const contract: Contract = ${JSON.stringify(contract, null, 2)};\n`
  );
}

function summarize(openapi: JsonObject, asyncapi: JsonObject) {
  const components = (openapi.components ?? {}) as JsonObject;
  const componentSchemas = (components.schemas ?? {}) as JsonObject;
  const resolve = (node: Json): JsonObject => {
    let current = node as JsonObject;
    for (let hops = 0; typeof current.$ref === 'string'; hops += 1) {
      if (hops > 20) throw new Error(`contract-summary: $ref cycle at ${String(current.$ref)}`);
      current = pointer(openapi, current.$ref) as JsonObject;
    }
    return current;
  };

  const used = new Set<string>();
  const reduce = (schema: Json): JsonObject => {
    const node = schema as JsonObject;
    if (typeof node.$ref === 'string') {
      const name = schemaName(node.$ref);
      used.add(name);
      return { $ref: `#/components/schemas/${name}` };
    }
    const out: JsonObject = {};
    for (const key of SCHEMA_KEYS) {
      const value = node[key];
      if (value === undefined) continue;
      if (key === 'properties') {
        out.properties = Object.fromEntries(Object.entries(value as JsonObject).map(([name, sub]) => [name, reduce(sub)]));
      } else if (key === 'items' || (key === 'additionalProperties' && typeof value === 'object')) {
        out[key] = reduce(value);
      } else if (key === 'anyOf' || key === 'oneOf' || key === 'allOf') {
        out[key] = (value as Json[]).map(reduce);
      } else {
        out[key] = value;
      }
    }
    return out;
  };

  const operations = [];
  for (const [path, rawItem] of Object.entries(openapi.paths as JsonObject)) {
    const item = rawItem as JsonObject;
    for (const method of METHODS) {
      const operation = item[method] as JsonObject | undefined;
      if (!operation) continue;
      const operationId = String(operation.operationId);
      const tags = (operation.tags ?? []) as string[];
      const calledByClient = !tags.some((tag) => NOT_CALLED_TAGS.has(tag));
      const admin = path === ADMIN_PREFIX || path.startsWith(`${ADMIN_PREFIX}/`);
      const parameters = [...((item.parameters ?? []) as Json[]), ...((operation.parameters ?? []) as Json[])]
        .map(resolve)
        .filter((parameter) => parameter.in !== 'path')
        .map((parameter) => ({ name: String(parameter.name), in: String(parameter.in), required: parameter.required === true }));
      const responses = [];
      if (calledByClient) {
        for (const [status, rawResponse] of Object.entries((operation.responses ?? {}) as JsonObject)) {
          if (!status.startsWith('2')) continue;
          const media = ((resolve(rawResponse).content ?? {}) as JsonObject)['application/json'] as JsonObject | undefined;
          if (!media?.schema) continue;
          responses.push({ status, schema: reduce(media.schema), unstatedByPyFlue: UNSTATED_BY_PYFLUE[`${operationId} ${status}`] ?? [] });
        }
      }
      operations.push({
        operationId,
        method,
        path,
        app: admin ? 'admin' : 'public',
        appPath: admin ? path.slice(ADMIN_PREFIX.length) || '/' : path,
        calledByClient,
        parameters,
        responses,
      });
    }
  }
  for (const key of Object.keys(UNSTATED_BY_PYFLUE)) {
    const [operationId, status] = key.split(' ');
    const known = operations.some((operation) => operation.operationId === operationId && operation.responses.some((response) => response.status === status));
    if (!known) throw new Error(`contract-summary: UNSTATED_BY_PYFLUE names ${key}, which the spec does not have.`);
  }

  // The schemas the kept answers refer to, and the ones those refer to in turn.
  const schemas: Record<string, JsonObject> = {};
  for (let pending = [...used]; pending.length > 0; pending = [...used].filter((name) => !(name in schemas))) {
    for (const name of pending) {
      const schema = componentSchemas[name];
      if (schema === undefined) throw new Error(`contract-summary: #/components/schemas/${name} is referenced but not defined.`);
      schemas[name] = reduce(schema);
    }
  }
  const sortedSchemas = Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b)));

  const channels = Object.entries((asyncapi.channels ?? {}) as JsonObject).map(([name, channel]) => {
    const { address, title } = channel as JsonObject;
    return { name, address: String(address), title: String(title ?? name) };
  });

  return { version: String((openapi.info as JsonObject).version), operations, schemas: sortedSchemas, channels };
}

function schemaName(ref: string): string {
  const match = /^#\/components\/schemas\/([^/]+)$/.exec(ref);
  if (!match) throw new Error(`contract-summary: only #/components/schemas/ references are supported, got ${ref}`);
  return match[1]!;
}

function pointer(document: JsonObject, ref: string): Json {
  if (!ref.startsWith('#/')) throw new Error(`contract-summary: external $ref ${ref} is not supported`);
  return ref
    .slice(2)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<Json>((node, part) => {
      const next = (node as JsonObject)?.[part];
      if (next === undefined) throw new Error(`contract-summary: ${ref} does not resolve`);
      return next;
    }, document);
}
