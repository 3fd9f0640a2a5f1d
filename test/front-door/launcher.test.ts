/**
 * pyflue-server/launcher.py on a port that is taken: a clear message on stderr and exit
 * code 2, instead of uvicorn's log line and a process that never exits.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ensurePythonEnv } from '../../scripts/python-env.js';
import { root } from './processes.js';

describe('the launcher', () => {
  it('exits with code 2 and says so when its port is in use', async () => {
    const python = await ensurePythonEnv();
    const held = createServer().listen(0, '127.0.0.1');
    await once(held, 'listening');
    const port = (held.address() as { port: number }).port;
    try {
      const child = spawn(python, [`${root}pyflue-server/launcher.py`, '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      let stdout = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      // A launcher that hangs would keep this test waiting: end it after 30 s so the failure is reported.
      const guard = setTimeout(() => child.kill('SIGKILL'), 30_000);
      const [code] = await once(child, 'exit');
      clearTimeout(guard);
      expect(code).toBe(2);
      expect(stderr).toContain(`127.0.0.1:${port} is not available`);
      expect(stdout).not.toContain('PYFLUE_READY');
    } finally {
      held.close();
    }
  });

  it('stops when its parent closes stdin (--exit-with-parent)', async () => {
    const python = await ensurePythonEnv();
    const child = spawn(python, [`${root}pyflue-server/launcher.py`, '--exit-with-parent'], { stdio: ['pipe', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString('utf8');
        if (stdout.includes('PYFLUE_READY')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`the launcher exited (${code}) before it was ready`)));
    });
    const guard = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stdin.end();
    const [code, signal] = await once(child, 'exit');
    clearTimeout(guard);
    expect({ code, signal }).toEqual({ code: 0, signal: null });
  });
});
