/**
 * The Python virtual environment that serves the real PyFlue fixture server.
 *
 * Created once under .cache/pyflue-venv (git-ignored) and reused while its stamp
 * (the requirement files and the Python version) still matches, so only the first
 * test run on a machine pays for the install. `npm run python-env` runs it alone.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../', import.meta.url));
export const venvDir = `${root}.cache/pyflue-venv`;
export const venvPython = `${venvDir}/bin/python`;
const serverRequirements = `${root}pyflue-server/requirements.txt`;
const checkRequirements = `${root}pyflue-server/requirements-check.txt`;
const stampFile = `${venvDir}/.pyflue-client-stamp`;

export class PythonEnvError extends Error {
  override name = 'PythonEnvError';
}

/** The interpreter to build the environment with: $PYFLUE_PYTHON, else python3. */
function basePython(): string {
  return process.env.PYFLUE_PYTHON ?? 'python3';
}

async function step(description: string, file: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run(file, args, { maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const detail = error as { code?: string | number; stderr?: string; message: string };
    const why =
      detail.code === 'ENOENT'
        ? `\`${file}\` was not found. Install Python 3.11 or newer, or point PYFLUE_PYTHON at one.`
        : (detail.stderr ?? detail.message).trim().split('\n').slice(-15).join('\n');
    throw new PythonEnvError(`Could not ${description}:\n${why}`);
  }
}

async function stamp(): Promise<string> {
  const version = await step('run Python', basePython(), ['--version']);
  const hash = createHash('sha256').update(version);
  for (const file of [serverRequirements, checkRequirements]) hash.update(await readFile(file));
  return hash.digest('hex');
}

/** Ensures the environment exists and is current; returns its python executable. */
export async function ensurePythonEnv(log: (line: string) => void = () => {}): Promise<string> {
  const wanted = await stamp();
  const current = existsSync(stampFile) ? await readFile(stampFile, 'utf8') : null;
  if (current === wanted && existsSync(venvPython)) return venvPython;

  log(`python-env: creating ${venvDir} (first run on this machine, or requirements changed)`);
  await rm(venvDir, { recursive: true, force: true });
  await step('create a virtual environment', basePython(), ['-m', 'venv', venvDir]);
  const pip = [venvPython, '-m', 'pip', '--disable-pip-version-check', 'install', '--quiet'] as const;
  // --no-deps: pyflue's declared dependencies (pydantic-ai, mcp, ...) are not needed to
  // serve it; requirements.txt pins exactly what is (see its header).
  await step('install the PyFlue server', pip[0], [...pip.slice(1), '--no-deps', '-r', serverRequirements]);
  await step('install the spec-check tools', pip[0], [
    ...pip.slice(1),
    '-r',
    checkRequirements,
    '-c',
    serverRequirements,
  ]);
  await step('import the PyFlue server', venvPython, ['-c', 'import pyflue.server, uvicorn, websockets']);
  await writeFile(stampFile, wanted);
  log('python-env: ready');
  return venvPython;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  ensurePythonEnv(console.log).then(
    (python) => console.log(`python-env: ${python}`),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
