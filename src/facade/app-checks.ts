/**
 * The checks of a typed app's validators (see app-validation.ts): loaded with the first
 * call of a client that has an `app` option.
 */
import type { AppValidators, Kind } from './app-validation.js';
import { PyFlueInputError, PyFlueResultError } from './errors.js';
import { describeIssues } from './schema-issues.js';

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
