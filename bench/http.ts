/**
 * Per-call overhead: 5 000 sequential `client.runs.get(id)` against the local stub,
 * over raw `fetch` of the same URL + `response.json()`; openapi-fetch alone (the
 * layer our transport is built on) is measured in the same turns. The figures are paired
 * ratios (each repetition's own ours over the baseline timed in the same turn, their
 * median with p25-p75): a machine busy with other work slows both sides of a turn alike.
 */
import createClient from 'openapi-fetch';
import { PyFlueClient } from '../src/index.js';
import type { paths } from '../src/generated/openapi.js';
import { RUN_ID } from './frames.js';
import { check, collectGarbage, compare, pairedRatio, round } from './harness.js';

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
    { warmup: 1, reps: 9, between: collectGarbage },
  );
  await client.close();
  await untimed.close();
  const samples = (name: keyof typeof timings) => timings[name].samples_ms;
  const vsFetch = pairedRatio(samples('ours'), samples('fetch'));
  const vsOpenapiFetch = pairedRatio(samples('ours'), samples('openapi_fetch'));
  const untimedVsFetch = pairedRatio(samples('ours_without_timeout'), samples('fetch'));
  const floor = pairedRatio(samples('openapi_fetch'), samples('fetch'));
  log(`http: ours/fetch ${vsFetch.median}, without timeout ${untimedVsFetch.median}, openapi-fetch/fetch ${floor.median}, ours/openapi-fetch ${vsOpenapiFetch.median}`);
  return {
    ratio: vsFetch.median,
    ...vsFetch,
    unit: `time of ${CALLS} sequential runs.get over raw fetch + json(); median of 9 paired ratios (p25-p75 beside)`,
    openapi_fetch_over_fetch: floor.median,
    ours_over_openapi_fetch: vsOpenapiFetch.median,
    ours_over_openapi_fetch_p25_p75: [vsOpenapiFetch.p25, vsOpenapiFetch.p75],
    ours_without_timeout_over_fetch: untimedVsFetch.median,
    us_per_call: {
      fetch: round((timings.fetch.median_ms * 1000) / CALLS, 1),
      openapi_fetch: round((timings.openapi_fetch.median_ms * 1000) / CALLS, 1),
      ours: round((timings.ours.median_ms * 1000) / CALLS, 1),
      ours_without_timeout: round((timings.ours_without_timeout.median_ms * 1000) / CALLS, 1),
    },
    ...timings,
  };
}
