/**
 * Open streams, closed types: a frame type the spec does not know (a custom harness's
 * `thinking`, say) reaches the caller as `{ type: 'unknown', event, data }`, and the
 * known frames keep their own `type`. A node:http stub writes the frames by hand.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { PyFlueClient, type AgentStreamEvent, type RunEvent, type UnknownFrame, type PromptStreamEvent } from '../../src/index.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function serve(frames: string): Promise<PyFlueClient> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(frames);
    });
  });
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return new PyFlueClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
}

const frame = (event: string, data: object) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

describe('frames the spec does not know', () => {
  it('agents.stream: known frames pass as they are, an unknown one arrives as UnknownFrame', async () => {
    const client = await serve(
      frame('start', { type: 'start', session_id: 'i:default' }) +
        frame('thinking', { type: 'thinking', text: 'hmm' }) +
        frame('delta', { type: 'delta', text: 'Hi' }) +
        frame('end', { type: 'end', text: 'Hi', metadata: {} }),
    );
    const events: Array<AgentStreamEvent | RunEvent | UnknownFrame> = [];
    for await (const event of client.agents.stream('assistant', 'i', { payload: { message: 'x' } })) events.push(event);
    expect(events).toEqual([
      { type: 'start', session_id: 'i:default' },
      { type: 'unknown', event: 'thinking', data: { type: 'thinking', text: 'hmm' } },
      { type: 'delta', text: 'Hi' },
      { type: 'end', text: 'Hi', metadata: {} },
    ]);
    await client.close();
  });

  it('client.stream (default agent): the event name becomes `type`, or UnknownFrame for an unknown name', async () => {
    // Ends with its end frame: a prompt stream that ends without one is a PyFlueStreamError.
    const client = await serve(
      frame('start', { session_id: 's' }) + frame('thinking', { text: 'hmm' }) + frame('delta', { text: 'Hi' }) + frame('end', { text: 'Hi' }),
    );
    const events: PromptStreamEvent[] = [];
    for await (const event of client.stream('x', { sessionId: 's' })) events.push(event);
    expect(events).toEqual([
      { type: 'start', session_id: 's' },
      { type: 'unknown', event: 'thinking', data: { text: 'hmm' } },
      { type: 'delta', text: 'Hi' },
      { type: 'end', text: 'Hi' },
    ]);
    await client.close();
  });
});
