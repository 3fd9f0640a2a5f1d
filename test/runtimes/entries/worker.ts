/**
 * The scenario as a Cloudflare Worker (an ES module), for workerd: each request runs it
 * and answers the summary as JSON, with the fake of `@pyflue/client/testing` run in the
 * Worker too (it must bundle and run there with nothing of Node).
 */
import { createFlueClient } from '../../../src/index.js';
import { createFakePyFlue } from '../../../src/testing/index.js';
import { runScenario } from '../scenario.js';

declare const __PYFLUE_BASE_URL__: string;
declare const __SCENARIO_INSTANCE__: string;

const unhandled: Array<(reason: unknown) => void> = [];
// A Worker reports unhandled rejections as events on its global scope.
addEventListener('unhandledrejection', (event) => {
  event.preventDefault();
  for (const record of unhandled) record(event.reason);
});

async function fakeInTheWorker(): Promise<unknown> {
  await using fake = await createFakePyFlue({ workflows: { greet: async (ctx) => ({ greeting: `Hello, ${String(ctx.payload.name)}!` }) } });
  await using client = createFlueClient({ baseUrl: fake.baseUrl, fetch: fake.fetch, websocket: fake.websocket });
  return (await client.workflows.invoke('greet', { name: 'Worker' }, { wait: true })).result;
}

export default {
  async fetch(): Promise<Response> {
    try {
      const summary = await runScenario(__PYFLUE_BASE_URL__, __SCENARIO_INSTANCE__, (record) => unhandled.push(record));
      return Response.json({ ...summary, fake: await fakeInTheWorker() });
    } catch (error) {
      return new Response(String((error as Error)?.stack ?? error), { status: 500 });
    }
  },
};
