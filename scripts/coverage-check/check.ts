/**
 * The coverage check's core: every item the specs list (spec-inventory.ts) must be
 * surfaced by the client in the source root: operations called through openapi-fetch
 * (operation-calls.ts), literals in the public types (public-types.ts), per-status error
 * codes in the `type` of the class the client throws for that status; and the client must
 * behave by the specs (behaviour.ts: their examples through its handlers, every error
 * code as `error.type`, every query parameter sent by its method). What is missing or
 * misbehaves and is not excluded is a finding; so is an exclusion that matches nothing.
 *
 * Takes the specs as parsed objects and the source root as a path, so a test can check a
 * changed spec (or another tree) without touching the repository's files.
 */
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { loadClientProgram } from './client-program.js';
import { scanOperationCalls, type OperationCall } from './operation-calls.js';
import { readPublicTypes } from './public-types.js';
import { specInventory, type Item, type JsonObject } from './spec-inventory.js';
import { checkBehaviour } from './behaviour.js';

export interface CoverageInput {
  openapi: JsonObject;
  asyncapi: JsonObject;
  /** The client's source root (its `index.ts` is the public entry). */
  srcRoot: string;
  /** Item id -> why the client does not surface it. */
  exclusions: Record<string, string>;
}

export interface CoverageReport {
  /** One line per problem, naming it; empty when the client surfaces the specs. */
  findings: string[];
  /** How many spec items were checked, and how many of them are excluded. */
  checked: number;
  excluded: number;
  /** The openapi-fetch calls the scan found (for the summary line). */
  calls: OperationCall[];
}

export async function loadSpecs(openapiPath: string, asyncapiPath: string): Promise<{ openapi: JsonObject; asyncapi: JsonObject }> {
  const [openapi, asyncapi] = await Promise.all([openapiPath, asyncapiPath].map(async (path) => parse(await readFile(path, 'utf8')) as JsonObject));
  return { openapi: openapi!, asyncapi: asyncapi! };
}

export async function checkCoverage({ openapi, asyncapi, srcRoot, exclusions }: CoverageInput): Promise<CoverageReport> {
  const items = specInventory(openapi, asyncapi);
  const program = loadClientProgram(srcRoot);
  const { calls, unresolved } = scanOperationCalls(program);
  const called = new Set(calls.map((call) => call.operation));
  const types = readPublicTypes(program);
  const classForStatus = await statusClasses(srcRoot);

  const missing = (item: Item): string | undefined => {
    switch (item.kind) {
      case 'operation':
        return called.has(`${item.method.toUpperCase()} ${item.path}`)
          ? undefined
          : `operation ${item.method.toUpperCase()} ${item.path} (${item.where}) is not called by the client: no openapi-fetch call under ${relative(process.cwd(), srcRoot) || srcRoot}/ (outside generated/ and testing/) uses this path`;
      case 'literal': {
        const literals = types.literals(item.surface);
        if (!literals) return `${item.what} "${item.literal}" (${item.where}): the public surface (main entry, facade/core/types.ts) exports no ${item.surface} type`;
        return literals.has(item.literal) ? undefined : `${item.what} "${item.literal}" (${item.where}) is not in the public ${item.surface} type`;
      }
      case 'export':
        return types.exports(item.surface) ? undefined : `${item.what} ${item.surface} (${item.where}) is not exported by the public surface (main entry, facade/core/types.ts)`;
      case 'status-code': {
        const className = classForStatus(item.status);
        const literals = types.instanceTypeLiterals(className);
        if (!literals) return `error type "${item.literal}" (${item.where}): the client throws ${className} for ${item.status}, which the public surface does not export`;
        return literals.has(item.literal) ? undefined : `error type "${item.literal}" (${item.where}) is not in the public ${className}'s type (the class the client throws for ${item.status})`;
      }
      case 'unmapped':
        return `${item.message} (${item.where})`;
    }
  };

  const findings: string[] = [];
  const excludedIds = new Set<string>();
  for (const item of items) {
    const problem = missing(item);
    if (problem === undefined) continue;
    if (item.id in exclusions) excludedIds.add(item.id);
    else findings.push(`${problem}. [${item.id}]`);
  }
  // What the client does with the specs' examples, error codes and query parameters.
  const behaviour = await checkBehaviour(openapi, asyncapi, srcRoot);
  for (const { id, problem } of behaviour) {
    if (problem === undefined) continue;
    if (id in exclusions) excludedIds.add(id);
    else findings.push(`${problem}. [${id}]`);
  }
  for (const call of unresolved) {
    findings.push(`${call.at}: ${call.operation} is an openapi-fetch call whose route the check cannot tell: give it the literal path of the spec`);
  }
  for (const id of Object.keys(exclusions)) {
    if (!excludedIds.has(id)) findings.push(`the exclusion "${id}" matches nothing the client leaves out: remove it from the exclusion list`);
  }
  return { findings, checked: items.length + behaviour.length, excluded: excludedIds.size, calls };
}

/**
 * The error class the client throws for a status, asked of the client itself
 * (`PyFlueApiError.from`), so the check follows the client's own table.
 */
async function statusClasses(srcRoot: string): Promise<(status: number) => string> {
  const entry = (await import(pathToFileURL(join(srcRoot, 'index.ts')).href)) as {
    PyFlueApiError: { from(init: { status: number; method: string; url: string; body: unknown }): Error };
  };
  return (status) => entry.PyFlueApiError.from({ status, method: 'GET', url: 'http://127.0.0.1/', body: undefined }).name;
}
