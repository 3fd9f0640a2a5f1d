/**
 * Debian's headless Chromium for the browser tests (nothing is downloaded): whether it is
 * there (a developer machine without it skips, CI fails, as .ci/run installs it), and a
 * browser launched the one way every browser test needs.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** Whether Chromium is there; under CI=true its absence throws, elsewhere the test named `what` is skipped and says so. */
export function chromiumAvailable(what: string): boolean {
  const available = existsSync(CHROMIUM);
  if (!available && process.env.CI) throw new Error(`${CHROMIUM} is missing: .ci/run installs Debian's chromium package.`);
  if (!available) console.warn(`${what} skipped: ${CHROMIUM} is missing (apt-get install chromium)`);
  return available;
}

/** Headless Chromium without sandbox, GPU, QUIC or background traffic (loopback pages only). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
