/**
 * Operations report: every run the server has recorded, read through the admin API
 * (`for await` over `client.admin.runs.list()` follows `nextCursor` page by page), as a table plus a count
 * per status. `--status failed` (or running, succeeded) filters
 * on the server; `--seed` first creates a few runs, so a fresh server has something to show.
 *
 *   npx tsx examples/ops-report.ts --seed                  # starts the embedded fixture server
 *   npx tsx examples/ops-report.ts --base-url http://127.0.0.1:2024 --status failed
 *   PYFLUE_BASE_URL=http://127.0.0.1:2024 npx tsx examples/ops-report.ts
 */
import { parseArgs } from 'node:util';
import { PyFlueClient, PyFlueServerError, type RunStatus } from '../src/index.js';
import { pyflueServer } from './server.js';

const { values: args } = parseArgs({
  options: { 'base-url': { type: 'string' }, status: { type: 'string' }, seed: { type: 'boolean', default: false } },
});


/** Two greet runs, a summarize run and an explode run (which always fails), each waited for. */
async function seed(client: PyFlueClient): Promise<void> {
  await Promise.all([
    client.workflows.invoke('greet', { name: 'Ada' }, { wait: true }),
    client.workflows.invoke('greet', { name: 'Grace' }, { wait: true }),
    client.agents.invoke('summarize', 'ops-seed', { payload: { text: 'Quarterly numbers are up.' } }),
    // Waiting for a failed run's result answers 500; the run itself is recorded as failed.
    client.workflows.invoke('explode', { reason: 'seeded failure' }, { wait: true }).catch((error: unknown) => {
      if (!(error instanceof PyFlueServerError)) throw error;
    }),
  ]);
  console.log('Seeded 4 runs: greet x2, summarize, explode.\n');
}

/** Ids come from callers: show control and format characters (terminal escapes) as `?`, one run per line. */
const printable = (text: string) => text.replace(/\p{C}/gu, '?');

/** Columns padded to their widest cell; numbers right-aligned. */
function printTable(header: string[], rows: string[][], numeric: ReadonlySet<number>): void {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)));
  const line = (cells: string[]) =>
    cells.map((cell, column) => (numeric.has(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join('  ');
  console.log(line(header).trimEnd());
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows) console.log(line(row).trimEnd());
}

async function main(): Promise<void> {
  await using server = await pyflueServer(args['base-url']);
  await using client = new PyFlueClient(server.baseUrl);
  if (args.seed) await seed(client);

  // The client checks the status before sending anything (PyFlueInputError if unknown).
  const filter = args.status === undefined ? {} : { status: args.status as RunStatus };
  const rows: string[][] = [];
  const perStatus = new Map<string, number>();
  for await (const run of client.admin.runs.list({ limit: 25, ...filter })) {
    rows.push([printable(run.agentName), printable(run.instanceId), run.status, String(run.durationMs ?? '-'), run.startedAt]);
    perStatus.set(run.status, (perStatus.get(run.status) ?? 0) + 1);
  }

  printTable(['agent', 'instance', 'status', 'duration ms', 'started at'], rows, new Set([3]));
  console.log(`\n${rows.length} runs${args.status ? ` (status ${args.status})` : ''}, most recent first`);
  for (const [status, count] of [...perStatus].sort(([a], [b]) => a.localeCompare(b))) {
    console.log(`  ${status.padEnd(10)} ${count}`);
  }
  if (rows.length === 0 && !args.seed) console.log('No runs yet: pass --seed to create a few.');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
