/**
 * The contract check's traffic: drives every operation of the real fixture server,
 * success and error answers alike, with plain fetch (not our client, so the spec is
 * checked independently of it) and records each exchange for OpenApiValidator.
 */
import { readSseFrames } from '../../src/facade/internal/streams/sse.js';
import type { Exchange } from './openapi-validator.js';

interface Call {
  method?: string;
  path: string;
  json?: unknown;
  body?: string;
  headers?: Record<string, string>;
}

const seg = encodeURIComponent;

export async function recordContractTraffic(baseUrl: string): Promise<Exchange[]> {
  const exchanges: Exchange[] = [];

  async function call({ method = 'GET', path, json, body, headers = {} }: Call): Promise<Exchange> {
    const init: RequestInit = { method, headers: { ...headers } };
    if (json !== undefined) {
      init.body = JSON.stringify(json);
      (init.headers as Record<string, string>)['content-type'] = 'application/json';
    } else if (body !== undefined) {
      init.body = body;
    }
    const response = await fetch(baseUrl + path, init);
    const contentType = response.headers.get('content-type');
    const exchange: Exchange = { method, url: path, status: response.status, contentType };
    if (contentType?.startsWith('text/event-stream') && response.body) {
      exchange.frames = [];
      for await (const frame of readSseFrames(response.body)) exchange.frames.push(frame);
    } else if (contentType?.startsWith('application/json')) {
      exchange.json = await response.json();
    } else {
      await response.text();
    }
    exchanges.push(exchange);
    return exchange;
  }
  const sse = { accept: 'text/event-stream' };
  const runIdOf = (exchange: Exchange) => (exchange.json as { runId: string }).runId;

  // Health, discovery, dev pages.
  await call({ path: '/health' });
  await call({ path: '/agents' });
  await call({ path: '/__pyflue/status' });
  await call({ path: '/__pyflue' });

  // Persistent agents: JSON and streamed, nested name, errors.
  await call({ method: 'POST', path: '/agents/assistant/contract-1', json: { message: 'hello', session: 'billing' } });
  await call({ method: 'POST', path: '/agents/assistant/contract-1', json: { payload: { message: 'again' } } });
  await call({ method: 'POST', path: '/agents/support.billing/contract-1', json: { message: 'invoice?' } });
  await call({ method: 'POST', path: '/agents/assistant/contract-2', json: { message: 'stream me' }, headers: sse });
  // File-based agents: sync, webhook, streamed, hidden, unknown, bad bodies.
  const fileRun = await call({ method: 'POST', path: '/agents/summarize/contract-1', json: { payload: { text: 'a b c' } } });
  await call({ method: 'POST', path: '/agents/summarize/contract-1', json: { text: 'webhook' }, headers: { 'x-webhook': 'true' } });
  await call({ method: 'POST', path: '/agents/summarize/contract-2', json: { text: 'streamed' }, headers: sse });
  await call({ method: 'POST', path: '/agents/internal/contract-1', json: {} });
  await call({ method: 'POST', path: '/agents/nope/contract-1', json: {} });
  await call({ method: 'POST', path: '/agents/summarize/contract-1', body: '{not json', headers: { 'content-type': 'application/json' } });
  await call({ method: 'POST', path: '/agents/summarize/contract-1', json: [1, 2] });
  await call({ method: 'POST', path: '/agents/summarize/contract-1', json: { payload: 'not an object' } });
  await call({ method: 'POST', path: '/agents/summarize/contract-1', body: 'plain', headers: { 'content-type': 'text/plain' } });

  // Dispatch.
  await call({ method: 'POST', path: '/agents/assistant/contract-1/dispatch', json: { input: { ticket: 1 }, session: 'inbox' } });
  await call({ method: 'POST', path: '/agents/summarize/contract-1/dispatch', json: { input: 'x' } });
  await call({ method: 'POST', path: '/agents/nope/contract-1/dispatch', json: { input: 'x' } });
  await call({ method: 'POST', path: '/agents/assistant/contract-1/dispatch', json: { input: 'x', session: '  ' } });

  // Workflows.
  const accepted = await call({ method: 'POST', path: '/workflows/greet', json: { payload: { name: 'Ada' } } });
  const completed = await call({ method: 'POST', path: '/workflows/greet?wait=result', json: { name: 'Ada' } });
  await call({ method: 'POST', path: '/workflows/greet', json: { payload: { name: 'Streamed' } }, headers: sse });
  await call({ method: 'POST', path: '/workflows/explode?wait=result', json: { reason: 'contract' } });
  await call({ method: 'POST', path: '/workflows/explode', json: {}, headers: sse });
  await call({ method: 'POST', path: '/workflows/nope', json: {} });
  await call({ method: 'POST', path: '/workflows/greet', body: 'plain', headers: { 'content-type': 'text/plain' } });
  const burst = await call({ method: 'POST', path: '/workflows/burst?wait=result', json: { count: 25 } });

  // Runs: records, events (pages, filters, bad queries), streams (replay, resume).
  const greetRun = seg(runIdOf(completed));
  const burstRun = seg(runIdOf(burst));
  await call({ path: `/runs/${greetRun}` });
  await call({ path: `/runs/${seg(runIdOf(accepted))}` });
  await call({ path: `/runs/${seg(fileRun.json && (fileRun.json as any)._meta.runId)}` });
  await call({ path: `/runs/${seg('run_00000000000000000000000000')}` });
  await call({ path: `/runs/${burstRun}/events?after=3&limit=10` });
  await call({ path: `/runs/${burstRun}/events?types=run_start,run_end` });
  await call({ path: `/runs/${burstRun}/events?limit=0` });
  await call({ path: `/runs/${burstRun}/events?after=-1` });
  await call({ path: `/runs/${burstRun}/events?types=,` });
  await call({ path: `/runs/${seg('run_00000000000000000000000000')}/events` });
  await call({ path: `/runs/${greetRun}/stream` });
  await call({ path: `/runs/${burstRun}/stream?after=20` });
  await call({ path: `/runs/${burstRun}/stream`, headers: { 'last-event-id': '24' } });
  await call({ path: `/runs/${seg('run_00000000000000000000000000')}/stream` });

  // Default-agent routes.
  await call({ method: 'POST', path: '/prompt/contract-session', json: { payload: { prompt: 'status?' } } });
  await call({ method: 'POST', path: '/prompt/contract-session/events', json: { prompt: 'and now?' } });
  await call({ method: 'POST', path: '/prompt/contract-session', body: '{', headers: { 'content-type': 'application/json' } });
  await call({ method: 'POST', path: '/prompt/contract-session', body: 'x', headers: { 'content-type': 'text/plain' } });
  await call({ method: 'POST', path: '/sessions/contract-session/abort' });

  // Admin.
  const agents = await call({ path: '/admin/agents?limit=1' });
  const cursor = (agents.json as { nextCursor: string | null }).nextCursor;
  if (cursor) await call({ path: `/admin/agents?limit=1&cursor=${seg(cursor)}` });
  await call({ path: '/admin/agents?limit=1001' });
  await call({ path: '/admin/agents?cursor=not-a-cursor' });
  await call({ path: '/admin/agents/summarize/instances' });
  await call({ path: '/admin/agents/nope/instances' });
  await call({ path: '/admin/agents/summarize/instances/contract-1/runs?limit=1' });
  await call({ path: '/admin/agents/summarize/instances/contract-1/runs?status=completed' });
  await call({ path: '/admin/agents/summarize/instances/nobody/runs' });
  await call({ path: '/admin/agents/summarize/instances/contract-1/runs?status=bogus' });
  await call({ path: '/admin/runs?limit=2' });
  await call({ path: '/admin/runs?status=errored&agentName=explode' });
  await call({ path: '/admin/runs?agentName=nope' });
  await call({ path: `/admin/runs/${greetRun}` });
  await call({ path: `/admin/runs/${seg('run_00000000000000000000000000')}` });

  return exchanges;
}
