/**
 * Validates an AsyncAPI document with @asyncapi/parser.
 *
 *   npx tsx scripts/validate-asyncapi.ts [file]     (default: spec/asyncapi.yaml)
 *
 * Prints every parser diagnostic with its path. The parser does not check message
 * examples against their payload schemas for AsyncAPI 3 documents, so this script
 * does that too (with ajv) and reports a mismatch as an error. Exits 1 when there
 * is any error, otherwise prints `asyncapi: <file> valid (<n> warnings)`.
 */
import { Ajv } from 'ajv';

import {
  SEVERITY_ERROR,
  SEVERITY_WARNING,
  collectMessages,
  formatDiagnostic,
  messagePayloadSchema,
  parseAsyncApiFile,
  stripParserExtensions,
} from './asyncapi-emitter.js';
import type { AsyncAPIDocumentInterface } from '@asyncapi/parser';

/** `error example-payload at components.messages.X.examples.0.payload: ...` lines. */
function checkExamples(document: AsyncAPIDocumentInterface): string[] {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const problems: string[] = [];
  for (const [name, message] of collectMessages(document)) {
    const validate = ajv.compile(messagePayloadSchema(message));
    message.examples().all().forEach((example, index) => {
      const label = example.name() ?? String(index);
      if (!example.hasPayload()) return;
      if (!validate(stripParserExtensions(example.payload()))) {
        const reasons = (validate.errors ?? [])
          .map((error) => `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`)
          .join('; ');
        problems.push(`error example-payload at message ${name}, example ${label}: ${reasons}`);
      }
    });
  }
  return problems;
}

async function main(): Promise<number> {
  const file = process.argv[2] ?? 'spec/asyncapi.yaml';
  let parsed;
  try {
    parsed = await parseAsyncApiFile(file);
  } catch (error) {
    console.error(`asyncapi: cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  const { document, diagnostics } = parsed;
  for (const diagnostic of diagnostics) console.log(formatDiagnostic(diagnostic));

  let errors = diagnostics.filter((diagnostic) => diagnostic.severity === SEVERITY_ERROR).length;
  const warnings = diagnostics.filter((diagnostic) => diagnostic.severity === SEVERITY_WARNING).length;
  if (document !== undefined) {
    const exampleProblems = checkExamples(document);
    for (const problem of exampleProblems) console.log(problem);
    errors += exampleProblems.length;
  } else if (errors === 0) {
    console.log('error parser: the parser returned no document');
    errors = 1;
  }

  if (errors > 0) {
    console.error(`asyncapi: ${file} invalid (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warnings)`);
    return 1;
  }
  console.log(`asyncapi: ${file} valid (${warnings} warnings)`);
  return 0;
}

process.exitCode = await main();
