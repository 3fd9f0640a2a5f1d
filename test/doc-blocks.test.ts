/**
 * The code blocks of README.md and docs/*.md, as a reader copies them (test/support/doc-blocks.ts):
 * every TypeScript block type-checks on its own, every JavaScript block parses on this Node,
 * and every block runs to a clean end against the embedded PyFlue server (the one the test
 * run started; only its address differs from `npm run server`'s), unless it says why not.
 * Some blocks also print what the docs promise, checked below.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  DOCUMENTED_BASE_URL,
  type DocBlock,
  type Workspace,
  allBlocks,
  createWorkspace,
  root,
  runBlock,
  runProcess,
  runnerOf,
} from './support/doc-blocks.js';

const blocks = await allBlocks();

/**
 * What some blocks must print, beyond ending cleanly: each entry names its block by a line
 * only that block holds (`has`), so a block that moves or changes is found again, and one
 * that is gone fails here instead of leaving its check unused.
 */
const PRINTS: { file: string; has: string; check: (stdout: string) => void }[] = [
  {
    file: 'README.md',
    has: 'function describe(event: RunEvent): string {',
    check(stdout) {
      // Every recorded event of the run, read page by page, then the same run replayed as a stream.
      expect(stdout).toContain("'started greet'");
      expect(stdout).toContain("'info: starting'");
      expect(stdout).toContain("'warn: halfway'");
      expect(stdout).toContain("'succeeded'");
      expect(stdout).toMatch(/^ended: succeeded succeeded$/m);
      expect(stdout).toMatch(/^5 events, the last is run_end: true$/m);
    },
  },
  {
    file: 'README.md',
    has: 'export const supportApp = defineApp({',
    check(stdout) {
      expect(stdout).toMatch(/^echo\[c1:default\]#1: Hi$/m);
      expect(stdout).toMatch(/^Printer on fire 3 run_\w+$/m); // a file-based agent's run id
    },
  },
  {
    file: 'README.md',
    has: 'const City = z.object({ city: z.string(), population: z.number() });',
    check(stdout) {
      expect(stdout.trim()).toBe('Lisbon 545923');
    },
  },
  {
    file: 'README.md',
    has: 'const logging: Middleware = {',
    check(stdout) {
      // The logging middleware saw every call: the start, the record (per-call headers), .withResponse() and health.
      expect(stdout.split('\n').filter((line) => line.includes(' -> '))).toEqual([
        'POST /workflows/{name} -> 202',
        'GET /runs/{run_id} -> 200',
        'POST /workflows/{name} -> 200',
        'GET /health -> 200',
      ]);
      expect(stdout).toMatch(/^200 workflow:greet:run_\w+ \{/m); // response.status and X-Flue-Run-Id
      expect(stdout).toContain("greeting: 'Hello, Ada!'");
    },
  },
];

/** Hang guard per block (the slowest, the vitest file, takes a few seconds). */
const BLOCK_TIMEOUT_MS = 60_000;

let workspace: Workspace;
beforeAll(async () => {
  workspace = await createWorkspace();
});
afterAll(() => workspace?.remove());

describe('the docs', () => {
  it('has no block that needs a prelude: each says what it imports and declares no stand-in value', () => {
    for (const block of blocks) {
      expect(block.source, block.label).not.toMatch(/^\s*declare\s/m);
      expect(block.source.trimStart(), `${block.label} says what it imports`).toMatch(/^import /);
    }
  });

  it('says why of every block it does not run', () => {
    for (const block of blocks.filter((candidate) => candidate.notRun !== undefined)) {
      expect(block.notRun!.length, `${block.label}: "<!-- not run: ... -->" needs a reason`).toBeGreaterThan(10);
    }
  });

  it('has TypeScript blocks that each type-check on their own', async () => {
    const typescript = blocks.filter((block) => block.language === 'ts');
    expect(typescript.length).toBeGreaterThanOrEqual(20);
    await Promise.all(typescript.map((block) => workspace.write(block, DOCUMENTED_BASE_URL)));
    const result = await runProcess(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(workspace.dir, 'tsconfig.json')], {
      cwd: workspace.dir,
      timeoutMs: 180_000,
    });
    // tsc names the scratch file; say which block of which document it is.
    const named = typescript.reduce((output, block) => output.replaceAll(workspace.fileOf(block).slice(workspace.dir.length + 1), block.label), result.output);
    expect(named).toBe('');
    expect(result.code).toBe(0);
  }, 240_000);

  it('has JavaScript blocks that this Node parses as they are (the Node 20 forms of `await using`)', async () => {
    const javascript = blocks.filter((block) => block.language === 'js');
    expect(javascript.length).toBeGreaterThanOrEqual(1);
    for (const block of javascript) {
      const file = await workspace.write(block, DOCUMENTED_BASE_URL);
      const result = await runProcess(process.execPath, ['--check', file], { cwd: workspace.dir, timeoutMs: 30_000 });
      expect(result.output, block.label).toBe('');
      expect(result.code, block.label).toBe(0);
    }
  });

  it('checks the output of blocks that are still there (each check finds exactly one block)', () => {
    for (const { file, has } of PRINTS) {
      const found = blocks.filter((block) => block.file === file && block.source.includes(has));
      expect(found.map((block) => block.label), `${file}: a block with ${JSON.stringify(has)}`).toHaveLength(1);
      expect(found[0]!.notRun, `${found[0]!.label} is checked, so it must run`).toBeUndefined();
    }
  });
});

// One block at a time: blocks talk to the same agents and sessions (PyFlue runs one prompt per
// session at a time), as they do when a reader runs them one after another.
describe('every block runs as written against the embedded server', () => {
  const baseUrl = inject('pyflueBaseUrl');
  const runnable = blocks.filter((block) => block.notRun === undefined);

  it('runs most blocks (a block that cannot run says why)', () => {
    expect(runnable.length).toBeGreaterThanOrEqual(blocks.length - 3);
  });

  for (const block of runnable) {
    it(`${block.label} (${runnerOf(block)})`, async () => {
      await workspace.write(block, baseUrl);
      const result = await runBlock(workspace, block, BLOCK_TIMEOUT_MS);
      expect(result.code, `${block.label} exit code\n${result.output}`).toBe(0);
      if (runnerOf(block) === 'tsx') expect(result.stderr, `${block.label} wrote to stderr`).toBe('');
      for (const expectation of PRINTS.filter(({ file, has }) => file === block.file && block.source.includes(has))) {
        expectation.check(result.stdout);
      }
    }, BLOCK_TIMEOUT_MS + 30_000);
  }
});

/** Guards the helpers above against a block they would misread. */
describe('reading the blocks', () => {
  it('finds blocks with their lines, a "not run" reason, and the runner each needs', async () => {
    const { blocksOf } = await import('./support/doc-blocks.js');
    const markdown = [
      '# T',
      '```ts',
      "import { it } from 'vitest';",
      '```',
      '<!-- not run: needs a deployment with a token -->',
      '```ts',
      "import { PyFlueClient } from '@pyflue/client';",
      '```',
      '```sh',
      'npm test',
      '```',
      '```js',
      "import { PyFlueClient } from '@pyflue/client';",
      '```',
    ].join('\n');
    const found: DocBlock[] = blocksOf('docs/t.md', markdown);
    expect(found.map((block) => [block.line, block.language, block.notRun, runnerOf(block)])).toEqual([
      [2, 'ts', undefined, 'vitest'],
      [6, 'ts', 'needs a deployment with a token', 'tsx'],
      [12, 'js', undefined, 'tsx'],
    ]);
    expect(found[0]!.slug).toBe('docs-t-2');
  });
});
