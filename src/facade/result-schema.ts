/**
 * Typed results from an agent's text, as the PyFlue Python client does with Pydantic
 * models: find the structured block (between `---RESULT_START---` and
 * `---RESULT_END---`, else the text itself, a fenced ```json block, or the outermost
 * JSON value in it), parse it, and validate it with any Standard Schema validator
 * (zod, valibot, arktype, ...).
 */
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { PyFlueResultError } from './errors.js';

export type { StandardSchemaV1 };

const RESULT_BLOCK = /---RESULT_START---\s*\n([\s\S]*?)\n?---RESULT_END---/g;
const FENCED = /```(?:json)?\s*([\s\S]*?)```/gi;

/** The structured part of an agent's reply (the same search order as PyFlue's `_extract_structured_text`). */
export function extractStructuredText(text: string): string {
  const blocks = [...text.matchAll(RESULT_BLOCK)];
  if (blocks.length > 0) return blocks.at(-1)![1]!.trim();
  const stripped = text.trim();
  if (stripped.startsWith('{') || stripped.startsWith('[')) return stripped;
  for (const [, candidate] of [...stripped.matchAll(FENCED)].reverse()) {
    const inner = candidate!.trim();
    if (inner.startsWith('{') || inner.startsWith('[')) return inner;
  }
  for (const [open, close] of [['{', '}'], ['[', ']']] as const) {
    const start = stripped.indexOf(open);
    const end = stripped.lastIndexOf(close);
    if (start !== -1 && end > start) {
      const candidate = stripped.slice(start, end + 1).trim();
      try {
        JSON.parse(candidate);
        return candidate;
      } catch {
        // not JSON: try the next bracket kind
      }
    }
  }
  return stripped;
}

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
    const summary = outcome.issues
      .slice(0, 5)
      .map((issue) => `${issue.path?.length ? `${issue.path.map((key) => (typeof key === 'object' ? key.key : key)).join('.')}: ` : ''}${issue.message}`)
      .join('; ');
    throw new PyFlueResultError(
      `The agent's result did not match the schema (${summary}). Extracted value: ${raw.slice(0, 300)}`,
      text,
      outcome.issues,
    );
  }
  return outcome.value;
}
