/** Both specs lint clean: Redocly for OpenAPI, the AsyncAPI parser for AsyncAPI. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = (name: string) => `${root}node_modules/.bin/${name}`;

async function exitAndOutput(file: string, args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(file, args, { cwd: root });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

describe('spec lint', () => {
  it('spec/openapi.yaml: redocly lint reports no problem', async () => {
    const { code, output } = await exitAndOutput(bin('redocly'), [
      'lint', 'spec/openapi.yaml', '--config', 'redocly.yaml', '--format', 'stylish',
    ]);
    expect(output).toContain('Your API description is valid');
    expect(output).not.toMatch(/\b(error|warning)\b\s+\S+/);
    expect(code).toBe(0);
  });

  it('spec/asyncapi.yaml: the AsyncAPI parser reports no error', async () => {
    const { code, output } = await exitAndOutput(bin('tsx'), ['scripts/validate-asyncapi.ts', 'spec/asyncapi.yaml']);
    expect(output).toMatch(/asyncapi: spec\/asyncapi\.yaml valid/);
    expect(code).toBe(0);
  });
});
