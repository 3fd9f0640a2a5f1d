/**
 * `@pyflue/client/testing` stays out of the main entry, and its in-process part needs
 * nothing of Node: bundled for the browser (esbuild, as a user's bundler would), the
 * main entry holds no file of src/testing, the testing entry reaches ws only through the
 * chunk `listen()` loads on demand, and it bundles for a Worker with nothing external.
 */
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

async function bundle(entry: string): Promise<Metafile> {
  const result = await build({
    entryPoints: [`${root}${entry}`],
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    outdir: `${root}.cache/entry-points`,
    write: false,
    metafile: true,
    logLevel: 'silent',
    // The client's own Node fallback (ws) is not what this test is about.
    external: ['node:*', 'ws'],
  });
  return result.metafile;
}

describe('entry points', () => {
  it('the main entry bundles no file of src/testing', async () => {
    const meta = await bundle('src/index.ts');
    const inputs = Object.keys(meta.inputs);
    expect(inputs.some((input) => input.includes('src/facade/'))).toBe(true);
    expect(inputs.filter((input) => input.includes('src/testing/'))).toEqual([]);
  });

  it('the testing entry imports Node modules only from the chunk listen() loads', async () => {
    const meta = await bundle('src/testing/index.ts');
    const [entryFile, entry] = Object.entries(meta.outputs).find(([, output]) => output.entryPoint === 'src/testing/index.ts')!;
    const nodeOnly = (path: string) => path.startsWith('node:') || path === 'ws';
    expect(entry.imports.filter((item) => item.kind === 'import-statement' && nodeOnly(item.path))).toEqual([]);
    // The static graph of the entry: every chunk it imports statically, transitively.
    const staticGraph = new Set<string>([entryFile]);
    for (const file of staticGraph) {
      for (const item of meta.outputs[file]?.imports ?? []) if (item.kind === 'import-statement' && !item.external) staticGraph.add(item.path);
    }
    for (const file of staticGraph) {
      expect(meta.outputs[file]!.imports.filter((item) => nodeOnly(item.path)), file).toEqual([]);
      expect(Object.keys(meta.outputs[file]!.inputs).some((input) => input.endsWith('listen.ts')), file).toBe(false);
    }
    // listen.ts is bundled, in a chunk of its own that imports ws (node:http it loads by name when called).
    const listenChunk = Object.values(meta.outputs).find((output) => Object.keys(output.inputs).some((input) => input.endsWith('testing/listen.ts')));
    expect(listenChunk?.imports.map((item) => item.path)).toEqual(expect.arrayContaining(['ws']));
  });

  it('the testing entry bundles for a Worker with nothing external (no node:http to resolve)', async () => {
    // As wrangler bundles a Worker: the workerd, worker and browser conditions, no externals.
    const result = await build({
      entryPoints: [`${root}src/testing/index.ts`],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      conditions: ['workerd', 'worker', 'browser'],
      write: false,
      logLevel: 'silent',
    });
    expect(result.errors).toEqual([]);
    const [output] = result.outputFiles;
    expect(output!.text).not.toMatch(/from\s*["']node:/);
    expect(output!.text).toContain('createFakePyFlue');
  });
});
