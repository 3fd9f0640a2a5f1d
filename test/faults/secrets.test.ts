/**
 * No secret in any error, at any depth: every kind of error the client throws is
 * inspected with `util.inspect(error, { depth: null })` (what `console.dir` and most
 * loggers print) and must not contain the token or a secret header value. Bad tokens and
 * header values are refused when the client is created, naming the header, never echoing it.
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, describe, expect, inject, it } from 'vitest';
import {
  PyFlueApiError,
  PyFlueClient,
  PyFlueClientClosedError,
  PyFlueConnectionError,
  PyFlueInputError,
  PyFlueSocketError,
  PyFlueStreamError,
  PyFlueTimeoutError,
} from '../../src/index.js';
import { startFaultProxy } from '../support/fault-proxy.js';
import { AGENT_COMMANDS, startSocketMock } from '../support/socket-mock.js';
import { rejection } from '../support/assertions.js';

const baseUrl = inject('pyflueBaseUrl');
const TOKEN = 'tok_SECRET_4f9a2c71e0';
const HEADER_SECRET = 'hdr_SECRET_77be01';
const secrets = { token: TOKEN, headers: { 'x-api-key': HEADER_SECRET } };

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function client(url: string, options: ConstructorParameters<typeof PyFlueClient>[1] = {}): PyFlueClient {
  const made = new PyFlueClient(url, { ...secrets, maxRetries: 0, ...options });
  cleanups.push(() => made.close());
  return made;
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return new Error('expected a throw');
}

/** Everything an error shows at any depth, own properties and causes included. */
function everything(error: unknown): string {
  return inspect(error, { depth: null, showHidden: true, getters: true });
}

function expectNoSecret(error: unknown, secret = TOKEN): void {
  const shown = everything(error);
  expect(shown).not.toContain(secret);
  expect(shown).not.toContain(HEADER_SECRET);
}

describe('tokens and header values are checked when the client is created', () => {
  it.each([
    ['a trailing newline', `${TOKEN}\n`],
    ['a CR LF', `${TOKEN}\r\nx-injected: 1`],
    ['a NUL', `${TOKEN}\0`],
    ['a character outside Latin-1', `${TOKEN}€`],
  ])('a token with %s: PyFlueInputError naming the token, never echoing it', (_, token) => {
    const error = thrown(() => new PyFlueClient(baseUrl, { token }));
    expect(error).toBeInstanceOf(PyFlueInputError);
    expect((error as Error).message).toContain('token');
    expectNoSecret(error);
  });

  it('a header value with a newline: PyFlueInputError naming the header, never echoing the value', () => {
    const error = thrown(() => new PyFlueClient(baseUrl, { headers: { 'x-api-key': `${HEADER_SECRET}\n` } }));
    expect(error).toBeInstanceOf(PyFlueInputError);
    expect((error as Error).message).toContain('"x-api-key"');
    expectNoSecret(error);
  });

  it('a headers function that returns a bad value: the call rejects with PyFlueInputError and sends nothing', async () => {
    let requests = 0;
    const server = createServer((_req, res) => {
      requests += 1;
      res.end('{}');
    }).listen(0, '127.0.0.1');
    await once(server, 'listening');
    cleanups.push(async () => void server.close());
    const http = new PyFlueClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, {
      headers: () => ({ authorization: `Bearer ${TOKEN}\n` }),
    });
    const error = await rejection(http.health());
    expect(error).toBeInstanceOf(PyFlueInputError);
    expect((error as Error).message).toContain('"authorization"');
    expectNoSecret(error);
    expect(requests).toBe(0);
  });

  it('a malformed base URL with credentials is refused without repeating them', () => {
    const error = thrown(() => new PyFlueClient('http://admin:hunter2-SECRET@[::1', {}));
    expect(error).toBeInstanceOf(PyFlueInputError);
    expectNoSecret(error, 'hunter2-SECRET');
  });
});

