/**
 * Turns spec/asyncapi.yaml into src/generated/asyncapi.ts, the channel layer over the
 * types openapi-typescript generates from spec/openapi.yaml.
 *
 * Every message payload in the AsyncAPI spec is a `$ref` to a schema in
 * spec/openapi.yaml's components (this script refuses anything else), so each wire type
 * is generated once, by openapi-typescript, and HTTP and sockets share it. What is left
 * for this script is what openapi-typescript cannot know: one alias per message, one
 * union per channel and direction, the resolved JSON schema of every payload, and a
 * runtime guard per server → client message.
 *
 * @asyncapi/parser reads and checks the document (and resolves the cross-file refs for
 * the payload schemas); the raw YAML tells which component each payload names.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { Parser, fromFile } from '@asyncapi/parser';
import type { AsyncAPIDocumentInterface, Diagnostic, MessageInterface } from '@asyncapi/parser';
import { parse as parseYaml } from 'yaml';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Spectral severities as used by @asyncapi/parser diagnostics. */
const SEVERITY_NAMES = ['error', 'warning', 'info', 'hint'] as const;
export const SEVERITY_ERROR = 0;
export const SEVERITY_WARNING = 1;

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const JSON_TYPES = ['string', 'number', 'integer', 'boolean', 'object', 'array', 'null'] as const;
type JsonType = (typeof JSON_TYPES)[number];

// ─── Parsing ───────────────────────────────────────────────────────────────

export interface ParsedAsyncApi {
  document: AsyncAPIDocumentInterface | undefined;
  diagnostics: Diagnostic[];
}

/** Parses (and validates) an AsyncAPI file; never throws for an invalid document. */
export async function parseAsyncApiFile(specPath: string): Promise<ParsedAsyncApi> {
  const parser = new Parser();
  const { document, diagnostics } = await fromFile(parser, path.resolve(specPath)).parse();
  return { document, diagnostics };
}

/** `error asyncapi3-channel-parameters at channels.agent.parameters (line 60): message` */
export function formatDiagnostic(diagnostic: Diagnostic): string {
  const severity = SEVERITY_NAMES[diagnostic.severity] ?? `severity ${diagnostic.severity}`;
  const where = diagnostic.path.length > 0 ? diagnostic.path.join('.') : '(document)';
  const line = diagnostic.range ? ` (line ${diagnostic.range.start.line + 1})` : '';
  return `${severity} ${String(diagnostic.code)} at ${where}${line}: ${diagnostic.message}`;
}

/** Parses the spec and returns the document, or throws listing every error diagnostic. */
export async function loadAsyncApiDocument(specPath: string): Promise<AsyncAPIDocumentInterface> {
  const { document, diagnostics } = await parseAsyncApiFile(specPath);
  const errors = diagnostics.filter((diagnostic) => diagnostic.severity === SEVERITY_ERROR);
  if (errors.length > 0 || document === undefined) {
    const lines = errors.map((diagnostic) => `  - ${formatDiagnostic(diagnostic)}`);
    throw new Error(
      `Invalid AsyncAPI document ${specPath} (${errors.length} error${errors.length === 1 ? '' : 's'}):\n` +
        (lines.length > 0 ? lines.join('\n') : '  - the parser returned no document'),
    );
  }
  return document;
}

