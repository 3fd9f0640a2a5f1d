/**
 * `npm run demo`: `--help` prints the usage and starts nothing; a reader that stops early
 * (`npm run demo | head`) and SIGTERM end it without leaving the PyFlue server behind.
 */
import { describe, expect, it } from 'vitest';
import { exitOf, goneWithin, isAlive, runScript, waitForLine } from './processes.js';

const SERVER_PID = /\(server pid (\d+)\)/;

describe('npm run demo', () => {
  it('--help prints the usage, exits 0 and starts no server', async () => {
    const child = runScript('demo/run.ts', ['--help']);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    expect(await exitOf(child)).toEqual({ code: 0, signal: null });
    expect(output).toMatch(/^Usage: npm run demo/);
    expect(output).toContain('--base-url URL');
    expect(output).not.toMatch(SERVER_PID);
  });

  it('stops the server when its reader closes early (npm run demo | head)', async () => {
    const child = runScript('demo/run.ts');
    const pid = Number((await waitForLine(child, SERVER_PID))[1]);
    expect(isAlive(pid)).toBe(true);
    child.stdout.destroy(); // the reader goes away: the demo's next write fails with EPIPE
    await exitOf(child);
    expect(await goneWithin(pid, 15_000)).toBe(true);
  });

  it('stops the server on SIGTERM', async () => {
    const child = runScript('demo/run.ts');
    const pid = Number((await waitForLine(child, SERVER_PID))[1]);
    child.kill('SIGTERM');
    await exitOf(child);
    expect(await goneWithin(pid, 15_000)).toBe(true);
  });
});
