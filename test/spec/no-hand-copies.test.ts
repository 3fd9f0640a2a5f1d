/**
 * The facade keeps no copy of the contract: no string literal in src/facade's code (outside
 * comments and types) is a frame or event type, a run status or status-filter word, an
 * error code or a query parameter name of the specs. Those come from src/generated/ (the
 * tables `npm run generate` writes), so a spec change reaches the client's run time with a
 * regenerate. Read with the TypeScript parser, not a regex: type positions (`type: 'start'`
 * in an interface) are the generated types' business and are left alone.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
type Json = Record<string, any>;
const openapi = parse(readFileSync(join(root, 'spec/openapi.yaml'), 'utf8')) as Json;
const asyncapi = parse(readFileSync(join(root, 'spec/asyncapi.yaml'), 'utf8')) as Json;
const schemas = openapi.components.schemas as Json;

/**
 * Literals that are the spec's words by coincidence, each with the reason. Keyed
 * `<file under src/facade> <literal>`.
 */
const COINCIDENCES: Record<string, string> = {
  "internal/app-validators.ts result": "the `result` key of a typed app's declaration (AppDefinition), not a wire word",
};

/** Calls whose string argument names an event of the platform's (a WebSocket's `error`), not a frame. */
const PLATFORM_EVENT_CALLS = new Set(['addEventListener', 'removeEventListener', '#emit', 'emit']);

function vocabulary(): Map<string, string> {
  const words = new Map<string, string>();
  const add = (word: unknown, what: string) => {
    if (typeof word === 'string' && !words.has(word)) words.set(word, what);
  };
  const constOf = (schema: Json | undefined) => schema?.properties?.type?.const;
  const resolve = (node: Json): Json => {
    const ref = node?.$ref as string | undefined;
    return ref ? resolve(schemas[ref.split('/').pop()!]) : node;
  };
  // Frame and event types: every SSE event name and every `type` const of a frame schema.
  for (const item of Object.values(openapi.paths as Json)) {
    for (const operation of Object.values(item as Json)) {
      for (const response of Object.values(((operation as Json).responses ?? {}) as Json)) {
        const events = (response as Json).content?.['text/event-stream']?.['x-sse-events'] as Json | undefined;
        for (const [event, schema] of Object.entries(events ?? {})) {
          if (event !== '*') add(event, 'an SSE event type');
          const resolved = resolve(schema as Json);
          for (const member of [resolved, ...((resolved.oneOf ?? resolved.anyOf ?? []) as Json[]).map(resolve)]) add(constOf(member), 'a frame type');
        }
      }
    }
  }
  for (const message of Object.values(asyncapi.components.messages as Json)) {
    const payload = resolve({ $ref: (message as Json).payload.$ref });
    for (const member of [payload, ...((payload.oneOf ?? []) as Json[]).map(resolve)]) add(constOf(member), 'a socket frame type');
  }
  // Run statuses and the status filter's words.
  for (const word of [...schemas.RunStatus.enum, ...schemas.RunStatusQuery.enum]) add(word, 'a run status word');
  // Error codes.
  for (const member of schemas.ErrorType.anyOf as Json[]) for (const code of resolve(member).enum as string[]) add(code, 'an error code');
  // Query parameter names.
  const parameters = openapi.components.parameters as Json;
  for (const item of Object.values(openapi.paths as Json)) {
    for (const operation of [item, ...Object.values(item as Json)]) {
      for (const parameter of ((operation as Json).parameters ?? []) as Json[]) {
        const resolved = parameter.$ref ? parameters[(parameter.$ref as string).split('/').pop()!] : parameter;
        if (resolved.in === 'query') add(resolved.name, 'a query parameter name');
      }
    }
  }
  return words;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

/** The string literals of a file's code: not in a type, not a module name, not a platform event's name. */
function codeLiterals(file: string, text = readFileSync(file, 'utf8')): Array<{ text: string; line: number }> {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: Array<{ text: string; line: number }> = [];
  const visit = (node: ts.Node): void => {
    if (ts.isTypeNode(node) || ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      const parent = node.parent;
      const callee = ts.isCallExpression(parent) ? parent.expression : undefined;
      const name = callee && (ts.isPropertyAccessExpression(callee) ? callee.name.getText() : callee.getText());
      // `operation: 'prompt'` names an operationId (typed against the generated operations), not a frame.
      const isOperationId = ts.isPropertyAssignment(parent) && parent.name.getText() === 'operation';
      if (!(name && PLATFORM_EVENT_CALLS.has(name)) && !isOperationId) found.push({ text: node.text, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('src/facade keeps no copy of the contract', () => {
  const words = vocabulary();

  it('knows the vocabulary it looks for (not vacuous)', () => {
    for (const word of ['run_end', 'delta', 'result', 'prompt', 'errored', 'running', 'run_not_found', 'invalid_query_param', 'after', 'cursor', 'agentName']) {
      expect(words.has(word), word).toBe(true);
    }
  });

  it('no code literal in src/facade is a frame type, run status, error code or query key', () => {
    const facade = join(root, 'src/facade');
    const copies: string[] = [];
    const used = new Set<string>();
    for (const file of sourceFiles(facade)) {
      const where = relative(facade, file).split('\\').join('/');
      for (const { text, line } of codeLiterals(file)) {
        const what = words.get(text);
        if (what === undefined) continue;
        if (`${where} ${text}` in COINCIDENCES) {
          used.add(`${where} ${text}`);
          continue;
        }
        copies.push(`src/facade/${where}:${line}: '${text}' is ${what} of the spec; read it from src/generated/ instead`);
      }
    }
    expect(copies).toEqual([]);
    // Every coincidence listed is still there (the list cannot rot).
    expect([...used].sort()).toEqual(Object.keys(COINCIDENCES).sort());
  });

  it('would catch one: a literal of each kind in a file is found', () => {
    const text = "const a = event.type === 'run_end';\nconst b = ['running'];\nconst c = { status: 'errored' };\nconst d = code === 'run_not_found';\nconst e = { after: 1, key: 'limit' };\ntype T = { type: 'delta' };\nsocket.addEventListener('error', f);\n";
    const found = codeLiterals('probe.ts', text).map((literal) => literal.text).filter((literal) => words.has(literal));
    expect(found).toEqual(['run_end', 'running', 'errored', 'run_not_found', 'limit']);
  });
});
