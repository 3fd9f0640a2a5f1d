/**
 * The `pyflue-client` command line, as a function of its arguments and outputs (the bin,
 * src/cli/pyflue-client.ts, only wires it to the process; tests call it directly).
 * Exit codes: 0 everything holds, 1 drift, 2 cannot check (unreachable, not PyFlue, bad usage).
 */
import { parseArgs } from 'node:util';
import { DEFAULT_TIMEOUT_MS, runDoctor } from '../doctor/doctor.js';
import { formatJson, formatTable } from '../doctor/report.js';
import { PyFlueInputError } from '../facade/core/errors.js';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
}

export const USAGE = `Usage: pyflue-client doctor --base-url URL [--token T] [--admin-base-path P] [--json] [--timeout-ms N]

Checks a live PyFlue deployment against the contract this client was built from:
/health, the routes, parameters and answer schemas in the server's /openapi.json and
the admin app's /openapi.json, and one handshake per WebSocket channel.

  --base-url URL          the server's base URL, e.g. https://agents.example.com (with any path prefix)
  --token T               sent as "Authorization: Bearer T" (default: $PYFLUE_TOKEN)
  --admin-base-path P     where the admin app is mounted (default: /admin under the base URL)
  --json                  print the findings as JSON (for CI)
  --timeout-ms N          time allowed to each request and handshake (default ${DEFAULT_TIMEOUT_MS})

Exit codes: 0 everything holds, 1 drift from the contract, 2 cannot check (not reachable, not PyFlue, bad arguments).
`;

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    (command === undefined ? io.stderr : io.stdout)(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command !== 'doctor') return usageError(io, `unknown command "${command}"`);
  return doctor(rest, io);
}

async function doctor(args: readonly string[], io: CliIo): Promise<number> {
  let values: { 'base-url'?: string; token?: string; 'admin-base-path'?: string; json?: boolean; 'timeout-ms'?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        'base-url': { type: 'string' },
        token: { type: 'string' },
        'admin-base-path': { type: 'string' },
        json: { type: 'boolean' },
        'timeout-ms': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return usageError(io, error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  if (!values['base-url']) return usageError(io, '--base-url is required');
  let timeoutMs = DEFAULT_TIMEOUT_MS;
  if (values['timeout-ms'] !== undefined) {
    timeoutMs = Number(values['timeout-ms']);
    if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) return usageError(io, `--timeout-ms must be a positive whole number of milliseconds, got "${values['timeout-ms']}"`);
  }
  try {
    const report = await runDoctor({
      baseUrl: values['base-url'],
      token: values.token ?? (io.env.PYFLUE_TOKEN || undefined),
      adminBasePath: values['admin-base-path'],
      timeoutMs,
    });
    io.stdout(values.json ? formatJson(report) : formatTable(report));
    return report.exitCode;
  } catch (error) {
    if (error instanceof PyFlueInputError) return usageError(io, error.message);
    // Never a stack trace: one line that says what happened.
    io.stderr(`pyflue-client doctor: could not run the checks: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}

function usageError(io: CliIo, message: string): number {
  io.stderr(`pyflue-client: ${message}\n\n${USAGE}`);
  return 2;
}
