/**
 * `npm run docs` builds the API reference with typedoc from the public types: every
 * exported symbol documented, no link broken, and any warning fails the build
 * (typedoc.json: treatWarningsAsErrors, validation.notDocumented).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
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
      for (const page of pages) {
        expect(existsSync(`${out}/${page}`), page).toBe(true);
      }
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  }, 120_000);
});
