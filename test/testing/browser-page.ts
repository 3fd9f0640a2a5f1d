/**
 * The page of test/testing/browser.test.ts: an app's test as it would run in a browser,
 * against the in-process fake (no server at all). Results land in `window.__fakeResults`.
 */
import { PyFlueApiError, createFlueClient } from '../../src/index.js';
import { createFakePyFlue, echoReply } from '../../src/testing/index.js';

declare global {
  interface Window {
    __fakeResults?: Record<string, unknown>;
    __fakeError?: string;
  }
}

async function main(): Promise<Record<string, unknown>> {
  await using fake = await createFakePyFlue({
    workflows: {
      greet: async (ctx) => {
        await ctx.log.info('greeting');
        return { greeting: `Hello, ${String(ctx.payload.name)}!` };
      },
    },
    agents: { bot: { persistent: true, reply: echoReply } },
  });
  await using client = createFlueClient({ baseUrl: fake.baseUrl, fetch: fake.fetch, websocket: fake.websocket, maxRetries: 0 });
  const done = await client.workflows.invoke('greet', { name: 'Browser' }, { wait: true });
  fake.faults.cutStreamAfter(1, { path: '/runs/' });
  const logs: string[] = [];
  for await (const event of client.runs.stream(done.runId, { reconnectDelayMs: 1 })) if (event.type === 'log') logs.push(event.data.message);
  await using socket = client.agents.connect('bot', 'tab');
  const reply = await socket.prompt('from a browser');
  fake.faults.next(1, { status: 503 });
  const failed = await client.health().catch((error: unknown) => (error instanceof PyFlueApiError ? error.status : String(error)));
  return { result: done.result, logs, reply: reply.result.text, failed };
}

main().then(
  (results) => (window.__fakeResults = results),
  (error: unknown) => (window.__fakeError = error instanceof Error ? `${error.name}: ${error.message}` : String(error)),
);
