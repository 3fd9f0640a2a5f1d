/**
 * The server goes away and comes back on the same port, under one client instance: the
 * call while it is down fails with a typed PyFlueConnectionError (no retries), and the
 * calls after the restart work, even though the client's connection pool held idle
 * keep-alive connections to the old process.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { PyFlueClient, PyFlueConnectionError, PyFlueTimeoutError } from '../../src/index.js';
import { startPyFlueServer, type PyFlueServer } from '../support/pyflue-server.js';

const started: PyFlueServer[] = [];

afterAll(async () => {
  await Promise.all(started.map((server) => server.stop()));
});

async function start(port?: number): Promise<PyFlueServer> {
  const server = await startPyFlueServer(port === undefined ? {} : { port });
  started.push(server);
  return server;
}

/** Starts on `port`, retrying a few times in case the old process's socket still holds it. */
async function restartOn(port: number): Promise<PyFlueServer> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 5; attempt += 1) {
    try {
      return await start(port);
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  throw lastError;
}

describe('server restart under one client', () => {
  it('fails with PyFlueConnectionError while down, then works again on the same port', async () => {
    const first = await start();
    const { port, baseUrl } = first;
    const client = new PyFlueClient(baseUrl, { maxRetries: 0, timeoutMs: 20_000 });
    try {
      // Up: a GET and a POST, leaving keep-alive connections idle in the pool.
      expect(await client.health()).toMatchObject({ ok: true });
      const before = await client.workflows.invoke('greet', { name: 'Before' }, { wait: true });
      expect(before.result).toEqual({ greeting: 'Hello, Before!', runId: before.runId });
      await new Promise((resolve) => setTimeout(resolve, 200));

      await first.stop();

      // Down: refused, reported as a connection error naming the call; nothing retried.
      const down = await client.health().then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(down).toBeInstanceOf(PyFlueConnectionError);
      expect(down).not.toBeInstanceOf(PyFlueTimeoutError);
      const error = down as PyFlueConnectionError;
      expect(error.method).toBe('GET');
      expect(error.url).toBe(`${baseUrl}/health`);
      expect(error.message).toContain('Is the PyFlue server running');
      expect(error.cause).toBeDefined();
      // A POST fails the same way (and is never retried).
      await expect(client.workflows.invoke('greet', { name: 'Down' }, { wait: true })).rejects.toBeInstanceOf(PyFlueConnectionError);

      // Back on the same port: the same client instance works again.
      const second = await restartOn(port);
      expect(second.port).toBe(port);
      expect(second.pid).not.toBe(first.pid);
      expect(await client.health()).toMatchObject({ ok: true });
      const after = await client.workflows.invoke('greet', { name: 'After' }, { wait: true });
      expect(after.result).toEqual({ greeting: 'Hello, After!', runId: after.runId });
      expect((await client.runs.get(after.runId)).status).toBe('succeeded');

      // Idle again, then once more: pooled connections to the new process are reused fine.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const agents = await client.agents.list();
      expect(agents.map((agent) => agent.name)).toContain('assistant');
    } finally {
      await client.close();
    }
  });
});
