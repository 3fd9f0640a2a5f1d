/**
 * Drives bench/python_client.py in `--serve` mode: one warm Python process (the PyFlue
 * Python client, from the fixture server's venv) that runs one command per line, so
 * its repetitions can alternate with ours.
 */
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import { venvPython } from '../scripts/python-env.js';
import { root, stopChild, type Children } from './harness.js';

export class PythonClient {
  readonly #child: ChildProcess;
  #buffer = '';
  #waiting: { resolve: (line: string) => void; reject: (error: Error) => void } | undefined;
  #stderr = '';
  #exited: Error | undefined;

  constructor(children: Children, baseUrl: string) {
    this.#child = children.spawn(venvPython, [`${root}bench/python_client.py`, baseUrl, '--serve'], {
      env: { ...process.env, PYTHONUNBUFFERED: '1' },
    });
    this.#child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      this.#buffer += chunk;
      this.#deliver();
    });
    this.#child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      this.#stderr = (this.#stderr + chunk).slice(-4000);
    });
    this.#child.once('exit', (code, signal) => {
      this.#exited = new Error(`python_client.py exited (code ${code}, signal ${signal}):\n${this.#stderr}`);
      this.#waiting?.reject(this.#exited);
      this.#waiting = undefined;
    });
  }

  #deliver(): void {
    const newline = this.#buffer.indexOf('\n');
    if (newline < 0 || !this.#waiting) return;
    const line = this.#buffer.slice(0, newline);
    this.#buffer = this.#buffer.slice(newline + 1);
    const waiting = this.#waiting;
    this.#waiting = undefined;
    waiting.resolve(line);
  }

  /** Sends one command and resolves with its JSON answer. */
  async command<T = Record<string, unknown>>(command: Record<string, unknown>): Promise<T> {
    if (this.#exited) throw this.#exited;
    const line = new Promise<string>((resolve, reject) => (this.#waiting = { resolve, reject }));
    this.#child.stdin!.write(`${JSON.stringify(command)}\n`);
    this.#deliver();
    const answer = JSON.parse(await line) as T & { error?: string };
    if (answer.error) throw new Error(`python_client.py: ${answer.error}`);
    return answer;
  }

  /** Asks it to quit; stops it by pid if it has not exited within 5 s. */
  async close(): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    const exited = once(this.#child, 'exit');
    this.#child.stdin!.end(`${JSON.stringify({ cmd: 'quit' })}\n`);
    const quit = await Promise.race([exited.then(() => true), delay(5000, false, { ref: false })]);
    if (!quit) await stopChild(this.#child);
  }
}
