/**
 * `npm run build`: the ESM build (dist/esm) and the CommonJS build (dist/cjs), both with
 * type declarations, from the same sources with tsc. dist/cjs gets a package.json that
 * says `"type": "commonjs"`, so Node and TypeScript read its .js and .d.ts files as
 * CommonJS inside this ESM package. A bundler would add nothing here: the library is
 * small, has no assets, and leaves bundling to its users.
 */
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const tsc = `${root}node_modules/typescript/bin/tsc`;

rmSync(`${root}dist`, { recursive: true, force: true });
for (const project of ['tsconfig.build.json', 'tsconfig.build.cjs.json']) {
  execFileSync(process.execPath, [tsc, '-p', `${root}${project}`], { stdio: 'inherit' });
}
writeFileSync(`${root}dist/cjs/package.json`, `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);
console.log('build: wrote dist/esm and dist/cjs');
