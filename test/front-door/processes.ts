/**
 * Child processes for the front-door tests: the demo and `npm run server` run through tsx's
 * own CLI, as `npm run` runs them, and the pid of the PyFlue server they start is read
 * from what they print.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../', import.meta.url));
const tsxCli = `${root}node_modules/tsx/dist/cli.mjs`;

export function runScript(script: string, args: string[] = []): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [tsxCli, `${root}${script}`, ...args], { cwd: root, stdio: 'pipe', env: { ...process.env, FORCE_COLOR: '0' } });
}

/** Resolves the first match of `pattern` in the child's stdout (rejects if it exits first). */
export function waitForLine(child: ChildProcessWithoutNullStreams, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      const match = pattern.exec(seen);
      if (match) {
        child.stdout.off('data', onData);
        resolve(match);
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code, signal) => reject(new Error(`exited (${code ?? signal}) before printing ${pattern}:\n${seen}`)));
  });
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether `pid` is gone within `withinMs` (polled). A pid still alive then is killed here,
 * so a failing test leaves nothing running, and the answer is false.
 */
export async function goneWithin(pid: number, withinMs: number): Promise<boolean> {
  const until = Date.now() + withinMs;
  while (Date.now() < until) {
    if (!isAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  return false;
}

export async function exitOf(child: ChildProcessWithoutNullStreams): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return { code: child.exitCode, signal: child.signalCode };
  const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  return { code, signal };
}
