/**
 * What an app's main bundle holds. Bundled for the browser with code splitting, as app
 * bundlers do: what the client loads with `import()` on first use (sockets and
 * ws; the SSE reader, frame shaping and the run-stream resume logic; the
 * typed-app checks and the prompt result parser; what failed calls say, the retry
 * policy, `client.raw`'s argument checks) must sit in chunks of its own, never in
 * the chunks the entry imports statically. The sizes themselves are measured by bench/bundle.ts.
 */
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { HEALTH_ONLY_APP, lazyChunksExternal } from '../../bench/bundle.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Loaded on first use only: the lazy chunks (internal/load.ts) and the packages only
 * they use. A file of each is in a lazy chunk, none is in the main bundle.
 */
const LAZY = [
  'src/facade/internal/streams/',
  'src/facade/internal/sockets/',
  'src/facade/internal/schema/',
  // What only failures, retries, client.raw and the admin app need (issue 22).
  'src/facade/internal/failures.ts',
  'src/facade/internal/retry.ts',
  'src/facade/internal/raw-request.ts',
  'src/facade/internal/admin-lists.ts',
  'src/generated/channels.ts',
  'node_modules/ws/browser.js',
  'node_modules/eventsource-parser/',
];

type Entry = { entryPoints: string[] } | { stdin: { contents: string; resolveDir: string; loader: 'ts'; sourcefile: string } };

async function bundle(entry: Entry, splitting = true): Promise<Metafile> {
  const result = await build({
    ...entry,
    absWorkingDir: root,
    bundle: true,
    splitting,
    plugins: splitting ? [] : [lazyChunksExternal],
    format: 'esm',
    platform: 'browser',
    outdir: `${root}.cache/bundle-test`,
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return result.metafile;
}

/**
 * The inputs of the entry's chunk and of every chunk it imports statically: what the app
 * downloads first. (Each `import()` target is an entry point of its own to esbuild.)
 */
function mainBundle(meta: Metafile, entry: Entry): string[] {
  const name = 'stdin' in entry ? entry.stdin.sourcefile : 'src/index.ts';
  const [entryFile] = Object.entries(meta.outputs).find(([, output]) => output.entryPoint === name)!;
  const files = new Set<string>([entryFile]);
  for (const file of files) {
    for (const item of meta.outputs[file]?.imports ?? []) if (item.kind === 'import-statement' && !item.external) files.add(item.path);
  }
  return [...files].flatMap((file) => Object.entries(meta.outputs[file]!.inputs).filter(([, input]) => input.bytesInOutput > 0).map(([path]) => path));
}

const holds = (inputs: readonly string[], module: string) => inputs.some((input) => input.includes(module));

describe('the main bundle', () => {
  it.each([
    ['the whole main entry', { entryPoints: [`${root}src/index.ts`] }],
    ['an app that calls health() and agents.invoke', { stdin: { contents: HEALTH_ONLY_APP, resolveDir: root, loader: 'ts', sourcefile: 'app.ts' } }],
  ] as Array<[string, Entry]>)('of %s leaves what loads on first use to lazy chunks', async (_label, entry) => {
    const meta = await bundle(entry);
    const main = mainBundle(meta, entry);
    const everything = Object.keys(meta.inputs);
    expect(holds(main, 'src/facade/internal/transport.ts')).toBe(true);
    expect(holds(main, 'node_modules/openapi-fetch/')).toBe(true);
    // Every app needs what checks and names a JSON answer with its first one: in the main chunk.
    expect(holds(main, 'src/facade/internal/answers/')).toBe(true);
    expect(LAZY.filter((module) => holds(main, module))).toEqual([]);
    // Bundled all the same (in chunks of their own): the check above cannot pass by their absence.
    expect(LAZY.filter((module) => !holds(everything, module))).toEqual([]);
  });

  it('holds nothing of the live UI entries or React: @pyflue/client/live and /react are entries of their own', async () => {
    const entry: Entry = { entryPoints: [`${root}src/index.ts`] };
    const everything = Object.keys((await bundle(entry)).inputs);
    expect(everything.filter((input) => /^src\/(live|react)\/|node_modules\/react/.test(input))).toEqual([]);
    // The same check sees them when an entry does import them.
    const live: Entry = { stdin: { contents: `export * from './src/live/index.ts';\nexport * from './src/react/index.ts';\n`, resolveDir: root, loader: 'ts', sourcefile: 'live-app.ts' } };
    const withLive = Object.keys((await bundle(live)).inputs);
    expect(withLive.filter((input) => /^src\/(live|react)\/|node_modules\/react/.test(input)).length).toBeGreaterThan(5);
  });

  it('tree-shakes: an app that imports one error class gets errors.ts and nothing else', async () => {
    // Without splitting: split chunks hold a module shared with a lazy chunk whole, whatever the entry uses of it.
    const app: Entry = { stdin: { contents: `export { PyFlueInputError } from './src/index.ts';\n`, resolveDir: root, loader: 'ts', sourcefile: 'app.ts' } };
    const meta = await bundle(app, false);
    expect(Object.entries(meta.inputs).length).toBeGreaterThan(10);
    expect(mainBundle(meta, app)).toEqual(['src/facade/core/errors.ts']);
  });
});
