/**
 * The runtime scenario (scenario.ts) on Bun, against the real PyFlue server. Bun's global
 * WebSocket carries the handshake headers; its fetch and streams serve the rest.
 */
import { describe, expect, inject, it } from 'vitest';
import { binaries, requireInCi } from './binaries.js';
import { runCli } from './run-cli.js';
import { bundleScenario } from './runtime-bundle.js';
import { expectedSummary } from './scenario.js';

const bun = binaries.bun();
requireInCi('Bun', bun);

describe.skipIf(!bun.path)('on Bun', () => {
  it('runs the scenario: calls, both streams, admin, a socket, a typed 404, an abort and close()', async () => {
    const instance = `bun-${Date.now()}`;
    const bundle = await bundleScenario('bun', inject('pyflueBaseUrl'), instance);
    const { stderr, ...summary } = await runCli(bun.path!, ['run', bundle]);
    expect(summary).toEqual(expectedSummary(instance));
    expect(stderr).toBe('');
  });
});
