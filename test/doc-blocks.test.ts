/**
 * The code blocks of README.md and docs/*.md, as a reader copies them (test/support/doc-blocks.ts):
 * every TypeScript block type-checks on its own, every JavaScript block parses on this Node,
 * and every block runs to a clean end against the embedded PyFlue server (the one the test
 * run started; only its address differs from `npm run server`'s), unless it says why not.
 * Some blocks also print what the docs promise, checked below.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  DOCUMENTED_BASE_URL,
  type DocBlock,
  type Workspace,
  allBlocks,
  createWorkspace,
  docFiles,
  root,
  runBlock,
  runProcess,
  runnerOf,
} from './support/doc-blocks.js';

const blocks = await allBlocks();
const files = await docFiles();

/**
 * What some blocks must print, beyond ending cleanly: each entry names its block by a line
 * only that block holds (`has`), so a block that moves or changes is found again, and one
 * that is gone fails here instead of leaving its check unused.
 */
const PRINTS: { file: string; has: string; check: (stdout: string) => void }[] = [
  {
    file: 'README.md',
    has: "else console.log(event.data.status, (await client.runs.get(event.runId)).result);",
    check(stdout) {
      // The echo harness numbers a session's turns: the reply, then the streamed one.
      expect(stdout).toMatch(/^echo\[quick-start\]#\d+: Hello!\necho\[quick-start\]#\d+: And now streamed\.$/m);
      expect(stdout).toMatch(/^run_start\nlog\nlog\nlog\nsucceeded \{\s+greeting: 'Hello, Ada!',\s+runId: 'workflow:greet:run_\w+'\s+\}$/m);
    },
  },
  {
    file: 'docs/client.md',
    has: 'async function pyflueToken({ refresh }: { refresh: boolean }): Promise<string> {',
    check(stdout) {
      // The token function's first token serves the first call; once refused, exactly one more try, with a new token.
      expect(stdout.trim().split('\n')).toEqual([
        'GET /pyflue/agents with token-1: passed on',
        expect.stringMatching(/^[1-9]\d* agents$/),
        'GET /pyflue/agents with token-1: 401',
        'GET /pyflue/agents with token-2: passed on',
        expect.stringMatching(/^[1-9]\d* agents$/),
      ]);
    },
  },
  {
    file: 'docs/admin.md',
    has: "for await (const instance of client.admin.instances.list('summarize')) console.log(instance.instanceId);",
    check(stdout) {
      // The run the block made is what the admin app knows the agent and its instance by.
      expect(stdout).toMatch(/^summarize$/m);
      expect(stdout).toMatch(/^doc-7$/m);
      expect(stdout).toMatch(/^[1-9]\d* succeeded$/m);
    },
  },
  {
    file: 'docs/workflows.md',
    has: "await client.workflows.invoke('explode', { reason: 'out of paper' }, { wait: true });",
    check(stdout) {
      // The reason is in `dev` of the waited call; the run's own stream ends failed.
      expect(stdout).toMatch(/^internal_error out of paper$/m);
      expect(stdout).toMatch(/^failed /m);
    },
  },
  {
    file: 'docs/middleware-raw-tracing.md',
    has: "await client.health(); // a CLIENT span",
    check(stdout) {
      // The console exporter printed the span tracing() made.
      expect(stdout).toContain("name: 'GET /health'");
      expect(stdout).toContain("'url.template': '/health'");
      expect(stdout).toContain("'http.response.status_code': 200");
    },
  },
  {
    file: 'docs/runs-and-streaming.md',
    has: 'function describe(event: RunStreamEvent): string {',
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
    file: 'docs/typed-apps.md',
    has: 'export const supportApp = defineApp({',
    check(stdout) {
      expect(stdout).toMatch(/^echo\[c1:default\]#1: Hi$/m);
      expect(stdout).toMatch(/^Printer on fire 3 run_\w+$/m); // a file-based agent's run id
    },
  },
  {
    file: 'docs/typed-apps.md',
    has: 'const City = z.object({ city: z.string(), population: z.number() });',
    check(stdout) {
      expect(stdout.trim()).toBe('Lisbon 545923');
    },
  },
  {
    file: 'docs/middleware-raw-tracing.md',
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
  {
    file: 'docs/live-and-react.md',
    has: "await chat.send('What time is it? clock city=Lisbon delay_ms=0');",
    check(stdout) {
      // The states in order, and the reply's tool part (done, with its result) before its text.
      expect(stdout).toMatch(/^idle → submitted → streaming → idle$/m);
      expect(stdout).toMatch(/^assistant \[clock done: \{"city":"Lisbon","time":"12:00"\}\]echo\[ticket-42:billing\]#\d+: /m);
    },
  },
  {
    file: 'docs/live-and-react.md',
    has: "const run = await startWorkflow(client, 'progress', { count: 4, delay_ms: 50 });",
    check(stdout) {
      // Each step once, from the run's own logs, then the outcome from its record.
      expect(stdout).toMatch(/^step 1 of 4\nstep 2 of 4\nstep 3 of 4\nstep 4 of 4\nsucceeded \{ steps: 4 \}$/m);
    },
  },
  {
    file: 'docs/live-and-react.md',
    has: "console.log(await renderToString(createSSRApp(Chat).use(createPyFlue(client))));",
    check(stdout) {
      // A server render shows the first snapshot (idle, no run yet).
      expect(stdout).toContain('<section data-status="idle">');
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
  it('has blocks to check, in the README and in the guides', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
    const withBlocks = new Set(blocks.map((block) => block.file));
    expect(withBlocks.has('README.md')).toBe(true);
    expect(withBlocks.size).toBeGreaterThanOrEqual(10);
  });

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

describe('the README', () => {
  it('is at most 10 KB and starts with the install line', async () => {
    const readme = await readFile(join(root, 'README.md'), 'utf8');
    expect(Buffer.byteLength(readme)).toBeLessThanOrEqual(10 * 1024);
    const firstBlock = /```\w*\n([^\n]*)/.exec(readme)?.[1];
    expect(firstBlock).toBe('npm install @pyflue/client');
  });

  it('links every guide in docs/', async () => {
    const readme = await readFile(join(root, 'README.md'), 'utf8');
    for (const guide of files.filter((file) => file.startsWith('docs/'))) expect(readme, guide).toContain(`](${guide})`);
  });
});

/** GitHub's anchor for a heading: lower case, punctuation and code marks dropped, spaces to hyphens. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

describe('links', () => {
  it('point at files that exist, and anchors at headings that exist (as GitHub and npm render them)', async () => {
    const broken: string[] = [];
    let checked = 0;
    for (const file of files) {
      const markdown = await readFile(join(root, file), 'utf8');
      const prose = markdown.replace(/^```[\s\S]*?^```$/gm, ''); // links in code blocks are code
      for (const [, target] of prose.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target!)) continue; // https:, mailto:
        checked++;
        const [path, anchor] = target!.split('#') as [string, string | undefined];
        const resolved = path === '' ? join(root, file) : join(root, dirname(file), path);
        if (!existsSync(resolved)) {
          broken.push(`${file}: ${target} (no such file)`);
          continue;
        }
        if (anchor === undefined) continue;
        const headings = [...(await readFile(resolved, 'utf8')).replace(/^```[\s\S]*?^```$/gm, '').matchAll(/^#{1,6} (.+)$/gm)].map(([, text]) => anchorOf(text!));
        if (!headings.includes(anchor)) broken.push(`${file}: ${target} (no heading with that anchor)`);
      }
    }
    expect(broken).toEqual([]);
    expect(checked).toBeGreaterThan(40);
  });

  it('finds anchors as GitHub makes them', () => {
    expect(anchorOf('Tracing (OpenTelemetry)')).toBe('tracing-opentelemetry');
    expect(anchorOf("Typed results from an agent's text")).toBe('typed-results-from-an-agents-text');
    expect(anchorOf('`client.raw`: routes the facade does not wrap yet')).toBe('clientraw-routes-the-facade-does-not-wrap-yet');
  });
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
