/**
 * The code blocks of README.md and docs/*.md, and a scratch workspace to check them in.
 *
 * A block is what a reader copies: each one is its own module, with no shared prelude.
 * Blocks run as written except for one replacement, made in the test only: the embedded
 * server's documented address (`http://127.0.0.1:2024`, where `npm run server` listens)
 * becomes the address of the server the test run started on a free port.
 *
 * How a block is run is read from the block itself: a TypeScript block that imports
 * `vitest` is a test file and runs under vitest; every other block runs with tsx (a
 * JavaScript block is also parsed by plain `node --check`, which is what proves it is
 * plain JavaScript). A block that cannot run as written says why in a comment on the line
 * before its fence: `<!-- not run: <reason> -->`.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../', import.meta.url));

/** Where the blocks say the server is: `npm run server` keeps the embedded one there. */
export const DOCUMENTED_BASE_URL = 'http://127.0.0.1:2024';

export interface DocBlock {
  /** `README.md` or `docs/<name>.md`. */
  file: string;
  /** The line of the opening fence (1-based). */
  line: number;
  language: 'ts' | 'js';
  source: string;
  /** The reason given by a `<!-- not run: ... -->` comment, when there is one. */
  notRun: string | undefined;
  /** A label for test names and messages: `docs/runs.md:42`. */
  label: string;
  /** A file name for the scratch workspace: `docs-runs-42`. */
  slug: string;
}

/** README.md, then docs/*.md in name order. */
export async function docFiles(): Promise<string[]> {
  const guides = (await readdir(join(root, 'docs')).catch(() => [] as string[])).filter((name) => name.endsWith('.md')).sort();
  return ['README.md', ...guides.map((name) => `docs/${name}`)];
}

/** The ```ts and ```js blocks of one Markdown file. */
export function blocksOf(file: string, markdown: string): DocBlock[] {
  const lines = markdown.split('\n');
  const blocks: DocBlock[] = [];
  for (let index = 0; index < lines.length; index++) {
    const fence = /^```(\w*)\s*$/.exec(lines[index]!);
    if (!fence) continue;
    const end = lines.indexOf('```', index + 1);
    if (end === -1) throw new Error(`${file}:${index + 1}: a code block is never closed.`);
    const language = fence[1];
    if (language === 'ts' || language === 'js') {
      const marker = /^<!--\s*not run:\s*(.*?)\s*-->$/.exec(lines[index - 1] ?? '');
      const line = index + 1;
      blocks.push({
        file,
        line,
        language,
        source: `${lines.slice(index + 1, end).join('\n')}\n`,
        notRun: marker ? marker[1] : undefined,
        label: `${file}:${line}`,
        slug: `${file.replace(/\.md$/, '').replace(/[^\w]+/g, '-')}-${line}`,
      });
    }
    index = end;
  }
  return blocks;
}

export async function allBlocks(): Promise<DocBlock[]> {
  const files = await docFiles();
  const contents = await Promise.all(files.map((file) => readFile(join(root, file), 'utf8')));
  return files.flatMap((file, index) => blocksOf(file, contents[index]!));
}

/** `vitest` for a TypeScript block that imports it (a test file), `tsx` for every other block. */
export function runnerOf(block: DocBlock): 'vitest' | 'tsx' {
  return block.language === 'ts' && /^import [^;]*\bfrom 'vitest';/m.test(block.source) ? 'vitest' : 'tsx';
}

/**
 * Every entry of package.json's `exports`, as the source file it is built from
 * (`@pyflue/client/live` -> `src/live/index.ts`): a new entry needs no edit here.
 */
