/**
 * vitest global setup: one real PyFlue fixture server for the run. Tests read its
 * address with `inject('pyflueBaseUrl')`; it is stopped (by its pid) when the run ends.
 */
import type { TestProject } from 'vitest/node';
import { startPyFlueServer } from './pyflue-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pyflueBaseUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startPyFlueServer({ log: (line) => console.log(line) });
  project.provide('pyflueBaseUrl', server.baseUrl);
  return () => server.stop();
}
