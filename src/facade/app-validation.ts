/**
 * The run-time half of typed apps: the `app` option's Standard Schema validators check a
 * payload before it is sent (PyFlueInputError, nothing sent) and a result when it arrives
 * (PyFlueResultError; the call itself succeeded). Entries that are types only (no
 * validator) and names the app does not list pass through unchecked. This module reads
 * the option when the client is made; the checks are in app-checks.ts, loaded only by
 * clients that have an app.
 */
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { PyFlueInputError } from './errors.js';

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

// The checks themselves (app-checks.ts) are loaded with the first call of a client that has
// an app: apps without one never ship them. Without an app each passes its value through.

/** The payload as the app's validator returns it; PyFlueInputError, before anything is sent, when it refuses it. */
export async function checkPayload<T>(app: AppValidators | undefined, kind: Kind, name: string, payload: T): Promise<T> {
  return app ? (await import('./app-checks.js')).checkPayload(app, kind, name, payload) : payload;
}

/** A workflow's result as the app's validator returns it; PyFlueResultError when it refuses it. */
export async function checkResult(app: AppValidators | undefined, kind: Kind, name: string, value: unknown): Promise<unknown> {
  return app ? (await import('./app-checks.js')).checkResult(app, kind, name, value) : value;
}

/** A file-based agent's raw body with its handler's value checked (`_meta` set aside for the check). */
export async function checkAgentBody(app: AppValidators | undefined, name: string, body: unknown): Promise<unknown> {
  return app ? (await import('./app-checks.js')).checkAgentBody(app, name, body) : body;
}
