/**
 * Browser bundle size: esbuild (platform browser, ESM, minified, bundled, not written;
 * isomorphic-ws resolves to its browser file), gzipped with node:zlib at its default
 * level, in KiB. Entries: the whole `src/index.ts`; one that imports only
 * `createFlueClient` and calls `health()` (what tree-shaking leaves); and openapi-fetch
 * alone making one GET, the floor the client is built on, for the record.
 */
import { build, type BuildOptions } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { root, round } from './harness.js';

interface Size {
  min_bytes: number;
  min_gz_bytes: number;
  min_gz_kb: number;
}

async function measure(entry: Pick<BuildOptions, 'entryPoints' | 'stdin'>): Promise<Size> {
  const result = await build({
    ...entry,
    absWorkingDir: root,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const bytes = result.outputFiles[0]!.contents;
  const gz = gzipSync(bytes).length;
  return { min_bytes: bytes.length, min_gz_bytes: gz, min_gz_kb: round(gz / 1024, 2) };
}

const stdin = (contents: string, name: string): NonNullable<BuildOptions['stdin']> => ({ contents, resolveDir: root, loader: 'ts', sourcefile: name });

export async function bundleBench(log: (line: string) => void) {
  const full = await measure({ entryPoints: [`${root}src/index.ts`] });
  const healthOnly = await measure({
    stdin: stdin(
      `import { createFlueClient } from './src/index.ts';\n` +
        `export async function ping(baseUrl: string) { return createFlueClient({ baseUrl }).health(); }\n`,
      'bench-health-only.ts',
    ),
  });
  const floor = await measure({
    stdin: stdin(
      `import createClient from 'openapi-fetch';\n` +
        `export async function ping(baseUrl: string) { return createClient({ baseUrl }).GET('/health' as never); }\n`,
      'bench-openapi-fetch-only.ts',
    ),
  });
  log(`bundle: full ${full.min_gz_kb} KiB, health-only ${healthOnly.min_gz_kb} KiB, openapi-fetch ${floor.min_gz_kb} KiB (min+gz)`);
  return {
    bundle_min_gz_kb: {
      value: full.min_gz_kb,
      unit: 'KiB, src/index.ts bundled for the browser, minified, gzipped (zlib default level)',
      ratio_to_openapi_fetch_floor: round(full.min_gz_bytes / floor.min_gz_bytes, 2),
      ...full,
      openapi_fetch_floor: floor,
    },
    bundle_health_only_min_gz_kb: {
      value: healthOnly.min_gz_kb,
      unit: 'KiB, an entry importing only createFlueClient and calling health()',
      ratio_to_openapi_fetch_floor: round(healthOnly.min_gz_bytes / floor.min_gz_bytes, 2),
      ...healthOnly,
    },
  };
}
