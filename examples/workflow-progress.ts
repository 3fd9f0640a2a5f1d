/**
 * Workflow progress: start a workflow run in the background (`client.workflows.invoke`),
 * then follow it live from its run stream (`client.runs.stream`), one progress line per
 * event, until `run_end`; finally read the run's record (`client.runs.get`) for its duration.
 *
 * `runs.stream` replays what already happened and then tails the run; if the connection
 * drops it resumes after the last event it delivered, so no step is missed or repeated.
 * It uses the fixture's `slow` workflow: `count` log events, `delay_ms` apart.
 *
 *   npx tsx examples/workflow-progress.ts                  # starts the embedded fixture server
 *   npx tsx examples/workflow-progress.ts --base-url http://127.0.0.1:2024
 *   PYFLUE_BASE_URL=http://127.0.0.1:2024 npx tsx examples/workflow-progress.ts
 */
import { parseArgs } from 'node:util';
import { PyFlueClient, type RunStreamEvent } from '../src/index.js';
import { pyflueServer } from './server.js';

const { values: args } = parseArgs({ options: { 'base-url': { type: 'string' } } });
const COUNT = 8;
const DELAY_MS = 100;


/**
 * `run_start slow`, `log tick n=2` or `run_end succeeded`: a switch over the three run
 * event types PyFlue 0.2.0 sends, and a default for any other: an `unknown` frame (a type
 * this client's spec does not know), or, once the client is regenerated from a newer spec,
 * that type as a member of its own. No `never` default: this code keeps compiling when a
 * regenerate adds an event type.
 */
function summarize(event: RunStreamEvent): string {
  switch (event.type) {
    case 'run_start':
      return `run_start ${event.data.agent}`;
    case 'run_end':
      return `run_end ${event.data.status}`;
    case 'log': {
      const { level, message, ...fields } = event.data;
      const extra = Object.entries(fields).map(([key, value]) => ` ${key}=${JSON.stringify(value)}`);
      return `log${level === 'info' ? '' : ` ${level}`} ${message}${extra.join('')}`;
    }
    default:
      return `${typeName(event)} (an event type this example does not handle)`;
  }
}

/** An event's own type name: an `unknown` frame keeps it in `event`. */
function typeName(event: RunStreamEvent): string {
  return event.type === 'unknown' ? event.event : event.type;
}

async function main(): Promise<void> {
  await using server = await pyflueServer(args['base-url']);
  await using client = new PyFlueClient(server.baseUrl);

  // Answers at once with the run id; the run goes on in the background.
  const { runId } = await client.workflows.invoke('slow', { count: COUNT, delay_ms: DELAY_MS });
  console.log(`Started workflow slow: ${runId}`);

  const total = COUNT + 2; // run_start, one log per tick, run_end
  let status = 'unknown';
  for await (const event of client.runs.stream(runId)) {
    console.log(`[${event.type === 'unknown' ? '?' : event.eventIndex}/${total}] ${summarize(event)}`);
    if (event.type === 'run_end') status = event.data.status; // the last event: the stream ends after it
  }

  const record = await client.runs.get(runId);
  console.log(`Run ${status} in ${record.durationMs ?? '?'} ms (${record.eventCount} events recorded)`);
  if (record.status === 'failed') throw new Error(`The run failed: ${JSON.stringify(record.error)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
