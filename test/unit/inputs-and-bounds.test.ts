/**
 * Bad input is a PyFlueInputError, before anything is sent (issue 24, items 3, 4 and 6):
 * the raw TypeErrors the platform or openapi-fetch would throw (a `null` option bag, a
 * path that is no string or climbs with `..`, a header value with a line break, a body
 * JSON cannot carry, a socket path that is no string), counts and lengths without bound
 * (`maxRetries: 2 ** 31` against a dead server never ended; a 1 MB base URL made a 1 MB
 * message), and control characters in names and ids. Also: what a persistent agent's
 * stream cut before its headers says.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { PyFlueClient, PyFlueConnectionError, PyFlueInputError, createFlueClient, type AppDefinition } from '../../src/index.js';
import { rejection } from '../support/assertions.js';
import { startStub } from '../support/stub-server.js';

const disposables: AsyncDisposable[] = [];
afterEach(async () => {
  for (const item of disposables.splice(0).reverse()) await item[Symbol.asyncDispose]();
});

/** A client whose fetch counts what it is asked to send (and answers 200 `{}`). */
function counting(): { client: PyFlueClient; sent: () => number } {
  let sent = 0;
  const client = new PyFlueClient('http://127.0.0.1:9', {
    fetch: (async () => ((sent += 1), Response.json({}))) as typeof fetch,
  });
  disposables.push(client);
  return { client, sent: () => sent };
}

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('what used to be a raw TypeError', () => {
  it('agents.stream with a null option bag', () => {
    const { client } = counting();
    expect(thrown(() => client.agents.stream('a', 'i', null as never))).toBeInstanceOf(PyFlueInputError);
  });

  it.each([
    ['a null path', (client: PyFlueClient) => client.raw.GET(null as never)],
    ['a path that climbs', (client: PyFlueClient) => client.raw.GET('../x' as never)],
    ['a path without its leading slash', (client: PyFlueClient) => client.raw.GET('runs/r' as never)],
    ['an unknown method', (client: PyFlueClient) => client.raw.request('FETCH' as never, '/health' as never)],
    ['an option bag that is no object', (client: PyFlueClient) => client.raw.GET('/health', 5 as never)],
    ['a circular body', (client: PyFlueClient) => {
      const body: Record<string, unknown> = {};
      body.self = body;
      return client.raw.POST('/workflows/{name}', { params: { path: { name: 'greet' } }, body: body as never });
    }],
  ])('client.raw with %s: rejects with PyFlueInputError, nothing sent', async (_label, call) => {
    const { client, sent } = counting();
    expect(await rejection(call(client))).toBeInstanceOf(PyFlueInputError);
    expect(sent()).toBe(0);
  });

  it('client.raw with a header value that has a line break: the header is named, its value never repeated', async () => {
    const { client, sent } = counting();
    const error = await rejection(client.raw.GET('/health', { headers: { 'x-api-key': 'SECRET-VALUE\r\nx-evil: 1' } }));
    expect(error).toBeInstanceOf(PyFlueInputError);
    expect((error as Error).message).toContain('"x-api-key"');
    expect((error as Error).message).not.toContain('SECRET-VALUE');
    expect(sent()).toBe(0);
  });

  it('client.socketUrl with a path that is no string', () => {
    const { client } = counting();
    expect(thrown(() => client.socketUrl(5 as never))).toBeInstanceOf(PyFlueInputError);
  });

  it('client.raw still works: the same call, its answer as openapi-fetch gives it', async () => {
    const { client, sent } = counting();
    const { data, response } = await client.raw.GET('/health');
    expect(response.status).toBe(200);
    expect(data).toEqual({});
    expect(sent()).toBe(1);
  });
});

