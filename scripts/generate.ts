/**
 * `npm run generate`: turns the two specs into src/generated/.
 *   spec/openapi.yaml  -> src/generated/openapi.ts   (openapi-typescript)
 *   spec/asyncapi.yaml -> src/generated/asyncapi.ts  (scripts/asyncapi-emitter.ts)
 *   both               -> src/generated/contract.ts  (scripts/contract-summary.ts; what `doctor` checks)
 *   spec/openapi.yaml  -> src/generated/wire.ts      (scripts/runtime/wire-emitter.ts; the main chunk's run-time tables)
 *   spec/openapi.yaml  -> src/generated/answers.ts   (scripts/runtime/wire-emitter.ts; internal/answers/'s: required fields, camelCase names)
 *   both               -> src/generated/channels.ts  (scripts/runtime/channels-emitter.ts; every stream's and socket's frames)
 * Then it refreshes the public-API reports in api/ (scripts/api-report.ts), so the diff
 * of a regenerate shows what changed for users.
 * `npm run generate -- --check` writes nothing and exits 1, naming each stale file,
 * when the committed output differs from what the specs produce (CI runs it).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { renderAsyncApiModule } from './asyncapi-emitter.js';
import { apiReports } from './api-report.js';
import { renderContractModule } from './contract-summary.js';
import { renderChannelsModule } from './runtime/channels-emitter.js';
import { readSpecs } from './runtime/spec.js';
import { renderWireModules } from './runtime/wire-emitter.js';

const root = new URL('../', import.meta.url);
const path = (relative: string) => fileURLToPath(new URL(relative, root));

async function renderOpenApiModule(specPath: string): Promise<string> {
  // openapi-typescript's defaults: objects get index signatures only where the spec says
  // `additionalProperties`, and optional fields stay optional (the spec has no defaults).
  const ast = await openapiTS(pathToFileURL(specPath));
  const header =
    '/**\n * Generated from spec/openapi.yaml by `npm run generate` (openapi-typescript).\n' +
    ' * Do not edit: change the spec and regenerate.\n */\n\n';
  return header + documentRoots(astToString(ast));
}

/** openapi-typescript leaves its root interfaces undocumented; the API reference wants a line each. */
const ROOT_DOCS: Record<string, string> = {
  paths: 'Every route of spec/openapi.yaml, by path and method (the type openapi-fetch works from).',
  webhooks: 'The spec declares no webhooks.',
  components: "The spec's reusable schemas, responses, parameters and examples.",
  $defs: 'The spec declares no $defs.',
  operations: 'Every operation of spec/openapi.yaml, by operationId.',
};

function documentRoots(source: string): string {
  return source.replace(/^export (interface|type) (\$?\w+)/gm, (line, _kind: string, name: string) =>
    ROOT_DOCS[name] ? `/** ${ROOT_DOCS[name]} */\n${line}` : line,
  );
}

const outputs: Array<{ file: string; render: () => Promise<string> }> = [
  { file: 'src/generated/openapi.ts', render: () => renderOpenApiModule(path('spec/openapi.yaml')) },
  { file: 'src/generated/asyncapi.ts', render: () => renderAsyncApiModule(path('spec/asyncapi.yaml')) },
  {
    file: 'src/generated/contract.ts',
    render: () => renderContractModule(path('spec/openapi.yaml'), path('spec/asyncapi.yaml')),
  },
  { file: 'src/generated/wire.ts', render: async () => renderWireModules(readSpecs(path('spec/openapi.yaml'), path('spec/asyncapi.yaml'))).wire },
  { file: 'src/generated/answers.ts', render: async () => renderWireModules(readSpecs(path('spec/openapi.yaml'), path('spec/asyncapi.yaml'))).answers },
  { file: 'src/generated/channels.ts', render: async () => renderChannelsModule(readSpecs(path('spec/openapi.yaml'), path('spec/asyncapi.yaml'))) },
];

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const stale: string[] = [];
  for (const { file, render } of outputs) {
    const text = await render();
    if (check) {
      const committed = await readFile(path(file), 'utf8').catch(() => null);
      if (committed !== text) stale.push(file);
    } else {
      await writeFile(path(file), text);
      console.log(`generate: wrote ${file}`);
    }
  }
  if (stale.length > 0) {
    console.error(
      `generate --check: stale generated files: ${stale.join(', ')}.\n` +
        'The specs changed without regenerating: run `npm run generate` and commit src/generated/.',
    );
    process.exit(1);
  }
  if (check) {
    console.log('generate --check: src/generated/ is up to date');
    return;
  }
  // The public API of every entry after the regenerate: its diff is what users gain or lose.
  let api: ReturnType<typeof apiReports>;
  try {
    api = apiReports(false);
  } catch {
    // A spec change that breaks the sources (a renamed field) is the type-check's to name; the generated files are written.
    console.error('generate: api/ not refreshed: the sources do not compile against the new types yet (`npm run typecheck` names why); run `npm run api:report` once they do.');
    return;
  }
  for (const report of api.stale) console.log(`generate: updated ${report}${api.breaking.includes(report) ? ' (lost or changed lines: possibly breaking, mark it in CHANGELOG.md)' : ''}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
