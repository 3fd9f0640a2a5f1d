#!/usr/bin/env node
/**
 * The package's bin: `npx @pyflue/client doctor --base-url URL` (see src/cli/commands.ts).
 * Sets the exit code instead of calling process.exit, so what was printed is flushed first.
 */
import { main } from './commands.js';

main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`pyflue-client: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
