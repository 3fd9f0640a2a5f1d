/**
 * The `app` option, read once when the client is made: its Standard Schema validators by
 * kind and name (anything else is refused now, with PyFlueInputError). Entries that are
 * types only (no validator) and names the app does not list pass through unchecked. The
 * checks themselves are the schema chunk (internal/schema/), which ClientContext loads for
 * clients that have an app.
 */
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { PyFlueInputError } from '../core/errors.js';
import { describe } from './checks.js';
import { checkOptions, optionKeys } from './options.js';

const APP_KEYS = optionKeys<{ agents: unknown; workflows: unknown }>({ agents: true, workflows: true });

/** A plain object (not an array, a Map or a class instance): what the app's groups and entries are. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  const prototype = value !== null && typeof value === 'object' ? Object.getPrototypeOf(value) : undefined;
  return prototype === Object.prototype || prototype === null;
}

export interface Entry {
  payload?: StandardSchemaV1 | undefined;
  result?: StandardSchemaV1 | undefined;
  persistent: boolean;
}

/** The validators of an `app` option, by kind and name. */
export interface AppValidators {
  agent: Map<string, Entry>;
  workflow: Map<string, Entry>;
}

export type Kind = keyof AppValidators;

/** Reads the `app` option once, when the client is made; refuses anything but validators. */
export function resolveAppValidators(app: unknown): AppValidators | undefined {
  if (app === undefined) return undefined;
  if (!isPlainObject(app)) throw new PyFlueInputError(`app must be an object with agents and/or workflows; got ${describe(app)}.`);
  // An unknown key (`agent` for `agents`) would leave the whole group unchecked, silently.
  checkOptions(app, APP_KEYS, 'app');
  const validators: AppValidators = { agent: new Map(), workflow: new Map() };
  for (const [kind, payloadKey] of [['agent', 'payload'], ['workflow', 'input']] as const) {
    const group = (app as Record<string, unknown>)[`${kind}s`];
    if (group === undefined) continue;
    if (!isPlainObject(group)) throw new PyFlueInputError(`app.${kind}s must be an object of ${kind} names; got ${describe(group)}.`);
    for (const [name, raw] of Object.entries(group)) {
      if (raw !== undefined && raw !== null && !isPlainObject(raw)) {
        throw new PyFlueInputError(`app.${kind}s.${name} must be an object such as { ${payloadKey}, result } of validators; got ${describe(raw)}.`);
      }
      const entry = (raw ?? {}) as Record<string, { '~standard'?: { validate?: unknown } } | undefined>;
      for (const key of [payloadKey, 'result']) {
        if (entry[key] !== undefined && typeof entry[key]?.['~standard']?.validate !== 'function') {
          throw new PyFlueInputError(`app.${kind}s.${name}.${key} must be a Standard Schema validator (zod, valibot, arktype, ...).`);
        }
      }
      validators[kind].set(name, { payload: entry[payloadKey] as StandardSchemaV1, result: entry.result as StandardSchemaV1, persistent: (entry.persistent as unknown) === true });
    }
  }
  return validators;
}
