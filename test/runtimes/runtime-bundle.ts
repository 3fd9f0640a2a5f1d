/**
 * Bundles a scenario entry (entries/) with esbuild for one runtime, resolving packages as
 * that runtime does (its export conditions), and writes it under .cache/runtimes/<name>/.
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../../', import.meta.url));

export type RuntimeName = 'node' | 'bun' | 'deno' | 'workerd';

const TARGETS: Record<RuntimeName, { entry: string; platform: 'node' | 'browser'; conditions: string[] }> = {
  node: { entry: 'cli.ts', platform: 'node', conditions: [] },
  bun: { entry: 'cli.ts', platform: 'node', conditions: ['bun'] },
  deno: { entry: 'cli.ts', platform: 'node', conditions: ['deno'] },
  // As wrangler bundles a Worker.
  workerd: { entry: 'worker.ts', platform: 'browser', conditions: ['workerd', 'worker', 'browser'] },
};

/** The bundle's path. `baseUrl` and `instance` are compiled in. */
export async function bundleScenario(runtime: RuntimeName, baseUrl: string, instance: string): Promise<string> {
  const target = TARGETS[runtime];
  const outdir = `${root}.cache/runtimes/${runtime}`;
  await mkdir(outdir, { recursive: true });
  const outfile = `${outdir}/scenario.mjs`;
  await build({
    entryPoints: [`${root}test/runtimes/entries/${target.entry}`],
    outfile,
    bundle: true,
    format: 'esm',
    target: 'es2022',
    platform: target.platform,
    conditions: target.conditions,
    // `await using` is lowered: not every runtime here parses it yet.
    supported: { using: false },
    // CommonJS dependencies (ws) call require() for Node built-ins; an ES module has none of its own.
    banner: target.platform === 'node' ? { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" } : {},
    define: { __PYFLUE_BASE_URL__: JSON.stringify(baseUrl), __SCENARIO_INSTANCE__: JSON.stringify(instance) },
    logLevel: 'silent',
  });
  return outfile;
}
