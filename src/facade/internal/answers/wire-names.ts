/**
 * The camelCase names of the fields the server sends in snake_case alone (`event_count`,
 * `is_error`, `cache_read`, `session_id`...), added beside them as the objects arrive, so
 * that every field of a public type is there under the name its type shows. Which fields,
 * and under which names, is the spec's (src/generated/answers.ts `camelNames`, the rule the
 * generated `FieldNames` gives the types): a field the spec adds gets its name after
 * `npm run generate`, with no edit here.
 *
 * The snake_case keys stay, and the added names are not enumerable: the object serializes
 * as the server sent it. Only the fields a component schema declares are touched, never
 * a handler's result or a log's own fields.
 */
import { camelNames } from '../../../generated/answers.js';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Adds `to` as a copy of `from` when the object has `from` and not yet `to`. The name is
 * not enumerable: `JSON.stringify`, spreads and deep-equality still see the server's body
 * exactly as it was sent; the field reads like any other.
 */
function alias(object: Json, from: string, to: string): void {
  if (from in object && !(to in object)) {
    Object.defineProperty(object, to, { value: object[from], enumerable: false, writable: true, configurable: true });
  }
}

/**
 * Gives `value`, a body of the component schema `schema` (`RunRecord`; `RunRecord[]` for an
 * array of them), its camelCase names, in place, and returns it.
 */
export function withCamelNames<T>(value: T, schema: string): T {
  if (schema.endsWith('[]')) {
    if (Array.isArray(value)) for (const item of value) withCamelNames(item, schema.slice(0, -2));
    return value;
  }
  const rule = camelNames[schema];
  if (rule === undefined || !isObject(value)) return value;
  if (rule.byType) {
    const member = typeof value.type === 'string' ? rule.byType[value.type] : undefined;
    return member === undefined ? value : withCamelNames(value, member);
  }
  if (rule.anyOf) {
    // The one member whose required fields are all there; none when several could be.
    const matching = Object.entries(rule.anyOf).filter(([, required]) => required.every((key) => key in value));
    return matching.length === 1 ? withCamelNames(value, matching[0]![0]) : value;
  }
  for (const [from, to] of Object.entries(rule.alias ?? {})) alias(value, from, to);
  for (const [property, target] of Object.entries(rule.walk ?? {})) withCamelNames(value[property], target);
  return value;
}
