import { defineConfig } from 'vitest/config';

// The first run creates the Python environment; later runs reuse it.
const timeouts = { hookTimeout: 180_000, testTimeout: 60_000 };

export default defineConfig({
  test: {
    reporters: ['default', './test/support/summary-reporter.ts'],
    // One worker per core, not vitest's default of one fewer: most files wait on the PyFlue
    // server, Prism or a child process rather than compute, and on the 2-core machines this
    // project runs on two workers take the suite from about 119 s to about 85 s, all green.
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'pyflue',
          include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
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
