/**
 * Browser bundle size: esbuild (platform browser, ESM, minified, bundled, not written;
 * ws resolves to its browser file), gzipped with node:zlib at its default
 * level, in KiB.
 *
 * What an app downloads before it uses anything lazy: the client loads sockets, the SSE
 * parser and the run-stream resume logic, the answer checks (with the first JSON answer),
 * what failures say with the retry policy (one chunk), `client.raw`'s checks and the
 * admin app's calls and pages with `import()` on first use, which every bundler turns
 * into chunks of their own. So each entry is bundled with its dynamic
 * imports left out (external), which is the app's main bundle; the lazy chunks are
 * measured on their own, for the record.
 *
 * Entries: the whole main entry (`export *` of src/index.ts); an app that imports
 * `createFlueClient` and calls only `health()` and `agents.invoke` (what tree-shaking
 * leaves); and openapi-fetch alone making one GET, the floor the client is built on.
 *
 * The live UI entries: what each adds to an app, which always has the main client (and
 * /react or /vue have /live too): size(main + /live) - size(main), size(main + /live +
 * /react) - size(main + /live), the same for /vue; also each bundled on its own with what
 * it imports from the client left out (which misses the client's lazy modules it pulls in).
 */
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { root, round } from './harness.js';

interface Size {
  min_bytes: number;
  min_gz_bytes: number;
  min_gz_kb: number;
}

/** Leaves every `import()` out of the bundle: what it loads is another chunk, fetched on first use. */
export const lazyChunksExternal: Plugin = {
  name: 'lazy-chunks-external',
  setup(builder) {
    builder.onResolve({ filter: /.*/ }, (args) => (args.kind === 'dynamic-import' ? { path: args.path, external: true } : undefined));
  },
};

/**
 * Leaves out what an app of the live entries already has: the main entry, React and Vue
 * (peers), and, for the React and Vue entries, every module of /live that /live's own
 * entry loads (`liveModules`; what only the bindings use, like their provider's cache,
 * stays in their figure). What is left is what `@pyflue/client/live`, `/react` or `/vue`
 * adds on its own.
 */
export const clientAndFrameworksExternal = (liveModules: ReadonlySet<string> = new Set()): Plugin => ({
  name: 'client-and-frameworks-external',
  setup(builder) {
    builder.onResolve({ filter: /^(react(-dom)?|vue)(\/.*)?$/ }, (args) => ({ path: args.path, external: true }));
    builder.onResolve({ filter: /^\.\.?\// }, (args) => {
      const dir = /src\/(live|react|vue)$/.exec(args.resolveDir)?.[1];
      if (dir === undefined) return undefined;
      const live = dir === 'live' && args.path.startsWith('./') ? /^\.\/(.+)\.js$/.exec(args.path) : /^\.\.\/live\/(.+)\.js$/.exec(args.path);
      // The client's modules are always the app's already; a /live module is when /live's entry loads it.
      if (!live) return args.path.startsWith('../') ? { path: args.path, external: true } : undefined;
      return liveModules.has(`src/live/${live[1]}.ts`) ? { path: args.path, external: true } : undefined;
    });
  },
});

/** How every figure here bundles: for a browser, ESM, minified (bench/bundle-modules.ts reads the same build). */
export const browserBuild = {
  absWorkingDir: root,
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  write: false,
  logLevel: 'silent',
} as const satisfies BuildOptions;

async function measure(entry: Pick<BuildOptions, 'entryPoints' | 'stdin'>, plugins: Plugin[] = []): Promise<Size & { inputs: string[] }> {
  const result = await build({
    ...entry,
    ...browserBuild,
    plugins: [lazyChunksExternal, ...plugins],
    metafile: true,
  });
  const bytes = result.outputFiles[0]!.contents;
  const gz = gzipSync(bytes).length;
  const inputs = Object.keys(result.metafile.inputs);
  // Not enumerable: the figure written to results.json stays the three numbers.
  return Object.defineProperty({ min_bytes: bytes.length, min_gz_bytes: gz, min_gz_kb: round(gz / 1024, 2) }, 'inputs', { value: inputs, enumerable: false }) as Size & { inputs: string[] };
}

/** The app of `bundle_health_only_min_gz_kb` (test/unit/bundle.test.ts checks what its main bundle holds). */
export const HEALTH_ONLY_APP =
  `import { createFlueClient } from './src/index.ts';\n` +
  `export async function ping(baseUrl: string) {\n` +
  `  const client = createFlueClient({ baseUrl });\n` +
  `  await client.health();\n` +
  `  return client.agents.invoke('summarize', 'x', { payload: { text: 'hi' } });\n` +
  `}\n`;

const stdin = (contents: string, name: string): NonNullable<BuildOptions['stdin']> => ({ contents, resolveDir: root, loader: 'ts', sourcefile: name });

/** The entries an app of the live UI bundles together (each a module's exports, so nothing is tree-shaken away). */
const MAIN = `export * from './src/index.ts';`;
const LIVE = `export * from './src/live/index.ts';`;
const REACT = `export * as react from './src/react/index.ts';`;
const VUE = `export * as vue from './src/vue/index.ts';`;

/** React and Vue are the app's own (peers): never in a figure. */
const frameworksExternal: Plugin = {
  name: 'frameworks-external',
  setup(builder) {
    builder.onResolve({ filter: /^(react(-dom)?|vue)(\/.*)?$/ }, (args) => ({ path: args.path, external: true }));
  },
};

