/**
 * The runtime scenario (scenario.ts) on Deno, against the real PyFlue server, with network
 * access to loopback only: no --allow-env, --allow-read or any other permission. The
 * default WebSocket is Deno's global one, so the `ws` package (which reads environment
 * variables when loaded) is never evaluated.
 */
import { describe, expect, inject, it } from 'vitest';
import { binaries, requireInCi } from './binaries.js';
import { runCli } from './run-cli.js';
import { bundleScenario } from './runtime-bundle.js';
import { expectedSummary } from './scenario.js';

const deno = binaries.deno();
requireInCi('Deno', deno);

describe.skipIf(!deno.path)('on Deno', () => {
  it('runs the scenario with --allow-net=127.0.0.1 only', async () => {
    const instance = `deno-${Date.now()}`;
    const baseUrl = inject('pyflueBaseUrl');
    const bundle = await bundleScenario('deno', baseUrl, instance);
    const { stderr, ...summary } = await runCli(deno.path!, ['run', '--no-prompt', `--allow-net=${new URL(baseUrl).host}`, bundle]);
    expect(summary).toEqual(expectedSummary(instance));
    expect(stderr).toBe('');
  });
});
