/**
 * The query of a call, from its options: each query parameter the spec gives the operation
 * (src/generated/wire.ts `queries`) is an option of the method under its camelCase name,
 * checked against the parameter's schema (PyFlueInputError before anything is sent) and
 * sent under its wire name. A parameter the spec adds is an option after `npm run
 * generate`, with no edit to the method.
 */
import { queries, type QueryOperation } from '../../generated/wire.js';
import { PyFlueInputError } from '../core/errors.js';
import { describe, optionalBoolean, optionalEnum, optionalInteger, optionalQueryString } from './checks.js';

/** The option names of a method: its own (`base`) and its operation's query parameters. */
export function queryOptionKeys(operation: QueryOperation, base: Iterable<string>): ReadonlySet<string> {
  return new Set([...base, ...Object.keys(queries[operation])]);
}

/** The wire query of `operation` from an option bag (its other options are left alone): the values given, checked, under their wire names. */
export function toQuery(operation: QueryOperation, options: object): Record<string, QueryValue> {
  const query: Record<string, QueryValue> = {};
  for (const [option, [wire, kind, ...rule]] of Object.entries(queries[operation] as Record<string, readonly [string, string, ...unknown[]]>)) {
    const value = checked((options as Record<string, unknown>)[option], option, kind, rule);
    if (value !== undefined) query[wire] = value;
  }
  return query;
}

type QueryValue = string | number | boolean;

/** `value` checked against what its parameter's schema says (see `QueryValue` in src/generated/wire.ts). */
function checked(value: unknown, option: string, kind: string, rule: unknown[]): QueryValue | undefined {
  switch (kind) {
    case 'integer':
      return optionalInteger(value, option, (rule[0] as number | undefined) ?? Number.MIN_SAFE_INTEGER, (rule[1] as number | undefined) ?? Number.MAX_SAFE_INTEGER);
    case 'enum':
      return optionalEnum(value, option, rule[0] as readonly string[]);
    case 'boolean':
      return optionalBoolean(value, option);
    case 'number':
      if (value === undefined || (typeof value === 'number' && Number.isFinite(value))) return value;
      throw new PyFlueInputError(`${option} must be a finite number; got ${describe(value)}.`);
    default:
      return optionalQueryString(value, option);
  }
}