/** What `entry` adds to an app that bundles `base` already: size(base + entry) - size(base), each minified and gzipped. */
async function addedTo(base: string[], entry: string): Promise<Size> {
  const before = await measure({ stdin: stdin(base.join('\n'), 'bench-base.ts') }, [frameworksExternal]);
  const after = await measure({ stdin: stdin([...base, entry].join('\n'), 'bench-with-entry.ts') }, [frameworksExternal]);
  const gz = after.min_gz_bytes - before.min_gz_bytes;
  return { min_bytes: after.min_bytes - before.min_bytes, min_gz_bytes: gz, min_gz_kb: round(gz / 1024, 2) };
}

export async function bundleBench(log: (line: string) => void) {
  const full = await measure({ entryPoints: [`${root}src/index.ts`] });
  const healthOnly = await measure({ stdin: stdin(HEALTH_ONLY_APP, 'bench-health-only.ts') });
  const floor = await measure({
    stdin: stdin(
      `import createClient from 'openapi-fetch';\n` +
        `export async function ping(baseUrl: string) { return createClient({ baseUrl }).GET('/health' as never); }\n`,
      'bench-openapi-fetch-only.ts',
    ),
  });
  // The lazy chunks, each bundled alone (so what it shares with the main bundle is counted again: an upper bound).
  const lazy = {
    streams: await measure({ entryPoints: [`${root}src/facade/internal/streams/index.ts`] }),
    sockets: await measure({ entryPoints: [`${root}src/facade/internal/sockets/index.ts`] }),
    schema: await measure({ entryPoints: [`${root}src/facade/internal/schema/index.ts`] }),
    // What failures say and the retry policy: one chunk (failures.ts hands retry.ts's policy on).
    failures: await measure({ entryPoints: [`${root}src/facade/internal/failures.ts`] }),
    raw: await measure({ entryPoints: [`${root}src/facade/internal/raw-request.ts`] }),
    admin: await measure({ entryPoints: [`${root}src/facade/internal/admin-lists.ts`] }),
  };
  // The live UI entries, each without the client (and React) an app of them already has.
  const live = await measure({ entryPoints: [`${root}src/live/index.ts`] }, [clientAndFrameworksExternal()]);
  const liveModules = new Set(live.inputs);
  const react = await measure({ entryPoints: [`${root}src/react/index.ts`] }, [clientAndFrameworksExternal(liveModules)]);
  const vue = await measure({ entryPoints: [`${root}src/vue/index.ts`] }, [clientAndFrameworksExternal(liveModules)]);
  // What each adds to an app's main bundle: the client's modules it uses that the main
  // entry loads lazily (the retry policy, say) count, and gzip shares what it can.
  const added = {
    live: await addedTo([MAIN], LIVE),
    react: await addedTo([MAIN, LIVE], REACT),
    vue: await addedTo([MAIN, LIVE], VUE),
  };
  log(
    `bundle: live ${added.live.min_gz_kb} KiB added to the main entry (${live.min_gz_kb} on its own), ` +
      `react ${added.react.min_gz_kb} (${react.min_gz_kb}), vue ${added.vue.min_gz_kb} (${vue.min_gz_kb}) added to the main entry + /live ` +
      `(min+gz; on its own: the main entry, /live, React and Vue left out)`,
  );
  log(
    `bundle: full ${full.min_gz_kb} KiB, health+agents.invoke ${healthOnly.min_gz_kb} KiB, openapi-fetch ${floor.min_gz_kb} KiB (min+gz); ` +
      `lazy chunks: ${Object.entries(lazy).map(([name, size]) => `${name} ${size.min_gz_kb}`).join(', ')}`,
  );
  return {
    bundle_min_gz_kb: {
      value: full.min_gz_kb,
      unit: 'KiB, src/index.ts bundled for the browser (its import() chunks left out), minified, gzipped (zlib default level)',
      ratio_to_openapi_fetch_floor: round(full.min_gz_bytes / floor.min_gz_bytes, 2),
      ...full,
      openapi_fetch_floor: floor,
      lazy_chunks_alone: lazy,
    },
    bundle_live_min_gz_kb: {
      value: added.live.min_gz_kb,
      unit:
        'KiB an app pays for @pyflue/client/live: size(main entry + /live) - size(main entry), each bundled for the browser ' +
        '(import() chunks left out), minified, gzipped; on_its_own: /live bundled with the main entry left out',
      ...added.live,
      on_its_own: live,
    },
    bundle_react_min_gz_kb: {
      value: added.react.min_gz_kb,
      unit:
        'KiB an app pays for @pyflue/client/react: size(main entry + /live + /react) - size(main entry + /live), React left out, ' +
        'minified, gzipped; on_its_own: /react bundled with the main entry, /live and React left out',
      ...added.react,
      on_its_own: react,
    },
    bundle_vue_min_gz_kb: {
      value: added.vue.min_gz_kb,
      unit:
        'KiB an app pays for @pyflue/client/vue: size(main entry + /live + /vue) - size(main entry + /live), Vue left out, ' +
        'minified, gzipped; on_its_own: /vue bundled with the main entry, /live and Vue left out',
      ...added.vue,
      on_its_own: vue,
    },
    bundle_health_only_min_gz_kb: {
      value: healthOnly.min_gz_kb,
      unit: 'KiB, an app importing createFlueClient and calling only health() and agents.invoke',
      ratio_to_openapi_fetch_floor: round(healthOnly.min_gz_bytes / floor.min_gz_bytes, 2),
      ...healthOnly,
    },
  };
}
