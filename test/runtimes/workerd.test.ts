/**
 * The runtime scenario (scenario.ts) in Cloudflare's workerd, as a Worker bundled the way
 * wrangler bundles one, against the real PyFlue server, at two compatibility dates. The
 * Worker also runs the fake of `@pyflue/client/testing`, and reports every unhandled
 * rejection its global scope sees (there must be none).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { binaries, requireInCi } from './binaries.js';
import { bundleScenario } from './runtime-bundle.js';
import { expectedSummary } from './scenario.js';

const workerd = binaries.workerd();
requireInCi('workerd', workerd);

async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  probe.close();
  await once(probe, 'close');
  return port;
}

/** A workerd config: the Worker on 127.0.0.1:port, allowed to reach loopback (the PyFlue server) and nothing else. */
function config(compatibilityDate: string, port: number): string {
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .scenario),
    (name = "loopback", network = (allow = ["local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
const scenario :Workerd.Worker = (
  modules = [(name = "scenario.mjs", esModule = embed "scenario.mjs")],
  compatibilityDate = "${compatibilityDate}",
  globalOutbound = "loopback",
);
`;
}

describe.skipIf(!workerd.path)('in workerd', () => {
  for (const compatibilityDate of ['2024-09-23', '2026-11-17']) {
    it(`runs the scenario and the fake as a Worker (compatibility date ${compatibilityDate})`, async () => {
      const instance = `workerd-${compatibilityDate}-${Date.now()}`;
      const bundle = await bundleScenario('workerd', inject('pyflueBaseUrl'), instance);
      const configFile = `${dirname(bundle)}/config-${compatibilityDate}.capnp`;
      const port = await freePort();
      await writeFile(configFile, config(compatibilityDate, port));
      const child = spawn(workerd.path!, ['serve', configFile, '--verbose'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let log = '';
      child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
      try {
        let answer: Response | undefined;
        for (let attempt = 0; !answer && attempt < 100 && child.exitCode === null; attempt += 1) {
          answer = await fetch(`http://127.0.0.1:${port}/`).catch(async () => {
            await new Promise((resolve) => setTimeout(resolve, 100));
            return undefined;
          });
        }
        expect(answer?.status, log).toBe(200);
        const { fake, ...summary } = (await answer!.json()) as Record<string, unknown>;
        expect(summary).toEqual(expectedSummary(instance));
        expect(fake).toEqual({ greeting: 'Hello, Worker!' });
      } finally {
        child.kill('SIGTERM');
        if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
      }
    });
  }
});
