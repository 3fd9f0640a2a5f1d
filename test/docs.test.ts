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
      for (const page of ['index.html', 'classes/PyFlueClient.html', 'classes/EventStream.html', 'functions/createFlueClient.html']) {
        expect(existsSync(`${out}/${page}`), page).toBe(true);
      }
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  }, 120_000);
});
