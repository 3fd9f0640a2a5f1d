/**
 * Per-call overhead: 5 000 sequential `client.runs.get(id)` against the local stub,
 * over raw `fetch` of the same URL + `response.json()`; openapi-fetch alone (the
 * layer our transport is built on) is measured in the same turns, for the record.
 */
import createClient from 'openapi-fetch';
import { PyFlueClient } from '../src/index.js';
import type { paths } from '../src/generated/openapi.js';
import { RUN_ID } from './frames.js';
import { check, collectGarbage, compare, round } from './harness.js';

const CALLS = 5_000;

export async function callOverheadBench(stubUrl: string, log: (line: string) => void): Promise<Record<string, unknown> & { ratio: number }> {
  const client = new PyFlueClient(stubUrl);
  // Without a timeout (and no signal) the client passes fetch no abort signal, which
  // undici charges for on every call: measured too, for the record.
  const untimed = new PyFlueClient(stubUrl, { timeoutMs: 0 });
  const api = createClient<paths>({ baseUrl: stubUrl });
  const url = `${stubUrl}/runs/${encodeURIComponent(RUN_ID)}`;

  const timings = await compare(
    {
      fetch: async () => {
        let last: { run_id?: unknown } = {};
        for (let i = 0; i < CALLS; i += 1) {
          const response = await fetch(url);
          last = (await response.json()) as { run_id?: unknown };
        }
        check(last.run_id === RUN_ID, 'fetch got the record');
      },
      openapi_fetch: async () => {
        let last: unknown;
        for (let i = 0; i < CALLS; i += 1) {
          const { data } = await api.GET('/runs/{run_id}', { params: { path: { run_id: RUN_ID } } });
          last = data?.run_id;
        }
        check(last === RUN_ID, 'openapi-fetch got the record');
      },
      ours: async () => {
        let last: unknown;
        for (let i = 0; i < CALLS; i += 1) last = (await client.runs.get(RUN_ID)).runId;
        check(last === RUN_ID, 'client got the record');
      },
      ours_without_timeout: async () => {
        let last: unknown;
        for (let i = 0; i < CALLS; i += 1) last = (await untimed.runs.get(RUN_ID)).runId;
        check(last === RUN_ID, 'untimed client got the record');
      },
    },
    { warmup: 1, reps: 5, between: collectGarbage },
  );
  await client.close();
  await untimed.close();
  const ratio = timings.ours.median_ms / timings.fetch.median_ms;
  log(
    `http: ours/fetch ${ratio.toFixed(3)}, without timeout ${(timings.ours_without_timeout.median_ms / timings.fetch.median_ms).toFixed(3)}, ` +
      `openapi-fetch/fetch ${(timings.openapi_fetch.median_ms / timings.fetch.median_ms).toFixed(3)}`,
  );
  return {
    ratio: round(ratio),
    unit: `time of ${CALLS} sequential runs.get over raw fetch + json()`,
    openapi_fetch_over_fetch: round(timings.openapi_fetch.median_ms / timings.fetch.median_ms),
    ours_over_openapi_fetch: round(timings.ours.median_ms / timings.openapi_fetch.median_ms),
    ours_without_timeout_over_fetch: round(timings.ours_without_timeout.median_ms / timings.fetch.median_ms),
    us_per_call: {
      fetch: round((timings.fetch.median_ms * 1000) / CALLS, 1),
      openapi_fetch: round((timings.openapi_fetch.median_ms * 1000) / CALLS, 1),
      ours: round((timings.ours.median_ms * 1000) / CALLS, 1),
      ours_without_timeout: round((timings.ours_without_timeout.median_ms * 1000) / CALLS, 1),
    },
    ...timings,
  };
}
