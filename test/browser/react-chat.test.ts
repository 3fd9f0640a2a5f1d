/**
 * examples/react-chat in headless Chromium (Debian's package, driven by playwright-core)
 * against the real PyFlue server, through the loopback CORS proxy: a prompt typed in the
 * chat gets the agent's reply streamed in; a `slow` workflow started from the progress view
 * survives a reload mid-run, picked up again (reconnect, run id in sessionStorage) and shown
 * whole, every tick once and in order. A screenshot goes to test-results/react-chat.png.
 *
 * Without /usr/bin/chromium the test is skipped on a developer machine and fails in CI
 * (.ci/run installs it).
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:http';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { chromiumAvailable, launchChromium } from '../support/chromium.js';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { buildReactChat, REACT_CHAT_HTML } from '../../examples/react-chat/build.js';
import { startCorsProxy, type CorsProxy } from '../support/cors-proxy.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const available = chromiumAvailable('react-chat browser test');

describe.skipIf(!available)('examples/react-chat in headless Chromium', () => {
  let browser: Browser | undefined;
  let proxy: CorsProxy | undefined;
  const pageServer = createServer();

  afterAll(async () => {
    await browser?.close();
    await proxy?.close();
    if (pageServer.listening) {
      pageServer.close();
      await once(pageServer, 'close');
    }
  });

  it('streams a chat reply in, and a reload mid-run picks the workflow run up with no gap', async () => {
    const script = await buildReactChat();
    pageServer.on('request', (request, response) => {
      if (request.url?.startsWith('/app.js')) response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
      else response.writeHead(200, { 'content-type': 'text/html' }).end(REACT_CHAT_HTML);
    });
    pageServer.listen(0, '127.0.0.1');
    await once(pageServer, 'listening');
    const pagePort = (pageServer.address() as { port: number }).port;
    proxy = await startCorsProxy(inject('pyflueBaseUrl'));

    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 900, height: 700 } });
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    await page.goto(`http://127.0.0.1:${pagePort}/?server=${encodeURIComponent(proxy.url)}`);

    // The chat: type, send, see the reply come in (the fixture's echo harness).
    const prompt = `hello from chromium ${Date.now()}`;
    await page.getByLabel('prompt').fill(prompt);
    await page.getByRole('button', { name: 'Send' }).click();
    const reply = page.locator('[data-role="assistant"][data-status="done"]');
    await reply.waitFor({ timeout: 30_000 });
    expect(await reply.textContent()).toContain(prompt);
    expect(await page.locator('[data-role="user"]').textContent()).toContain(prompt);

    // The workflow: start it, reload after a few ticks, and watch it finish.
    await page.getByRole('button', { name: 'Run slow' }).click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="ticks"] li').length >= 2, undefined, { timeout: 30_000 });
    const runId = await page.locator('[data-testid="run"]').getAttribute('data-run-id');
    expect(runId).toMatch(/^workflow:slow:run_/);
    const ticksBeforeReload = await page.locator('[data-testid="ticks"] li').count();
    expect(ticksBeforeReload).toBeLessThan(8);
    await page.reload();
    const run = page.locator('[data-testid="run"]');
    await run.waitFor({ timeout: 30_000 });
    // The same run, picked up again while it still ran.
    expect(await run.getAttribute('data-run-id')).toBe(runId);
    await page.locator('[data-testid="run"][data-status="succeeded"]').waitFor({ timeout: 30_000 });
    const ticks = await page.locator('[data-testid="ticks"] li').allTextContents();
    expect(ticks).toEqual(Array.from({ length: 8 }, (_, n) => `tick n=${n}`));
    expect(await page.getByTestId('result').textContent()).toBe('{"count":8}');
    // Ended: a further reload starts clean.
    expect(await page.evaluate(() => sessionStorage.getItem('pyflue:run:slow'))).toBeNull();

    await mkdir(`${root}test-results`, { recursive: true });
    await page.screenshot({ path: `${root}test-results/react-chat.png`, fullPage: true });
    expect(existsSync(`${root}test-results/react-chat.png`)).toBe(true);
    expect(consoleErrors).toEqual([]);
  }, 120_000);
});
