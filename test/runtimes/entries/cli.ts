/**
 * The scenario as a script, for Bun, Deno and Node: prints `SCENARIO <json>` and exits.
 * The server's URL and the instance id are set at bundle time (runtime-bundle.ts).
 */
import { runScenario } from '../scenario.js';

declare const __PYFLUE_BASE_URL__: string;
declare const __SCENARIO_INSTANCE__: string;

const summary = await runScenario(__PYFLUE_BASE_URL__, __SCENARIO_INSTANCE__, (record) => {
  // Node, Bun and Deno all have process.on('unhandledRejection'); with a listener there, nothing crashes.
  process.on('unhandledRejection', record);
});
console.log(`SCENARIO ${JSON.stringify(summary)}`);