describe('upper bounds', () => {
  it.each([
    ['maxRetries: 2 ** 31 on the client', () => new PyFlueClient('http://127.0.0.1:9', { maxRetries: 2 ** 31 })],
    ['maxRetries: 101 on the client', () => new PyFlueClient('http://127.0.0.1:9', { maxRetries: 101 })],
    ['maxReconnects: 2 ** 31 on a run stream', () => new PyFlueClient('http://127.0.0.1:9').runs.stream('run_1', { maxReconnects: 2 ** 31 })],
  ])('%s is refused (a call against a dead server would never end)', (_label, make) => {
    const error = thrown(make);
    expect(error).toBeInstanceOf(PyFlueInputError);
    expect((error as Error).message).toMatch(/from 0 to 100/);
  });

  it('maxRetries per call above the bound rejects the call before anything is sent', async () => {
    const { client, sent } = counting();
    expect(await rejection(client.health({ maxRetries: 2 ** 31 }))).toBeInstanceOf(PyFlueInputError);
    expect(sent()).toBe(0);
  });

  it('the bound itself is allowed', () => {
    expect(() => new PyFlueClient('http://127.0.0.1:9', { maxRetries: 100 })).not.toThrow();
  });

  it('a 1 MB base URL is refused with a message of a readable length', () => {
    const error = thrown(() => new PyFlueClient(`http://127.0.0.1:9/${'x'.repeat(1_000_000)}`));
    expect(error).toBeInstanceOf(PyFlueInputError);
    expect((error as Error).message.length).toBeLessThan(300);
  });
});

describe('control characters in names and ids are refused before any request', () => {
  it.each(['\r', '\n', '\0', '\t', '\x7f'])('%j in a run id, an agent name, an instance id, a workflow name', async (character) => {
    const { client, sent } = counting();
    const bad = `a${character}b`;
    expect(await rejection(client.runs.get(bad))).toBeInstanceOf(PyFlueInputError);
    expect(await rejection(client.agents.invoke(bad, 'i'))).toBeInstanceOf(PyFlueInputError);
    expect(await rejection(client.agents.invoke('a', bad))).toBeInstanceOf(PyFlueInputError);
    expect(await rejection(client.workflows.invoke(bad))).toBeInstanceOf(PyFlueInputError);
    expect(thrown(() => client.agents.connect(bad, 'i'))).toBeInstanceOf(PyFlueInputError);
    expect(thrown(() => client.runs.stream(bad))).toBeInstanceOf(PyFlueInputError);
    const error = await rejection(client.runs.get(bad));
    // The value is shown escaped, so a line break cannot split the message (or a log line).
    expect((error as Error).message).not.toContain(character);
    expect(sent()).toBe(0);
  });
});

describe("an agent stream cut before its answer's headers", () => {
  async function cutBeforeHeaders(): Promise<string> {
    const server = await startStub((request) => request.socket.destroy());
    disposables.push(server);
    return server.baseUrl;
  }

  it("of a persistent agent (the app says so): speaks of the session's prompt, not of runs", async () => {
    const baseUrl = await cutBeforeHeaders();
    const app = { agents: { assistant: { persistent: true } } } as unknown as AppDefinition;
    await using client = createFlueClient({ baseUrl, app });
    const error = await rejection((async () => { for await (const _ of client.agents.stream('assistant', 'a1', { payload: { text: 'hi' } })); })());
    expect(error).toBeInstanceOf(PyFlueConnectionError);
    expect((error as Error).message).toContain('the session may already have taken the prompt');
    expect((error as Error).message).not.toMatch(/second run|run id|run list/);
  });

  it("of an agent whose payload is a persistent agent's ({ message, session }): the same", async () => {
    const baseUrl = await cutBeforeHeaders();
    await using client = new PyFlueClient(baseUrl);
    const error = await rejection((async () => { for await (const _ of client.agents.stream('assistant', 'a1', { payload: { message: 'hi', session: 's1' } })); })());
    expect((error as Error).message).toContain('the session may already have taken the prompt');
    expect((error as Error).message).not.toMatch(/second run|run id|run list/);
  });

  it('of a workflow: the POST was not repeated, it would start a second run', async () => {
    const baseUrl = await cutBeforeHeaders();
    await using client = new PyFlueClient(baseUrl);
    const error = await rejection((async () => { for await (const _ of client.workflows.stream('greet', {})); })());
    expect((error as Error).message).toContain('the POST was not repeated: it would start a second run');
  });
});
