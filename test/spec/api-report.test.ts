/**
 * The public API of every entry is recorded in api/ (API Extractor's reports, committed):
 * `npm test` fails when a report is stale (turbo's `api:check`, like `generate:check`),
 * naming the report and the fix, so the diff of a change or a regenerate shows what users
 * gain or lose. Run on a copy of the sources in a temporary folder; the repository is untouched.
 */
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const turbo = JSON.parse(await readFile(join(root, 'turbo.json'), 'utf8')) as { tasks: Record<string, { dependsOn?: string[] }> };
const scripts = (JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

describe('the public-API reports', () => {
  let copy: string;
  beforeAll(async () => {
    // Inside the repository (its node_modules resolve the declarations' imports), git-ignored.
    copy = await mkdtemp(join(root, '.api-report-test-'));
    for (const item of ['src', 'api', 'scripts/api-report.ts', 'package.json', 'tsconfig.json', 'tsconfig.build.json']) await cp(join(root, item), join(copy, item), { recursive: true });
    await symlink(join(root, 'node_modules'), join(copy, 'node_modules'), 'dir');
  });
  afterAll(async () => {
    await rm(copy, { recursive: true, force: true });
  });

  const runCheck = () => spawnSync(join(root, 'node_modules/.bin/tsx'), ['scripts/api-report.ts', '--check'], { cwd: copy, encoding: 'utf8', timeout: 240_000 });

  it('are checked by npm test and refreshed by their own command and by npm run generate', async () => {
    expect(scripts['api:report']).toBe('tsx scripts/api-report.ts');
    expect(scripts['api:check']).toBe('tsx scripts/api-report.ts --check');
    expect(turbo.tasks['test:run']?.dependsOn).toContain('api:check');
    expect(await readFile(join(root, 'scripts/generate.ts'), 'utf8')).toContain('apiReports(false)');
  });

  it('pass on the committed reports, and fail on a public type changed without refreshing them', { timeout: 300_000 }, async () => {
    const passed = runCheck();
    expect(passed.stdout).toContain('the public API of every entry is as reported in api/');
    expect(passed.status).toBe(0);

    const types = join(copy, 'src/facade/core/types.ts');
    await writeFile(types, `${await readFile(types, 'utf8')}\n/** Added without refreshing the report. */\nexport interface ProbeAddedType { probe: string }\n`);
    const index = join(copy, 'src/index.ts');
    await writeFile(index, `${await readFile(index, 'utf8')}\nexport type { ProbeAddedType } from './facade/core/types.js';\n`);
    const failed = runCheck();
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain('the public API differs from its committed report: api/pyflue-client.api.md');
    expect(failed.stderr).toContain('Run `npm run api:report`');
  });
});
