/**
 * The typed result of a prompt: the structured block of the agent's text (see
 * result-schema.ts), parsed and validated with the caller's Standard Schema. Loaded with
 * the first `prompt(text, { result })`, so apps that never ask for one do not ship it.
 */
import { PyFlueResultError } from './errors.js';
import { extractStructuredText, type StandardSchemaV1 } from './result-schema.js';
import { describeIssues } from './schema-issues.js';

/** Parses and validates the result block of `text` with `schema`; throws PyFlueResultError on a mismatch. */
export async function parseResult<Schema extends StandardSchemaV1>(
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
