/**
 * Which modules the main chunk's bytes come from (issue 22, item 5): a tool to read, not a
 * figure in results.json. The main entry (or the health-only app) is bundled as in
 * bench/bundle.ts (browser, ESM, minified, `import()` left out) with a source map; each
 * output byte is given to the source file the map says it came from. Per module it prints
 * the minified bytes and what the gzipped bundle loses when they are cut out (gzip shares
 * back-references across modules, so "alone" numbers would overstate; these sum to less
 * than the total, and the rest is what modules share).
 *
 *   npx tsx bench/bundle-modules.ts [--health] [--top 30]
 */
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { HEALTH_ONLY_APP, browserBuild, lazyChunksExternal } from './bundle.js';
import { root } from './harness.js';

const health = process.argv.includes('--health');
const topAt = process.argv.indexOf('--top');
const top = topAt > 0 ? Number(process.argv[topAt + 1]) : 40;

const entry = health
  ? { stdin: { contents: HEALTH_ONLY_APP, resolveDir: root, loader: 'ts' as const, sourcefile: 'bench-health-only.ts' } }
  : { entryPoints: [`${root}src/index.ts`] };
const result = await build({
  ...entry,
  ...browserBuild,
  plugins: [lazyChunksExternal],
  sourcemap: 'external',
  outdir: `${root}.cache/bundle-modules`,
});
const code = result.outputFiles.find((file) => file.path.endsWith('.js'))!.text;
const map = JSON.parse(result.outputFiles.find((file) => file.path.endsWith('.map'))!.text) as { sources: string[]; mappings: string };

// The owner of each output character: the source of the last mapping at or before it (on its line).
const owner: Array<string | null> = new Array(code.length).fill(null);
const lineStarts = [0];
for (let i = 0; i < code.length; i++) if (code[i] === '\n') lineStarts.push(i + 1);
const mappings = decodeMappings(map.mappings, map.sources, lineStarts);
for (let k = 0; k < mappings.length; k++) {
  const end = k + 1 < mappings.length ? mappings[k + 1]!.at : code.length;
  for (let i = mappings[k]!.at; i < end; i++) owner[i] = mappings[k]!.source;
}
const short = (source: string | null) => (source ?? '(unmapped)').replace(/^(\.\.\/)+/, '').replace(/^.*node_modules\//, 'node_modules/');

const gz = (text: string) => gzipSync(text).length;
const total = gz(code);
const bytes = new Map<string, number>();
for (const source of owner) bytes.set(short(source), (bytes.get(short(source)) ?? 0) + 1);
const rows = [...bytes.keys()].map((module) => {
  let without = '';
  for (let i = 0; i < code.length; i++) if (short(owner[i]!) !== module) without += code[i];
  return { module, min: bytes.get(module)!, gzLoss: total - gz(without) };
});
rows.sort((a, b) => b.gzLoss - a.gzLoss);
const kib = (n: number) => (n / 1024).toFixed(2);
console.log(`${health ? 'health-only app' : 'main entry'}: ${code.length} B min, ${total} B min+gz (${kib(total)} KiB)`);
console.log(`${'module'.padEnd(52)} ${'min B'.padStart(7)} ${'gz loss B'.padStart(9)}`);
for (const row of rows.slice(0, top)) console.log(`${row.module.padEnd(52)} ${String(row.min).padStart(7)} ${String(row.gzLoss).padStart(9)}`);
console.log(`sum of gz losses ${rows.reduce((s, r) => s + r.gzLoss, 0)} B of ${total} B`);

/**
 * A source map's `mappings` (base64 VLQ, https://sourcemaps.info/spec.html) as output
 * offsets and their source file, in order. Only the first two fields of a segment are read
 * (the generated column and the source index); the rest are decoded and dropped. Written
 * here rather than taken from a package: this tool needs ten lines of it, and no other
 * code of the project reads source maps.
 */
function decodeMappings(mappings: string, sources: string[], lineStarts: number[]): Array<{ at: number; source: string | null }> {
  const digits = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const out: Array<{ at: number; source: string | null }> = [];
  let source = 0;
  mappings.split(';').forEach((line, lineIndex) => {
    let column = 0;
    for (const segment of line.split(',')) {
      if (!segment) continue;
      const fields: number[] = [];
      let value = 0;
      let shift = 0;
      for (const char of segment) {
        const digit = digits.indexOf(char);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      column += fields[0]!;
      if (fields.length > 1) source += fields[1]!;
      out.push({ at: lineStarts[lineIndex]! + column, source: fields.length > 1 ? sources[source]! : null });
    }
  });
  return out;
}
