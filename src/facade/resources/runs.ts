/** `client.runs`: run records, recorded events, and resumable live streams. */
import type { APIPromise } from '../core/api-promise.js';
import type { EventStream } from '../core/event-stream.js';
import type { RequestOptions, RunStreamOptions } from '../core/options.js';
import { Resource } from './resource.js';
import type { RunStreamEvent, RunEventList, RunRecord } from '../core/types.js';
import type { ListRunEventsQuery } from '../../generated/wire.js';
import { optionalTypes, pathSegment } from '../internal/checks.js';
import { loadStreams } from '../internal/load.js';
import { REQUEST_OPTIONS, RUN_STREAM_KEYS } from '../internal/options.js';
import { queryOptionKeys, toQuery } from '../internal/query.js';

/**
 * Options of `runs.events`: the route's query parameters (src/generated/wire.ts) and every
 * call's options. `types` may also be a list (`['log', 'run_end']`).
 */
export interface RunEventsOptions extends RequestOptions, Omit<ListRunEventsQuery, 'types'> {
  /** Only these event types: a list, or the spec's comma-separated string. */
  types?: string[] | string | undefined;
}

const runPath = (runId: string) => ({ run_id: pathSegment(runId, 'runId') });

const EVENTS_KEYS = queryOptionKeys('listRunEvents', Object.keys(REQUEST_OPTIONS));

/** `client.runs`. */
export class Runs extends Resource {
  /** One run's record. */
  get(runId: string, options: RequestOptions = {}): APIPromise<RunRecord> {
    return this.json(options, (init) => this.api.GET('/runs/{run_id}', { params: { path: runPath(runId) }, ...init }), {
      where: 'runs.get()',
      operation: 'getRun',
    }) as APIPromise<unknown> as APIPromise<RunRecord>;
  }

  /**
   * A page of a run's recorded events; pass `nextAfter` as `after` for the next page. An
   * event of a type this client does not know comes as an `UnknownFrame`, as on a stream.
   */
  events(runId: string, options: RunEventsOptions = {}): APIPromise<RunEventList> {
    return this.json(
      options,
      (init) =>
        this.api.GET('/runs/{run_id}/events', {
          params: { path: runPath(runId), query: toQuery('listRunEvents', { ...options, types: optionalTypes(options?.types) }) },
          ...init,
        }),
      { where: 'runs.events()', keys: EVENTS_KEYS, operation: 'listRunEvents' },
    ).map(async (list) => {
      // The events as a run's stream delivers them (the streams chunk's dispatch of a run's frames).
      const { runEvents } = await loadStreams();
      (list as { events: unknown }).events = runEvents(list.events);
      return list as unknown as RunEventList;
    });
  }

  /**
   * The run's events, replayed then tailed until `run_end`. A dropped or silent connection
   * is resumed from the last delivered event: each event arrives once, in order.
   */
  stream(runId: string, options: RunStreamOptions = {}): EventStream<RunStreamEvent> {
    return this.context.runStream({ runId: pathSegment(runId, 'runId') }, options, 'streamRun', { keys: RUN_STREAM_KEYS, where: 'runs.stream()' });
  }
}
