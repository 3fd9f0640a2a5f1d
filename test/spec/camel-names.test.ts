/**
 * One camelCase rule for the types and the run time. The types' names are the generated
 * `FieldNames` (src/generated/wire.ts); the run time adds names by the generated
 * `camelNames` (src/generated/answers.ts). This walks every component schema of the spec
 * (`FieldNames` is the rule applied to each) and every example of both specs, given its
 * names as the client gives them: every field its type renames is readable under that
 * name, with the value the server sent, and the body still serializes as sent.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { withCamelNames } from '../../src/facade/internal/answers/wire-names.js';
import { answers } from '../../src/generated/answers.js';
import { oneSpelling, type JsonObject } from '../../scripts/runtime/spec.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
type Json = Record<string, any>;
const openapi = parse(readFileSync(join(root, 'spec/openapi.yaml'), 'utf8')) as Json;
const asyncapi = parse(readFileSync(join(root, 'spec/asyncapi.yaml'), 'utf8')) as Json;
const schemas = openapi.components.schemas as Json;

/** The generated `FieldNames` interface, read from its source: schema -> field -> its name (null: dropped). */
function fieldNames(): Record<string, Record<string, string | null>> {
  const file = join(root, 'src/generated/wire.ts');
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const names: Record<string, Record<string, string | null>> = {};
  source.forEachChild((node) => {
    if (!ts.isInterfaceDeclaration(node) || node.name.text !== 'FieldNames') return;
    for (const member of node.members) {
      if (!ts.isPropertySignature(member) || !member.type || !ts.isTypeLiteralNode(member.type)) continue;
      names[member.name.getText()] = Object.fromEntries(
        member.type.members.filter(ts.isPropertySignature).map((field) => {
          const type = field.type!;
          return [field.name.getText(), ts.isLiteralTypeNode(type) && ts.isStringLiteral(type.literal) ? type.literal.text : null];
        }),
      );
    }
  });
  return names;
}

const NAMES = fieldNames();
const refName = (node: Json | undefined) => (typeof node?.$ref === 'string' ? (node.$ref as string).split('/').pop()! : undefined);

/**
 * Checks a named body against its schema, recursively: each field `FieldNames` renames
 * reads under its new name with the sent value. Returns how many names it checked.
 */
function checkNames(value: unknown, schemaName: string, where: string, problems: string[]): number {
  const schema = schemas[schemaName] as Json | undefined;
  if (!schema || value === null || typeof value !== 'object') return 0;
  if (Array.isArray(value)) return 0;
  const body = value as Record<string, unknown>;
  const members = (schema.oneOf ?? schema.anyOf) as Json[] | undefined;
  if (members) {
    const byType = members.map(refName).filter((name): name is string => name !== undefined).find((name) => schemas[name]?.properties?.type?.const === body.type);
    return byType ? checkNames(value, byType, where, problems) : 0;
  }
  let checked = 0;
  for (const [snake, camel] of Object.entries(NAMES[schemaName] ?? {})) {
    if (camel === null || !(snake in body)) continue;
    checked += 1;
    if (body[camel] !== body[snake]) problems.push(`${where}: ${schemaName}.${snake} does not read as ${camel}`);
  }
  for (const [key, property] of Object.entries((schema.properties ?? {}) as Json)) {
    const child = body[key];
    const target = refName(property) ?? refName(property.items) ?? ((property.oneOf ?? property.anyOf) as Json[] | undefined)?.map(refName).find(Boolean);
    if (!target) continue;
    for (const item of Array.isArray(child) ? child : [child]) checked += checkNames(item, target, `${where}.${key}`, problems);
  }
  return checked;
}

/** Every example body the client reads, of both specs, with the component schema it is a body of. */
function examples(): Array<{ where: string; schema: string; value: unknown }> {
  const found: Array<{ where: string; schema: string; value: unknown }> = [];
  const componentExamples = openapi.components.examples as Json;
  for (const [path, item] of Object.entries(openapi.paths as Json)) {
    for (const [method, operation] of Object.entries(item as Json)) {
      // The dev pages' answers are for a browser; the client never reads them.
      if (((operation as Json).tags ?? []).includes('dev')) continue;
      for (const [status, response] of Object.entries(((operation as Json).responses ?? {}) as Json)) {
        const media = (response as Json).content?.['application/json'];
        const schema = refName(media?.schema);
        if (!schema) continue;
        const where = `${method.toUpperCase()} ${path} ${status}`;
        if (media.example !== undefined) found.push({ where, schema, value: media.example });
        for (const [name, example] of Object.entries((media.examples ?? {}) as Json)) {
          found.push({ where: `${where} (${name})`, schema, value: (example.$ref ? componentExamples[refName(example)!] : example).value });
        }
        const sse = (response as Json).content?.['text/event-stream'];
        if (sse?.example) {
          const data = JSON.parse(sse.example.data);
          const target = refName(sse['x-sse-events'][sse.example.event] ?? sse['x-sse-events']['*']);
          if (target) found.push({ where: `${where} (stream example)`, schema: target, value: data });
        }
      }
    }
  }
  for (const message of Object.values(asyncapi.components.messages as Json)) {
    const schema = refName((message as Json).payload)!;
    for (const example of ((message as Json).examples ?? []) as Json[]) found.push({ where: `${(message as Json).name} ${example.name}`, schema, value: example.payload });
  }
  return found;
}

describe('one camelCase rule for types and run time', () => {
  it('FieldNames (the types) is the rule applied to every component schema', () => {
    const expected: Record<string, Record<string, string | null>> = {};
    for (const [name, schema] of Object.entries(schemas)) {
      const { renamed, dropped } = oneSpelling(schema as JsonObject);
      if (Object.keys(renamed).length + dropped.length > 0) expected[name] = { ...Object.fromEntries(dropped.map((key) => [key, null])), ...renamed };
    }
    expect(NAMES).toEqual(expected);
    // Not vacuous: the names the README shows are there.
    expect(NAMES.RunRecord).toMatchObject({ event_count: 'eventCount', agent_id: null });
    expect(NAMES.RunStartData).toEqual({ agent_id: 'instanceId' });
    expect(NAMES.PromptUsage).toMatchObject({ cache_read: 'cacheRead', total_tokens: 'totalTokens' });
  });

  it('every example of both specs reads under the names its type shows, and serializes as sent', () => {
    const problems: string[] = [];
    let checked = 0;
    const all = examples();
    for (const { where, schema, value } of all) {
      const named = withCamelNames(structuredClone(value), schema);
      checked += checkNames(named, schema, where, problems);
      if (JSON.stringify(named) !== JSON.stringify(value)) problems.push(`${where}: the named body no longer serializes as sent`);
    }
    expect(problems).toEqual([]);
    expect(all.length).toBeGreaterThan(20);
    expect(checked).toBeGreaterThan(20);
  });

  it('every answer the client reads has a schema the run time knows how to name', () => {
    for (const byStatus of Object.values(answers)) for (const schema of Object.values(byStatus)) expect(schemas[schema as string], schema as string).toBeDefined();
  });
});
