/**
 * Support desk: one customer ticket as a conversation with the persistent `assistant` agent,
 * over a single WebSocket (`client.agents.connect`).
 *
 * The ticket id is the agent instance, so the conversation outlives the connection: run it
 * twice against the same server and the turns carry on. Each session (`chat`, `billing`) is
 * its own thread in the ticket. Several prompts can be in flight at once; the server answers
 * them in the order they were sent, and `onEvent` sees every frame that arrives.
 *
 *   npx tsx examples/support-desk.ts                       # starts the embedded fixture server
 *   npx tsx examples/support-desk.ts --base-url http://127.0.0.1:2024 --ticket ticket-4521
 *   PYFLUE_BASE_URL=http://127.0.0.1:2024 npx tsx examples/support-desk.ts
 */
import { parseArgs } from 'node:util';
import { PyFlueClient } from '../src/index.js';
import { pyflueServer } from './server.js';

const { values: args } = parseArgs({
  options: { 'base-url': { type: 'string' }, ticket: { type: 'string', default: 'ticket-4521' } },
});


async function main(): Promise<void> {
  // Disposed in reverse order, also when something throws: socket, client, then server.
  await using server = await pyflueServer(args['base-url']);
  await using client = new PyFlueClient(server.baseUrl);
  await using desk = client.agents.connect('assistant', args.ticket);
  await desk.ready;
  console.log(`Ticket ${args.ticket}: connected to ${client.socketUrl(`/agents/assistant/${args.ticket}`)}\n`);

  const frames = new Map<string, number>();
  const stopCounting = desk.onEvent((frame) => frames.set(frame.type, (frames.get(frame.type) ?? 0) + 1));
  let tokens = 0;

  /** One exchange: send the prompt, wait for its answer, print both. */
  async function ask(session: string, message: string): Promise<void> {
    const { result } = await desk.prompt(message, { session });
    tokens += result.usage.totalTokens;
    console.log(`[${session}] customer: ${message}`);
    console.log(`[${session}] agent:    ${result.text}`);
  }

  await ask('chat', 'Hi, my order 881 has not arrived yet.');
  // Both prompts are sent before either answer is back; answers come in the order sent.
  await Promise.all([ask('chat', 'It was due last Tuesday.'), ask('billing', 'I was also charged twice for it.')]);
  await Promise.all([
    ask('chat', 'Can you send a replacement?'),
    ask('billing', 'Please refund the duplicate charge.'),
    ask('billing', 'Thanks, that is all.'),
  ]);

  stopCounting();
  const counted = [...frames].map(([type, count]) => `${count} ${type}`).join(', ');
  console.log(`\nFrames received: ${counted || 'none'}; tokens used: ${tokens}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
