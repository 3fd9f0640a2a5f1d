/**
 * The README's TypeScript blocks compile against the library's types. A block that
 * starts with `import` stands alone; the others continue the story and get `client`
 * (a PyFlueClient) and `flue` (a createFlueClient one) declared for them.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../', import.meta.url));
const workdir = `${root}.cache/readme-check`;

const PRELUDE = [
  "import type { PyFlueClient } from '@pyflue/client';",
  "declare const client: PyFlueClient<'raw'>;",
  "declare const flue: PyFlueClient<'flue'>;",
].join('\n');

describe('README', () => {
  it('has TypeScript blocks that type-check against the library', async () => {
    const readme = await readFile(`${root}README.md`, 'utf8');
    const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!);
    expect(blocks.length).toBeGreaterThanOrEqual(9);

    await rm(workdir, { recursive: true, force: true });
    await mkdir(workdir, { recursive: true });
    const files = await Promise.all(
      blocks.map(async (block, index) => {
        const file = `block-${String(index + 1).padStart(2, '0')}.ts`;
        const source = block.trimStart().startsWith('import') ? block : `${PRELUDE}\n${block}`;
        await writeFile(`${workdir}/${file}`, `${source}\nexport {};\n`);
        return file;
      }),
    );
    await writeFile(
      `${workdir}/tsconfig.json`,
      JSON.stringify({
        extends: '../../tsconfig.json',
        compilerOptions: { noEmit: true, baseUrl: '.', paths: { '@pyflue/client': ['../../src/index.ts'], '@pyflue/client/otel': ['../../src/otel.ts'], '@pyflue/client/sockets': ['../../src/sockets.ts'] }, allowImportingTsExtensions: true },
        include: files,
      }),
    );
    const result = await run(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', `${workdir}/tsconfig.json`]).then(
      () => ({ code: 0, output: '' }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, output: error.stdout + error.stderr }),
    );
    expect(result.output).toBe('');
    expect(result.code).toBe(0);
  }, 120_000);
});
