/**
 * vitest global setup: one real PyFlue fixture server and one Prism mock of the spec for
 * the run. Tests read their addresses with `inject('pyflueBaseUrl')` and
 * `inject('prismBaseUrl')`; both are stopped (by their pids) when the run ends.
 */
import type { TestProject } from 'vitest/node';
import { startPrism } from './prism.js';
import { startPyFlueServer } from './pyflue-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pyflueBaseUrl: string;
    prismBaseUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = await Promise.allSettled([startPyFlueServer({ log: (line) => console.log(line) }), startPrism()]);
  const [server, prism] = started.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value : undefined));
  if (!server || !prism) {
    // Leave nothing running when one of them could not start.
    await Promise.all([server?.stop(), prism?.stop()]);
    throw started.find((outcome) => outcome.status === 'rejected')!.reason;
  }
  project.provide('pyflueBaseUrl', server.baseUrl);
  project.provide('prismBaseUrl', prism.baseUrl);
  return async () => {
    await Promise.all([server.stop(), prism.stop()]);
  };
}
