/**
 * Every call ends when it should (issue 16, items 1-6 and 12): an abort wins over events
 * already received, a deadline bounds a run stream's reconnects, timers past setTimeout's
 * limit are refused, a custom fetch that answers no Response fails typed, and the errors
 * that end streams and sockets say which run they left and where.
 */
import { describe, expect, it } from 'vitest';
import {
  PyFlueClient,
  PyFlueClientClosedError,
  PyFlueError,
  PyFlueInputError,
  PyFlueServerError,
  PyFlueSocketError,
  PyFlueTimeoutError,
} from '../../src/index.js';
import { createFakePyFlue } from '../../src/testing/index.js';
import { runEvents, sseText, startStub } from '../support/stub-server.js';
import { knownEvent } from '../support/assertions.js';

const SSE_HEADERS = { 'content-type': 'text/event-stream', 'x-flue-run-id': 'run_1' };

/** A server that sends twelve events of run_1 in one chunk, then keeps the connection open. */
function twelveAtOnce() {
  return startStub((request, response) => {
    if (request.url?.startsWith('/prompt/')) {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      const deltas = Array.from({ length: 11 }, (_, i) => `event: delta\ndata: ${JSON.stringify({ text: `d${i}` })}\n\n`).join('');
      response.write(`${deltas}event: end\ndata: {}\n\n`);
      return;
    }
    response.writeHead(200, SSE_HEADERS);
    response.write(sseText(runEvents('run_1', 12)));
  });
}

describe('an abort wins over events already received (item 1)', () => {
  const streams = {
    'runs.stream': (client: PyFlueClient, signal: AbortSignal) => client.runs.stream('run_1', { signal }),
    'workflows.stream': (client: PyFlueClient, signal: AbortSignal) => client.workflows.stream('greet', {}, { signal }),
    'agents.stream': (client: PyFlueClient, signal: AbortSignal) => client.agents.stream('filer', 'a1', { signal }),
    'client.stream': (client: PyFlueClient, signal: AbortSignal) => client.stream('hi', { signal }),
  } as const;

  for (const [name, open] of Object.entries(streams)) {
    it(`${name}: after abort() the next next() rejects with the signal's reason; no buffered event is handed out`, async () => {
      await using server = await twelveAtOnce();
      await using client = new PyFlueClient(server.baseUrl);
      const controller = new AbortController();
      const reason = new Error('user gave up');
      let seen = 0;
      const outcome = await (async () => {
        for await (const _ of open(client, controller.signal)) {
          seen += 1;
          if (seen === 2) controller.abort(reason);
        }
      })().then(() => 'ended normally', (error: unknown) => error);
      expect(outcome).toBe(reason);
      expect(seen).toBe(2);
    });
  }
});

describe('deadlineMs bounds a run stream until its first event (item 2)', () => {
  it('against 503 Retry-After: 3 it ends with the server\'s typed error, without waiting the Retry-After', async () => {
    await using server = await startStub((_request, response) => {
      response.writeHead(503, { 'retry-after': '3', 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { type: 'internal_error', message: 'busy', details: '' } }));
    });
    await using client = new PyFlueClient(server.baseUrl);
    const started = Date.now();
    const outcome = await (async () => {
      for await (const _ of client.runs.stream('run_1', { deadlineMs: 1000 }));
    })().then(() => 'ended', (error: unknown) => error);
    const elapsed = Date.now() - started;
    expect(outcome).toBeInstanceOf(PyFlueServerError);
    expect((outcome as PyFlueServerError).status).toBe(503);
    expect((outcome as PyFlueError).runId).toBe('run_1');
    // Waiting the 3 s Retry-After would overrun the 1 s deadline: no second request, no wait.
    expect(server.requests).toHaveLength(1);
    expect(elapsed).toBeLessThan(2_900);
  });

  it('against a server that never answers it ends with PyFlueTimeoutError after few requests', async () => {
    await using server = await startStub(() => {});
    await using client = new PyFlueClient(server.baseUrl);
    const outcome = await (async () => {
      for await (const _ of client.runs.stream('run_1', { deadlineMs: 300, reconnectDelayMs: 10 }));
    })().then(() => 'ended', (error: unknown) => error);
    expect(outcome).toBeInstanceOf(PyFlueTimeoutError);
    expect(server.requests.length).toBeLessThanOrEqual(2);
  });

  it('against a server that sends its headers and then nothing, the deadline still ends it (not the 45 s idle timeout)', async () => {
    await using server = await startStub((_request, response) => {
      response.writeHead(200, SSE_HEADERS);
      response.flushHeaders();
    });
    await using client = new PyFlueClient(server.baseUrl);
    const guard = AbortSignal.timeout(10_000);
    const outcome = await (async () => {
      for await (const _ of client.runs.stream('run_1', { deadlineMs: 300, reconnectDelayMs: 10, signal: guard }));
    })().then(() => 'ended', (error: unknown) => error);
    expect(outcome).toBeInstanceOf(PyFlueTimeoutError);
  });

  it('after an event, a drop gets a deadline of its own: the deadline covers the wait for the first event, not the whole run', async () => {
    let streams = 0;
    await using server = await startStub((request, response) => {
      if (request.url === '/runs/run_1') {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ runId: 'run_1', status: 'running', event_count: 4 }));
        return;
      }
      streams += 1;
      response.writeHead(200, SSE_HEADERS);
      const events = runEvents('run_1', 4);
      // The first connection gives two events, stays quiet past the deadline, then ends; the next one resumes.
      if (streams === 1) {
        response.write(sseText(events.slice(0, 2)));
        setTimeout(() => response.end(), 400);
      } else response.end(sseText(events.slice(2)));
    });
    await using client = new PyFlueClient(server.baseUrl);
    const seen: number[] = [];
    for await (const event of client.runs.stream('run_1', { deadlineMs: 300, reconnectDelayMs: 10 })) {
      seen.push(knownEvent(event).eventIndex);
    }
    expect(seen).toEqual([1, 2, 3, 4]);
  });
});

