/**
 * The bin as a process: exit codes, output on the right stream, and no stack trace on
 * any failure. It runs from source through tsx here (dist may be rebuilt by the packaging
 * test while this runs); test/packaging/pack.test.ts runs the built bin, installed from
 * the tarball, with `npx @pyflue/client doctor`.
 */
import { execFile } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = `${root}src/cli/pyflue-client.ts`;

function runBin(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', bin, ...args], { cwd: root, timeout: 60_000, env: { ...process.env, PYFLUE_TOKEN: '' } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = http.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

describe('pyflue-client as a process', () => {
  it('exits 0 against the fixture server, the JSON on stdout', async () => {
    const run = await runBin(['doctor', '--base-url', inject('pyflueBaseUrl'), '--json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { exitCode: number; counts: { drift: number } };
    expect(report.exitCode).toBe(0);
    expect(report.counts.drift).toBe(0);
  });

  it('exits 2 on a closed port with a message that says what to check, and no stack trace', async () => {
    const port = await closedPort();
    const run = await runBin(['doctor', '--base-url', `http://127.0.0.1:${port}`]);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain(`cannot reach http://127.0.0.1:${port}/`);
    expect(run.stdout).toContain('check the address and port, that the server is running');
    expect(run.stderr).toBe('');
    expect(run.stdout + run.stderr).not.toMatch(/^\s+at /m);
  });

  it('exits 2 on bad arguments, the usage on stderr, no stack trace', async () => {
    const run = await runBin(['doctor', '--base-url', 'ftp://example.invalid']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^pyflue-client: The base URL must use http or https; got ftp:\n\nUsage:/);
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });
});
