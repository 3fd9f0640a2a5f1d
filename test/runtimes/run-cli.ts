/**
 * Runs a bundled CLI scenario under a runtime's binary and returns its summary (the JSON
 * after `SCENARIO `). A run that does not end within `limitMs` is killed and fails.
 */
import { execFile } from 'node:child_process';
import type { ScenarioSummary } from './scenario.js';

export function runCli(binary: string, args: string[], limitMs = 60_000): Promise<ScenarioSummary & { stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(binary, args, { timeout: limitMs, killSignal: 'SIGKILL', env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      const line = stdout.split('\n').find((text) => text.startsWith('SCENARIO '));
      if (error || !line) return reject(new Error(`${binary} ${args.join(' ')} failed: ${error?.message ?? 'no summary'}\n${stdout}\n${stderr}`));
      resolve({ ...(JSON.parse(line.slice('SCENARIO '.length)) as ScenarioSummary), stderr });
    });
  });
}