// ─── Plain JSON helpers ────────────────────────────────────────────────────

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep copy without `x-parser-*` keys (the parser's bookkeeping). */
export function stripParserExtensions(value: unknown): JsonValue {
  if (Array.isArray(value)) return value.map(stripParserExtensions);
  if (isJsonObject(value)) {
    const out: JsonObject = {};
    for (const [key, child] of Object.entries(value)) {
      if (!key.startsWith('x-parser-')) out[key] = stripParserExtensions(child);
    }
    return out;
  }
  return value as JsonValue;
}

export function messageName(message: MessageInterface): string {
  return toPascalCase(message.name() ?? message.id());
}

function toPascalCase(name: string): string {
  const pascal = name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
  if (!/^[A-Z][A-Za-z0-9]*$/.test(pascal)) throw new Error(`Cannot make a TypeScript type name from "${name}".`);
  return pascal;
}

export function lowerFirst(name: string): string {
  return name[0]!.toLowerCase() + name.slice(1);
}

/** Every message of the document once, by name, sorted by name. */
export function collectMessages(document: AsyncAPIDocumentInterface): Map<string, MessageInterface> {
  const byName = new Map<string, MessageInterface>();
  const all = [...document.components().messages().all(), ...document.messages().all()];
  for (const message of all) {
    const name = messageName(message);
    const seen = byName.get(name);
    // The same component referenced from several channels resolves to the same JSON object.
    if (seen !== undefined && seen.json() !== message.json()) {
      throw new Error(`Two different messages are named ${name}; message names must be unique.`);
    }
    byName.set(name, seen ?? message);
  }
  return new Map([...byName].sort(([a], [b]) => compareStrings(a, b)));
}

/** The payload schema of a message as plain JSON Schema (refs resolved, `x-parser-*` removed). */
export function messagePayloadSchema(message: MessageInterface): JsonObject {
  const payload = message.payload();
  if (payload === undefined) throw new Error(`Message ${messageName(message)} has no payload schema.`);
  const schema = stripParserExtensions(payload.json());
  if (!isJsonObject(schema)) throw new Error(`Message ${messageName(message)} has a non-object payload schema.`);
  return schema;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ─── Literal rendering ─────────────────────────────────────────────────────

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A string literal, single-quoted unless the text contains more `'` than `"` (like prettier). */
export function quote(text: string): string {
  const mark = (text.match(/'/g)?.length ?? 0) > (text.match(/"/g)?.length ?? 0) ? '"' : "'";
  const body = text
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .split(mark)
    .join(`\\${mark}`);
  return `${mark}${body}${mark}`;
}

/** Renders JSON as a TypeScript literal: single quotes, bare keys, 2-space indent. */
export function renderLiteral(value: JsonValue, indent = ''): string {
  if (value === null || typeof value !== 'object') return typeof value === 'string' ? quote(value) : String(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    const items = value.map((item) => renderLiteral(item, inner));
    if (value.every((item) => item === null || typeof item !== 'object')) return `[${items.join(', ')}]`;
    return `[\n${items.map((item) => `${inner}${item},`).join('\n')}\n${indent}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  const lines = entries.map(
    ([key, child]) => `${inner}${IDENTIFIER.test(key) ? key : quote(key)}: ${renderLiteral(child, inner)},`,
  );
  return `{\n${lines.join('\n')}\n${indent}}`;
}

function messageDescription(message: MessageInterface): string | undefined {
  const parts = [message.summary(), message.description()]
    .map((part) => part?.trim())
    .filter((part): part is string => Boolean(part));
  return parts.length > 0 ? parts.join('\n\n') : undefined;
}

// ─── Guards ────────────────────────────────────────────────────────────────

/** The part of a JSON schema the emitted guards check. */
export interface Shape {
  type?: JsonType[];
  const?: string | number | boolean | null;
  required?: string[];
  properties?: Record<string, Shape>;
  /** From `oneOf`/`anyOf`: the value matches at least one (the members of a union differ by a const). */
  anyOf?: Shape[];
}

function simpleTypes(type: unknown): JsonType[] | undefined {
  const list = typeof type === 'string' ? [type] : Array.isArray(type) ? type : undefined;
  if (list === undefined || list.length === 0) return undefined;
  if (!list.every((item): item is JsonType => JSON_TYPES.includes(item as JsonType))) return undefined;
  return list;
}

export function toShape(schema: JsonValue, where: string): Shape {
  if (!isJsonObject(schema)) return {};
  const shape: Shape = {};
  const types = simpleTypes(schema['type']);
  if (types !== undefined) shape.type = types;
  if ('const' in schema) {
    const value = schema['const'];
    if (value === undefined || (value !== null && typeof value === 'object')) {
      throw new Error(`${where}: guards only support string, number, boolean or null "const" values.`);
    }
    shape.const = value;
  }
  const required = schema['required'];
  if (Array.isArray(required) && required.length > 0) shape.required = required.map(String);
  const properties = schema['properties'];
  if (isJsonObject(properties)) {
    const checked = Object.entries(properties)
      .map(([name, sub]) => [name, toShape(sub, `${where}.${name}`)] as const)
      .filter(([, sub]) => Object.keys(sub).length > 0);
    if (checked.length > 0) shape.properties = Object.fromEntries(checked);
  }
  const members = schema['oneOf'] ?? schema['anyOf'];
  if (Array.isArray(members)) shape.anyOf = members.map((member, index) => toShape(member, `${where}.oneOf[${index}]`));
  return shape;
}

export const GUARD_HELPERS = `type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null';

/** The part of a payload schema the guards check: JSON types, consts, required and nested properties. */
interface Shape {
  readonly type?: readonly JsonType[];
  readonly const?: string | number | boolean | null;
  readonly required?: readonly string[];
  readonly properties?: { readonly [name: string]: Shape };
  readonly anyOf?: readonly Shape[];
}

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasJsonType(value: unknown, type: JsonType): boolean {
  switch (type) {
    case 'null':
      return value === null;
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isJsonObject(value);
    case 'integer':
      return Number.isInteger(value);
    default:
      return typeof value === type;
  }
}

function hasOwn(value: Record<string, unknown>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(value, key);
}

function matchesShape(value: unknown, shape: Shape): boolean {
  if (shape.anyOf && !shape.anyOf.some((member) => matchesShape(value, member))) return false;
  if (shape.type && !shape.type.some((type) => hasJsonType(value, type))) return false;
  if ('const' in shape && value !== shape.const) return false;
  if (!isJsonObject(value)) return true;
  if (shape.required && !shape.required.every((key) => hasOwn(value, key))) return false;
  return Object.entries(shape.properties ?? {}).every(
    ([key, property]) => !hasOwn(value, key) || matchesShape(value[key], property),
  );
}`;

// ─── Payload components ────────────────────────────────────────────────────

const COMPONENT_REF = /^\.\/openapi\.yaml#\/components\/schemas\/([A-Za-z0-9]+)$/;

/** Message name → the spec/openapi.yaml component its payload `$ref`s. */
function payloadComponents(specPath: string): Map<string, string> {
  const raw = parseYaml(readFileSync(specPath, 'utf8')) as { components?: { messages?: Record<string, { name?: string; payload?: { $ref?: unknown } }> } };
  const components = new Map<string, string>();
  for (const [id, message] of Object.entries(raw.components?.messages ?? {})) {
    const ref = message.payload?.$ref;
    const match = typeof ref === 'string' ? COMPONENT_REF.exec(ref) : null;
    if (!match) {
      throw new Error(
        `Message ${id}: its payload must be a $ref to './openapi.yaml#/components/schemas/<Name>' ` +
          '(one schema per wire type, shared with the HTTP spec); got ' + JSON.stringify(ref) + '.',
      );
    }
    components.set(toPascalCase(message.name ?? id), match[1]!);
  }
  return components;
}

export function docComment(text: string | undefined): string {
  if (!text) return '';
  return `/**\n${text.trim().split('\n').map((line) => ` *${line ? ` ${line}` : ''}`).join('\n')}\n */\n`;
}

// ─── Module ────────────────────────────────────────────────────────────────

interface Union {
  name: string;
  channel: string;
  address: string | null | undefined;
  direction: 'client → server' | 'server → client';
  members: string[];
}

function collectUnions(document: AsyncAPIDocumentInterface): { unions: Union[]; serverMessages: string[] } {
  const unions = new Map<string, Union>();
  const serverMessages = new Set<string>();
  for (const operation of document.operations().all()) {
    const direction = operation.isSend() ? 'Client' : 'Server';
    const channels = operation.channels().all();
    if (channels.length === 0) throw new Error(`Operation ${operation.id()} has no channel.`);
    for (const channel of channels) {
      const listed = operation.messages().all();
      const messages = listed.length > 0 ? listed : channel.messages().all();
      const name = `${toPascalCase(channel.id())}${direction}Message`;
      const union = unions.get(name) ?? {
        name,
        channel: channel.id(),
        address: channel.address(),
        direction: direction === 'Server' ? 'server → client' : 'client → server',
        members: [],
      };
      for (const message of messages) {
        const member = messageName(message);
        if (!union.members.includes(member)) union.members.push(member);
        if (direction === 'Server') serverMessages.add(member);
      }
      unions.set(name, union);
    }
  }
  return {
    unions: [...unions.values()].sort((a, b) => compareStrings(a.name, b.name)),
    serverMessages: [...serverMessages].sort(compareStrings),
  };
}

export async function renderAsyncApiModule(specPath: string): Promise<string> {
  const document = await loadAsyncApiDocument(specPath);
  const specLabel = path.relative(REPO_ROOT, path.resolve(specPath)).split(path.sep).join('/');
  const components = payloadComponents(specPath);
  const messages = collectMessages(document);
  const { unions, serverMessages } = collectUnions(document);

  const sections: string[] = [
    [
      '/**',
      ` * Generated from ${specLabel} by \`npm run generate\` (scripts/asyncapi-emitter.ts).`,
      ' * Do not edit this file by hand: change the spec and run `npm run generate` again.',
      ` * AsyncAPI ${document.version()}: ${document.info().title()} ${document.info().version()}`,
      ' *',
      " * The payload types are spec/openapi.yaml's components (src/generated/openapi.ts): one",
      ' * type per wire type, shared with HTTP. This file adds the channel layer.',
      ' */',
    ].join('\n'),
    "import type { components } from './openapi.js';",
  ];

  sections.push('// ─── Messages ─────────────────────────────────────────────────────────────');
  for (const [name, message] of messages) {
    const component = components.get(name);
    if (component === undefined) throw new Error(`Message ${name} is not declared under components.messages.`);
    sections.push(`${docComment(messageDescription(message))}export type ${name} = components['schemas']['${component}'];`);
  }

  sections.push('// ─── Frames per channel and direction ─────────────────────────────────────');
  for (const { name, channel, address, direction, members } of unions) {
    const where = address ? `\`${channel}\` channel (\`${address}\`)` : `\`${channel}\` channel`;
    sections.push(`/** Every ${direction} frame on the ${where}. */\nexport type ${name} = ${members.join(' | ')};`);
  }

  sections.push('// ─── Payload JSON schemas ─────────────────────────────────────────────────');
  const schemas: JsonObject = {};
  for (const [name, message] of messages) schemas[name] = messagePayloadSchema(message);
  sections.push(
    [
      '/** The payload JSON schema of every message (refs resolved), e.g. for validating frames with ajv. */',
      `export const messageSchemas = ${renderLiteral(schemas)};`,
      '',
      'export type MessageName = keyof typeof messageSchemas;',
    ].join('\n'),
  );

  sections.push('// ─── Type guards for server → client frames ───────────────────────────────');
  // One guard per wire type: src/generated/channels.ts generates it from the payload's
  // component (the client's sockets dispatch by it); each message's guard is that one.
  const guards: string[] = [];
  for (const name of serverMessages) {
    const component = components.get(name);
    if (component === undefined || schemas[name] === undefined) throw new Error(`Message ${name} is received but not declared.`);
    guards.push(
      [
        `/** Whether \`value\` looks like a {@link ${name}} frame (checks required keys, consts and JSON types). */`,
        `export const is${name}: (value: unknown) => value is ${name} = channels.is${component};`,
      ].join('\n'),
    );
  }
  sections.splice(2, 0, "import * as channels from './channels.js';");
  sections.push(...guards);

  return `${sections.join('\n\n')}\n`;
}
