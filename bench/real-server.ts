/**
 * On the real PyFlue fixture server: a `burst` run of 10 000 log events (10 002 with
 * run_start and run_end), then, per repetition, its events paged with
 * `client.runs.events` (limit 1000, following nextAfter) plus `client.runs.stream` read
 * to the end. Baselines doing the same requests, in the same turns:
 *   - raw fetch: pages via fetch + json(); the stream via fetch with the body read by
 *     the same SSE reader (readSseFrames) and JSON.parse per frame, so only the client
 *     layer differs;
 *   - the PyFlue Python client (pyflue.PyFlueClient over httpx), timing itself.
 */
import { PyFlueClient } from '../src/index.js';
import { readSseFrames } from '../src/facade/internal/streams/sse.js';
import { check, collectGarbage, compare, pairedRatio } from './harness.js';
import type { PythonClient } from './python.js';

const COUNT = 10_000;
const EVENTS = COUNT + 2;
const LIMIT = 1000;
/** Repetitions: each gives one ratio per baseline (paired: both sides timed in the same turn). */
const REPS = 15;

export async function realServerBench(baseUrl: string, python: PythonClient, log: (line: string) => void) {
  const client = new PyFlueClient(baseUrl);
  const started = performance.now();
  const run = await client.workflows.invoke('burst', { count: COUNT }, { wait: true });
  log(`real-server: burst ${COUNT} ran in ${(performance.now() - started).toFixed(0)} ms (${run.runId})`);
  const { runId } = run;
  const encoded = encodeURIComponent(runId);

  const timings = await compare(
    {
      ours: async () => {
        let paged = 0;
        let after = 0;
        for (;;) {
          const page = await client.runs.events(runId, { after, limit: LIMIT });
          paged += page.events.length;
          if (page.events.length < LIMIT) break;
          after = page.nextAfter;
        }
        let streamed = 0;
        for await (const event of client.runs.stream(runId)) if (event.type !== 'unknown' && event.eventIndex) streamed += 1;
        check(paged === EVENTS && streamed === EVENTS, `ours paged ${paged}, streamed ${streamed}`);
      },
      fetch: async () => {
        let paged = 0;
        let after = 0;
        for (;;) {
          const response = await fetch(`${baseUrl}/runs/${encoded}/events?after=${after}&limit=${LIMIT}`);
          const page = (await response.json()) as { events: unknown[]; nextAfter: number };
          paged += page.events.length;
          if (page.events.length < LIMIT) break;
          after = page.nextAfter;
        }
        let streamed = 0;
        const response = await fetch(`${baseUrl}/runs/${encoded}/stream`, { headers: { accept: 'text/event-stream' } });
        for await (const frame of readSseFrames(response.body!)) {
          if ((JSON.parse(frame.data) as { event_index?: number }).event_index) streamed += 1;
        }
        check(paged === EVENTS && streamed === EVENTS, `fetch paged ${paged}, streamed ${streamed}`);
      },
      python: async () => {
        const answer = await python.command<{ ms: number; events: number; streamed: number }>({ cmd: 'events', runId });
        check(answer.events === EVENTS && answer.streamed === EVENTS, `python paged ${answer.events}, streamed ${answer.streamed}`);
        return answer.ms;
      },
    },
    // Cheap (under a second a turn) and server-bound, so more turns to tame the server's noise.
    { warmup: 1, reps: REPS, between: collectGarbage },
  );
  await client.close();
  const vsFetch = pairedRatio(timings.ours.samples_ms, timings.fetch.samples_ms);
  const vsPython = pairedRatio(timings.ours.samples_ms, timings.python.samples_ms);
  log(`real-server: ours/fetch ${vsFetch.median} (p25-p75 ${vsFetch.p25}-${vsFetch.p75}), ours/python ${vsPython.median} (p25-p75 ${vsPython.p25}-${vsPython.p75})`);
  const work = `${Math.ceil(EVENTS / LIMIT)} pages of runs.events (limit ${LIMIT}) + runs.stream of ${EVENTS} events`;
  const paired = `median of ${REPS} paired ratios (each repetition's own ours/baseline, both timed in the same turn), with p25-p75`;
  return {
    real_server_vs_fetch: {
      ratio: vsFetch.median,
      ...vsFetch,
      unit: `our time over raw fetch (pages: json(); stream: the same readSseFrames + JSON.parse) for ${work}; ${paired}`,
      runId,
      ours: timings.ours,
      fetch: timings.fetch,
    },
    real_server_vs_python: {
      ratio: vsPython.median,
      ...vsPython,
      unit: `our time over the PyFlue Python client's (self-timed with perf_counter, warm process) for ${work}; ${paired}`,
      runId,
      ours: timings.ours,
      python: timings.python,
    },
  };
}
