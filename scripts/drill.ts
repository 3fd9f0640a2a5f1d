/**
 * `npm run drill`: the seven kinds of change a PyFlue release makes to the specs, applied
 * one at a time to a temporary copy of the repository (never the working tree), each
 * followed by what a maintainer runs: `npm run generate`, the type-check, `check:coverage`
 * and the tests (the unit, type and spec tests, and a probe that uses the change through
 * the facade as a user would). For each it prints which check caught the change, naming
 * it, or that it needed no edit (and the probe shows it works).
 *
 * About 2 to 3 minutes a change. Not part of `npm test`; CONTRIBUTING.md ("When PyFlue
 * changes") says what to do for each kind. `npm run drill -- optional-field new-route`
 * runs only those.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { readFileSync } from 'node:fs';

const root = fileURLToPath(new URL('../', import.meta.url));
type Json = Record<string, any>;

interface Change {
  name: string;
  /** What it is, as CONTRIBUTING.md names it. */
  what: string;
  /** What should happen: it just works (no edit anywhere), or a check names it. */
  expected: 'no edit' | 'caught';
  apply(openapi: Json, asyncapi: Json): void;
  /** A test using the change through the facade (test/drill-probe.test.ts in the copy). */
  probe?: string;
}

const PROBE_HEAD = `import { expect, expectTypeOf, it } from 'vitest';
import { PyFlueClient, PyFlueNotFoundError, type WebSocketFactory, type WebSocketLike } from '../src/index.js';
import { wireRunRecord } from './support/assertions.js';
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
void PyFlueNotFoundError; void wireRunRecord; void json;
`;