describe('no error holds a secret at any depth', () => {
  it('HTTP errors, stream errors, timeouts, refused connections, client-closed', async () => {
    const errors: Array<[string, unknown]> = [];
    const real = client(baseUrl);
    errors.push(['404 (PyFlueNotFoundError)', await rejection(real.runs.get('run_missing'))]);
    errors.push(['stream 404', await rejection((async () => { for await (const _ of real.runs.stream('run_missing')); })())]);
    // A stream error (an `event: error` frame), from a stub: the fixture's failing run ends with run_end first.
    const framer = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end('event: error\ndata: {"error":{"type":"internal_error","message":"boom","details":""}}\n\n');
    }).listen(0, '127.0.0.1');
    await once(framer, 'listening');
    cleanups.push(async () => void framer.close());
    const framed = client(`http://127.0.0.1:${(framer.address() as AddressInfo).port}`);
    errors.push(['event: error frame', await rejection((async () => { for await (const _ of framed.stream('hi')); })())]);

    // A port nobody listens on: refused.
    const closedPort = createServer().listen(0, '127.0.0.1');
    await once(closedPort, 'listening');
    const port = (closedPort.address() as AddressInfo).port;
    await new Promise((resolve) => closedPort.close(resolve));
    errors.push(['refused', await rejection(client(`http://127.0.0.1:${port}`).health())]);

    // A stalled proxy: a timeout, an idle stream, a cut stream.
    const proxy = await startFaultProxy(new URL(baseUrl), { plan: (index) => (index === 0 ? { stall: true } : { stallAfterHead: true }) });
    cleanups.push(() => proxy.close());
    const slow = client(proxy.url, { timeoutMs: 150, idleTimeoutMs: 150 });
    errors.push(['timeout', await rejection(slow.health())]);
    errors.push(['idle', await rejection((async () => { for await (const _ of slow.stream('hi')); })())]);
    const cutProxy = await startFaultProxy(new URL(baseUrl), { plan: () => ({ cutAfterServerBytes: 1 }) });
    cleanups.push(() => cutProxy.close());
    errors.push(['cut POST', await rejection((async () => { for await (const _ of client(cutProxy.url).workflows.stream('greet')); })())]);

    // In flight when the client closes.
    const closing = client(proxy.url);
    const pending = rejection(closing.health());
    await new Promise((resolve) => setTimeout(resolve, 20));
    await closing.close();
    errors.push(['closed', await pending]);

    const kinds = errors.map(([, error]) => (error as Error).constructor.name);
    expect(kinds).toEqual([
      'PyFlueNotFoundError',
      'PyFlueNotFoundError',
      'PyFlueStreamError',
      'PyFlueConnectionError',
      'PyFlueTimeoutError',
      'PyFlueTimeoutError',
      'PyFlueConnectionError',
      'PyFlueClientClosedError',
    ]);
    for (const [what, error] of errors) {
      expect(error, what).toBeInstanceOf(Error);
      expectNoSecret(error);
    }
    expect(errors[0]![1]).toBeInstanceOf(PyFlueApiError);
    expect(errors[2]![1]).toBeInstanceOf(PyFlueStreamError);
    expect(errors[3]![1]).toBeInstanceOf(PyFlueConnectionError);
    expect(errors[4]![1]).toBeInstanceOf(PyFlueTimeoutError);
    expect(errors[7]![1]).toBeInstanceOf(PyFlueClientClosedError);
  });

  it('socket errors: a refused handshake (401), a dropped socket (1006), an error frame, a socket prompt timeout', async () => {
    const mock = await startSocketMock();
    cleanups.push(() => mock.stop());
    const http = client(mock.baseUrl, { websocketUrl: (url) => url });
    const forbidden = client(mock.baseUrl, { websocketUrl: (url) => url.replace('/agents/', '/forbidden/') });

    const refused = forbidden.agents.connect('assistant', 'x');
    const handshake = await rejection(refused.ready);
    const dropped = await rejection(http.agents.connect('assistant', 'drop').prompt(AGENT_COMMANDS.drop));
    const errorFrame = await rejection(http.agents.connect('nope', 'x').prompt('hi'));
    mock.hold();
    const timedOut = await rejection(http.agents.connect('assistant', 'slow').prompt('hi', { answerTimeoutMs: 100 }));
    mock.release();

    expect(handshake).toBeInstanceOf(PyFlueSocketError);
    expect((handshake as Error).message).toContain('401');
    expect(dropped).toBeInstanceOf(PyFlueSocketError);
    expect(errorFrame).toBeInstanceOf(PyFlueSocketError);
    expect(timedOut).toBeInstanceOf(PyFlueTimeoutError);
    for (const error of [handshake, dropped, errorFrame, timedOut]) expectNoSecret(error);
  });
});
