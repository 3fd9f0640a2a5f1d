/**
 * One masking for every path a secret can take into an error (issue 24, item 1): a
 * server's body, a stream's error frame, a socket's error frame and close reason, the
 * fetch's own error (and a stream's "last drop" text made from it), a `headers`, `token`
 * or `websocketUrl` function that throws, a URL. Each case inspects the whole error
 * (`util.inspect` at any depth, causes and stack included) for the token; masking works on
 * parsed values, so a one-letter token keeps the envelope, and the error its type.
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket as WsSocket } from 'ws';
import {
  PyFlueClient,
  PyFlueConnectionError,
  PyFlueError,
  PyFlueInputError,
  PyFlueNotFoundError,
  PyFlueSocketError,
  PyFlueStreamError,
  type ClientOptions,
} from '../../src/index.js';
import { rejection } from '../support/assertions.js';
import { startStub } from '../support/stub-server.js';

const TOKEN = 'tok_MASK_8c1f3a9e';

const disposables: AsyncDisposable[] = [];
afterEach(async () => {
  for (const item of disposables.splice(0).reverse()) await item[Symbol.asyncDispose]();
});

function client(baseUrl: string, options: ClientOptions = {}): PyFlueClient {
  const made = new PyFlueClient(baseUrl, { token: TOKEN, maxRetries: 0, ...options });
  disposables.push(made);
  return made;
}

/** Everything an error shows: message, stack, causes, own fields, at any depth; and its JSON. */
function shown(error: unknown): string {
  return `${inspect(error, { depth: null, showHidden: true, getters: true })}\n${JSON.stringify(error)}`;
}

async function stub(handler: Parameters<typeof startStub>[0]) {
  const server = await startStub(handler);
  disposables.push(server);
  return server;
}

/** A WebSocket server on loopback that runs `onConnection` for each socket. */
async function socketServer(onConnection: (socket: WsSocket) => void): Promise<string> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  server.on('connection', onConnection);
  await once(server, 'listening');
  disposables.push({
    async [Symbol.asyncDispose]() {
      for (const socket of server.clients) socket.terminate();
      server.close();
    },
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('a server body that echoes the token', () => {
  it('an HTTP error envelope: masked in the message, the body and the envelope', async () => {
    const { baseUrl } = await stub((_request, response) => {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { type: 'run_not_found', message: `No run for Bearer ${TOKEN}`, details: TOKEN } }));
    });
    const error = await rejection(client(baseUrl).runs.get('run_1'));
    expect(error).toBeInstanceOf(PyFlueNotFoundError);
    expect((error as PyFlueNotFoundError).type).toBe('run_not_found');
    expect(shown(error)).not.toContain(TOKEN);
    expect((error as Error).message).toContain('***');
  });

  it('a one-letter token keeps the envelope: the error keeps its class and its type', async () => {
    const { baseUrl } = await stub((_request, response) => {
      response.writeHead(400, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { type: 'invalid_request', message: 'bad request e', details: '' } }));
    });
    const error = await rejection(client(baseUrl, { token: 'e' }).runs.get('run_1'));
    expect(error).toMatchObject({ status: 400, type: 'invalid_request', code: 'invalid_request' });
    expect((error as { envelope?: unknown }).envelope).toMatchObject({ error: { type: 'invalid_request' } });
  });

  it("a stream's error frame: masked in the PyFlueStreamError and its envelope", async () => {
    const { baseUrl } = await stub((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.end(`event: error\ndata: ${JSON.stringify({ error: { type: 'internal_error', message: `refused ${TOKEN}`, details: '' } })}\n\n`);
    });
    const error = await rejection((async () => { for await (const _ of client(baseUrl).runs.stream('run_1')); })());
    expect(error).toBeInstanceOf(PyFlueStreamError);
    expect(shown(error)).not.toContain(TOKEN);
  });

  it("a stream frame that is not JSON: masked in the message and in the parser's cause", async () => {
    const { baseUrl } = await stub((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.end(`data: ${TOKEN} is not json\n\n`);
    });
    const error = await rejection((async () => { for await (const _ of client(baseUrl).runs.stream('run_1', { maxReconnects: 0 })); })());
    expect(error).toBeInstanceOf(PyFlueStreamError);
    expect(shown(error)).not.toContain(TOKEN);
  });
});

