/**
 * The runnable examples (examples/*.ts) against the real PyFlue fixture server: each runs
 * as its own process (node --import tsx), must exit 0 and print what it promises. The run
 * store is shared with the other test files, so the tests look for runs and tickets they
 * named themselves, never at global counts. Timeouts are hang guards only.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { PyFlueClient, PyFlueServerError } from '../src/index.js';
import { knownEvent } from './support/assertions.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const baseUrl = inject('pyflueBaseUrl');
const client = new PyFlueClient(baseUrl);
const suffix = randomUUID().slice(0, 8);

afterAll(() => client.close());

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs examples/<name>.ts to its end; `env` replaces PYFLUE_BASE_URL (unset by default). */
function runExample(name: string, args: string[], env: Record<string, string> = {}): Promise<Outcome> {
  const { PYFLUE_BASE_URL: _, ...inherited } = process.env;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', `examples/${name}.ts`, ...args],
      { cwd: root, env: { ...inherited, ...env }, timeout: 45_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

function expectSuccess(outcome: Outcome): string {
  expect(outcome.code, `exit code; stderr:\n${outcome.stderr}`).toBe(0);
  return outcome.stdout;
}

describe('examples/support-desk.ts', () => {
  it('holds a two-session conversation on one socket, turns growing per session', async () => {
    const ticket = `desk-${suffix}`;
    const stdout = expectSuccess(await runExample('support-desk', ['--base-url', baseUrl, '--ticket', ticket]));

    expect(stdout).not.toContain('embedded');
    const replies = [...stdout.matchAll(/^\[(\w+)\] agent: +echo\[([^\]:]+):(\w+)\]#(\d+): (.+)$/gm)];
    expect(replies).toHaveLength(6);
    const turns: Record<string, number[]> = {};
    for (const [, printed, instance, session, turn] of replies) {
      expect(instance).toBe(ticket);
      expect(session).toBe(printed);
      (turns[session!] ??= []).push(Number(turn));
    }
    expect(turns).toEqual({ chat: [1, 2, 3], billing: [1, 2, 3] });
    // Each answer is printed right under the prompt it answers.
    const lines = stdout.split('\n');
    for (const [line, session, , , , message] of replies) {
      expect(lines[lines.indexOf(line) - 1]).toBe(`[${session}] customer: ${message}`);
    }
    expect(stdout).toMatch(/^Frames received: 6 result; tokens used: [1-9]\d*$/m);
  });

  it('takes the server from PYFLUE_BASE_URL', async () => {
    const ticket = `desk-env-${suffix}`;
    const stdout = expectSuccess(await runExample('support-desk', ['--ticket', ticket], { PYFLUE_BASE_URL: baseUrl }));
    expect(stdout).not.toContain('embedded');
    expect(stdout).toContain(`echo[${ticket}:billing]#3: Thanks, that is all.`);
  });
});

describe('examples/workflow-progress.ts', () => {
  it('prints every progress step in order, the final status and the duration', async () => {
    const stdout = expectSuccess(await runExample('workflow-progress', ['--base-url', baseUrl]));

    const runId = /^Started workflow slow: (\S+)$/m.exec(stdout)?.[1];
    expect(runId).toMatch(/^workflow:slow:run_/);
    const steps = [...stdout.matchAll(/^\[(\d+)\/(\d+)\] (.+)$/gm)].map(([, index, total, text]) => ({ index: Number(index), total: Number(total), text }));
    expect(steps.map((step) => step.index)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(new Set(steps.map((step) => step.total))).toEqual(new Set([10]));
    expect(steps.map((step) => step.text)).toEqual([
      'run_start slow',
      ...Array.from({ length: 8 }, (_, n) => `log tick n=${n}`),
      'run_end succeeded',
    ]);
    expect(stdout).toMatch(/^Run succeeded in \d+ ms \(10 events recorded\)$/m);

    // What it printed is the run the server recorded.
    const record = await client.runs.get(runId!);
    expect(record.status).toBe('succeeded');
    expect(stdout).toContain(`Run succeeded in ${record.durationMs} ms`);
  });
});

describe('examples/ops-report.ts', () => {
  /** Runs this test creates itself, to find in the report. */
  async function ownRuns(): Promise<{ instance: string; failedRunId: string }> {
    const instance = `ops-${suffix}`;
    await client.agents.invoke('summarize', instance, { payload: { text: 'For the ops report.' } });
    const { runId } = await client.workflows.invoke('explode', { reason: `ops-${suffix}` });
    // runs.stream ends after run_end: then the run is recorded as failed.
    for await (const event of client.runs.stream(runId)) expect(knownEvent(event).runId).toBe(runId);
    return { instance, failedRunId: runId };
  }

  /**
   * The table's rows (agent, instance, status, duration, started at), cut at the header's
   * column offsets (ids from other test files may hold any character), and the summary.
   */
  function parseReport(stdout: string) {
    const lines = stdout.split('\n');
    const header = lines.findIndex((line) => /^agent +instance +status +duration ms +started at$/.test(line));
    expect(header, stdout.slice(0, 2000)).toBeGreaterThanOrEqual(0);
    expect(lines[header + 1]).toMatch(/^-+( +-+){4}$/);
    const starts = [...lines[header + 1]!.matchAll(/-+/g)].map((match) => match.index);
    const end = lines.indexOf('', header);
    const rows = lines
      .slice(header + 2, end)
      .map((line) => starts.map((start, column) => line.slice(start, starts[column + 1]).trim()));
    const total = /^(\d+) runs/.exec(lines[end + 1] ?? '');
    expect(total, stdout.slice(-500)).not.toBeNull();
    const summary: Record<string, number> = {};
    for (const line of lines.slice(end + 2)) {
      const match = /^ {2}(\w+) +(\d+)$/.exec(line);
      if (match) summary[match[1]!] = Number(match[2]);
    }
    return { rows, total: Number(total![1]), summary };
  }

  it('seeds runs, then lists every run in a table with a count per status', async () => {
    const { instance, failedRunId } = await ownRuns();
    const stdout = expectSuccess(await runExample('ops-report', ['--base-url', baseUrl, '--seed']));
    expect(stdout).toContain('Seeded 4 runs');

    const { rows, total, summary } = parseReport(stdout);
    for (const row of rows) {
      expect(row[2]).toMatch(/^(running|succeeded|failed)$/);
      expect(row[3]).toMatch(/^(\d+|-)$/);
      expect(Number.isNaN(Date.parse(row[4]!))).toBe(false);
    }
    expect(rows).toContainEqual(['summarize', instance, 'succeeded', expect.stringMatching(/^\d+$/), expect.any(String)]);
    expect(rows).toContainEqual(['explode', failedRunId, 'failed', expect.stringMatching(/^\d+$/), expect.any(String)]);
    expect(rows.filter((row) => row[1] === 'ops-seed' && row[0] === 'summarize').length).toBeGreaterThanOrEqual(1);
    expect(rows.filter((row) => row[0] === 'greet').length).toBeGreaterThanOrEqual(2);
    // The summary counts exactly the rows of the table.
    expect(total).toBe(rows.length);
    const counted: Record<string, number> = {};
    for (const row of rows) counted[row[2]!] = (counted[row[2]!] ?? 0) + 1;
    expect(summary).toEqual(counted);
    expect(summary.succeeded).toBeGreaterThanOrEqual(4);
    expect(summary.failed).toBeGreaterThanOrEqual(2);
  });

  it('filters by status on the server with --status failed', async () => {
    const { instance, failedRunId } = await ownRuns();
    const stdout = expectSuccess(await runExample('ops-report', ['--base-url', baseUrl, '--status', 'failed']));
    expect(stdout).not.toContain('Seeded');

    const { rows, total, summary } = parseReport(stdout);
    expect(rows.map((row) => row[1])).toContain(failedRunId);
    expect(rows.map((row) => row[1])).not.toContain(instance);
    expect(new Set(rows.map((row) => row[2]))).toEqual(new Set(['failed']));
    expect(summary).toEqual({ failed: total });
    expect(stdout).toContain('(status failed)');
  });

  it('exits non-zero, saying why, when the status is unknown', async () => {
    const outcome = await runExample('ops-report', ['--base-url', baseUrl, '--status', 'bogus']);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain('PyFlueInputError: status must be one of');
    expect(outcome.stdout).not.toContain('agent  ');
  });
});

describe('examples/ticket-triage.test.ts', () => {
  it("runs the app's own tests against the fake server (no PyFlue server needed): all pass", async () => {
    // node:test prints `# pass 6` (TAP) or `ℹ pass 6` (spec), depending on the Node version.
    const stdout = expectSuccess(await runExample('ticket-triage.test', []));
    expect(stdout).toMatch(/pass 6\b/);
    expect(stdout).toMatch(/fail 0\b/);
    for (const name of ['classifies the ticket', 'drops after one event', 'rides out 503s', 'service is unavailable']) {
      expect(stdout).toContain(name);
    }
  });
});