const CHANGES: Change[] = [
  {
    name: 'optional-field',
    what: 'an optional field added to the run record (progress_note)',
    expected: 'no edit',
    apply(openapi) {
      openapi.components.schemas.RunRecord.properties.progress_note = { type: 'string' };
    },
    probe: `it('reads the added field under its camelCase name, typed', async () => {
  const fetch = (async () => json(wireRunRecord('run_1', { progress_note: 'half way' }))) as typeof globalThis.fetch;
  const record = await new PyFlueClient('http://127.0.0.1:9', { fetch }).runs.get('run_1');
  expectTypeOf(record.progressNote).toEqualTypeOf<string | undefined>();
  expect(record.progressNote).toBe('half way');
});`,
  },
  {
    name: 'query-parameter',
    what: 'a query parameter added to an admin list (before on GET /admin/runs)',
    expected: 'no edit',
    apply(openapi) {
      openapi.paths['/admin/runs'].get.parameters.push({ name: 'before', in: 'query', required: false, schema: { type: 'integer', minimum: 0 } });
    },
    probe: `it('sends the added parameter as an option of admin.runs.list', async () => {
  const urls: string[] = [];
  const fetch = (async (input: Request) => (urls.push(input.url), json({ runs: [], items: [], nextCursor: null }))) as unknown as typeof globalThis.fetch;
  await new PyFlueClient('http://127.0.0.1:9', { fetch }).admin.runs.list({ before: 5 });
  expect(new URL(urls[0]!).searchParams.get('before')).toBe('5');
});`,
  },
  {
    name: 'socket-frame',
    what: 'a frame added on the agent socket (status_update)',
    expected: 'no edit',
    apply(openapi, asyncapi) {
      openapi.components.schemas.AgentStatusMessage = { type: 'object', required: ['type', 'note'], properties: { type: { const: 'status_update' }, note: { type: 'string' } } };
      asyncapi.components.messages.AgentStatusMessage = { name: 'AgentStatusMessage', payload: { $ref: './openapi.yaml#/components/schemas/AgentStatusMessage' } };
      asyncapi.channels.agent.messages.AgentStatusMessage = { $ref: '#/components/messages/AgentStatusMessage' };
      asyncapi.operations.receiveAgentMessages.messages.push({ $ref: '#/channels/agent/messages/AgentStatusMessage' });
    },
    probe: `it('delivers the added frame to onEvent as itself, typed', async () => {
  const frames = [{ type: 'status_update', note: 'thinking' }, { type: 'result', result: { text: 'hi', metadata: {}, usage: { input: 1, output: 1, cache_read: 0, cache_write: 0, total_tokens: 2, cost: { input: 0, output: 0, cache_read: 0, cache_write: 0, total: 0 } }, model: { id: null } } }];
  const websocket: WebSocketFactory = () => {
    const listeners = new Map<string, Set<(event: unknown) => void>>();
    const emit = (type: string, event: unknown) => listeners.get(type)?.forEach((listener) => listener(event));
    const socket = {
      readyState: 0,
      send: () => setTimeout(() => frames.forEach((frame) => emit('message', { data: JSON.stringify(frame) }))),
      close: (code = 1000, reason = '') => ((socket.readyState = 3), emit('close', { code, reason })),
      addEventListener: (type: string, listener: (event: unknown) => void) => void (listeners.get(type) ?? listeners.set(type, new Set()).get(type)!).add(listener),
      removeEventListener: (type: string, listener: (event: unknown) => void) => void listeners.get(type)?.delete(listener),
    };
    setTimeout(() => ((socket.readyState = 1), emit('open', {})));
    return socket as unknown as WebSocketLike;
  };
  await using client = new PyFlueClient('http://127.0.0.1:9', { websocket });
  await using socket = client.agents.connect('assistant', 'i-1');
  const notes: string[] = [];
  socket.onEvent((message) => {
    if (message.type === 'status_update') {
      expectTypeOf(message.note).toEqualTypeOf<string>();
      notes.push(message.note);
    }
  });
  expect((await socket.prompt('hello')).result.text).toBe('hi');
  expect(notes).toEqual(['thinking']);
});`,
  },
  {
    name: 'renamed-field',
    what: 'a required field renamed (event_count to events_total on the run record)',
    expected: 'caught',
    apply(openapi) {
      const record = openapi.components.schemas.RunRecord;
      record.properties.events_total = record.properties.event_count;
      delete record.properties.event_count;
      record.required = record.required.map((name: string) => (name === 'event_count' ? 'events_total' : name));
    },
  },
  {
    name: 'new-route',
    what: 'a new route (POST /runs/{run_id}/pause)',
    expected: 'caught',
    apply(openapi) {
      openapi.paths['/runs/{run_id}/pause'] = {
        parameters: [{ $ref: '#/components/parameters/RunIdPath' }],
        post: { operationId: 'pauseRun', tags: ['runs'], summary: 'Pause a run.', responses: { '202': { description: 'Pausing.', content: { 'application/json': { schema: { $ref: '#/components/schemas/WebhookAcceptedResponse' } } } } } },
      };
    },
  },
  {
    name: 'run-event',
    what: 'a new run event type (run_paused)',
    expected: 'no edit',
    apply(openapi) {
      const schemas = openapi.components.schemas;
      schemas.RunPausedEvent = { ...structuredClone(schemas.LogEvent), description: 'The run was paused.', properties: { ...structuredClone(schemas.LogEvent.properties), type: { const: 'run_paused' }, data: { type: 'object', required: ['reason'], properties: { reason: { type: 'string' } } } } };
      schemas.RunEvent.oneOf.push({ $ref: '#/components/schemas/RunPausedEvent' });
    },
    probe: `it('delivers the added event on a run stream as itself, typed', async () => {
  const event = (index: number, type: string, data: object) => ({ run_id: 'run_1', runId: 'run_1', event_index: index, eventIndex: index, type, timestamp: 1, data });
  const body = [event(1, 'run_start', { agent: 'a', agent_id: 'i' }), event(2, 'run_paused', { reason: 'stop' }), event(3, 'run_end', { is_error: false, error: null, status: 'failed' })]
    .map((item) => \`id: \${item.event_index}\\nevent: \${item.type}\\ndata: \${JSON.stringify(item)}\\n\\n\`).join('');
  const fetch = (async () => new Response(body, { headers: { 'content-type': 'text/event-stream' } })) as typeof globalThis.fetch;
  const reasons: string[] = [];
  for await (const item of new PyFlueClient('http://127.0.0.1:9', { fetch }).runs.stream('run_1')) {
    if (item.type === 'run_paused') {
      expectTypeOf(item.data.reason).toEqualTypeOf<string>();
      reasons.push(item.data.reason);
    }
  }
  expect(reasons).toEqual(['stop']);
});`,
  },
  {
    name: 'error-code',
    what: 'a new 404 error code (session_expired)',
    expected: 'no edit',
    apply(openapi) {
      openapi.components.schemas.NotFoundErrorType.enum.push('session_expired');
    },
    probe: `it('gives the added code as error.type, typed', async () => {
  const fetch = (async () => json({ error: { type: 'session_expired', message: 'gone', details: '' } }, 404)) as typeof globalThis.fetch;
  const error = await new PyFlueClient('http://127.0.0.1:9', { fetch, maxRetries: 0 }).runs.get('run_1').catch((reason: unknown) => reason);
  expect(error).toBeInstanceOf(PyFlueNotFoundError);
  const type: PyFlueNotFoundError['type'] = 'session_expired';
  expect((error as PyFlueNotFoundError).type).toBe(type);
});`,
  },
];