describe('a socket that echoes the token', () => {
  it("an agent socket's error frame: masked in the PyFlueSocketError, its `error` and its JSON", async () => {
    const baseUrl = await socketServer((socket) => {
      socket.on('message', () => socket.send(JSON.stringify({ type: 'error', error: { type: 'unauthorized', message: `token ${TOKEN} refused`, details: TOKEN } })));
    });
    const error = await rejection(client(baseUrl).agents.connect('assistant', 'a1').prompt('hi'));
    expect(error).toBeInstanceOf(PyFlueSocketError);
    expect((error as PyFlueSocketError).error?.type).toBe('unauthorized');
    expect(shown(error)).not.toContain(TOKEN);
  });

  it("a workflow socket's error frame: masked in the error `invoke` throws", async () => {
    const baseUrl = await socketServer((socket) => {
      socket.on('message', () => socket.send(JSON.stringify({ type: 'error', error: { type: 'internal_error', message: `with ${TOKEN}`, details: '' } })));
    });
    const error = await rejection(client(baseUrl).workflows.connect('greet').invoke({}));
    expect(error).toBeInstanceOf(PyFlueSocketError);
    expect(shown(error)).not.toContain(TOKEN);
  });

  it('a close reason: masked in the error and its closeReason', async () => {
    const baseUrl = await socketServer((socket) => socket.on('message', () => socket.close(4001, `bad ${TOKEN}`)));
    const error = await rejection(client(baseUrl).agents.connect('assistant', 'a1').prompt('hi'));
    expect(error).toMatchObject({ closeCode: 4001, closeReason: 'bad ***' });
    expect(shown(error)).not.toContain(TOKEN);
  });
});

describe("the fetch's own error", () => {
  const leaky = (async () => {
    throw new TypeError(`connect failed for Authorization: Bearer ${TOKEN} (${TOKEN})`);
  }) as typeof fetch;

  it('a rejected fetch: masked in the PyFlueConnectionError, its cause and its stack', async () => {
    const error = await rejection(client('http://127.0.0.1:9', { fetch: leaky }).health());
    expect(error).toBeInstanceOf(PyFlueConnectionError);
    expect(shown(error)).not.toContain(TOKEN);
  });

  it("a run stream's \"last drop\" text, made from the fetch's error", async () => {
    const http = client('http://127.0.0.1:9', { fetch: leaky });
    const error = await rejection((async () => { for await (const _ of http.runs.stream('run_1', { maxReconnects: 1, reconnectDelayMs: 0 })); })());
    expect(error).toBeInstanceOf(PyFlueError);
    expect((error as Error).message).toContain('Last drop');
    expect(shown(error)).not.toContain(TOKEN);
  });
});

describe("the caller's own functions", () => {
  it('a headers function that throws with the token in its message: a PyFlueError with it masked', async () => {
    const { baseUrl, requests } = await stub((_request, response) => response.end('{}'));
    const http = client(baseUrl, {
      headers: () => {
        throw new Error(`refresh of ${TOKEN} failed`);
      },
    });
    const error = await rejection(http.health());
    expect(error).toBeInstanceOf(PyFlueError);
    expect((error as Error).message).toBe('refresh of *** failed');
    expect(shown(error)).not.toContain(TOKEN);
    expect(requests).toEqual([]);
  });

  it('a token function that throws: masked the same way (the token it gave before is a secret too)', async () => {
    let calls = 0;
    const { baseUrl } = await stub((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"ok":true,"framework":"pyflue"}');
    });
    const http = client(baseUrl, {
      token: () => {
        calls += 1;
        if (calls === 1) return TOKEN;
        throw new Error(`could not refresh ${TOKEN}`);
      },
    });
    await http.health();
    const error = await rejection(http.health());
    expect((error as Error).message).toBe('could not refresh ***');
    expect(shown(error)).not.toContain(TOKEN);
  });

  it('a websocketUrl function that throws with the token: a PyFlueInputError that does not repeat it', () => {
    const http = client('http://127.0.0.1:9', {
      websocketUrl: (url) => {
        throw new Error(`cannot add ${TOKEN} to ${url}`);
      },
    });
    let error: unknown;
    try {
      http.socketUrl('/agents/a/b');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PyFlueInputError);
    expect(shown(error)).not.toContain(TOKEN);
  });

  it('a websocketUrl that adds the token to the URL: masked wherever the URL is shown', async () => {
    const http = client('http://127.0.0.1:9', { websocketUrl: (url) => `${url}?access_token=${TOKEN}`, connectTimeoutMs: 2_000 });
    const error = await rejection(http.agents.connect('assistant', 'a1').prompt('hi'));
    expect(error).toBeInstanceOf(PyFlueSocketError);
    expect(shown(error)).not.toContain(TOKEN);
  });
});
