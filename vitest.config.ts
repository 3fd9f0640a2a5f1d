import { defineConfig } from 'vitest/config';

// The first run creates the Python environment; later runs reuse it.
const timeouts = { hookTimeout: 180_000, testTimeout: 60_000 };

export default defineConfig({
  test: {
    reporters: ['default', './test/support/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'pyflue',
          include: ['test/**/*.test.ts'],
          // One real PyFlue server for the whole run (test/support/global-setup.ts).
          globalSetup: ['test/support/global-setup.ts'],
          ...timeouts,
        },
      },
      {
        // The conformance suite again, against the fake of @pyflue/client/testing
        // (test/support/conformance-target.ts): the same cases must pass.
        test: {
          name: 'fake',
          include: ['test/conformance/*.test.ts'],
          provide: { conformanceTarget: 'fake' },
          ...timeouts,
        },
      },
    ],
  },
});
