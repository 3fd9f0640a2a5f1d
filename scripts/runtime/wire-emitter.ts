/**
 * Renders src/generated/wire.ts (the facade's tables) and src/generated/answers.ts (those of
 * internal/answers/), from spec/openapi.yaml, so that nothing in src/facade repeats the
 * contract by hand:
 *
 * - `errorCodes`: the codes the spec gives each HTTP status (`x-http-status` of each member
 *   of `ErrorType`);
 * - `queries` and the `QueryOptions` type: every operation's query parameters under their
 *   camelCase option names, with what a value must be (from the parameter's schema);
 * - `answers` and `requiredFields`: the component schema of each operation's 2xx JSON
 *   answer, and the fields each such schema requires (what a 2xx body must have);
 * - `camelNames` and the `FieldNames` type: the one-spelling rule (spec.ts `oneSpelling`)
 *   per component schema, for the types and for the run time alike.
 *
 * Lean on purpose: this module is in every app's main bundle.
 */
import { renderLiteral, type JsonValue } from '../asyncapi-emitter.js';
import {
  HTTP_METHODS,
  asArray,
  asObject,
  camelCase,
  componentSchemas,
  oneSpelling,
  refResolver,
  schemaRefName,
  typeConst,
  unionMembers,
  type Json,
  type JsonObject,
  type Specs,
} from './spec.js';

/** Operations of these tags are not called by the client (the dev pages); their answers are left out. */
const NOT_CALLED_TAGS = new Set(['dev']);

