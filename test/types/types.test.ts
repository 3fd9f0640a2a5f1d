/**
 * The type tests: test/types/fixtures/*.types.ts are what users write (positives with
 * vitest's `expectTypeOf`, negatives with `@ts-expect-error`, which fails when the line
 * compiles). tsc checks them here, so they run in `npm test`.
 */
import { execFile } from 'node:child_process';
import { readdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const fixtures = `${root}test/types/fixtures`;

async function tsc(project: string): Promise<{ code: number; output: string }> {
  return run(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', project]).then(
    () => ({ code: 0, output: '' }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, output: error.stdout + error.stderr }),
  );
}

describe('type tests', () => {
  it('the fixtures compile: unions narrow, typos fail, typed apps type every path', async () => {
    const files = (await readdir(fixtures)).filter((file) => file.endsWith('.types.ts'));
    expect(files.length).toBeGreaterThanOrEqual(3);
    await writeFile(
      `${fixtures}/tsconfig.json`,
      JSON.stringify({ extends: '../../../tsconfig.json', compilerOptions: { noEmit: true }, include: files }),
    );
    const result = await tsc(`${fixtures}/tsconfig.json`);
    expect(result.output).toBe('');
    expect(result.code).toBe(0);
  }, 120_000);
});
