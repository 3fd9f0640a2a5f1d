/**
 * A 2xx JSON answer, checked against what its route's answer must be (the generated
 * src/generated/wire.ts: the component schema of each operation's 2xx answers, and the
 * fields each schema requires) and given its camelCase names. Lenient where the spec is:
 * fields the spec does not know are kept as they came, and a union answer (a file-based
 * agent's result: any JSON value) is not checked.
 */
import type { components } from '../../../generated/openapi.js';
import { answers, nestedFields, requiredFields, type AnswerOperation } from '../../../generated/answers.js';
import { describe } from '../checks.js';
import { withCamelNames } from './wire-names.js';

/** The component schema of `operation`'s answer with `status`, if the spec names one. */
function answerSchema(operation: AnswerOperation | undefined, status: number): string | undefined {
  return operation === undefined ? undefined : (answers[operation] as Record<number, string | undefined>)[status];
}

/**
 * What is wrong with a 2xx answer, or undefined: not a JSON object (where the route answers
 * one), or without a field its schema requires (`[]`: an array).
 */
export function answerProblem(data: unknown, operation: AnswerOperation | undefined, status: number): string | undefined {
  const schema = answerSchema(operation, status);
  const required = schema === undefined ? [] : requiredFields[schema];
  // A union (any JSON value may come): nothing to check.
  if (required === undefined) return undefined;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return `expected a JSON object; got ${data === null ? 'null' : Array.isArray(data) ? 'an array' : typeof data}.`;
  }
  const body = data as Record<string, unknown>;
  const missing = missingFields(body, required);
  if (missing.length > 0) {
    return `${operation}'s answer (${schema}) must have ${required.map((field) => field.replace(/\[\]$/, '')).join(', ')}; missing: ${missing.join(', ')}.`;
  }
  const inner = innerProblem(body, schema!, '', 0);
  return inner === undefined ? undefined : `${operation}'s answer (${schema}): ${inner}`;
}

/** The required fields `body` lacks, as a message shows them (an array field that is no array says what it is). */
function missingFields(body: Record<string, unknown>, required: readonly string[]): string[] {
  return required
    .filter((field) => (field.endsWith('[]') ? !Array.isArray(body[field.slice(0, -2)]) : body[field] === undefined))
    .map((field) => {
      const name = field.replace(/\[\]$/, '');
      return field.endsWith('[]') && body[name] !== undefined ? `${name} (an array; got ${describe(body[name])})` : name;
    });
}

/** The deepest an answer is looked into: deeper than any schema of the spec nests. */
const MAX_DEPTH = 8;

/**
 * What is wrong inside an answer: a component it carries (a page's items, a reply's usage)
 * that is not an object or lacks a field its schema requires; `path` says where (`items[3]`).
 * A component that is null or absent is left to the field's own rules (a nullable one may be null).
 */
function innerProblem(body: Record<string, unknown>, schema: string, path: string, depth: number): string | undefined {
  const inner = nestedFields[schema];
  if (inner === undefined || depth >= MAX_DEPTH) return undefined;
  for (const [field, target] of Object.entries(inner)) {
    const value = body[field];
    const many = target.endsWith('[]');
    const component = many ? target.slice(0, -2) : target;
    const entries: Array<[string, unknown]> = many
      ? (Array.isArray(value) ? value : []).map((item, index) => [`${path}${field}[${index}]`, item])
      : value === null || value === undefined ? [] : [[`${path}${field}`, value]];
    for (const [where, item] of entries) {
      if (item === null || typeof item !== 'object' || Array.isArray(item)) return `${where} must be an object (${component}); got ${describe(item)}.`;
      const missing = missingFields(item as Record<string, unknown>, requiredFields[component] ?? []);
      if (missing.length > 0) return `${where} (${component}) is missing: ${missing.join(', ')}.`;
      const deeper = innerProblem(item as Record<string, unknown>, component, `${where}.`, depth + 1);
      if (deeper !== undefined) return deeper;
    }
  }
  return undefined;
}

/** The answer with its camelCase names (in place), for the schema of `operation`'s `status`. */
export function namedAnswer<T>(data: T, operation: AnswerOperation | undefined, status: number): T {
  const schema = answerSchema(operation, status);
  return schema === undefined ? data : withCamelNames(data, schema);
}

/**
 * Whether `data` has every field the spec requires of the component `schema` (one of the
 * answer schemas): tells apart answers a route may give (a webhook's receipt from a reply).
 */
export function hasFieldsOf(data: unknown, schema: keyof components['schemas']): boolean {
  const required = requiredFields[schema];
  return required !== undefined && data !== null && typeof data === 'object' && required.every((field) => (data as Record<string, unknown>)[field.replace(/\[\]$/, '')] !== undefined);
}
