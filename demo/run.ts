/**
 * `npm run demo`: a walk through every namespace of the client, printing what it does.
 *
 * It starts the embedded PyFlue 0.2.0 fixture server (pyflue-server/); where Python is
 * missing it falls back to a Prism mock of spec/openapi.yaml and says so (the mock has
 * no streams or sockets, so those steps are skipped there). `npm run demo -- --base-url URL`
 * points it at any deployment instead (it expects the fixture's agents and workflows).
 * Ctrl-C, SIGTERM or a reader that stops early (`npm run demo | head`) stop the embedded
 * server with it (stop-on-exit.ts).
 */
import { PyFlueClient, createFlueClient, PyFlueNotFoundError } from '../src/index.js';
import { startPrism } from '../test/support/prism.js';
import { startPyFlueServer } from '../test/support/pyflue-server.js';
import { stopOnExit } from './stop-on-exit.js';

const USAGE = `Usage: npm run demo [-- --base-url URL]

Walks through every namespace of @pyflue/client, printing each call and its answer.
Without --base-url it starts the embedded PyFlue 0.2.0 fixture server (pyflue-server/)
on a free loopback port and stops it at the end; without Python, a Prism mock of the spec.

  --base-url URL   use the deployment at URL instead (it needs the fixture's agents and workflows)
  --help           this text

A server that stays up for the docs' blocks: npm run server (http://127.0.0.1:2024).
`;

interface Target {
  baseUrl: string;
  kind: 'embedded PyFlue server' | 'Prism mock of spec/openapi.yaml' | 'deployment';
  stop(): Promise<void>;
}

async function target(): Promise<Target> {
  const flag = process.argv.indexOf('--base-url');
  if (flag > 0) {
    const baseUrl = process.argv[flag + 1];
    if (!baseUrl) throw new Error('--base-url needs a URL, e.g. --base-url http://127.0.0.1:2024');
    return { baseUrl, kind: 'deployment', stop: async () => {} };
  }
  try {
    const server = await startPyFlueServer({ log: (line) => console.log(`  ${line}`) });
    console.log(`  (server pid ${server.pid})`);
    return { baseUrl: server.baseUrl, kind: 'embedded PyFlue server', stop: () => server.stop() };
  } catch (error) {
    console.log(`! Could not start the embedded PyFlue server: ${(error as Error).message.split('\n')[0]}`);
    console.log('! Falling back to a Prism mock of spec/openapi.yaml: answers are the spec\'s examples, and streams and sockets are skipped.');
    const prism = await startPrism();
    return { baseUrl: prism.baseUrl, kind: 'Prism mock of spec/openapi.yaml', stop: () => prism.stop() };
  }
}

const step = (title: string) => console.log(`\n== ${title}`);
const show = (label: string, value: unknown) => console.log(`  ${label}:`, JSON.stringify(value));

async function main(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) return void process.stdout.write(USAGE);
  const server = await target();
  stopOnExit(() => server.stop());
  const live = server.kind !== 'Prism mock of spec/openapi.yaml';
  console.log(`Using the ${server.kind} at ${server.baseUrl}`);
  await using client = new PyFlueClient(server.baseUrl);
  await using flue = createFlueClient({ baseUrl: server.baseUrl });
  try {
    step('health');
    show('client.health()', await client.health());

    step('agents');
    show('await client.agents()', (await client.agents()).map((agent) => agent.name));
    const first = await client.agents.invoke('assistant', 'demo-1', { payload: { message: 'Hello', session: 'support' } });
    show("agents.invoke('assistant', 'demo-1', { message, session })", first);
    const summary = await flue.agents.invoke('summarize', 'demo-1', { payload: { text: 'PyFlue serves agents over HTTP.' } });
    show('flue.agents.invoke(file-based agent) -> { result, runId }', summary);
    if (live) {
      const webhook = await flue.agents.invoke('summarize', 'demo-1', { payload: { text: 'later' }, mode: 'webhook' });
      show("mode: 'webhook' -> { runId }", webhook);
      const frames: string[] = [];
      for await (const event of client.agents.stream('assistant', 'demo-1', { payload: { message: 'Stream it' } })) frames.push(event.type);
      show('agents.stream frames', frames);
    }
    show('agents.dispatch', await client.agents.dispatch('assistant', 'demo-1', { input: 'Queued note', session: 'inbox' }));

    step('workflows');
    const started = await client.workflows.invoke('greet', { name: 'Ada' });
    show("workflows.invoke('greet')", started);
    const done = await client.workflows.invoke('greet', { name: 'Ada' }, { wait: true });
    show("workflows.invoke('greet', ..., { wait: true })", done);
    if (live) {
      const stream = client.workflows.stream('greet', { name: 'streaming' });
      for await (const event of stream) {
        // An event type this client does not know (a newer server's) comes as { type: 'unknown', event, data }.
        const index = event.type === 'unknown' ? '?' : event.eventIndex;
        console.log(`  event ${index}: ${event.type} ${JSON.stringify(event.data)}`);
      }
      show('stream.runId', await stream.runId);
    }

    step('runs');
    show('runs.get(runId).status', (await client.runs.get(done.runId)).status);
    const page = await client.runs.events(done.runId, { limit: 2 });
    show('runs.events(runId, { limit: 2 })', { events: page.events.map((event) => event.type), nextAfter: page.nextAfter });
    if (live) {
      const replay: string[] = [];
      for await (const event of client.runs.stream(done.runId, { after: page.nextAfter })) {
        replay.push(event.type);
        if (event.type === 'run_end') show('runs.stream(..., { after }) ended with', event.data.status);
      }
      show('runs.stream replayed', replay);
    }

    step('admin');
    const runs = await client.admin.runs.list({ limit: 3 });
    show('admin.runs.list({ limit: 3 })', runs.items.map((run) => `${run.agentName} ${run.status}`));
    if (live) {
      // (The mock answers every page with the same example cursor: nothing to follow there.)
      let count = 0;
      for await (const _ of client.admin.runs.list({ limit: 2 })) count += 1;
      show('for await over admin.runs.list({ limit: 2 }): runs', count);
    }
    show('admin.agents.list()', (await client.admin.agents.list()).items.map((agent) => agent.name));

    step('default agent and sessions');
    show("client.prompt('Status?', { sessionId: 'standup' })", (await client.prompt('Status?', { sessionId: 'standup' })).text);
    show("client.sessions.abort('standup')", await client.sessions.abort('standup'));

    if (live) {
      step('sockets');
      await using agent = client.agents.connect('assistant', 'demo-socket');
      const [one, two] = await Promise.all([agent.prompt('First'), agent.prompt('Second', { session: 'other' })]);
      show('agent socket, two prompts in flight', [one.result.text, two.result.text]);
      await using workflow = client.workflows.connect('greet');
      show('workflow socket invoke', await workflow.invoke({ name: 'socket' }));
      show('socket URL', client.socketUrl('/agents/assistant/demo-socket'));
    }

    step('errors');
    try {
      await client.runs.get('run_00000000000000000000000000');
    } catch (error) {
      if (!(error instanceof PyFlueNotFoundError)) throw error;
      show(`${error.name} (${error.status} ${error.type})`, error.message);
    }
    console.log('\nDone.');
  } finally {
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