/** The tests each change runs in the copy (no browser, runtimes or packaging: minutes, not quarters of an hour). */
const TESTS = ['test/drill-probe.test.ts', 'test/unit', 'test/types', 'test/spec/coverage.test.ts', 'test/spec/no-hand-copies.test.ts', 'test/spec/camel-names.test.ts'];

interface Step {
  name: string;
  ok: boolean;
  output: string;
}

function run(cwd: string, command: string, args: string[]): { ok: boolean; output: string } {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 900_000, env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' } });
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

/** A copy of the repository's files (tracked and new, not ignored), with links to its node_modules and .cache. */
function copyRepository(): string {
  const copy = mkdtempSync(join(tmpdir(), 'pyflue-drill-'));
  const files = spawnSync('git', ['ls-files', '-co', '--exclude-standard'], { cwd: root, encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
  for (const file of files) {
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    try {
      cpSync(join(root, file), join(copy, file));
    } catch {
      // A file deleted in the working tree but still tracked: nothing to copy.
    }
  }
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'), 'dir');
  symlinkSync(realpathSync(join(root, '.cache')), join(copy, '.cache'), 'dir');
  return copy;
}

/** The lines of a failed step that say what failed (errors, findings, failed tests), at most `max`. */
function excerpt(output: string, max = 6): string[] {
  const lines = output.split('\n').map((line) => line.trimEnd());
  const telling = lines.filter((line) => /error TS|^\s+- |FAIL|AssertionError|Error:|stale|not (called|in|sent)|check:coverage/.test(line));
  return (telling.length > 0 ? telling : lines.filter(Boolean).slice(-max)).slice(0, max);
}

function drill(change: Change): void {
  const copy = copyRepository();
  try {
    const openapi = parse(readFileSync(join(copy, 'spec/openapi.yaml'), 'utf8')) as Json;
    const asyncapi = parse(readFileSync(join(copy, 'spec/asyncapi.yaml'), 'utf8')) as Json;
    change.apply(openapi, asyncapi);
    writeFileSync(join(copy, 'spec/openapi.yaml'), stringify(openapi));
    writeFileSync(join(copy, 'spec/asyncapi.yaml'), stringify(asyncapi));
    if (change.probe) writeFileSync(join(copy, 'test/drill-probe.test.ts'), `${PROBE_HEAD}\n${change.probe}\n`);
    const tsx = join(root, 'node_modules/.bin/tsx');
    const steps: Step[] = [];
    const step = (name: string, command: string, args: string[]) => {
      const { ok, output } = run(copy, command, args);
      steps.push({ name, ok, output });
      return ok;
    };
    // generate must work for anything else to mean something; the other checks all run, to show what each says.
    if (step('npm run generate', tsx, ['scripts/generate.ts'])) {
      step('typecheck', process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json', '--noEmit']);
      step('check:coverage', tsx, ['scripts/check-coverage.ts']);
      step('tests', process.execPath, [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--project', 'pyflue', ...TESTS.filter((test) => change.probe || !test.includes('drill-probe'))]);
    }
    const failed = steps.filter((item) => !item.ok);
    const outcome = failed.length === 0 ? 'no edit' : 'caught';
    console.log(`\n■ ${change.what} [${change.name}]`);
    if (failed.length === 0) {
      console.log(`  needed no edit: ${steps.map((item) => item.name).join(', ')} all pass${change.probe ? '; the probe uses it through the facade as a user would' : ''}.`);
    } else {
      for (const item of failed) {
        const srcErrors = item.name === 'typecheck' ? item.output.split('\n').filter((line) => /^src\//.test(line) && /error TS/.test(line)).length : undefined;
        console.log(`  caught by ${item.name}${srcErrors === undefined ? '' : ` (${srcErrors} error(s) in src/)`}:`);
        for (const line of excerpt(item.output)) console.log(`    ${line}`);
      }
      const passed = steps.filter((item) => item.ok).map((item) => item.name);
      if (passed.length > 0) console.log(`  passed: ${passed.join(', ')}`);
    }
    const expected = { 'no edit': 'no edit needed', caught: 'a check names it' }[change.expected];
    console.log(`  expected: ${expected}; ${outcome === change.expected ? 'as expected' : 'NOT as expected'}.`);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

const only = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const unknown = only.filter((name) => !CHANGES.some((change) => change.name === name));
if (unknown.length > 0) {
  console.error(`drill: no change named ${unknown.join(', ')}; the changes are ${CHANGES.map((change) => change.name).join(', ')}.`);
  process.exit(2);
}
console.log(`drill: ${only.length || CHANGES.length} kind(s) of spec change, each on a fresh copy of the repository (the working tree is untouched).`);
for (const change of CHANGES.filter((item) => only.length === 0 || only.includes(item.name))) drill(change);