describe('timeouts of 2^31 ms or more are refused, not fired after 1 ms (item 3)', () => {
  const TOO_LONG = 2 ** 31;

  it('client options timeoutMs, idleTimeoutMs and deadlineMs', () => {
    for (const key of ['timeoutMs', 'idleTimeoutMs', 'deadlineMs'] as const) {
      expect(() => new PyFlueClient('http://127.0.0.1:9', { [key]: TOO_LONG })).toThrow(/2147483647/);
      expect(() => new PyFlueClient('http://127.0.0.1:9', { [key]: TOO_LONG - 1 })).not.toThrow();
    }
  });

  it('a call\'s timeoutMs and deadlineMs reject with PyFlueInputError (no request, no early timeout)', async () => {
    let fetches = 0;
    const client = new PyFlueClient('http://127.0.0.1:9', {
      fetch: async () => ((fetches += 1), Response.json({ ok: true, framework: 'pyflue' })),
    });
    await expect(client.health({ timeoutMs: TOO_LONG })).rejects.toBeInstanceOf(PyFlueInputError);
    await expect(client.health({ deadlineMs: TOO_LONG })).rejects.toBeInstanceOf(PyFlueInputError);
    expect(fetches).toBe(0);
    await expect(client.health({ timeoutMs: TOO_LONG - 1 })).resolves.toEqual({ ok: true, framework: 'pyflue' });
  });

  it('a run stream\'s deadlineMs and idleTimeoutMs, and a prompt stream\'s idleTimeoutMs', () => {
    const client = new PyFlueClient('http://127.0.0.1:9');
    expect(() => client.runs.stream('run_1', { deadlineMs: TOO_LONG })).toThrow(PyFlueInputError);
    expect(() => client.runs.stream('run_1', { idleTimeoutMs: TOO_LONG })).toThrow(PyFlueInputError);
    expect(() => client.stream('hi', { idleTimeoutMs: TOO_LONG })).toThrow(PyFlueInputError);
  });

  it('a socket prompt\'s timeoutMs and a workflow socket run\'s idleTimeoutMs', async () => {
    await using fake = await createFakePyFlue({
      agents: { chat: { persistent: true, reply: async () => {
        await new Promise((resolve) => setTimeout(resolve, 50));
        return { text: 'late' };
      } } },
      workflows: { greet: async () => ({ ok: true }) },
    });
    await using client = new PyFlueClient(fake.baseUrl, { fetch: fake.fetch, websocket: fake.websocket });
    const socket = client.agents.connect('chat', 'a1');
    await expect(socket.prompt('hi', { answerTimeoutMs: TOO_LONG })).rejects.toBeInstanceOf(PyFlueInputError);
    await socket.close();
    const workflow = client.workflows.connect('greet');
    await expect(workflow.run({}, { idleTimeoutMs: TOO_LONG })).rejects.toBeInstanceOf(PyFlueInputError);
    await workflow.close();
  });
});

