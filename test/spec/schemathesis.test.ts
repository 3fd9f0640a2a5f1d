/**
 * Schemathesis (from PyPI, in the fixture's virtual environment) fuzzes the real server
 * from spec/openapi.yaml and checks that every answer conforms: status code, content
 * type, headers and body schema (stream frames included). It checks the spec against the
 * server, not the server's input validation, so the request-strictness checks are off:
 * the server accepts more than the spec asks clients to send.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import { venvDir } from '../../scripts/python-env.js';
import { OpenApiValidator } from '../support/openapi-validator.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const CHECKS = [
  'status_code_conformance',
  'content_type_conformance',
  'response_headers_conformance',
  'response_schema_conformance',
].join(',');

describe('schemathesis against the real server', () => {
  it('finds no response that breaks spec/openapi.yaml', async () => {
    // Schemathesis keeps its state (.hypothesis/, reports) in its working folder: a temporary one.
    const workdir = await mkdtemp(`${tmpdir()}/schemathesis-`);
    const args = [
      'run', `${root}spec/openapi.yaml`,
      '--url', inject('pyflueBaseUrl'),
      '--checks', CHECKS,
      '--max-examples', '25',
      '--seed', '20261124',
      '--no-color',
    ];
    const { code, output } = await new Promise<{ code: number; output: string }>((resolve) => {
      execFile(`${venvDir}/bin/schemathesis`, args, { cwd: workdir, maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, output: stdout + stderr });
      });
    });
    await rm(workdir, { recursive: true, force: true });
    if (code !== 0) console.error(output);
    const operations = new OpenApiValidator().operations().length;
    expect(output).toMatch(new RegExp(`Tested: ${operations}\\b`));
    expect(output).toMatch(/\d+ generated, \d+ passed/);
    expect(code).toBe(0);
  }, 180_000);
});
