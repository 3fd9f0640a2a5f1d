/**
 * The path of a source file that a test looks for in stack traces (to tell the client's
 * own timers from the test runner's). It throws when the file is not there, so a test
 * written against a file that has moved fails at once instead of silently matching nothing.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function sourceFile(fromRoot: string): string {
  const path = fileURLToPath(new URL(`../../${fromRoot}`, import.meta.url));
  if (!existsSync(path)) throw new Error(`${fromRoot} does not exist: update the test that looks for it in stack traces.`);
  // Matched without the extension: the frames name the .ts file under vitest, the .js one when built.
  return fromRoot.replace(/\.ts$/, '');
}
