/**
 * examples/react-chat (React at `/`, Vue at `/vue`) in headless Chromium (Debian's package,
 * driven by playwright-core) against the real PyFlue server, served as `npm run
 * example:chat` serves them: see chat-pages.ts for the walk (every state, a screenshot of
 * each, a 7-second outage mid-run and mid-reply, Retry, reloads).
 *
 * Without /usr/bin/chromium the test is skipped on a developer machine and fails in CI
 * (.ci/run installs it).
 */
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { buildChatPages, type ChatPages } from '../../examples/react-chat/build.js';
import { chromiumAvailable } from '../support/chromium.js';
import { walkChatPage } from './chat-pages.js';

const available = chromiumAvailable('chat pages browser test');
const STATES = ['idle', 'submitted', 'tool-running', 'streaming', 'done', 'error', 'reconnecting', 'run-succeeded', 'retried', 'run-failed', 'reloaded-run'];

describe.skipIf(!available)('the example chat pages in headless Chromium', () => {
  let pages: ChatPages;
  beforeAll(async () => {
    pages = await buildChatPages();
  });

  it.each([
    ['react-chat', '/'],
    ['vue-chat', '/vue'],
  ])('%s walks every state, rides out a 7-second outage and retries a failed send once', async (name, path) => {
    const { screenshots, consoleErrors } = await walkChatPage({ name, path, pyflueBaseUrl: inject('pyflueBaseUrl'), pages });
    expect(screenshots.map((file) => file.replace(/^.*\/test-results\/[a-z]+-chat-/, '').replace(/\.png$/, ''))).toEqual(STATES);
    expect(screenshots.every((file) => existsSync(file))).toBe(true);
    expect(consoleErrors).toEqual([]);
  }, 180_000);
});
