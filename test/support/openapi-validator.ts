/**
 * Validates real HTTP exchanges against spec/openapi.yaml: the route and status must be
 * documented, the content type too, and the body (every SSE frame's data, for streams)
 * must match the schema. Every problem names the route, e.g.
 * `GET /runs/{run_id} -> 200: /event_count: must NOT have unevaluated properties`.
 *
 * Closed world: an object schema with `properties` and no `additionalProperties` is
 * checked as if it said `unevaluatedProperties: false`, so a field the server sends but
 * the spec does not declare is reported too (the spec leaves such objects open for
 * generated types and Prism; the check wants the spec to describe everything).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { default as addFormats } from 'ajv-formats';
import { parse as parseYaml } from 'yaml';

export type OpenApiDocument = Record<string, any>;

export interface Exchange {
  method: string;
  /** Full URL or path with query. */
  url: string;
  status: number;
  contentType: string | null;
  /** Parsed JSON body, for JSON responses. */
  json?: unknown;
  /** SSE frames, for event streams. */
  frames?: Array<{ event: string; data: string }>;
}

export const specPath = fileURLToPath(new URL('../../spec/openapi.yaml', import.meta.url));

export function loadSpec(path = specPath): OpenApiDocument {
  return parseYaml(readFileSync(path, 'utf8'), { maxAliasCount: -1 }) as OpenApiDocument;
}

const SPEC_ID = 'https://pyflue.invalid/openapi.json';
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

/**
 * Deep copy of a JSON schema that closes its open objects (see the file comment) and,
 * when `refBase` is given, points its local refs at the document registered under it.
 */
export function closedSchema(node: unknown, refBase = '', close = true): unknown {
  if (Array.isArray(node)) return node.map((item) => closedSchema(item, refBase, close));
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    const localRef = key === '$ref' && typeof value === 'string' && value.startsWith('#');
    out[key] = localRef ? refBase + value : closedSchema(value, refBase, close);
  }
  const isObjectSchema = 'properties' in out && typeof out.properties === 'object' && !('additionalProperties' in out);
  if (close && isObjectSchema && !('unevaluatedProperties' in out)) out.unevaluatedProperties = false;
  return out;
}

export interface OperationMatch {
  template: string;
  method: string;
  operation: Record<string, any>;
}

export class OpenApiValidator {
  private readonly ajv: Ajv2020;
  private readonly compiled = new Map<unknown, ValidateFunction>();
  private readonly routes: Array<{ template: string; pattern: RegExp; item: Record<string, any> }>;

  /**
   * `additiveFields`: open world, a field the spec does not know is no problem (the
   * conformance suite's view: a newer server may add fields); by default, closed world
   * (the spec checks' view: every field the server sends is in the spec).
   */
  constructor(
    readonly spec: OpenApiDocument = loadSpec(),
    private readonly options: { additiveFields?: boolean } = {},
  ) {
    this.ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(this.ajv);
    this.ajv.addSchema(closedSchema(spec, SPEC_ID, !options.additiveFields) as object, SPEC_ID);
    this.routes = Object.entries(spec.paths ?? {}).map(([template, item]) => ({
      template,
      // A `{param}` matches exactly one non-empty, still percent-encoded segment.
      pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
      item: item as Record<string, any>,
    }));
  }

  match(method: string, url: string): OperationMatch | undefined {
    const pathname = new URL(url, 'http://placeholder').pathname;
    const lower = method.toLowerCase();
    // Literal routes win over templated ones, as in the server's router.
    const candidates = this.routes.filter((route) => route.pattern.test(pathname) && route.item[lower]);
    candidates.sort((a, b) => a.template.split('{').length - b.template.split('{').length);
    const route = candidates[0];
    return route && { template: route.template, method: method.toUpperCase(), operation: route.item[lower] };
  }

  /** Every problem with one exchange; an empty list means it holds. */
  validate(exchange: Exchange): string[] {
    const matched = this.match(exchange.method, exchange.url);
    const where = `${exchange.method.toUpperCase()} ${matched?.template ?? new URL(exchange.url, 'http://x').pathname}`;
    if (!matched) return [`${where}: the route is not in the spec`];
    const label = `${where} -> ${exchange.status}`;
    const response = this.deref(matched.operation.responses?.[String(exchange.status)]);
    if (!response) return [`${label}: status ${exchange.status} is not documented for this route`];
    const mediaType = (exchange.contentType ?? '').split(';')[0]!.trim().toLowerCase();
    const content = response.content?.[mediaType];
    if (!content) {
      const documented = Object.keys(response.content ?? {}).join(', ') || 'no body';
      return [`${label}: content type "${mediaType}" is not documented (documented: ${documented})`];
    }
    if (mediaType === 'text/event-stream') return this.validateFrames(label, content, exchange.frames ?? []);
    if (mediaType === 'application/json') return this.check(label, content.schema, exchange.json);
    return [];
  }

  private validateFrames(label: string, content: Record<string, any>, frames: Array<{ event: string; data: string }>): string[] {
    const schemas = content['x-sse-events'] as Record<string, unknown> | undefined;
    if (!schemas) return [`${label}: the stream documents no x-sse-events`];
    const problems: string[] = [];
    frames.forEach((frame, index) => {
      const schema = schemas[frame.event] ?? schemas['*'];
      const at = `${label} frame ${index + 1} (event: ${frame.event})`;
      if (!schema) return void problems.push(`${at}: event name is not documented`);
      let data: unknown;
      try {
        data = JSON.parse(frame.data);
      } catch {
        return void problems.push(`${at}: data is not JSON: ${frame.data.slice(0, 120)}`);
      }
      problems.push(...this.check(at, schema, data));
    });
    return problems;
  }

  private check(label: string, schema: unknown, value: unknown): string[] {
    if (schema === undefined) return [];
    const validate = this.compiled.get(schema) ?? this.ajv.compile(closedSchema(schema, SPEC_ID, !this.options.additiveFields) as object);
    this.compiled.set(schema, validate);
    if (validate(value)) return [];
    return (validate.errors ?? []).map((error) => {
      const detail = error.keyword === 'unevaluatedProperties' ? ` "${String(error.params.unevaluatedProperty)}"` : '';
      return `${label}: ${error.instancePath || '(body)'} ${error.message}${detail}`;
    });
  }

  private deref(node: any): any {
    if (!node || typeof node.$ref !== 'string') return node;
    const pointer = node.$ref.replace(/^#\//, '').split('/').map((part: string) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
    return this.deref(pointer.reduce((at: any, key: string) => at?.[key], this.spec));
  }

  /** `METHOD /template` for every operation in the spec. */
  operations(): string[] {
    return this.routes.flatMap(({ template, item }) =>
      METHODS.filter((method) => item[method]).map((method) => `${method.toUpperCase()} ${template}`),
    );
  }
}
