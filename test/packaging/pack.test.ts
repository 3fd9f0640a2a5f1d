/**
 * The package as users get it: `npm pack` (which builds), publint and
 * @arethetypeswrong/cli report nothing, and a blank project that installs the tarball
 * can `import` it, `require` it, type-check a usage file against it (ESM and CJS), and
 * call the real server with it.
 */
import { SPEC_VERSION } from '../support/spec-version.js';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const exec = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const bin = (name: string) => `${root}node_modules/.bin/${name}`;

/**
 * The environment of a nested npm: without the npm_config_* of an npm that started this run
 * (`npx -c "..."` in test:newest-node sets npm_config_call, which turns a nested
 * `npm exec -- <pkg>` into a usage error).
 */
const childEnv = {
  ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_config_'))),
  NO_COLOR: '1',
};

async function run(file: string, args: string[], cwd: string) {
  try {
    const { stdout, stderr } = await exec(file, args, { cwd, maxBuffer: 32 * 1024 * 1024, env: childEnv });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout?: string; stderr?: string };
    return { code: failed.code, output: (failed.stdout ?? '') + (failed.stderr ?? '') };
  }
}

describe('the packed package', () => {
  let workdir = '';
  let tarball = '';
  let project = '';

  beforeAll(async () => {
    workdir = await mkdtemp(`${tmpdir()}/pyflue-client-pack-`);
    const packed = await run(npm, ['pack', '--pack-destination', workdir, '--silent'], root);
    expect(packed.code, packed.output).toBe(0);
    tarball = `${workdir}/${(await readdir(workdir)).find((name) => name.endsWith('.tgz'))}`;
    project = `${workdir}/consumer`;
    await exec('mkdir', ['-p', project]);
    await writeFile(`${project}/package.json`, JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    const installed = await run(npm, ['install', tarball, '--no-audit', '--no-fund', '--ignore-scripts'], project);
    expect(installed.code, installed.output).toBe(0);
  }, 240_000);

  afterAll(async () => {
    if (workdir) await rm(workdir, { recursive: true, force: true });
  });

  it('ships only dist, the README and the changelog', async () => {
    const listing = await run('tar', ['-tzf', tarball], root);
    const files = listing.output.trim().split('\n');
    expect(files.every((file) => /^package\/(dist\/|README\.md$|CHANGELOG\.md$|package\.json$)/.test(file)), files.join('\n')).toBe(true);
    expect(files).toContain('package/dist/esm/index.js');
    expect(files).toContain('package/dist/cjs/index.js');
    expect(files).toContain('package/dist/esm/index.d.ts');
    for (const file of ['esm/testing/index.js', 'esm/testing/index.d.ts', 'cjs/testing/index.js', 'cjs/testing/index.d.ts']) {
      expect(files).toContain(`package/dist/${file}`);
    }
    for (const format of ['esm', 'cjs']) {
      for (const entry of ['live/index', 'react/index', 'vue/index']) {
        expect(files).toContain(`package/dist/${format}/${entry}.js`);
        expect(files).toContain(`package/dist/${format}/${entry}.d.ts`);
      }
      for (const entry of ['otel', 'sockets', 'spec']) {
        expect(files).toContain(`package/dist/${format}/${entry}.js`);
        expect(files).toContain(`package/dist/${format}/${entry}.d.ts`);
      }
    }
  });

  it('publint reports nothing', async () => {
    const result = await run(bin('publint'), [], root);
    expect(result.output).toContain('All good!');
    expect(result.code).toBe(0);
  }, 120_000);

  it('@arethetypeswrong/cli reports nothing', async () => {
    const result = await run(bin('attw'), [tarball, '--format', 'ascii'], root);
    expect(result.output).toContain('No problems found');
    expect(result.code).toBe(0);
  }, 120_000);

  it('imports (ESM) and requires (CJS), and both talk to the real server', async () => {
    const baseUrl = inject('pyflueBaseUrl');
    const esm = await run(
      process.execPath,
      ['--input-type=module', '-e', `import { PyFlueClient, createFlueClient, PyFlueError } from '@pyflue/client';
        const health = await new PyFlueClient(${JSON.stringify(baseUrl)}).health();
        console.log(JSON.stringify({ health, factory: typeof createFlueClient, error: typeof PyFlueError }));`],
      project,
    );
    expect(esm.code, esm.output).toBe(0);
    expect(JSON.parse(esm.output)).toEqual({ health: { ok: true, framework: 'pyflue' }, factory: 'function', error: 'function' });
    const cjs = await run(
      process.execPath,
      ['-e', `const { createFlueClient, PyFlueNotFoundError } = require('@pyflue/client');
        createFlueClient({ baseUrl: ${JSON.stringify(baseUrl)} }).runs.get('run_missing')
          .catch((error) => console.log(JSON.stringify({ typed: error instanceof PyFlueNotFoundError, status: error.status })));`],
      project,
    );
    expect(cjs.code, cjs.output).toBe(0);
    expect(JSON.parse(cjs.output)).toEqual({ typed: true, status: 404 });
  });

  it('@pyflue/client/testing imports (ESM) and requires (CJS), and a client talks to the fake in process', async () => {
    const script = (load: string) => `${load}
      (async () => {
        const fake = await createFakePyFlue({ workflows: { greet: async (ctx) => ({ greeting: 'Hello, ' + ctx.payload.name + '!' }) } });
        const client = createFlueClient({ baseUrl: fake.baseUrl, fetch: fake.fetch, websocket: fake.websocket });
        const health = await client.health();
        const done = await client.workflows.invoke('greet', { name: 'Ada' }, { wait: true });
        const socket = client.workflows.connect('greet');
        const viaSocket = await socket.invoke({ name: 'Bo' });
        await socket.close();
        await fake.close();
        console.log(JSON.stringify({ health, result: done.result, socket: viaSocket.result }));
      })();`;
    const expected = { health: { ok: true, framework: 'pyflue' }, result: { greeting: 'Hello, Ada!' }, socket: { greeting: 'Hello, Bo!' } };
    const esm = await run(
      process.execPath,
      ['--input-type=module', '-e', script(`import { createFakePyFlue } from '@pyflue/client/testing'; import { createFlueClient } from '@pyflue/client';`)],
      project,
    );
    expect(esm.code, esm.output).toBe(0);
    expect(JSON.parse(esm.output)).toEqual(expected);
    const cjs = await run(
      process.execPath,
      ['-e', script(`const { createFakePyFlue } = require('@pyflue/client/testing'); const { createFlueClient } = require('@pyflue/client');`)],
      project,
    );
    expect(cjs.code, cjs.output).toBe(0);
    expect(JSON.parse(cjs.output)).toEqual(expected);
  });

  it('@pyflue/client/sockets imports (ESM) and requires (CJS); connect() from the main entry loads it and talks to the real server', async () => {
    const baseUrl = inject('pyflueBaseUrl');
    const esm = await run(
      process.execPath,
      ['--input-type=module', '-e', `import { AgentSocket, WorkflowSocket } from '@pyflue/client/sockets';
        import { PyFlueClient } from '@pyflue/client';
        const client = new PyFlueClient(${JSON.stringify(baseUrl)});
        const socket = client.workflows.connect('greet');
        const { result } = await socket.invoke({ name: 'pack' });
        await client.close();
        console.log(JSON.stringify({ classes: [typeof AgentSocket, typeof WorkflowSocket], result }));`],
      project,
    );
    expect(esm.code, esm.output).toBe(0);
    const parsed = JSON.parse(esm.output) as { classes: string[]; result: unknown };
    expect(parsed.classes).toEqual(['function', 'function']);
    expect(parsed.result).toBeDefined();
    const cjs = await run(
      process.execPath,
      ['-e', `const { AgentSocket } = require('@pyflue/client/sockets');
        const { PyFlueClient } = require('@pyflue/client');
        const client = new PyFlueClient(${JSON.stringify(baseUrl)});
        const socket = client.agents.connect('assistant', 'pack-cjs');
        socket.prompt('hi').then(async (answer) => { await client.close(); console.log(JSON.stringify({ cls: typeof AgentSocket, text: answer.result.text })); });`],
      project,
    );
    expect(cjs.code, cjs.output).toBe(0);
    expect(JSON.parse(cjs.output)).toMatchObject({ cls: 'function', text: expect.stringContaining('hi') });
  });

  it('`npx @pyflue/client doctor` runs the installed bin against the real server', async () => {
    const ok = await run(npm, ['exec', '--offline', '--', '@pyflue/client', 'doctor', '--base-url', inject('pyflueBaseUrl'), '--json'], project);
    expect(ok.code, ok.output).toBe(0);
    expect(JSON.parse(ok.output)).toMatchObject({ exitCode: 0, contractVersion: SPEC_VERSION, counts: { drift: 0, unreachable: 0 } });
    const closed = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const unreachable = await run(`${project}/node_modules/.bin/pyflue-client`, ['doctor', '--base-url', `http://127.0.0.1:${closed}`], project);
    expect(unreachable.code).toBe(2);
    expect(unreachable.output).toContain(`cannot reach http://127.0.0.1:${closed}/`);
    expect(unreachable.output).not.toMatch(/^\s+at /m);
  }, 60_000);

  it('type-checks a usage file against the installed types, as ESM and as CommonJS', async () => {
    const usage = `
      import { PyFlueClient, createFlueClient, type RunStreamEvent, type PyFlueApiError, type AgentSocket } from '@pyflue/client';
      import type { WorkflowSocket } from '@pyflue/client/sockets';
      import { createFakePyFlue } from '@pyflue/client/testing';
      const client = new PyFlueClient('http://127.0.0.1:2024', { token: 't', timeoutMs: 5000 });
      const flue = createFlueClient({ baseUrl: 'http://127.0.0.1:2024' });
      export async function use(): Promise<string> {
        const health: { ok: boolean; framework: string } = await client.health();
        const done = await client.workflows.invoke('greet', { name: 'Ada' }, { wait: true });
        const events: RunStreamEvent[] = [];
        for await (const event of client.runs.stream(done.runId)) events.push(event);
        const file = await flue.agents.invoke('summarize', 'x', { payload: { text: 'a' } });
        const error: PyFlueApiError | undefined = undefined;
        const socket: AgentSocket = client.agents.connect('assistant', 'x');
        const workflow: WorkflowSocket = client.workflows.connect('greet');
        const isClass = typeof workflow.invoke === 'function';
        const { response } = await client.health().withResponse();
        return String(health.ok) + file.runId + String(error) + events.length + String(isClass) + response.status + String(socket.ready);
      }
      export async function useFake(): Promise<number> {
        // No Node types in this project: the fake's declarations must not need them.
        const fake = await createFakePyFlue({
          agents: { bot: { persistent: true, reply: ({ message }) => 'you said ' + message } },
          workflows: { greet: async (ctx) => ({ greeting: String(ctx.payload.name) }) },
        });
        fake.faults.next(1, { status: 503, retryAfter: 1 });
        const testClient = createFlueClient({ baseUrl: fake.baseUrl, fetch: fake.fetch, websocket: fake.websocket });
        const reply = await testClient.agents.invoke('bot', 'id', { payload: { message: 'hi' } });
        await fake.close();
        return Object.keys(reply).length;
      }
    `;
    await writeFile(`${project}/usage.ts`, usage);
    await writeFile(`${project}/usage-cjs.cts`, usage.replace(/^\s*import /m, 'import ').replace('export async function', 'export async function'));
    await writeFile(
      `${project}/tsconfig.json`,
      JSON.stringify({ compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', lib: ['ES2022', 'DOM', 'ESNext.Disposable'], noEmit: true, skipLibCheck: false, types: [] }, files: ['usage.ts', 'usage-cjs.cts'] }),
    );
    const result = await run(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', project], project);
    expect(result.output).toBe('');
    expect(result.code).toBe(0);
  }, 120_000);

  it('type-checks every declaration file it ships (one that names a type stripInternal removed fails here)', async () => {
    // A usage file reaches only the declarations its imports lead to; this reads them all, the
    // packed dist/ as built in the repository, whose node_modules has the optional peers' types.
    await writeFile(
      `${project}/tsconfig.all-dts.json`,
      JSON.stringify({
        compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', lib: ['ES2022', 'DOM', 'ESNext.Disposable'], noEmit: true, skipLibCheck: false, typeRoots: [`${root}node_modules/@types`], types: ['node'] },
        include: [`${root}dist/**/*.d.ts`],
      }),
    );
    const shipped = await run(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', `${project}/tsconfig.all-dts.json`, '--listFilesOnly'], project);
    expect(shipped.output.split('\n').filter((file) => file.startsWith(`${root}dist/`)).length).toBeGreaterThan(50);
    const result = await run(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', `${project}/tsconfig.all-dts.json`], project);
    expect(result.output).toBe('');
    expect(result.code).toBe(0);
  }, 120_000);

  it('@pyflue/client/live imports (ESM) and requires (CJS) with no React, and a conversation streams from the fake', async () => {
    const script = (load: string) => `${load}
      (async () => {
        const fake = await createFakePyFlue({ agents: { bot: { persistent: true, reply: ({ message }) => ({ text: 'you said ' + message, deltas: ['you said ', message] }) } } });
        const client = createFlueClient({ baseUrl: fake.baseUrl, fetch: fake.fetch });
        const conversation = createConversation(client, 'bot', 'pack');
        let changes = 0;
        conversation.subscribe(() => (changes += 1));
        await conversation.send('hi');
        const { status, messages } = conversation.getSnapshot();
        await fake.close();
        console.log(JSON.stringify({ status, texts: messages.map((m) => m.text), changed: changes > 3, watchRun: typeof watchRun }));
      })();`;
    const expected = { status: 'idle', texts: ['hi', 'you said hi'], changed: true, watchRun: 'function' };
    const esm = await run(
      process.execPath,
      ['--input-type=module', '-e', script(`import { createFakePyFlue } from '@pyflue/client/testing'; import { createFlueClient } from '@pyflue/client'; import { createConversation, watchRun } from '@pyflue/client/live';`)],
      project,
    );
    expect(esm.code, esm.output).toBe(0);
    expect(JSON.parse(esm.output)).toEqual(expected);
    const cjs = await run(
      process.execPath,
      ['-e', script(`const { createFakePyFlue } = require('@pyflue/client/testing'); const { createFlueClient } = require('@pyflue/client'); const { createConversation, watchRun } = require('@pyflue/client/live');`)],
      project,
    );
    expect(cjs.code, cjs.output).toBe(0);
    expect(JSON.parse(cjs.output)).toEqual(expected);
  });

  it('@pyflue/client/react needs its optional peer react; installed, it imports (ESM), requires (CJS) and type-checks', async () => {
    const missing = await run(process.execPath, ['--input-type=module', '-e', `await import('@pyflue/client/react')`], project);
    expect(missing.code).not.toBe(0);
    expect(missing.output).toContain("'react'");
    const versionOf = async (name: string) => (JSON.parse(await readFile(`${root}node_modules/${name}/package.json`, 'utf8')) as { version: string }).version;
    const installed = await run(
      npm,
      ['install', `react@${await versionOf('react')}`, `@types/react@${await versionOf('@types/react')}`, '--no-audit', '--no-fund', '--ignore-scripts', '--prefer-offline'],
      project,
    );
    expect(installed.code, installed.output).toBe(0);
    const esm = await run(process.execPath, ['--input-type=module', '-e', `import * as hooks from '@pyflue/client/react'; console.log(Object.keys(hooks).sort().join(' '));`], project);
    expect(esm.output.trim()).toBe('PyFlueProvider useConversation useRun useWorkflow');
    const cjs = await run(process.execPath, ['-e', `const { useWorkflow, PyFlueProvider } = require('@pyflue/client/react'); console.log(typeof useWorkflow + ' ' + typeof PyFlueProvider);`], project);
    expect(cjs.output.trim()).toBe('function function');
    const usage = `import { createElement } from 'react';\nimport { createFlueClient } from '@pyflue/client';\nimport { watchRun, type RunSnapshot } from '@pyflue/client/live';\nimport { PyFlueProvider, useConversation, useWorkflow } from '@pyflue/client/react';\nconst client = createFlueClient({ baseUrl: 'http://127.0.0.1:2024' });\nexport const snapshot: RunSnapshot = watchRun(client, 'run_1').getSnapshot();\nexport function Chat() {\n  const { messages, send } = useConversation('assistant', 'x');\n  const { start, run } = useWorkflow('greet', { reconnect: true });\n  return createElement('button', { onClick: () => void send('hi').then(() => start({ name: 'Ada' })) }, String(messages.length) + String(run?.status));\n}\nexport const app = createElement(PyFlueProvider, { client }, createElement(Chat));\n`;
    await writeFile(`${project}/react-usage.ts`, usage);
    await writeFile(`${project}/react-usage-cjs.cts`, usage);
    await writeFile(
      `${project}/tsconfig.react.json`,
      JSON.stringify({ compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', lib: ['ES2022', 'DOM', 'ESNext.Disposable'], noEmit: true, skipLibCheck: false, types: [] }, files: ['react-usage.ts', 'react-usage-cjs.cts'] }),
    );
    const typed = await run(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', `${project}/tsconfig.react.json`], project);
    expect(typed.output).toBe('');
    expect(typed.code).toBe(0);
  }, 240_000);

  it('@pyflue/client/vue needs its optional peer vue; installed, it imports (ESM), requires (CJS), runs a conversation and type-checks', async () => {
    const missing = await run(process.execPath, ['--input-type=module', '-e', `await import('@pyflue/client/vue')`], project);
    expect(missing.code).not.toBe(0);
    expect(missing.output).toContain("'vue'");
    const { version } = JSON.parse(await readFile(`${root}node_modules/vue/package.json`, 'utf8')) as { version: string };
    const installed = await run(npm, ['install', `vue@${version}`, '--no-audit', '--no-fund', '--ignore-scripts', '--prefer-offline'], project);
    expect(installed.code, installed.output).toBe(0);
    const esm = await run(process.execPath, ['--input-type=module', '-e', `import * as vue from '@pyflue/client/vue'; console.log(Object.keys(vue).sort().join(' '));`], project);
    expect(esm.output.trim()).toBe('createPyFlue providePyFlue useConversation useRun useWorkflow');
    // A composable outside a component (an effect scope of the app's own), from CommonJS.
    const cjs = await run(
      process.execPath,
      [
        '-e',
        `const { effectScope } = require('vue'); const { createFakePyFlue } = require('@pyflue/client/testing'); const { createFlueClient } = require('@pyflue/client'); const { useConversation } = require('@pyflue/client/vue');
        (async () => {
          const fake = await createFakePyFlue({ agents: { bot: { persistent: true, reply: ({ message }) => 'you said ' + message } } });
          const client = createFlueClient({ baseUrl: fake.baseUrl, fetch: fake.fetch });
          const scope = effectScope();
          const chat = scope.run(() => useConversation('bot', 'pack', { client }));
          await chat.send('hi');
          console.log(JSON.stringify(chat.messages.value.map((m) => m.text)));
          scope.stop();
          await fake.close();
        })();`,
      ],
      project,
    );
    expect(cjs.code, cjs.output).toBe(0);
    expect(JSON.parse(cjs.output)).toEqual(['hi', 'you said hi']);
    const usage = `import { defineComponent, h } from 'vue';\nimport { createFlueClient } from '@pyflue/client';\nimport { createPyFlue, useConversation, useWorkflow } from '@pyflue/client/vue';\nexport const plugin = createPyFlue(createFlueClient({ baseUrl: 'http://127.0.0.1:2024' }));\nexport const Chat = defineComponent({\n  setup() {\n    const { messages, send } = useConversation('assistant', 'x');\n    const { start, run } = useWorkflow('greet', { reconnect: true });\n    return () => h('button', { onClick: () => void send('hi').then(() => start({ name: 'Ada' })) }, String(messages.value.length) + String(run.value?.status));\n  },\n});\n`;
    await writeFile(`${project}/vue-usage.ts`, usage);
    await writeFile(`${project}/vue-usage-cjs.cts`, usage);
    await writeFile(
      `${project}/tsconfig.vue.json`,
      JSON.stringify({ compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', lib: ['ES2022', 'DOM', 'ESNext.Disposable'], noEmit: true, skipLibCheck: false, types: [] }, files: ['vue-usage.ts', 'vue-usage-cjs.cts'] }),
    );
    const typed = await run(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', `${project}/tsconfig.vue.json`], project);
    expect(typed.output).toBe('');
    expect(typed.code).toBe(0);
  }, 240_000);

  it('@pyflue/client/otel imports (ESM) and requires (CJS) once its optional peer @opentelemetry/api is installed; the main entry never needs it', async () => {
    // Before the peer is installed: the main entry works (the ESM/CJS test above ran without it too), the otel entry says what is missing.
    const missing = await run(process.execPath, ['--input-type=module', '-e', `await import('@pyflue/client/otel')`], project);
    expect(missing.code).not.toBe(0);
    expect(missing.output).toContain('@opentelemetry/api');
    const { version } = JSON.parse(await readFile(`${root}node_modules/@opentelemetry/api/package.json`, 'utf8')) as { version: string };
    const installed = await run(npm, ['install', `@opentelemetry/api@${version}`, '--no-audit', '--no-fund', '--ignore-scripts', '--prefer-offline'], project);
    expect(installed.code, installed.output).toBe(0);
    const esm = await run(
      process.execPath,
      ['--input-type=module', '-e', `import { tracing } from '@pyflue/client/otel'; const m = tracing(); console.log(typeof m.onRequest + ' ' + typeof m.onResponse);`],
      project,
    );
    expect(esm.output.trim()).toBe('function function');
    const cjs = await run(process.execPath, ['-e', `const { tracing } = require('@pyflue/client/otel'); console.log(typeof tracing().onError);`], project);
    expect(cjs.output.trim()).toBe('function');
    await writeFile(`${project}/otel-usage.ts`, `import { tracing, type TracingOptions } from '@pyflue/client/otel';\nimport { PyFlueClient, type Middleware } from '@pyflue/client';\nconst options: TracingOptions = {};\nconst middleware: Middleware = tracing(options);\nexport const client = new PyFlueClient('http://127.0.0.1:2024', { middleware: [middleware] }).use(tracing());\n`);
    await writeFile(`${project}/otel-usage-cjs.cts`, `import { tracing } from '@pyflue/client/otel';\nexport const middleware = tracing();\n`);
    await writeFile(
      `${project}/tsconfig.otel.json`,
      JSON.stringify({ compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', lib: ['ES2022', 'DOM', 'ESNext.Disposable'], noEmit: true, skipLibCheck: false, types: [] }, files: ['otel-usage.ts', 'otel-usage-cjs.cts'] }),
    );
    const typed = await run(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', `${project}/tsconfig.otel.json`], project);
    expect(typed.output).toBe('');
    expect(typed.code).toBe(0);
  }, 240_000);

  it('@pyflue/client/spec gives the generated paths, components and operations, as types, to ESM and CJS code; the main entry no longer does', async () => {
    await writeFile(
      `${project}/spec-usage.ts`,
      `import createClient from 'openapi-fetch';\nimport type { paths, components, operations } from '@pyflue/client/spec';\n` +
        `type Wire = components['schemas']['RunRecord'];\nexport const eventCount = (run: Wire): number => run.event_count;\n` +
        `export type GetRun = operations['getRun'];\nexport const api = createClient<paths>({ baseUrl: 'http://127.0.0.1:2024' });\n`,
    );
    await writeFile(`${project}/spec-usage-cjs.cts`, `import type { paths } from '@pyflue/client/spec';\nexport type Routes = keyof paths;\n`);
    // The expect-error directive in spec-not-main.ts holds only while the main entry has no `paths`.
    await writeFile(`${project}/spec-not-main.ts`, `// @ts-expect-error paths moved to @pyflue/client/spec\nimport type { paths } from '@pyflue/client';\nexport type Routes = paths;\n`);
    await writeFile(
      `${project}/tsconfig.spec.json`,
      JSON.stringify({ compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', lib: ['ES2022', 'DOM', 'ESNext.Disposable'], noEmit: true, skipLibCheck: false, types: [] }, files: ['spec-usage.ts', 'spec-usage-cjs.cts', 'spec-not-main.ts'] }),
    );
    const typed = await run(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', `${project}/tsconfig.spec.json`], project);
    expect(typed.output).toBe('');
    expect(typed.code).toBe(0);
  }, 120_000);
});
