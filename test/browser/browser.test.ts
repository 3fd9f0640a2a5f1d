/**
 * The client in a real browser: the page (test/browser/page.ts, bundled with esbuild for
 * the browser) runs in headless Chromium (Debian's package, driven by playwright-core)
 * against the real PyFlue server, served with PyFlue behind the page's own origin (the
 * example chat's server, examples/react-chat/serve.ts): no CORS set-up. A screenshot of the page's results is saved in test-results/.
 *
 * Without /usr/bin/chromium the test is skipped on a developer machine and fails in CI
 * (.ci/run installs it).
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { chromiumAvailable, launchChromium } from '../support/chromium.js';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { startSameOriginServer, type ChatServer } from '../../examples/react-chat/serve.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const available = chromiumAvailable('browser test');

describe.skipIf(!available)('the client in headless Chromium', () => {
  let browser: Browser | undefined;
  let server: ChatServer | undefined;

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('runs health, a workflow with wait, run streams and an agent socket prompt', async () => {
    const bundle = await build({
      entryPoints: [`${root}test/browser/page.ts`],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      target: 'es2022',
      write: false,
      // `await using` is lowered for the bundle; the page itself is plain ES2022.
      supported: { using: false },
    });
    const script = bundle.outputFiles[0]!.text;
    expect(script).not.toMatch(/require\(["']ws["']\)/);

    server = await startSameOriginServer(inject('pyflueBaseUrl'), {
      '/': ['text/html', '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>@pyflue/client</title><body>running…</body><script type="module" src="/page.js"></script>'],
      '/page.js': ['text/javascript', script],
    });

    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1100, height: 420 } });
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`${message.text()} @ ${message.location().url}`);
    });
    await page.goto(`${server.url}/?server=${encodeURIComponent(server.url)}`);
    await page.waitForFunction(() => window.__results !== undefined || window.__error !== undefined, undefined, { timeout: 60_000 });
    const error = await page.evaluate(() => window.__error);
    const results = await page.evaluate(() => window.__results);

    await mkdir(`${root}test-results`, { recursive: true });
    await page.screenshot({ path: `${root}test-results/browser.png`, fullPage: true });

    expect(error).toBeUndefined();
    expect(results?.map((check) => check.name)).toEqual([
      'health()',
      'workflows.invoke(greet, { wait: true })',
      'runs.stream(runId)',
      'workflows.stream + runId header',
      'agents.connect().prompt() x2',
    ]);
    expect(results?.filter((check) => !check.ok)).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(existsSync(`${root}test-results/browser.png`)).toBe(true);
  }, 120_000);
});
