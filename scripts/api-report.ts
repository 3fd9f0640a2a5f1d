/**
 * `npm run api:report`: the public API of every entry of the package, as API Extractor
 * (@microsoft/api-extractor) reports it, in api/<entry>.api.md (committed). `npm run
 * generate` refreshes the reports too, so the diff of a regenerate shows exactly what
 * changed for users. `npm run api:report -- --check` writes nothing and fails, naming each
 * report, when one is stale (a step of `npm test`, turbo's `api:check`).
 *
 * The entries are package.json's `exports` (their ESM type declarations), emitted by tsc
 * from src/ with the build's settings into .api-report/ (git-ignored; inside the
 * repository, so the declarations resolve their imports from node_modules, and not under
 * node_modules, where API Extractor would take them for another package's). A report that
 * lost or changed lines is called out as possibly breaking: removed or narrowed API is.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Extractor, ExtractorConfig, ExtractorLogLevel } from '@microsoft/api-extractor';

const root = fileURLToPath(new URL('../', import.meta.url));
const work = join(root, '.api-report');
const reports = join(root, 'api');

interface Entry {
  /** `.`, `./testing`...: the export's key. */
  key: string;
  /** The report's file name: `pyflue-client.api.md`, `pyflue-client-testing.api.md`. */
  report: string;
  /** The entry's declaration file, relative to the ESM build's root (`index.d.ts`). */
  declaration: string;
}

/** Every entry of package.json's `exports` that has ESM types. */
export function entries(): Entry[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, { import?: { types?: string } } | string> };
  return Object.entries(pkg.exports).flatMap(([key, target]) => {
    const types = typeof target === 'object' ? target.import?.types : undefined;
    if (types === undefined) return [];
    const declaration = types.replace(/^\.\/dist\/esm\//, '');
    const suffix = key === '.' ? '' : `-${key.slice(2).replace(/\//g, '-')}`;
    return [{ key, report: `pyflue-client${suffix}.api.md`, declaration }];
  });
}

function emitDeclarations(outDir: string): void {
  rmSync(outDir, { recursive: true, force: true });
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json'), '--emitDeclarationOnly', '--outDir', outDir], { stdio: 'inherit' });
}

/** Lines of `before` that `after` no longer has: what a user may have relied on. */
function lostLines(before: string, after: string): number {
  const kept = new Set(after.split('\n'));
  return before.split('\n').filter((line) => line.trim() !== '' && !kept.has(line)).length;
}

export function apiReports(check: boolean): { stale: string[]; breaking: string[] } {
  const dts = join(work, 'dts');
  emitDeclarations(dts);
  mkdirSync(reports, { recursive: true });
  const stale: string[] = [];
  const breaking: string[] = [];
  for (const entry of entries()) {
    const reportPath = join(reports, entry.report);
    const before = existsSync(reportPath) ? readFileSync(reportPath, 'utf8') : '';
    const config = ExtractorConfig.prepare({
      configObject: {
        projectFolder: root,
        mainEntryPointFilePath: join(dts, entry.declaration),
        compiler: {
          overrideTsconfig: {
            compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2022', 'DOM', 'DOM.Iterable', 'ESNext.Disposable'], types: [], skipLibCheck: true, strict: true, jsx: 'react-jsx' },
            files: [join(dts, entry.declaration)],
          },
        },
        apiReport: { enabled: true, reportFileName: entry.report, reportFolder: reports, reportTempFolder: join(work, 'temp') },
        docModel: { enabled: false },
        dtsRollup: { enabled: false },
        tsdocMetadata: { enabled: false },
        messages: {
          // Findings go into the report itself (as API Extractor's own notes), not to the console.
          compilerMessageReporting: { default: { logLevel: ExtractorLogLevel.None } },
          extractorMessageReporting: {
            default: { logLevel: ExtractorLogLevel.None, addToApiReportFile: true },
            // Release tags (@public, @beta...) are not how this package versions its API: semver and CHANGELOG are.
            'ae-missing-release-tag': { logLevel: ExtractorLogLevel.None, addToApiReportFile: false },
          },
          tsdocMessageReporting: { default: { logLevel: ExtractorLogLevel.None } },
        },
      },
      configObjectFullPath: undefined,
      packageJsonFullPath: join(root, 'package.json'),
    });
    const result = Extractor.invoke(config, { localBuild: !check, messageCallback: (message) => (message.handled = true) });
    if (result.errorCount > 0) throw new Error(`api:report: API Extractor failed on ${entry.key} (${result.errorCount} errors)`);
    if (result.apiReportChanged) {
      stale.push(`api/${entry.report}`);
      const after = readFileSync(check ? join(work, 'temp', entry.report) : reportPath, 'utf8');
      if (lostLines(before, after) > 0) breaking.push(`api/${entry.report}`);
    }
  }
  return { stale, breaking };
}

function main(): void {
  const check = process.argv.includes('--check');
  const { stale, breaking } = apiReports(check);
  if (check && stale.length > 0) {
    console.error(
      `api:check: the public API differs from its committed report: ${stale.join(', ')}.\n` +
        'Run `npm run api:report` (or `npm run generate`), read the diff (what users gain or lose), commit api/, and say in CHANGELOG.md whether it is breaking.',
    );
    process.exit(1);
  }
  for (const report of stale) console.log(`api:report: ${check ? 'stale' : 'updated'} ${report}`);
  for (const report of breaking) {
    console.log(`api:report: ${report} lost or changed lines: possibly a breaking change for users (read the diff; mark it in CHANGELOG.md)`);
  }
  if (stale.length === 0) console.log('api:report: the public API of every entry is as reported in api/');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
