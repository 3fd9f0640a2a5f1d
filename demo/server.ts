/**
 * `npm run server`: keeps the embedded PyFlue 0.2.0 fixture server (pyflue-server/) up on
 * http://127.0.0.1:2024 until Ctrl-C, so the blocks of the README and docs/ have a server to talk to.
 */
import { parseArgs } from 'node:util';
import { startPyFlueServer } from '../test/support/pyflue-server.js';
import { stopOnExit } from './stop-on-exit.js';

const USAGE = `Usage: npm run server [-- --port N]

Keeps the embedded PyFlue 0.2.0 fixture server (pyflue-server/: the echo harness, the
fixture's agents and workflows) up on http://127.0.0.1:N until Ctrl-C.

  --port N   the loopback port (default 2024, where the docs' blocks look; 0: a free one)
  --help     this text
`;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { port: { type: 'string', default: '2024' }, help: { type: 'boolean', default: false } } });
  if (values.help) return void process.stdout.write(USAGE);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`--port must be a port number (0-65535), not ${JSON.stringify(values.port)}.`);

  const server = await startPyFlueServer({ port, log: (line) => console.log(line) });
  stopOnExit(() => server.stop());
  console.log(`PyFlue fixture server (pid ${server.pid}) at ${server.baseUrl}`);
  console.log('Press Ctrl-C to stop it.');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