describe('a custom fetch that answers no Response (item 4)', () => {
  it('resolving undefined rejects the call with a typed error, once, and crashes nothing', async () => {
    let fetches = 0;
    const client = new PyFlueClient('http://127.0.0.1:9', { fetch: (async () => ((fetches += 1), undefined)) as unknown as typeof fetch });
    const error = await client.health().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PyFlueError);
    expect(String((error as Error).message)).toMatch(/fetch.*Response/);
    expect(fetches).toBe(1);
    const streamError = await (async () => {
      for await (const _ of client.runs.stream('run_1'));
    })().catch((caught: unknown) => caught);
    expect(streamError).toBeInstanceOf(PyFlueError);
  });

  it('returning a Response synchronously works, with one request', async () => {
    let fetches = 0;
    const client = new PyFlueClient('http://127.0.0.1:9', {
      fetch: (() => ((fetches += 1), Response.json({ ok: true, framework: 'pyflue' }))) as unknown as typeof fetch,
    });
    await expect(client.health()).resolves.toEqual({ ok: true, framework: 'pyflue' });
    expect(fetches).toBe(1);
  });

  it('throwing synchronously is a connection failure like a rejected fetch, not an escaped exception', async () => {
    const client = new PyFlueClient('http://127.0.0.1:9', {
      maxRetries: 0,
      fetch: (() => {
        throw new TypeError('boom');
      }) as unknown as typeof fetch,
    });
    await expect(client.health()).rejects.toBeInstanceOf(PyFlueError);
  });
});

describe('close() while a for-await body runs (item 5)', () => {
  it('the PyFlueClientClosedError carries the run id and the index of the last event the loop saw', async () => {
    await using server = await startStub((_request, response) => {
      response.writeHead(200, SSE_HEADERS);
      response.write(sseText(runEvents('run_1', 6).slice(0, 4)));
    });
    const client = new PyFlueClient(server.baseUrl);
    const seen: number[] = [];
    const outcome = await (async () => {
      for await (const event of client.workflows.stream('greet')) {
        seen.push(knownEvent(event).eventIndex);
        if (seen.length === 2) await client.close();
      }
    })().then(() => 'ended', (error: unknown) => error);
    expect(outcome).toBeInstanceOf(PyFlueClientClosedError);
    expect(seen).toEqual([1, 2]);
    expect((outcome as PyFlueError).runId).toBe('run_1');
    expect((outcome as PyFlueError).lastEventIndex).toBe(2);
  });

  it('a run stream closed before any event reports its `after` as the last index', async () => {
    await using server = await startStub((_request, response) => {
      response.writeHead(200, SSE_HEADERS);
      response.flushHeaders();
    });
    const client = new PyFlueClient(server.baseUrl);
    const stream = client.runs.stream('run_1', { after: 7 });
    const pending = (async () => {
      for await (const _ of stream);
    })().catch((caught: unknown) => caught);
    await stream.runId;
    await client.close();
    const outcome = await pending;
    expect(outcome).toBeInstanceOf(PyFlueClientClosedError);
    expect((outcome as PyFlueError).runId).toBe('run_1');
    expect((outcome as PyFlueError).lastEventIndex).toBe(7);
  });
});

describe('a workflow socket dropped mid-run (item 6)', () => {
  it('rejects with an error carrying the run id once it is known', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    await using fake = await createFakePyFlue({ workflows: { slow: async () => (await gate, { ok: true }) } });
    await using client = new PyFlueClient(fake.baseUrl, { fetch: fake.fetch, websocket: fake.websocket });
    fake.faults.dropSocketAfter(1);
    const socket = client.workflows.connect('slow');
    const error = await socket.run({}).catch((caught: unknown) => caught);
    release();
    const runId = await socket.runId;
    expect(error).toBeInstanceOf(PyFlueSocketError);
    expect(typeof runId).toBe('string');
    expect((error as PyFlueError).runId).toBe(runId);
  });
});

describe('stream.runId after close() (item 12)', () => {
  it('runs.stream: resolves the id it was given, started or not', async () => {
    const client = new PyFlueClient('http://127.0.0.1:9');
    const stream = client.runs.stream('run_42');
    await stream.close();
    await expect(stream.runId).resolves.toBe('run_42');
  });

  it('a POST stream: resolves the id from the headers when they came before the close', async () => {
    await using server = await startStub((_request, response) => {
      response.writeHead(200, SSE_HEADERS);
      response.flushHeaders();
    });
    await using client = new PyFlueClient(server.baseUrl);
    const stream = client.workflows.stream('greet');
    await stream.runId;
    await stream.close();
    await expect(stream.runId).resolves.toBe('run_1');
  });

  it('a POST stream closed before it started resolves undefined (no run was started), as documented', async () => {
    const client = new PyFlueClient('http://127.0.0.1:9');
    const stream = client.workflows.stream('greet');
    await stream.close();
    await expect(stream.runId).resolves.toBeUndefined();
  });
});
