/**
 * Starts the real PyFlue 0.2.0 fixture server (pyflue-server/launcher.py) on a free
 * loopback port, for vitest's global setup, the demo and the benchmarks.
 *
 *   const server = await startPyFlueServer();
 *   ... server.baseUrl ...
 *   await server.stop();
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { ensurePythonEnv } from '../../scripts/python-env.js';

const launcher = fileURLToPath(new URL('../../pyflue-server/launcher.py', import.meta.url));

export interface PyFlueServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly baseUrl: string;
  readonly port: number;
  readonly pid: number;
  /** Stops the server (SIGTERM, then SIGKILL after `graceMs`); safe to call twice. */
  stop(graceMs?: number): Promise<void>;
}

export interface StartOptions {
  /** A fixed port (e.g. to restart on the same one); default: a free one. */
  port?: number;
  /** How long to wait for the server to accept connections. */
  readyTimeoutMs?: number;
  /** Progress lines (the first run creates the Python environment). */
  log?: (line: string) => void;
}

export async function startPyFlueServer(options: StartOptions = {}): Promise<PyFlueServer> {
  const python = await ensurePythonEnv(options.log);
  // stdin is a pipe this process holds and never writes: when this process ends, however it
  // ends (SIGKILL, EPIPE on its stdout, a crash), the pipe closes and the launcher stops too.
  const child = spawn(python, [launcher, '--port', String(options.port ?? 0), '--exit-with-parent'], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, PYTHONUNBUFFERED: '1' },
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-8000);
  });

  const port = await new Promise<number>((resolve, reject) => {
    const timeoutMs = options.readyTimeoutMs ?? 60_000;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`PyFlue fixture server did not start within ${timeoutMs} ms.\n${stderr}`));
    }, timeoutMs);
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const ready = /PYFLUE_READY (\d+)/.exec(stdout);
      if (ready) {
        clearTimeout(timer);
        resolve(Number(ready[1]));
      }
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`Could not start the PyFlue fixture server with ${python}: ${error.message}`));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`PyFlue fixture server exited (code ${code}, signal ${signal}) before it was ready:\n${stderr}`));
    });
  });

  let stopping: Promise<void> | undefined;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    port,
    pid: child.pid!,
    stop(graceMs = 5000) {
      stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      })();
      return stopping;
    },
  };
}
