/**
 * The run-time half of typed apps: the `app` option's Standard Schema validators check a
 * payload before it is sent (PyFlueInputError, nothing sent) and a result when it arrives
 * (PyFlueResultError; the call itself succeeded). Entries that are types only (no
 * validator) and names the app does not list pass through unchecked.
 */
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { PyFlueInputError, PyFlueResultError } from './errors.js';

interface Entry {
  payload?: StandardSchemaV1 | undefined;
  result?: StandardSchemaV1 | undefined;
  persistent: boolean;
}

/** The validators of an `app` option, by kind and name. */
export interface AppValidators {
  agent: Map<string, Entry>;
  workflow: Map<string, Entry>;
}

type Kind = keyof AppValidators;

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

function describeIssues(issues: ReadonlyArray<StandardSchemaV1.Issue>): string {
  return issues
    .slice(0, 5)
    .map((issue) => {
      const path = (issue.path ?? []).map((key) => String(typeof key === 'object' ? key.key : key)).join('.');
      return `${path ? `${path}: ` : ''}${issue.message}`;
    })
    .join('; ');
}

/** The payload as the app's validator returns it; PyFlueInputError, before anything is sent, when it refuses it. */
export async function checkPayload<T>(app: AppValidators | undefined, kind: Kind, name: string, payload: T): Promise<T> {
  const schema = app?.[kind].get(name)?.payload;
  if (!schema) return payload;
  const outcome = await schema['~standard'].validate(payload ?? {});
  if (outcome.issues) {
    throw new PyFlueInputError(`The payload for ${kind} "${name}" does not match the app's schema (${describeIssues(outcome.issues)}); nothing was sent.`, {
      issues: outcome.issues,
    });
  }
  return outcome.value as T;
}

/** A workflow's result as the app's validator returns it; PyFlueResultError when it refuses it. */
export async function checkResult(app: AppValidators | undefined, kind: Kind, name: string, value: unknown): Promise<unknown> {
  const entry = app?.[kind].get(name);
  if (!entry?.result || entry.persistent) return value;
  const outcome = await entry.result['~standard'].validate(value);
  if (outcome.issues) {
    const text = JSON.stringify(value) ?? String(value);
    throw new PyFlueResultError(
      `The result of ${kind} "${name}" does not match the app's schema (${describeIssues(outcome.issues)}). Received: ${text.slice(0, 300)}`,
      text,
      outcome.issues,
      value,
    );
  }
  return outcome.value;
}

/**
 * A file-based agent's raw body with its handler's value checked: a dict's `_meta` is
 * set aside for the check (the handler did not return it) and put back after.
 */
export async function checkAgentBody(app: AppValidators | undefined, name: string, body: unknown): Promise<unknown> {
  const entry = app?.agent.get(name);
  if (!entry?.result || entry.persistent) return body;
  if (body === null || typeof body !== 'object' || Array.isArray(body) || !('_meta' in body)) return checkResult(app, 'agent', name, body);
  const { _meta, ...value } = body as Record<string, unknown>;
  const checked = await checkResult(app, 'agent', name, value);
  return checked !== null && typeof checked === 'object' && !Array.isArray(checked) ? { ...checked, _meta } : checked;
}
