/**
 * `pyflue-client doctor` against the real PyFlue fixture server: everything holds (exit 0);
 * the same server behind a proxy that serves edited descriptions drifts (exit 1, each
 * change named); a closed port, a server that is not PyFlue and one that never answers
 * cannot be checked (exit 2, with what to check). The command runs in-process through
 * `main` (the bin is a two-line wrapper); test/doctor/cli-process.test.ts and
 * test/packaging/pack.test.ts run it as a child process.
 */
import { SPEC_VERSION } from '../support/spec-version.js';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { main } from '../../src/cli/commands.js';
import { resolverFor, compareSchemas } from '../../src/doctor/schema-compat.js';
import type { DoctorReport } from '../../src/doctor/findings.js';
import { contract } from '../../src/generated/contract.js';
import { startDescriptionProxy, type DescriptionProxy, type ProxyOptions } from './description-proxy.js';

async function doctor(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(['doctor', ...args], { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), env: {} });
  return { code, stdout, stderr };
}

async function doctorJson(...args: string[]) {
  const run = await doctor(...args, '--json');
  const report = JSON.parse(run.stdout) as DoctorReport;
  expect(report.exitCode).toBe(run.code);
  return report;
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function behindProxy(edits: ProxyOptions): Promise<DescriptionProxy> {
  const proxy = await startDescriptionProxy(inject('pyflueBaseUrl'), edits);
  cleanups.push(() => proxy.close());
  return proxy;
}

/** A loopback HTTP server with a fixed handler; closed after the test. */
async function fakeServer(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  const open = new Set<import('node:net').Socket>();
  server.on('connection', (socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(async () => {
    for (const socket of open) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('doctor against the real PyFlue fixture server', () => {
  it('finds that everything holds: exit 0, a table of what it checked', async () => {
    const run = await doctor('--base-url', inject('pyflueBaseUrl'));
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^ok\s+health\s+GET \/health\s+answers, framework "pyflue"$/m);
    expect(run.stdout).toMatch(/^ok\s+route\s+GET \/runs\/\{run_id\}\s+listed; 200 RunRecord: 17 required fields compatible$/m);
    expect(run.stdout).toMatch(/^ok\s+socket\s+WS \/agents\/\{name\}\/\{agentId\}\s+handshake accepted/m);
    expect(run.stdout).toMatch(/^ok\s+socket\s+WS \/workflows\/\{name\}\s+handshake accepted/m);
    expect(run.stdout).not.toMatch(/DRIFT|FAIL/);
    expect(run.stdout).toContain('Exit 0.');
  });

  it('--json prints the same findings: every operation the client calls and every channel, all ok', async () => {
    const report = await doctorJson('--base-url', inject('pyflueBaseUrl'));
    expect(report.exitCode).toBe(0);
    expect(report.contractVersion).toBe(SPEC_VERSION);
    const ok = new Set(report.findings.filter((finding) => finding.outcome === 'ok').map((finding) => finding.subject));
    for (const operation of contract.operations.filter((candidate) => candidate.calledByClient)) {
      expect(ok, operation.operationId).toContain(`${operation.method.toUpperCase()} ${operation.path}`);
    }
    for (const channel of contract.channels) expect(ok).toContain(`WS ${channel.address}`);
    expect(report.counts).toEqual({ ok: report.findings.length, note: 0, drift: 0, unreachable: 0 });
  });

  it(`the fields PyFlue ${SPEC_VERSION}'s description is known not to state are exactly the ones it omits`, async () => {
    // Without this list doctor would call a healthy 0.2.0 server drifted; too broad a list would hide real drift.
    const baseUrl = inject('pyflueBaseUrl');
    const documents = {
      public: await (await fetch(`${baseUrl}/openapi.json`)).json(),
      admin: await (await fetch(`${baseUrl}/admin/openapi.json`)).json(),
    };
    const withList = contract.operations.flatMap((operation) =>
      operation.responses.filter((response) => response.unstatedByPyFlue.length > 0).map((response) => ({ operation, response })),
    );
    expect(withList.length).toBeGreaterThan(0);
    for (const { operation, response } of withList) {
      const document = documents[operation.app];
      const schema = document.paths[operation.appPath][operation.method].responses[response.status].content['application/json'].schema;
      const comparison = compareSchemas(
        { schema: response.schema, resolve: resolverFor(contract.schemas) },
        { schema, resolve: resolverFor(document.components.schemas) },
        'answer',
      );
      expect(comparison.problems.map((problem) => problem.field.replace(/^answer\./, '')), operation.operationId).toEqual(response.unstatedByPyFlue);
    }
  });
});

describe('doctor against a deployment whose description drifted', () => {
  it('names each removed or renamed field, removed route and changed type: exit 1', async () => {
    const proxy = await behindProxy({
      public: (document) => {
        const schemas = document.components.schemas;
        // A required field removed.
        delete schemas.RunRecordResponse.properties.status;
        schemas.RunRecordResponse.required = schemas.RunRecordResponse.required.filter((name: string) => name !== 'status');
        // A required field renamed.
        schemas.RunEventListResponse.properties.nextIndex = schemas.RunEventListResponse.properties.next_after;
        delete schemas.RunEventListResponse.properties.next_after;
        // A type changed.
        schemas.HealthResponse.properties.ok = { type: 'string' };
        // A route gone, one method changed, and an extra route (a note, not a failure).
        delete document.paths['/workflows/{name}'];
        document.paths['/sessions/{session_id}/abort'] = { delete: document.paths['/sessions/{session_id}/abort'].post };
        document.paths['/metrics'] = { get: { responses: { '200': { description: 'ok' } } } };
      },
      admin: (document) => {
        // A query parameter the client sends, no longer listed where the server lists its query parameters.
        document.paths['/runs'].get.parameters = [{ name: 'page', in: 'query', required: false, schema: { type: 'integer' } }];
      },
    });
    const run = await doctor('--base-url', proxy.url);
    expect(run.code, run.stdout).toBe(1);
    expect(run.stderr).toBe('');
    const drift = run.stdout.split('\n').filter((line) => line.startsWith('DRIFT'));
    // Five edits of the public app, and four query parameters of GET /admin/runs.
    expect(drift).toHaveLength(9);
    const expected = [
      /GET \/runs\/\{run_id\} 200 RunRecord\.status\s+required field "status" of RunRecord is missing from the server's description: removed or renamed/,
      /GET \/runs\/\{run_id\}\/events 200 RunEventListResponse\.next_after\s+.*renamed to "nextIndex"\?/,
      /GET \/health 200 HealthResponse\.ok\s+HealthResponse\.ok is boolean in the contract but string in the server's description/,
      /POST \/workflows\/\{name\}\s+the client calls this route, but the server's \/openapi\.json does not list it$/,
      /POST \/sessions\/\{session_id\}\/abort\s+.*does not list it \(it lists the path with DELETE only\)/,
      ...['cursor', 'limit', 'status', 'agentName'].map(
        (name) => new RegExp(`GET /admin/runs query ${name}\\s+the client sends query parameter "${name}", which the server's description no longer lists \\(it lists page\\)`),
      ),
    ];
    for (const pattern of expected) expect(drift.some((line) => pattern.test(line)), String(pattern)).toBe(true);
    // The admin app has its own description: its RunRecord was not edited, so it holds.
    expect(run.stdout).toMatch(/^ok\s+route\s+GET \/admin\/runs\/\{run_id\}\s+listed; 200 RunRecord: 17 required fields compatible$/m);
    expect(run.stdout).toMatch(/^note\s+route\s+GET \/metrics\s+served, but not in the contract/m);
    expect(run.stdout).toContain('Exit 1.');
    // The proxy forwards sockets: they still hold.
    expect(run.stdout).toMatch(/^ok\s+socket\s+WS \/workflows\/\{name\}/m);
  });

  it('an extra route alone is a note, not a failure: exit 0', async () => {
    const proxy = await behindProxy({
      public: (document) => {
        document.paths['/metrics'] = { get: { responses: { '200': { description: 'ok' } } } };
      },
    });
    const report = await doctorJson('--base-url', proxy.url);
    expect(report.exitCode).toBe(0);
    expect(report.findings.filter((finding) => finding.outcome !== 'ok')).toEqual([
      { outcome: 'note', check: 'route', subject: 'GET /metrics', message: 'served, but not in the contract this client was built from (the client does not call it)' },
    ]);
  });

  it('a server that requires a parameter the client does not send drifts', async () => {
    const proxy = await behindProxy({
      public: (document) => {
        document.paths['/agents'].get.parameters = [{ name: 'tenant', in: 'header', required: true, schema: { type: 'string' } }];
      },
    });
    const report = await doctorJson('--base-url', proxy.url);
    expect(report.exitCode).toBe(1);
    expect(report.findings.filter((finding) => finding.outcome === 'drift')).toEqual([
      { outcome: 'drift', check: 'parameter', subject: 'GET /agents header tenant', message: 'the server requires header parameter "tenant", which the client does not send' },
    ]);
  });
});

describe('doctor against a deployment behind bearer-token auth', () => {
  it('sends --token (or $PYFLUE_TOKEN) on every request and socket handshake: exit 0', async () => {
    const proxy = await behindProxy({ token: 'sesame' });
    const report = await doctorJson('--base-url', proxy.url, '--token', 'sesame');
    expect(report.exitCode).toBe(0);
    expect(report.findings.filter((finding) => finding.check === 'socket').map((finding) => finding.outcome)).toEqual(['ok', 'ok']);
    let stdout = '';
    const fromEnv = await main(['doctor', '--base-url', proxy.url], { stdout: (text) => (stdout += text), stderr: () => {}, env: { PYFLUE_TOKEN: 'sesame' } });
    expect(fromEnv, stdout).toBe(0);
  });

  it('without the token, exit 2 and a hint to pass it', async () => {
    const proxy = await behindProxy({ token: 'sesame' });
    const report = await doctorJson('--base-url', proxy.url);
    expect(report.exitCode).toBe(2);
    expect(report.findings[0]!.message).toMatch(/^answered 401, not PyFlue's health answer: .*; pass --token if the deployment needs one$/);
  });
});

describe('doctor when the deployment cannot be checked: exit 2, saying what to check', () => {
  it('a closed port', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = http.createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as AddressInfo;
        probe.close(() => resolve(free));
      });
    });
    const run = await doctor('--base-url', `http://127.0.0.1:${port}`);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/^FAIL\s+health\s+GET \/health\s+cannot reach http:\/\/127\.0\.0\.1:\d+\/ \(connect ECONNREFUSED [^)]+\): check the address and port, that the server is running/m);
    expect(run.stdout).toContain('Could not check this deployment');
    expect(run.stdout).toContain('Exit 2.');
  });

  it('a server that is not PyFlue', async () => {
    const url = await fakeServer((_request, response) => {
      response.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not Found</h1>');
    });
    const report = await doctorJson('--base-url', url);
    expect(report.exitCode).toBe(2);
    expect(report.findings).toEqual([
      {
        outcome: 'unreachable',
        check: 'health',
        subject: 'GET /health',
        message: expect.stringMatching(/^answered 404, not PyFlue's health answer: check that --base-url points at a PyFlue server/),
      },
    ]);
  });

  it('a health answer that names another framework', async () => {
    const url = await fakeServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true,"framework":"flue"}');
    });
    const report = await doctorJson('--base-url', url);
    expect(report.exitCode).toBe(2);
    expect(report.findings[0]!.message).toMatch(/^answered \{"ok":true,"framework":"flue"\}, which does not name the framework "pyflue"/);
  });

  it('a server that accepts connections and never answers: the timeout ends it', async () => {
    const url = await fakeServer(() => {
      // Never answers.
    });
    const report = await doctorJson('--base-url', url, '--timeout-ms', '300');
    expect(report.exitCode).toBe(2);
    expect(report.findings[0]!.message).toMatch(/^no answer within the timeout: check that http:\/\/127\.0\.0\.1:\d+\/ is the server's address, or raise --timeout-ms/);
  });

  it('an admin app that is not where --admin-base-path says', async () => {
    const report = await doctorJson('--base-url', inject('pyflueBaseUrl'), '--admin-base-path', '/ops');
    expect(report.exitCode).toBe(2);
    const failed = report.findings.filter((finding) => finding.outcome === 'unreachable');
    expect(failed).toEqual([
      {
        outcome: 'unreachable',
        check: 'description',
        subject: 'GET /ops/openapi.json',
        message: expect.stringMatching(/^The admin app's description answered 404 at .*\/ops\/openapi\.json: check --admin-base-path \(now "\/ops"\): PyFlue mounts the admin app at \/admin$/),
      },
    ]);
  });

  it('bad arguments: usage, exit 2', async () => {
    for (const args of [[], ['--base-url'], ['--base-url', 'not a url'], ['--base-url', 'http://127.0.0.1:1', '--timeout-ms', 'soon'], ['--bogus']]) {
      const run = await doctor(...args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^pyflue-client: .+\n\nUsage: pyflue-client doctor --base-url URL/);
    }
    const unknown = await main(['check'], { stdout: () => {}, stderr: () => {}, env: {} });
    expect(unknown).toBe(2);
  });
});
