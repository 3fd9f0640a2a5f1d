/**
 * `npm run server`: serves the embedded PyFlue server until Ctrl-C (SIGINT) or SIGTERM,
 * prints its URL, stops it on either, and fails with the launcher's message on a busy port.
 */
import { createServer, type Server } from 'node:net';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { exitOf, goneWithin, runScript, waitForLine } from './processes.js';

const READY = /PyFlue fixture server \(pid (\d+)\) at (http:\/\/127\.0\.0\.1:\d+)/;

describe('npm run server', () => {
  let held: Server | undefined;
  afterEach(async () => {
    held?.close();
    held = undefined;
  });

  it('--help prints the usage with the default port', async () => {
    const child = runScript('demo/server.ts', ['--help']);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    expect(await exitOf(child)).toEqual({ code: 0, signal: null });
    expect(output).toMatch(/^Usage: npm run server/);
    expect(output).toContain('default 2024');
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`serves until ${signal}, then stops the server`, async () => {
      const child = runScript('demo/server.ts', ['--port', '0']);
      const [, pid, baseUrl] = await waitForLine(child, READY);
      expect(await (await fetch(`${baseUrl}/health`)).json()).toMatchObject({ ok: true });
      child.kill(signal);
      await exitOf(child);
      expect(await goneWithin(Number(pid), 15_000)).toBe(true);
    });
  }

  it('exits non-zero with a clear message when the port is taken', async () => {
    held = createServer().listen(0, '127.0.0.1');
    await once(held, 'listening');
    const port = (held.address() as { port: number }).port;
    const child = runScript('demo/server.ts', ['--port', String(port)]);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const { code } = await exitOf(child);
    expect(code).not.toBe(0);
    expect(stderr).toContain(`127.0.0.1:${port} is not available`);
  });
});
