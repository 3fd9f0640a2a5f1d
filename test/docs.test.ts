/**
 * `npm run docs` builds the API reference with typedoc from the public types, with the
 * README as its front page and the guides of docs/ beside it (typedoc.json: `readme`,
 * `projectDocuments`): every exported symbol documented, no link or anchor broken (between
 * guides too), and any warning fails the build (treatWarningsAsErrors, validation.notDocumented).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../', import.meta.url));

describe('API reference', () => {
  it('typedoc builds it without a single warning', async () => {
    const out = await mkdtemp(`${tmpdir()}/pyflue-docs-`);
    try {
      const { code, output } = await new Promise<{ code: number; output: string }>((resolve) => {
        execFile(process.execPath, [`${root}node_modules/typedoc/bin/typedoc`, '--out', out], { cwd: root }, (error, stdout, stderr) =>
          resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, output: stdout + stderr }),
        );
      });
      expect(output).not.toMatch(/warning|error/i);
      expect(code).toBe(0);
      // One module per entry (typedoc.json lists them): the main entry, /live, /react and /vue.
      const pages = [
        'index.html',
        'classes/_pyflue_client.PyFlueClient.html',
        'classes/_pyflue_client.EventStream.html',
        'functions/_pyflue_client.createFlueClient.html',
        'modules/_pyflue_client_live.html',
        'functions/_pyflue_client_live.createConversation.html',
        'functions/_pyflue_client_live.watchRun.html',
        'functions/_pyflue_client_live.startWorkflow.html',
        'modules/_pyflue_client_react.html',
        'functions/_pyflue_client_react.useConversation.html',
        'functions/_pyflue_client_react.useRun.html',
        'functions/_pyflue_client_react.useWorkflow.html',
        'functions/_pyflue_client_react.PyFlueProvider.html',
        'modules/_pyflue_client_vue.html',
        'functions/_pyflue_client_vue.useConversation.html',
        'functions/_pyflue_client_vue.createPyFlue.html',
      ];
      // The guides, at the addresses people link to (a renamed guide breaks their links: keep these).
      const guides = [
        'documents/client.html',
        'documents/agents.html',
        'documents/workflows.html',
        'documents/runs-and-streaming.html',
        'documents/sockets.html',
        'documents/admin.html',
        'documents/typed-apps.html',
        'documents/errors.html',
        'documents/middleware-raw-tracing.html',
        'documents/live-and-react.html',
        'documents/testing-your-app.html',
        'documents/doctor.html',
        'documents/runtimes.html',
        'documents/troubleshooting.html',
      ];
      for (const page of [...pages, ...guides]) {
        expect(existsSync(`${out}/${page}`), page).toBe(true);
      }
      // Every guide in docs/ is published (a new one needs no edit of typedoc.json, only of the list above).
      const written = (await readdir(`${root}docs`)).filter((name) => name.endsWith('.md'));
      expect(written.map((name) => `documents/${name.replace(/\.md$/, '.html')}`).sort()).toEqual([...guides].sort());
      // The front page is the README, and its links to the guides lead to their pages.
      const index = await readFile(`${out}/index.html`, 'utf8');
      expect(index).toContain('Quick start');
      expect(index).toContain('id="running-the-examples"');
      for (const guide of guides) expect(index, guide).toContain(`href="${guide}`);
      // A guide's link back to the README lands on the front page, anchor kept.
      const agents = await readFile(`${out}/documents/agents.html`, 'utf8');
      expect(agents).toContain('href="../#running-the-examples"');
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  }, 120_000);
});