export async function packageEntries(): Promise<Record<string, string>> {
  const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
    name: string;
    exports: Record<string, { import?: { default?: string } } | string>;
  };
  const entries: Record<string, string> = {};
  for (const [subpath, target] of Object.entries(manifest.exports)) {
    const built = typeof target === 'string' ? undefined : target.import?.default;
    if (!built) continue;
    entries[join(manifest.name, subpath)] = join(root, built.replace(/^\.\/dist\/esm\//, 'src/').replace(/\.js$/, '.ts'));
  }
  return entries;
}

export interface Workspace {
  dir: string;
  /** The file a block is written to (`<slug>.ts`, `<slug>.test.ts` or `<slug>.mjs`). */
  fileOf(block: DocBlock): string;
  /** The block as the test runs it: the documented address replaced by `baseUrl`. */
  write(block: DocBlock, baseUrl: string): Promise<string>;
  remove(): Promise<void>;
}

/**
 * A scratch folder outside the repository (so parallel checkouts never share it) where
 * `@pyflue/client` and its entries resolve to the sources, for tsc, tsx and vitest alike,
 * and other packages (zod, react, vitest) to the repository's node_modules.
 */
export async function createWorkspace(): Promise<Workspace> {
  const dir = await mkdtemp(join(tmpdir(), 'pyflue-doc-blocks-'));
  await symlink(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const entries = await packageEntries();
  await writeFile(join(dir, 'package.json'), JSON.stringify({ type: 'module', private: true }));
  await writeFile(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      extends: join(root, 'tsconfig.json'),
      compilerOptions: {
        noEmit: true,
        types: ['node'],
        paths: Object.fromEntries(Object.entries(entries).map(([name, file]) => [name, [file]])),
      },
      include: ['*.ts', '*.tsx'],
    }),
  );
  await writeFile(
    join(dir, 'vitest.config.mjs'),
    `export default { resolve: { alias: ${JSON.stringify(
      // Longest first, so `@pyflue/client/live` is not read as `@pyflue/client` + `/live`.
      Object.entries(entries)
        .sort(([a], [b]) => b.length - a.length)
        .map(([find, replacement]) => ({ find, replacement })),
    )} }, test: { include: ['*.test.ts'] } };\n`,
  );
  const fileOf = (block: DocBlock) =>
    join(dir, `${block.slug}${block.language === 'js' ? '.mjs' : runnerOf(block) === 'vitest' ? '.test.ts' : '.ts'}`);
  return {
    dir,
    fileOf,
    async write(block, baseUrl) {
      const file = fileOf(block);
      // `export {}` keeps a block without imports a module of its own.
      const tail = block.language === 'ts' ? '\nexport {};\n' : '';
      await writeFile(file, block.source.replaceAll(DOCUMENTED_BASE_URL, baseUrl) + tail);
      return file;
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

export interface Outcome {
  code: number | null;
  output: string;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end (or the hang guard), never rejecting. */
export function runProcess(command: string, args: string[], options: { cwd: string; timeoutMs: number; env?: NodeJS.ProcessEnv }): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { cwd: options.cwd, timeout: options.timeoutMs, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024, env: options.env ?? process.env },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ code, stdout, stderr, output: stdout + stderr });
      },
    );
  });
}

/** Runs a block written into the workspace the way a reader would (tsx, or vitest for a test file). */
export function runBlock(workspace: Workspace, block: DocBlock, timeoutMs: number): Promise<Outcome> {
  const file = workspace.fileOf(block);
  const { NODE_OPTIONS: _, ...inherited } = process.env; // vitest's own worker options are not the reader's
  const env = { ...inherited, TSX_TSCONFIG_PATH: join(workspace.dir, 'tsconfig.json'), NO_COLOR: '1', FORCE_COLOR: '0' };
  const node = process.execPath;
  switch (runnerOf(block)) {
    case 'vitest':
      return runProcess(node, [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--config', 'vitest.config.mjs', basename(file)], {
        cwd: workspace.dir,
        timeoutMs,
        env,
      });
    case 'tsx':
      return runProcess(node, ['--import', 'tsx', file], { cwd: workspace.dir, timeoutMs, env });
  }
}
