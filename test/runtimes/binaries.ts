/**
 * Where the runtimes' binaries are: installed by `npm ci` from the npm registry (the `bun`,
 * `deno` and `workerd` devDependencies pick their platform's package). Missing, a runtime's
 * test is skipped with the reason on a developer's machine, and fails under CI=true.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const require = createRequire(import.meta.url);

export interface Binary {
  path: string | undefined;
  /** Why it is missing (undefined when it is there). */
  missing: string | undefined;
}

function found(path: string | undefined, hint: string): Binary {
  if (path && existsSync(path)) return { path, missing: undefined };
  return { path: undefined, missing: `${hint} is not installed for ${process.platform}-${process.arch} (npm ci installs it)` };
}

export const binaries = {
  // The packages' postinstalls put the native binaries behind these bins.
  bun: () => found(`${root}node_modules/bun/bin/bun.exe`, 'bun'),
  deno: () => found(`${root}node_modules/deno/deno`, 'deno'),
  workerd: () => {
    try {
      // The workerd package exports its platform binary's path, as miniflare uses it.
      return found((require('workerd') as { default: string }).default, 'workerd');
    } catch {
      return found(undefined, 'workerd');
    }
  },
};

/** Throws under CI=true when the binary is missing (CI must run every runtime); else says why it skips. */
export function requireInCi(name: string, binary: Binary): void {
  if (!binary.missing) return;
  if (process.env.CI) throw new Error(`${name} test cannot run in CI: ${binary.missing}.`);
  console.warn(`${name} runtime test skipped: ${binary.missing}.`);
}
