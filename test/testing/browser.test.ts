/**
 * The in-process fake in a real browser: a page bundled for the browser (esbuild, with
 * code splitting as app bundlers do) runs a client against `createFakePyFlue` in headless
 * Chromium, with no server at all. node:http and ws stay in the chunk `listen()` would
 * load, which the page never asks for.
 *
 * Without /usr/bin/chromium the test is skipped on a developer machine and fails in CI
 * (.ci/run installs it), as test/browser/browser.test.ts.
 */
import { createServer } from 'node:http';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { chromiumAvailable, launchChromium } from '../support/chromium.js';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const available = chromiumAvailable('the fake in Chromium');

describe.skipIf(!available)('the fake in headless Chromium', () => {
  let browser: Browser | undefined;
  const pageServer = createServer();

  afterAll(async () => {
    await browser?.close();
    if (pageServer.listening) {
      pageServer.close();
      await once(pageServer, 'close');
    }
  });

  it('runs a workflow, a resumed run stream, a socket prompt and a fault, in process', async () => {
    const bundle = await build({
      entryPoints: { page: `${root}test/testing/browser-page.ts` },
      bundle: true,
      splitting: true,
      platform: 'browser',
      format: 'esm',
      target: 'es2022',
      outdir: '/bundle',
      write: false,
      supported: { using: false },
      external: ['node:*', 'ws'],
    });
    const files = new Map(bundle.outputFiles.map((file) => [file.path.slice('/bundle'.length), file.text]));
    expect(files.get('/page.js')).not.toMatch(/from ["'](node:http|ws)["']/);
    pageServer.on('request', (request, response) => {
      const script = files.get(request.url ?? '');
      if (script !== undefined) response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
      else response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><meta charset="utf-8"><title>fake</title><script type="module" src="/page.js"></script>');
    });
    pageServer.listen(0, '127.0.0.1');
    await once(pageServer, 'listening');
    const port = (pageServer.address() as { port: number }).port;

    browser = await launchChromium();
    const page = await browser.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => window.__fakeResults !== undefined || window.__fakeError !== undefined, undefined, { timeout: 60_000 });
    expect(await page.evaluate(() => window.__fakeError)).toBeUndefined();
    expect(await page.evaluate(() => window.__fakeResults)).toEqual({
      result: { greeting: 'Hello, Browser!' },
      logs: ['greeting'],
      reply: 'echo[tab:default]#1: from a browser',
      failed: 503,
    });
    expect(consoleErrors).toEqual([]);
  }, 120_000);
});
