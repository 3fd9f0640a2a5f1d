/**
 * The README's code blocks, as a reader pastes them: each TypeScript block type-checks on
 * its own (no shared prelude, no ambient `declare` standing in for a value), each
 * JavaScript block parses on the Node running the tests, and the typed-result example
 * succeeds against the real fixture server.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, inject, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../', import.meta.url));
const workdir = `${root}.cache/readme-check`;
const README_BASE_URL = 'http://127.0.0.1:2024';

function blocks(readme: string, language: 'ts' | 'js'): string[] {
  return [...readme.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((match) => match[1]!);
}

async function outcome(promise: Promise<{ stdout: string; stderr: string }>) {
  return promise.then(
    ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, output: error.stdout + error.stderr }),
  );
}

describe('README', () => {
  let readme = '';
  beforeAll(async () => {
    readme = await readFile(`${root}README.md`, 'utf8');
    await rm(workdir, { recursive: true, force: true });
    await mkdir(workdir, { recursive: true });
    // `@pyflue/client` resolves to the sources, for tsc and for tsx alike.
    await writeFile(
      `${workdir}/tsconfig.json`,
      JSON.stringify({
        extends: '../../tsconfig.json',
        compilerOptions: { noEmit: true, baseUrl: '.', paths: { '@pyflue/client': ['../../src/index.ts'], '@pyflue/client/otel': ['../../src/otel.ts'], '@pyflue/client/sockets': ['../../src/sockets.ts'], '@pyflue/client/testing': ['../../src/testing/index.ts'], '@pyflue/client/live': ['../../src/live/index.ts'], '@pyflue/client/react': ['../../src/react/index.ts'] }, allowImportingTsExtensions: true },
        include: ['block-*.ts'],
      }),
    );
  });

  it('has TypeScript blocks that each type-check on their own', async () => {
    const sources = blocks(readme, 'ts');
    expect(sources.length).toBeGreaterThanOrEqual(9);
    for (const [index, source] of sources.entries()) {
      // Pasted, a `declare const client` is no client at all.
      expect(source, `block ${index + 1}`).not.toMatch(/^\s*declare\s/m);
      expect(source.trimStart(), `block ${index + 1} says what it imports`).toMatch(/^import /);
    }
    // One file per block: each is its own module, so nothing one block declares reaches another.
    await Promise.all(
      sources.map((source, index) => writeFile(`${workdir}/block-${String(index + 1).padStart(2, '0')}.ts`, `${source}\nexport {};\n`)),
    );
    const result = await outcome(run(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', `${workdir}/tsconfig.json`]));
    expect(result.output).toBe('');
    expect(result.code).toBe(0);
  }, 120_000);

  it('has JavaScript blocks that this Node parses (the Node 20 forms of `await using`)', async () => {
    const sources = blocks(readme, 'js');
    expect(sources.length).toBeGreaterThanOrEqual(1);
    for (const [index, source] of sources.entries()) {
      const file = `${workdir}/plain-${index + 1}.mjs`;
      await writeFile(file, source);
      const result = await outcome(run(process.execPath, ['--check', file]));
      expect(result.output, `js block ${index + 1}`).toBe('');
      expect(result.code).toBe(0);
    }
  });

  it('runs the Standard Schema example against the real server, and it succeeds', async () => {
    const example = blocks(readme, 'ts').find((source) => source.includes('result: City'));
    expect(example).toBeDefined();
    expect(example).toContain(`'${README_BASE_URL}'`);
    const file = `${workdir}/run-typed-result.ts`;
    await writeFile(file, example!.replaceAll(`'${README_BASE_URL}'`, JSON.stringify(inject('pyflueBaseUrl'))));
    const result = await outcome(
      run(process.execPath, ['--import', 'tsx', file], { cwd: workdir, env: { ...process.env, TSX_TSCONFIG_PATH: `${workdir}/tsconfig.json` } }),
    );
    expect(result.code, result.output).toBe(0);
    expect(result.output.trim()).toBe('Lisbon 545923');
  }, 60_000);

  it('runs the middleware example against the real server, and it succeeds', async () => {
    const example = blocks(readme, 'ts').find((source) => source.includes('const logging: Middleware'));
    expect(example).toBeDefined();
    expect(example).toContain(`'${README_BASE_URL}'`);
    const file = `${workdir}/run-middleware.ts`;
    await writeFile(file, example!.replaceAll(`'${README_BASE_URL}'`, JSON.stringify(inject('pyflueBaseUrl'))));
    const result = await outcome(
      run(process.execPath, ['--import', 'tsx', file], { cwd: workdir, env: { ...process.env, TSX_TSCONFIG_PATH: `${workdir}/tsconfig.json` } }),
    );
    expect(result.code, result.output).toBe(0);
    // The logging middleware saw every call: the start, the record (per-call headers), .withResponse() and health.
    const lines = result.output.trim().split('\n');
    expect(lines.filter((line) => line.includes(' -> '))).toEqual([
      'POST /workflows/{name} -> 202',
      'GET /runs/{run_id} -> 200',
      'POST /workflows/{name} -> 200',
      'GET /health -> 200',
    ]);
    expect(result.output).toMatch(/^200 workflow:greet:run_\w+ \{/m); // response.status and X-Flue-Run-Id
    expect(result.output).toContain("greeting: 'Hello, Ada!'");
  }, 60_000);
});
