/**
 * Typed results from an agent's text, as the PyFlue Python client does with Pydantic
 * models: find the structured block (between `---RESULT_START---` and
 * `---RESULT_END---`, else the text itself, a fenced ```json block, or the outermost
 * JSON value in it), parse it, and validate it with any Standard Schema validator
 * (zod, valibot, arktype, ...).
 */
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { PyFlueInputError } from './errors.js';

export type { StandardSchemaV1 };

const RESULT_BLOCK = /---RESULT_START---\s*\n([\s\S]*?)\n?---RESULT_END---/g;
const FENCED = /```(?:json)?\s*([\s\S]*?)```/gi;

/** The structured part of an agent's reply (the same search order as PyFlue's `_extract_structured_text`). */
export function extractStructuredText(text: string): string {
  // Said at once: a reply's text is a string; anything else would fail as a TypeError inside the search.
  if (typeof text !== 'string') throw new PyFlueInputError(`extractStructuredText() takes the reply's text (a string); got ${text === null ? 'null' : Array.isArray(text) ? 'an array' : typeof text}.`);
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