export function renderWireModules(specs: Specs): { wire: string; answers: string } {
  const { openapi } = specs;
  const resolve = refResolver(specs);
  const schemas = componentSchemas(openapi);

  const errorCodes = collectErrorCodes(schemas, resolve);
  const { queries, queryTypes } = collectQueries(openapi, resolve);
  const answers = collectAnswers(openapi, resolve);
  const answerSchemas = new Set(Object.values(answers).flatMap((byStatus) => Object.values(byStatus)));
  const requiredFields: Record<string, string[]> = {};
  const requiredOf = (name: string): string[] => {
    const schema = asObject(schemas[name]);
    const properties = asObject(schema.properties);
    return asArray(schema.required).map((key) => {
      const property = resolve(properties[String(key)]);
      return property.type === 'array' ? `${String(key)}[]` : String(key);
    });
  };
  for (const name of [...answerSchemas].sort()) {
    if (unionMembers(asObject(schemas[name])).length > 0) continue;
    requiredFields[name] = requiredOf(name);
  }
  // Inside an answer: each property that is a component with required fields (or an array of
  // one), down to the leaves, so that `items: [null]` or a run record without its id is caught too.
  const nestedFields: Record<string, Record<string, string>> = {};
  const queue = Object.keys(requiredFields);
  while (queue.length > 0) {
    const name = queue.shift()!;
    for (const [key, property] of Object.entries(asObject(asObject(schemas[name]).properties))) {
      const target = propertyTarget(property);
      const inner = target?.replace(/\[\]$/, '');
      const innerSchema = inner === undefined ? undefined : asObject(schemas[inner]);
      if (target === undefined || inner === undefined || innerSchema === undefined || unionMembers(innerSchema).length > 0 || asArray(innerSchema.required).length === 0) continue;
      (nestedFields[name] ??= {})[key] = target;
      if (requiredFields[inner] === undefined) {
        requiredFields[inner] = requiredOf(inner);
        queue.push(inner);
      }
    }
  }
  const camelNames = collectCamelNames(schemas, resolve, [...answerSchemas, ...frameSchemas(specs)]);
  const fieldNames = collectFieldNames(schemas);

  const sections = [
    [
      '/**',
      ' * Generated from spec/openapi.yaml by `npm run generate` (scripts/runtime/wire-emitter.ts).',
      ' * Do not edit: change the spec and regenerate.',
      ' *',
      " * The run-time tables of the facade: error codes per status and query",
      ' * parameters per operation; and the one-spelling rule of the types (`FieldNames`). The',
      ' * facade reads these; it keeps no list of its own. (internal/answers/ has its own:',
      ' * src/generated/answers.ts.)',
      ' */',
    ].join('\n'),
    "import type { operations } from './openapi.js';",
    '// ─── Error codes ──────────────────────────────────────────────────────────',
    [
      "/** The codes the spec gives each HTTP status (the `x-http-status` of each member of `ErrorType`). */",
      `export const errorCodes: { readonly [status: number]: readonly string[] } = ${renderLiteral(errorCodes as JsonValue)};`,
    ].join('\n'),
    '// ─── Query parameters ─────────────────────────────────────────────────────',
    [
      '/**',
      " * What a query value must be, from the parameter's schema: a whole number in a range, one",
      ' * of an enum, or a non-empty string.',
      ' */',
      'export type QueryValue =',
      "  | readonly [wire: string, kind: 'integer', minimum?: number, maximum?: number]",
      "  | readonly [wire: string, kind: 'enum', values: readonly string[]]",
      "  | readonly [wire: string, kind: 'string' | 'boolean' | 'number'];",
      '',
      '/** Per operation: each query parameter under its camelCase option name, with its wire name and check. */',
      `export const queries = ${renderLiteral(queries as JsonValue)} as const satisfies { readonly [operation: string]: { readonly [option: string]: QueryValue } };`,
      '',
      '/** The operations that take query parameters. */',
      'export type QueryOperation = keyof typeof queries;',
      '',
      'type Query<Operation extends keyof operations> = NonNullable<operations[Operation][\'parameters\'][\'query\']>;',
      '',
      ...Object.entries(queryTypes).map(([operation, fields]) =>
        [
          `/** The query parameters of \`${operation}\` as options, under their camelCase names. */`,
          `export interface ${queryInterface(operation)} {`,
          ...fields.map(([option, wire]) => `  ${option}?: Query<'${operation}'>['${wire}'] | undefined;`),
          '}',
          '',
        ].join('\n'),
      ),
      "/** Per operation: its query parameters as options (the facade's option types extend these). */",
      'export interface QueryOptions {',
      ...Object.keys(queryTypes).map((operation) => `  ${operation}: ${queryInterface(operation)};`),
      '}',
    ].join('\n'),
    [
      '/**',
      ' * The one-spelling rule for the types: per component schema, each snake_case field that',
      ' * goes (its camelCase twin is sent beside it: `never`) or is renamed (sent in snake_case',
      ' * only). The run time adds the same names (src/generated/answers.ts `camelNames`).',
      ' */',
      'export interface FieldNames {',
      ...Object.entries(fieldNames).map(
        ([schema, fields]) => `  ${schema}: { ${Object.entries(fields).map(([key, name]) => `${key}: ${name === null ? 'never' : `'${name}'`};`).join(' ')} };`,
      ),
      '}',
    ].join('\n'),
  ];
  const lazy = [
    [
      '/**',
      ' * Generated from spec/openapi.yaml by `npm run generate` (scripts/runtime/wire-emitter.ts).',
      ' * Do not edit: change the spec and regenerate.',
      ' *',
      " * The tables of internal/answers/ (which checks and names every 2xx JSON answer): the",
      ' * fields each 2xx answer must have, and the camelCase names of the fields the',
      ' * server sends in snake_case only (the streams and sockets chunks name frames by them too).',
      ' */',
    ].join('\n'),
    '// ─── 2xx answers ──────────────────────────────────────────────────────────',
    [
      "/** Per operation the client calls: the component schema of each 2xx JSON answer. */",
      `export const answers = ${renderLiteral(answers as JsonValue)} as const;`,
      '',
      '/** The operations with a JSON answer. */',
      'export type AnswerOperation = keyof typeof answers;',
      '',
      '/**',
      ' * The fields each answer schema (and each component inside one, see `nestedFields`)',
      ' * requires (a trailing `[]`: an array). A schema that is a union (any JSON value may',
      ' * come) has no entry.',
      ' */',
      `export const requiredFields: { readonly [schema: string]: readonly string[] } = ${renderLiteral(requiredFields as JsonValue)};`,
      '',
      '/**',
      ' * Inside the answers: per schema, each property whose value is a component with required',
      " * fields (a trailing `[]`: each item of an array of one), checked with that component's",
      ' * `requiredFields` when it is there (a nullable one may be null).',
      ' */',
      `export const nestedFields: { readonly [schema: string]: { readonly [property: string]: string } } = ${renderLiteral(nestedFields as JsonValue)};`,
    ].join('\n'),
    '// ─── camelCase names ──────────────────────────────────────────────────────',
    [
      '/**',
      ' * How to give a body of a component schema its camelCase names: `alias` maps each field the',
      ' * server sends in snake_case only to its camelCase name; `walk` names the schema of each',
      ' * property to go into (a trailing `[]`: each item of an array); a union picks its member',
      ' * by `type` (`byType`) or, without one, the one member whose required fields are there',
      ' * (`anyOf`). Only schemas with a name to add somewhere inside are listed.',
      ' */',
      'export interface NameRule {',
      '  readonly alias?: { readonly [snake: string]: string };',
      '  readonly walk?: { readonly [property: string]: string };',
      '  readonly byType?: { readonly [type: string]: string };',
      '  readonly anyOf?: { readonly [schema: string]: readonly string[] };',
      '}',
      '',
      `export const camelNames: { readonly [schema: string]: NameRule } = ${renderLiteral(camelNames as JsonValue)};`,
    ].join('\n'),
  ];
  return { wire: `${sections.join('\n\n')}\n`, answers: `${lazy.join('\n\n')}\n` };
}

