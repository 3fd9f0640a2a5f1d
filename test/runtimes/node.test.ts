/**
 * The runtime scenario (scenario.ts) on the Node running the tests, from the same kind of
 * bundle as the other runtimes: the baseline the Bun, Deno and workerd runs are held to.
 */
import { describe, expect, inject, it } from 'vitest';
import { runCli } from './run-cli.js';
import { bundleScenario } from './runtime-bundle.js';
import { expectedSummary } from './scenario.js';

describe(`on Node ${process.version}`, () => {
  it('runs the scenario', async () => {
    const instance = `node-${Date.now()}`;
    const bundle = await bundleScenario('node', inject('pyflueBaseUrl'), instance);
    const { stderr, ...summary } = await runCli(process.execPath, [bundle]);
    expect(summary).toEqual(expectedSummary(instance));
    expect(stderr).toBe('');
  });
});
