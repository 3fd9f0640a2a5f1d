/**
 * The package as users get it: `npm pack` (which builds), publint and
 * @arethetypeswrong/cli report nothing, and a blank project that installs the tarball
 * can `import` it, `require` it, type-check a usage file against it (ESM and CJS), and
 * call the real server with it.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const exec = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const bin = (name: string) => `${root}node_modules/.bin/${name}`;

async function run(file: string, args: string[], cwd: string) {
  try {
    const { stdout, stderr } = await exec(file, args, { cwd, maxBuffer: 32 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout?: string; stderr?: string };
    return { code: failed.code, output: (failed.stdout ?? '') + (failed.stderr ?? '') };
  }
}

describe('the packed package', () => {
  let workdir = '';
  let tarball = '';
  let project = '';

  beforeAll(async () => {
    workdir = await mkdtemp(`${tmpdir()}/pyflue-client-pack-`);
    const packed = await run(npm, ['pack', '--pack-destination', workdir, '--silent'], root);
    expect(packed.code, packed.output).toBe(0);
    tarball = `${workdir}/${(await readdir(workdir)).find((name) => name.endsWith('.tgz'))}`;
    project = `${workdir}/consumer`;
    await exec('mkdir', ['-p', project]);
    await writeFile(`${project}/package.json`, JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    const installed = await run(npm, ['install', tarball, '--no-audit', '--no-fund', '--ignore-scripts'], project);
    expect(installed.code, installed.output).toBe(0);
  }, 240_000);

  afterAll(async () => {
    if (workdir) await rm(workdir, { recursive: true, force: true });
  });

  it('ships only dist, the README and the changelog', async () => {
    const listing = await run('tar', ['-tzf', tarball], root);
    const files = listing.output.trim().split('\n');
    expect(files.every((file) => /^package\/(dist\/|README\.md$|CHANGELOG\.md$|package\.json$)/.test(file)), files.join('\n')).toBe(true);
    expect(files).toContain('package/dist/esm/index.js');
    expect(files).toContain('package/dist/cjs/index.js');
    expect(files).toContain('package/dist/esm/index.d.ts');
  });

  it('publint reports nothing', async () => {
    const result = await run(bin('publint'), [], root);
    expect(result.output).toContain('All good!');
    expect(result.code).toBe(0);
  }, 120_000);

  it('@arethetypeswrong/cli reports nothing', async () => {
    const result = await run(bin('attw'), [tarball, '--format', 'ascii'], root);
    expect(result.output).toContain('No problems found');
    expect(result.code).toBe(0);
  }, 120_000);

  it('imports (ESM) and requires (CJS), and both talk to the real server', async () => {
    const baseUrl = inject('pyflueBaseUrl');
    const esm = await run(
      process.execPath,
      ['--input-type=module', '-e', `import { PyFlueClient, createFlueClient, PyFlueError } from '@pyflue/client';
        const health = await new PyFlueClient(${JSON.stringify(baseUrl)}).health();
        console.log(JSON.stringify({ health, factory: typeof createFlueClient, error: typeof PyFlueError }));`],
      project,
    );
    expect(esm.code, esm.output).toBe(0);
    expect(JSON.parse(esm.output)).toEqual({ health: { ok: true, framework: 'pyflue' }, factory: 'function', error: 'function' });
    const cjs = await run(
      process.execPath,
      ['-e', `const { createFlueClient, PyFlueNotFoundError } = require('@pyflue/client');
        createFlueClient({ baseUrl: ${JSON.stringify(baseUrl)} }).runs.get('run_missing')
          .catch((error) => console.log(JSON.stringify({ typed: error instanceof PyFlueNotFoundError, status: error.status })));`],
      project,
    );
    expect(cjs.code, cjs.output).toBe(0);
    expect(JSON.parse(cjs.output)).toEqual({ typed: true, status: 404 });
  });

  it('`npx @pyflue/client doctor` runs the installed bin against the real server', async () => {
    const ok = await run(npm, ['exec', '--offline', '--', '@pyflue/client', 'doctor', '--base-url', inject('pyflueBaseUrl'), '--json'], project);
    expect(ok.code, ok.output).toBe(0);
    expect(JSON.parse(ok.output)).toMatchObject({ exitCode: 0, contractVersion: '0.2.0', counts: { drift: 0, unreachable: 0 } });
    const closed = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const unreachable = await run(`${project}/node_modules/.bin/pyflue-client`, ['doctor', '--base-url', `http://127.0.0.1:${closed}`], project);
    expect(unreachable.code).toBe(2);
    expect(unreachable.output).toContain(`cannot reach http://127.0.0.1:${closed}/`);
    expect(unreachable.output).not.toMatch(/^\s+at /m);
  }, 60_000);

  it('type-checks a usage file against the installed types, as ESM and as CommonJS', async () => {
    const usage = `
      import { PyFlueClient, createFlueClient, type RunEvent, type PyFlueApiError } from '@pyflue/client';
      const client = new PyFlueClient('http://127.0.0.1:2024', { token: 't', timeoutMs: 5000 });
      const flue = createFlueClient({ baseUrl: 'http://127.0.0.1:2024' });
      export async function use(): Promise<string> {
        const health: { ok: boolean; framework: string } = await client.health();
        const done = await client.workflows.invoke('greet', { name: 'Ada' }, { wait: true });
        const events: RunEvent[] = [];
        for await (const event of client.runs.stream(done.runId)) events.push(event);
        const file = await flue.agents.invoke('summarize', 'x', { payload: { text: 'a' } });
        const error: PyFlueApiError | undefined = undefined;
        return String(health.ok) + file.runId + String(error) + events.length;
      }
    `;
    await writeFile(`${project}/usage.ts`, usage);
    await writeFile(`${project}/usage-cjs.cts`, usage.replace(/^\s*import /m, 'import ').replace('export async function', 'export async function'));
    await writeFile(
      `${project}/tsconfig.json`,
      JSON.stringify({ compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', lib: ['ES2022', 'DOM', 'ESNext.Disposable'], noEmit: true, skipLibCheck: false, types: [] }, files: ['usage.ts', 'usage-cjs.cts'] }),
    );
    const result = await run(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', project], project);
    expect(result.output).toBe('');
    expect(result.code).toBe(0);
  }, 120_000);
});
