/**
 * A 2xx JSON answer, checked against what its route's answer must be (the generated
 * src/generated/wire.ts: the component schema of each operation's 2xx answers, and the
 * fields each schema requires) and given its camelCase names. Lenient where the spec is:
 * fields the spec does not know are kept as they came, and a union answer (a file-based
 * agent's result: any JSON value) is not checked.
 */
import type { components } from '../../../generated/openapi.js';
import { answers, requiredFields, type AnswerOperation } from '../../../generated/answers.js';
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
  const missing = required.filter((field) => (field.endsWith('[]') ? !Array.isArray(body[field.slice(0, -2)]) : body[field] === undefined));
  if (missing.length === 0) return undefined;
  const shown = missing.map((field) => {
    const name = field.replace(/\[\]$/, '');
    return field.endsWith('[]') && body[name] !== undefined ? `${name} (an array; got ${describe(body[name])})` : name;
  });
  return `${operation}'s answer (${schema}) must have ${required.map((field) => field.replace(/\[\]$/, '')).join(', ')}; missing: ${shown.join(', ')}.`;
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