/** `adminListRuns` -> `AdminListRunsQuery`. */
function queryInterface(operation: string): string {
  return `${operation.charAt(0).toUpperCase()}${operation.slice(1)}Query`;
}

function collectErrorCodes(schemas: JsonObject, resolve: ReturnType<typeof refResolver>): Record<string, string[]> {
  const errorType = asObject(schemas.ErrorType);
  const members = unionMembers(errorType);
  if (members.length === 0) throw new Error('runtime tables: spec/openapi.yaml has no ErrorType union of per-status code enums');
  const codes: Record<string, string[]> = {};
  for (const member of members) {
    const schema = resolve(member);
    const status = schema['x-http-status'];
    if (typeof status !== 'number') {
      throw new Error(`runtime tables: ${String(asObject(member).$ref ?? 'an ErrorType member')} has no x-http-status: say which status its codes come with`);
    }
    codes[String(status)] = [...(codes[String(status)] ?? []), ...asArray(schema.enum).map(String)];
  }
  return codes;
}

function collectQueries(openapi: JsonObject, resolve: ReturnType<typeof refResolver>) {
  const queries: Record<string, Record<string, Json[]>> = {};
  const queryTypes: Record<string, Array<[option: string, wire: string]>> = {};
  for (const [, rawItem] of Object.entries(asObject(openapi.paths))) {
    const item = asObject(rawItem);
    for (const method of HTTP_METHODS) {
      const operation = asObject(item[method]);
      if (operation.operationId === undefined) continue;
      const operationId = String(operation.operationId);
      const parameters = [...asArray(item.parameters), ...asArray(operation.parameters)].map((parameter) => resolve(parameter)).filter((parameter) => parameter.in === 'query');
      if (parameters.length === 0) continue;
      queries[operationId] = {};
      queryTypes[operationId] = [];
      for (const parameter of parameters) {
        const wire = String(parameter.name);
        const option = camelCase(wire);
        queries[operationId][option] = [wire, ...valueCheck(resolve(parameter.schema), `${operationId} ?${wire}`)];
        queryTypes[operationId].push([option, wire]);
      }
    }
  }
  return { queries, queryTypes };
}

function valueCheck(schema: JsonObject, where: string): Json[] {
  if (Array.isArray(schema.enum)) return ['enum', schema.enum.map(String)];
  switch (schema.type) {
    case 'integer': {
      const bounds: Json[] = [typeof schema.minimum === 'number' ? schema.minimum : null, typeof schema.maximum === 'number' ? schema.maximum : null];
      while (bounds.length > 0 && bounds.at(-1) === null) bounds.pop();
      return ['integer', ...bounds.map((bound) => bound ?? Number.MIN_SAFE_INTEGER)];
    }
    case 'string':
    case 'boolean':
    case 'number':
      return [schema.type];
    default:
      throw new Error(`runtime tables: ${where}: the client checks query values of type integer, number, string, boolean or a string enum; got ${JSON.stringify(schema.type)}`);
  }
}

function collectAnswers(openapi: JsonObject, resolve: ReturnType<typeof refResolver>): Record<string, Record<string, string>> {
  const answers: Record<string, Record<string, string>> = {};
  for (const [, rawItem] of Object.entries(asObject(openapi.paths))) {
    for (const method of HTTP_METHODS) {
      const operation = asObject(asObject(rawItem)[method]);
      if (operation.operationId === undefined || asArray(operation.tags).some((tag) => NOT_CALLED_TAGS.has(String(tag)))) continue;
      for (const [status, response] of Object.entries(asObject(operation.responses))) {
        if (!status.startsWith('2')) continue;
        const json = asObject(asObject(resolve(response).content)['application/json']);
        const name = schemaRefName(json.schema);
        if (json.schema === undefined) continue;
        if (name === undefined) throw new Error(`runtime tables: ${String(operation.operationId)} ${status}: a JSON answer's schema must be a $ref to a component`);
        (answers[String(operation.operationId)] ??= {})[status] = name;
      }
    }
  }
  return answers;
}

/** Where a property's value goes for naming: a component (`RunRecord`), each item of an array of one (`RunRecord[]`), or nothing. */
function propertyTarget(property: Json): string | undefined {
  const direct = schemaRefName(property);
  if (direct !== undefined) return direct;
  const node = asObject(property);
  if (node.type === 'array') {
    const item = schemaRefName(node.items);
    return item === undefined ? undefined : `${item}[]`;
  }
  // `oneOf: [{ $ref }, { type: 'null' }]`: a nullable component.
  const refs = unionMembers(node).map(schemaRefName).filter((name): name is string => name !== undefined);
  return refs.length === 1 ? refs[0] : undefined;
}

