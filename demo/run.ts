/**
 * `npm run demo`: starts the embedded PyFlue fixture server and calls it through the
 * generated layer. (`-- --base-url URL` points it at another deployment instead.)
 */
import createClient from 'openapi-fetch';
import type { paths } from '../src/generated/openapi.js';
import { startPyFlueServer, type PyFlueServer } from '../test/support/pyflue-server.js';

const flag = process.argv.indexOf('--base-url');
let server: PyFlueServer | undefined;
const baseUrl = flag > 0 ? process.argv[flag + 1]! : (server = await startPyFlueServer({ log: console.log })).baseUrl;

try {
  const api = createClient<paths>({ baseUrl });
  console.log(`PyFlue at ${baseUrl}`);
  const health = await api.GET('/health');
  console.log('health:', health.data);
  const agents = await api.GET('/agents');
  console.log('agents:', agents.data?.agents.map((agent) => agent.name).join(', '));
  const run = await api.POST('/workflows/{name}', {
    params: { path: { name: 'greet' }, query: { wait: 'result' } },
    body: { payload: { name: 'demo' } },
  });
  console.log('workflow greet:', run.data);
} finally {
  await server?.stop();
}
