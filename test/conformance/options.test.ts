/**
 * The client options that change where requests go, against the real server:
 * `adminBasePath` and `websocketUrl` (with a custom `websocket` factory).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { PyFlueClient, PyFlueNotFoundError } from '../../src/index.js';
import { rejection } from '../support/assertions.js';
import { conformanceTarget } from '../support/conformance-target.js';

const target = await conformanceTarget();
const baseUrl = target.baseUrl;
const clients: PyFlueClient[] = [];
const make = (options: ConstructorParameters<typeof PyFlueClient>[1]) => {
  const client = new PyFlueClient(baseUrl, { fetch: target.fetch, websocket: target.websocket, ...options });
  clients.push(client);
  return client;
};
afterAll(() => Promise.all(clients.map((client) => client.close())));

describe('adminBasePath against the real server', () => {
  it("'/admin' (the default, where PyFlue mounts it) and '' reach the same run record", async () => {
    const done = await make({}).workflows.invoke('greet', { name: 'admin-path' }, { wait: true });
    const viaAdmin = await make({ adminBasePath: '/admin' }).admin.runs.get(done.runId);
    // With '' the admin routes are asked of the public app: GET /runs/{id} exists there too.
    const viaPublic = await make({ adminBasePath: '' }).admin.runs.get(done.runId);
    expect(viaAdmin.runId).toBe(done.runId);
    expect(viaPublic).toEqual(viaAdmin);
  });

  it("'' for a route only the admin app has answers Starlette's 404, as a typed error", async () => {
    const error = await rejection(make({ adminBasePath: '' }).admin.runs.list());
    expect(error).toBeInstanceOf(PyFlueNotFoundError);
    expect(error).toMatchObject({ status: 404, type: 'http_404', url: `${baseUrl}/runs` });
  });
});

describe('websocketUrl and websocket against the real server', () => {
  it('the transform runs on every socket URL, and the factory opens what it returns', async () => {
    const opened: string[] = [];
    const client = make({
      token: 'handshake-token',
      websocketUrl: (url) => `${url}?ticket=t-1`,
      websocket: (url, init) => {
        opened.push(url);
        expect(init.headers.authorization).toBe('Bearer handshake-token');
        return target.openSocket(url, init);
      },
    });
    await using agent = client.agents.connect('assistant', 'options-socket');
    const reply = await agent.prompt('through a transformed URL');
    await using workflow = client.workflows.connect('greet');
    const { result } = await workflow.invoke({ name: 'ws' });
    expect(reply.result.text).toBe('echo[options-socket:default]#1: through a transformed URL');
    expect(result).toMatchObject({ greeting: 'Hello, ws!' });
    const socketBase = baseUrl.replace(/^http/, 'ws');
    expect(opened).toEqual([`${socketBase}/agents/assistant/options-socket?ticket=t-1`, `${socketBase}/workflows/greet?ticket=t-1`]);
  });
});
