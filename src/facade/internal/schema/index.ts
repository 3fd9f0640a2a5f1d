/**
 * Lazy chunk: the Standard Schema checks. Loaded (internal/load.ts) with the first call
 * of a client that has an `app` option of validators, or the first `prompt(text, { result })`;
 * apps that never validate do not ship it. Outside this folder it is imported as types only.
 *
 * - Typed apps: a payload is checked before it is sent (PyFlueInputError, nothing sent), a
 *   result when it arrives (PyFlueResultError; the call itself succeeded).
 * - Typed prompt results: the structured block of an agent's text, parsed and validated.
 */
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { PyFlueInputError, PyFlueResultError } from '../../core/errors.js';
import { extractStructuredText } from '../../core/structured-text.js';
import type { AppValidators, Kind } from '../app-validators.js';

/** A validator's issues as one line for a message: the first five, each `path.to.field: message`. */
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
export async function checkPayload<T>(app: AppValidators, kind: Kind, name: string, payload: T): Promise<T> {
  const schema = app[kind].get(name)?.payload;
  if (!schema) return payload;
  const outcome = await schema['~standard'].validate(payload ?? {});
  if (outcome.issues) {
    throw new PyFlueInputError(`The payload for ${kind} "${name}" does not match the app's schema (${describeIssues(outcome.issues)}); nothing was sent.`, {
      issues: outcome.issues,
    });
  }
  return outcome.value as T;
}

/** A workflow's (or file-based agent's) result as the app's validator returns it; PyFlueResultError when it refuses it. */
export async function checkResult(app: AppValidators, kind: Kind, name: string, value: unknown): Promise<unknown> {
  const entry = app[kind].get(name);
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
export async function checkAgentBody(app: AppValidators, name: string, body: unknown): Promise<unknown> {
  const entry = app.agent.get(name);
  if (!entry?.result || entry.persistent) return body;
  if (body === null || typeof body !== 'object' || Array.isArray(body) || !('_meta' in body)) return checkResult(app, 'agent', name, body);
  const { _meta, ...value } = body as Record<string, unknown>;
  const checked = await checkResult(app, 'agent', name, value);
  return checked !== null && typeof checked === 'object' && !Array.isArray(checked) ? { ...checked, _meta } : checked;
}

/** Parses and validates the result block of an agent's `text` with `schema`; PyFlueResultError on a mismatch. */
export async function parsePromptResult<Schema extends StandardSchemaV1>(
  text: string,
  schema: Schema,
): Promise<StandardSchemaV1.InferOutput<Schema>> {
  const raw = extractStructuredText(text);
  let value: unknown = raw;
  if (raw.startsWith('{') || raw.startsWith('[')) {
    try {
      value = JSON.parse(raw);
    } catch (cause) {
      throw new PyFlueResultError(`The agent's result block is not valid JSON: ${(cause as Error).message}. Block: ${raw.slice(0, 300)}`, text, [
        { message: 'invalid JSON' },
      ]);
    }
  }
  const outcome = await schema['~standard'].validate(value);
  if (outcome.issues) {
    throw new PyFlueResultError(
      `The agent's result did not match the schema (${describeIssues(outcome.issues)}). Extracted value: ${raw.slice(0, 300)}`,
      text,
      outcome.issues,
    );
  }
  return outcome.value;
}
