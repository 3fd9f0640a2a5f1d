/**
 * `npm test`'s first step (turbo's `generate:check`, which build, typecheck and
 * check:coverage wait for) fails on a spec edited without regenerating, and says how to
 * fix it. Run on a copy of the generator, the specs and src/generated/ in a temporary
 * folder (its node_modules a link to the repository's), so the repository is untouched.
 */
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const turbo = JSON.parse(await readFile(join(root, 'turbo.json'), 'utf8')) as { tasks: Record<string, { dependsOn?: string[] }> };
const scripts = (JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

describe('a stale generated layer fails npm test first', () => {
  let copy: string;
  beforeAll(async () => {
    copy = await mkdtemp(join(tmpdir(), 'pyflue-generate-check-'));
    for (const file of ['scripts/generate.ts', 'scripts/asyncapi-emitter.ts', 'scripts/contract-summary.ts', 'scripts/runtime', 'scripts/api-report.ts']) await cp(join(root, file), join(copy, file), { recursive: true });
    await cp(join(root, 'spec'), join(copy, 'spec'), { recursive: true });
    await cp(join(root, 'src/generated'), join(copy, 'src/generated'), { recursive: true });
    await symlink(join(root, 'node_modules'), join(copy, 'node_modules'), 'dir');
  });
  afterAll(async () => {
    await rm(copy, { recursive: true, force: true });
  });

  const runCheck = () =>
    spawnSync(join(root, 'node_modules/.bin/tsx'), ['scripts/generate.ts', '--check'], { cwd: copy, encoding: 'utf8', timeout: 120_000 });

  it('npm test checks the generated layer before anything else, and never rewrites it', () => {
    expect(scripts['generate:check']).toBe('tsx scripts/generate.ts --check');
    for (const task of ['build', 'typecheck', 'check:coverage']) expect(turbo.tasks[task]?.dependsOn).toContain('generate:check');
    expect(turbo.tasks['test:run']?.dependsOn).toEqual(expect.arrayContaining(['build', 'typecheck', 'check:coverage']));
    // No task of the pipeline writes src/generated/: only `npm run generate` does.
    expect(Object.keys(turbo.tasks)).not.toContain('generate');
  });

  it('passes on the committed layer', () => {
    const result = runCheck();
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('src/generated/ is up to date');
    expect(result.status).toBe(0);
  });

  it('fails on a spec edited without regenerating, naming the stale files and the fix', async () => {
    const spec = join(copy, 'spec/openapi.yaml');
    const text = await readFile(spec, 'utf8');
    const edited = text.replace('enum: [agent_not_found, agent_not_webhook,', 'enum: [session_not_found, agent_not_found, agent_not_webhook,');
    expect(edited).not.toBe(text);
    await writeFile(spec, edited);
    const result = runCheck();
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('stale generated files: src/generated/openapi.ts');
    expect(result.stderr).toContain('run `npm run generate`');
  });
});
