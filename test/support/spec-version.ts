/** The PyFlue release the specs follow (`info.version` of spec/openapi.yaml): tests name it from here, never by hand. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const SPEC_VERSION = String(
  (parse(readFileSync(fileURLToPath(new URL('../../spec/openapi.yaml', import.meta.url)), 'utf8')) as { info: { version: string } }).info.version,
);
