/**
 * `npm run check:coverage`: fails (exit 1), naming each one, when spec/openapi.yaml or
 * spec/asyncapi.yaml holds an operation, a run event type, an SSE frame type, a socket
 * message type or an error code that the client in src/ does not surface, and that
 * scripts/coverage-exclusions.ts does not list with a reason. The rules are in
 * scripts/coverage-check/check.ts.
 */
import { fileURLToPath } from 'node:url';
import { coverageExclusions } from './coverage-exclusions.js';
import { checkCoverage, loadSpecs } from './coverage-check/check.js';

const path = (relative: string) => fileURLToPath(new URL(`../${relative}`, import.meta.url));

async function main(): Promise<void> {
  const specs = await loadSpecs(path('spec/openapi.yaml'), path('spec/asyncapi.yaml'));
  const report = await checkCoverage({ ...specs, srcRoot: path('src'), exclusions: coverageExclusions });
  if (report.findings.length > 0) {
    console.error(`check:coverage: the client does not surface ${report.findings.length} thing(s) the specs hold:`);
    for (const finding of report.findings) console.error(`  - ${finding}`);
    console.error('Surface each in the client, or list it with the reason in scripts/coverage-exclusions.ts.');
    process.exit(1);
  }
  console.log(
    `check:coverage: the client surfaces all ${report.checked - report.excluded} spec items it must ` +
      `(${report.excluded} excluded with a reason; ${report.calls.length} openapi-fetch calls found).`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
