/**
 * The `app` option, read once when the client is made: its Standard Schema validators by
 * kind and name. Entries that are types only (no validator) and names the app does not
 * list pass through unchecked. The checks themselves are the schema chunk
 * (internal/schema/), which ClientContext loads for clients that have an app.
 */
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { PyFlueInputError } from '../core/errors.js';

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

function isSchema(value: unknown): value is StandardSchemaV1 {
  const standard = (value as { '~standard'?: { validate?: unknown } } | null | undefined)?.['~standard'];
  return typeof standard?.validate === 'function';
}

function entries(group: unknown, kind: Kind, payloadKey: 'payload' | 'input'): Map<string, Entry> {
  const map = new Map<string, Entry>();
  if (group === undefined) return map;
  if (group === null || typeof group !== 'object') throw new PyFlueInputError(`app.${kind}s must be an object of ${kind} names; got ${typeof group}.`);
  for (const [name, raw] of Object.entries(group)) {
    const entry = (raw ?? {}) as Record<string, unknown>;
    for (const key of [payloadKey, 'result']) {
      if (entry[key] !== undefined && !isSchema(entry[key])) {
        throw new PyFlueInputError(`app.${kind}s.${name}.${key} must be a Standard Schema validator (zod, valibot, arktype, ...).`);
      }
    }
    map.set(name, {
      payload: entry[payloadKey] as StandardSchemaV1 | undefined,
      result: entry.result as StandardSchemaV1 | undefined,
      persistent: entry.persistent === true,
    });
  }
  return map;
}

/** Reads the `app` option once, when the client is made; refuses anything but validators. */
export function resolveAppValidators(app: unknown): AppValidators | undefined {
  if (app === undefined) return undefined;
  if (app === null || typeof app !== 'object') throw new PyFlueInputError(`app must be an object with agents and/or workflows; got ${app === null ? 'null' : typeof app}.`);
  const { agents, workflows } = app as { agents?: unknown; workflows?: unknown };
  return { agent: entries(agents, 'agent', 'payload'), workflow: entries(workflows, 'workflow', 'input') };
}
