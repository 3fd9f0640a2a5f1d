import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One real PyFlue server for the whole run (test/support/global-setup.ts).
    globalSetup: ['test/support/global-setup.ts'],
    // The first run creates the Python environment; later runs reuse it.
    hookTimeout: 180_000,
    testTimeout: 60_000,
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
