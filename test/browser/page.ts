/**
 * The browser test's page: uses the client the way an app would, then shows what it got.
 * Its server address comes from the page URL (`?server=...`); the results land in
 * `window.__results` (for the test) and in a table (for the screenshot).
 */
import { createFlueClient, type RunEvent } from '../../src/index.js';
import { knownEvent } from '../support/assertions.js';

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

declare global {
  interface Window {
    __results?: Check[];
    __error?: string;
  }
}

async function main(): Promise<Check[]> {
  const server = new URLSearchParams(location.search).get('server');
  if (!server) throw new Error('missing ?server=');
  await using client = createFlueClient({ baseUrl: server });
  const checks: Check[] = [];

  const health = await client.health();
  checks.push({ name: 'health()', ok: health.ok && health.framework === 'pyflue', detail: JSON.stringify(health) });

  const done = await client.workflows.invoke('greet', { name: 'Browser' }, { wait: true });
  const greeting = (done.result as { greeting?: string }).greeting;
  checks.push({ name: 'workflows.invoke(greet, { wait: true })', ok: done.status === 'completed' && greeting === 'Hello, Browser!', detail: String(greeting) });

  const events: RunEvent[] = [];
  for await (const event of client.runs.stream(done.runId)) events.push(knownEvent(event));
  const last = events.at(-1);
  checks.push({
    name: 'runs.stream(runId)',
    ok: events.length === 5 && last !== undefined && last.type === 'run_end' && last.data.status === 'succeeded',
    detail: events.map((event) => event.type).join(', '),
  });

  const stream = client.workflows.stream('greet', { name: 'Streamed' });
  let streamed = 0;
  for await (const _ of stream) streamed += 1;
  checks.push({ name: 'workflows.stream + runId header', ok: streamed === 5 && (await stream.runId)?.startsWith('workflow:greet:') === true, detail: `${streamed} events, ${await stream.runId}` });

  await using agent = client.agents.connect('assistant', 'browser-1');
  const [first, second] = await Promise.all([agent.prompt('Hello from Chromium'), agent.prompt('Again', { session: 'other' })]);
  checks.push({
    name: 'agents.connect().prompt() x2',
    ok: first.result.text === 'echo[browser-1:default]#1: Hello from Chromium' && second.result.text === 'echo[browser-1:other]#1: Again',
    detail: `${first.result.text} | ${second.result.text}`,
  });
  return checks;
}

function render(checks: Check[]): void {
  const rows = checks
    .map((check) => `<tr><td style="color:${check.ok ? 'green' : 'red'}"><b>${check.ok ? 'PASS' : 'FAIL'}</b></td><td><code>${check.name}</code></td><td>${check.detail.replace(/</g, '&lt;')}</td></tr>`)
    .join('');
  document.body.innerHTML = `<h1>@pyflue/client in ${navigator.userAgent.match(/Chrom\w+\/[\d.]+/)?.[0] ?? 'a browser'}</h1><table>${rows}</table>`;
}

main().then(
  (checks) => {
    render(checks);
    window.__results = checks;
  },
  (error: unknown) => {
    document.body.textContent = `Failed: ${String(error)}`;
    window.__error = String((error as Error)?.stack ?? error);
  },
);
