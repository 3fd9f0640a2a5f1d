/**
 * The walk both example chat pages (examples/react-chat: React at `/`, Vue at `/vue`) get
 * in headless Chromium against the real PyFlue server, through the example server that
 * puts PyFlue behind the page's origin: every state a user can meet, with a screenshot of
 * each under test-results/ (`<name>-<state>.png`):
 *
 * idle → thinking (submitted) → a tool running (a part) → typing (streaming) → done; a
 * reload keeps the messages; then the page's server goes away for 7 s while a run is in
 * flight and a reply is streaming: the reply fails (error, kind network, Retry), the run
 * shows reconnecting and ends succeeded with every step once; Retry gives one user message
 * and one reply; a failing run shows its error; a reload mid-run picks the run up again.
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { ChatPages } from '../../examples/react-chat/build.js';
import { startChatServer, type ChatServer } from '../../examples/react-chat/serve.js';
import { launchChromium } from '../support/chromium.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const OUTAGE_MS = 7_000;

export interface WalkResult {
  screenshots: string[];
  consoleErrors: string[];
}

/** Walks the page at `path` (`/` or `/vue`); `name` prefixes its screenshots. */
export async function walkChatPage(options: { name: string; path: string; pyflueBaseUrl: string; pages: ChatPages }): Promise<WalkResult> {
  const { name, path } = options;
  let server: ChatServer | undefined = await startChatServer({ pyflueBaseUrl: options.pyflueBaseUrl, pages: options.pages });
  const { port } = server;
  let browser: Browser | undefined;
  const screenshots: string[] = [];
  const consoleErrors: string[] = [];
  await mkdir(`${root}test-results`, { recursive: true });
  try {
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1100, height: 720 } });
    page.on('console', (message) => {
      // The browser's own lines for requests refused while the server is away are not the app's.
      if (message.type() === 'error' && !/Failed to load resource|net::ERR_/.test(message.text())) consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(String(error)));
    const shot = async (state: string) => {
      const file = `${root}test-results/${name}-${state}.png`;
      await page.screenshot({ path: file, fullPage: true });
      screenshots.push(file);
    };
    const chat = page.getByTestId('chat');
    const thread = `${name}-${Date.now()}`;
    await page.goto(`${server.url}${path}?thread=${thread}`);

    // Idle.
    await page.locator('[data-testid="chat"][data-status="idle"]').waitFor();
    await shot('idle');

    // Thinking, a tool running, typing, done: the narrator waits delay_ms before each frame.
    await page.getByLabel('prompt').fill('clock city=Lisbon delay_ms=900 what time');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.locator('[data-testid="chat"][data-status="submitted"]').waitFor();
    await shot('submitted');
    const tool = chat.locator('.tool[data-tool="clock"]');
    await chat.locator('.tool[data-tool="clock"][data-state="running"]').waitFor();
    await shot('tool-running');
    await page.locator('[data-testid="chat"][data-status="streaming"]').waitFor();
    await shot('streaming');
    await page.locator('[data-testid="chat"][data-status="idle"]').waitFor({ timeout: 30_000 });
    expect(await tool.getAttribute('data-state')).toBe('done');
    expect(await tool.textContent()).toContain('"time":"12:00"');
    expect(await tool.textContent()).toContain('"city":"Lisbon"');
    const reply = chat.locator('[data-role="assistant"][data-status="done"]');
    expect(await reply.textContent()).toContain(`echo[${thread}:default]#1: clock city=Lisbon`);
    await shot('done');

    // A reload keeps the conversation (sessionStorage).
    const before = await chat.locator('[data-role]').allTextContents();
    await page.reload();
    await page.locator('[data-testid="chat"][data-status="idle"]').waitFor();
    expect(await chat.locator('[data-role]').allTextContents()).toEqual(before);

    // The outage: a run in flight and a reply streaming when the page's server goes away for 7 s.
    await page.getByRole('button', { name: 'Run 12 steps' }).click();
    const run = page.getByTestId('run');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="steps"] li').length >= 2, undefined, { timeout: 30_000 });
    const runId = await run.getAttribute('data-run-id');
    const prompt = 'tell me a long story delay_ms=400 one two three four five six seven eight nine ten';
    await page.getByLabel('prompt').fill(prompt);
    await page.getByRole('button', { name: 'Send' }).click();
    await page.locator('[data-testid="chat"][data-status="streaming"]').waitFor({ timeout: 30_000 });
    const cutAt = Date.now();
    await server.close();
    server = undefined;
    await page.locator('[data-testid="chat"][data-status="error"]').waitFor({ timeout: 30_000 });
    expect(await chat.getByRole('alert').getAttribute('data-kind')).toBe('network');
    expect(await chat.getByRole('alert').textContent()).toContain('Could not reach the server.');
    await shot('error');
    await page.locator('[data-testid="run"][data-connection="reconnecting"]').waitFor({ timeout: 30_000 });
    // Never failed for a dropped connection.
    expect(await run.getAttribute('data-status')).toBe('running');
    await shot('reconnecting');
    await page.waitForTimeout(Math.max(0, cutAt + OUTAGE_MS - Date.now()));
    expect(await run.getAttribute('data-status')).toBe('running');
    server = await startChatServer({ pyflueBaseUrl: options.pyflueBaseUrl, pages: options.pages, port });
    await page.locator('[data-testid="run"][data-status="succeeded"]').waitFor({ timeout: 45_000 });
    expect(await run.getAttribute('data-run-id')).toBe(runId);
    expect(await run.getAttribute('data-connection')).toBe('open');
    // Every step once, in order, the outage notwithstanding.
    expect(await page.getByTestId('steps').locator('li').allTextContents()).toEqual(Array.from({ length: 12 }, (_, n) => `step ${n + 1}`));
    expect(await page.getByTestId('result').textContent()).toBe('{"steps":12}');
    await shot('run-succeeded');

    // Retry the reply that failed: one user message and one reply for it.
    await chat.getByRole('button', { name: 'Retry' }).click();
    await page.locator('[data-testid="chat"][data-status="idle"]').waitFor({ timeout: 30_000 });
    const messages = await chat.locator('[data-role]').evaluateAll((items) => items.map((item) => `${item.getAttribute('data-role')}|${item.getAttribute('data-status')}|${item.textContent}`));
    const asked = messages.filter((line) => line.startsWith('user|') && line.endsWith(prompt));
    expect(asked).toEqual([`user|done|${prompt}`]);
    const index = messages.indexOf(asked[0]!);
    expect(messages.slice(index + 1)).toHaveLength(1);
    expect(messages[index + 1]).toMatch(new RegExp(`^assistant\\|done\\|echo\\[${thread}:default\\]#\\d+: tell me a long story`));
    expect(await chat.getByRole('alert').count()).toBe(0);
    await shot('retried');

    // A run that fails shows its own error.
    await page.getByRole('button', { name: 'Run one that fails' }).click();
    await page.locator('[data-testid="run"][data-status="failed"]').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('run-error').textContent()).toMatch(/^The run failed: /);
    await shot('run-failed');

    // A reload mid-run picks the same run up again, every step once.
    const failedRun = await run.getAttribute('data-run-id');
    await page.getByRole('button', { name: 'Run 12 steps' }).click();
    // The new run (not the failed one still shown until the server answers the start) has two steps.
    await page.waitForFunction(
      (previous) => {
        const shown = document.querySelector('[data-testid="run"]');
        return shown !== null && shown.getAttribute('data-run-id') !== previous && shown.querySelectorAll('[data-testid="steps"] li').length >= 2;
      },
      failedRun,
      { timeout: 30_000 },
    );
    const midRun = await run.getAttribute('data-run-id');
    await page.reload();
    await page.locator('[data-testid="run"]').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('run').getAttribute('data-run-id')).toBe(midRun);
    expect(await page.getByTestId('run').getAttribute('data-status')).toBe('running');
    await page.locator('[data-testid="run"][data-status="succeeded"]').waitFor({ timeout: 45_000 });
    expect(await page.getByTestId('steps').locator('li').allTextContents()).toEqual(Array.from({ length: 12 }, (_, n) => `step ${n + 1}`));
    expect(await page.evaluate(() => sessionStorage.getItem('pyflue:run:progress'))).toBeNull();
    await shot('reloaded-run');
    return { screenshots, consoleErrors };
  } finally {
    await browser?.close();
    await server?.close();
  }
}

export type { Page };