/** Every component a stream frame or a socket message is (or is a union of): where naming starts besides the answers. */
function frameSchemas({ openapi, asyncapi }: Specs): string[] {
  const names: string[] = [];
  for (const rawItem of Object.values(asObject(openapi.paths))) {
    for (const method of HTTP_METHODS) {
      for (const response of Object.values(asObject(asObject(asObject(rawItem)[method]).responses))) {
        const events = asObject(asObject(asObject(asObject(response).content)['text/event-stream'])['x-sse-events']);
        names.push(...Object.values(events).map(schemaRefName).filter((name): name is string => name !== undefined));
      }
    }
  }
  for (const message of Object.values(asObject(asObject(asyncapi.components).messages))) {
    const name = schemaRefName(asObject(message).payload);
    if (name !== undefined) names.push(name);
  }
  return names;
}

/**
 * The naming rule of every component reachable from `roots` (the answers and frames the
 * client reads) that leads to a name to add.
 */
function collectCamelNames(schemas: JsonObject, resolve: ReturnType<typeof refResolver>, roots: string[]): Record<string, JsonObject> {
  const rules: Record<string, JsonObject> = {};
  for (const [name, raw] of Object.entries(schemas)) {
    const schema = asObject(raw);
    const members = unionMembers(schema);
    if (members.length > 0) {
      const named = members.map((member) => [schemaRefName(member), resolve(member)] as const).filter(([ref]) => ref !== undefined) as Array<readonly [string, JsonObject]>;
      const types = named.map(([, member]) => typeConst(member));
      if (named.length > 0 && types.every((type) => type !== undefined)) {
        rules[name] = { byType: Object.fromEntries(named.map(([ref], index) => [types[index]!, ref])) };
      } else if (named.length > 0) {
        rules[name] = { anyOf: Object.fromEntries(named.map(([ref, member]) => [ref, asArray(member.required).map(String)])) };
      }
      continue;
    }
    const { renamed } = oneSpelling(schema);
    const walk = Object.fromEntries(
      Object.entries(asObject(schema.properties))
        .map(([key, property]) => [key, propertyTarget(property)] as const)
        .filter((entry): entry is readonly [string, string] => entry[1] !== undefined),
    );
    rules[name] = { ...(Object.keys(renamed).length > 0 ? { alias: renamed } : {}), ...(Object.keys(walk).length > 0 ? { walk } : {}) };
  }
  const targetsOf = (rule: JsonObject) =>
    [...Object.values(asObject(rule.walk)), ...Object.values(asObject(rule.byType)), ...Object.keys(asObject(rule.anyOf))].map((target) => String(target).replace(/\[\]$/, ''));
  // Keep only the rules that lead to an alias somewhere (a fixpoint over walk, byType, anyOf).
  const useful = new Set(Object.keys(rules).filter((name) => rules[name]!.alias !== undefined));
  for (let grew = true; grew; ) {
    grew = false;
    for (const [name, rule] of Object.entries(rules)) {
      if (useful.has(name)) continue;
      if (targetsOf(rule).some((target) => useful.has(target))) {
        useful.add(name);
        grew = true;
      }
    }
  }
  const reachable = new Set<string>();
  for (let pending = roots.filter((name) => useful.has(name)); pending.length > 0; ) {
    const name = pending.pop()!;
    if (reachable.has(name)) continue;
    reachable.add(name);
    pending.push(...targetsOf(rules[name]!).filter((target) => useful.has(target)));
  }
  const kept: Record<string, JsonObject> = {};
  for (const name of Object.keys(rules).sort()) {
    if (!reachable.has(name)) continue;
    const rule = rules[name]!;
    const walk = Object.fromEntries(Object.entries(asObject(rule.walk)).filter(([, target]) => useful.has(String(target).replace(/\[\]$/, ''))));
    kept[name] = { ...(rule.alias ? { alias: rule.alias } : {}), ...(Object.keys(walk).length > 0 ? { walk } : {}), ...(rule.byType ? { byType: rule.byType } : {}), ...(rule.anyOf ? { anyOf: rule.anyOf } : {}) };
  }
  return kept;
}

function collectFieldNames(schemas: JsonObject): Record<string, Record<string, string | null>> {
  const names: Record<string, Record<string, string | null>> = {};
  for (const [name, raw] of Object.entries(schemas)) {
    const { renamed, dropped } = oneSpelling(asObject(raw));
    if (Object.keys(renamed).length === 0 && dropped.length === 0) continue;
    names[name] = { ...Object.fromEntries(dropped.map((key) => [key, null])), ...renamed };
  }
  return names;
}
