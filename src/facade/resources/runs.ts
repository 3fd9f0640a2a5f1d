/** `client.runs`: run records, recorded events, and resumable live streams. */
import type { APIPromise } from '../core/api-promise.js';
import type { EventStream } from '../core/event-stream.js';
import type { RequestOptions, RunStreamOptions } from '../core/options.js';
import { Resource } from './resource.js';
import type { RunStreamEvent, RunEventList, RunRecord } from '../core/types.js';
import { optionalInteger, optionalTypes, pathSegment, withoutUndefined } from '../internal/checks.js';
import { RUN_EVENT_TYPES } from '../internal/known-frames.js';
import { REQUEST_OPTIONS, RUN_STREAM_KEYS, optionKeys } from '../internal/options.js';
import { frameNames, runRecordNames } from '../internal/wire-names.js';

/** Options of `runs.events`. */
export interface RunEventsOptions extends RequestOptions {
  /** Only events after this index (default 0). */
  after?: number | undefined;
  /** At most this many, 1 to 1000 (default 1000). */
  limit?: number | undefined;
  /** Only these event types. */
  types?: string[] | string | undefined;
}

const runPath = (runId: string) => ({ run_id: pathSegment(runId, 'runId') });
const eventsQuery = (options: RunEventsOptions) =>
  withoutUndefined({ after: optionalInteger(options.after, 'after', 0), limit: optionalInteger(options.limit, 'limit', 1, 1000), types: optionalTypes(options.types) });

const EVENTS_KEYS = optionKeys<RunEventsOptions>({ ...REQUEST_OPTIONS, after: true, limit: true, types: true });

/** `client.runs`. */
export class Runs extends Resource {
  /** One run's record. */
  get(runId: string, options: RequestOptions = {}): APIPromise<RunRecord> {
    return this.json(options, (init) => this.api.GET('/runs/{run_id}', { params: { path: runPath(runId) }, ...init }), { where: 'runs.get()' }).map(runRecordNames);
  }

  /** A page of a run's recorded events; pass `nextAfter` as `after` for the next page. */
  events(runId: string, options: RunEventsOptions = {}): APIPromise<RunEventList> {
    return this.json(options, (init) => this.api.GET('/runs/{run_id}/events', { params: { path: runPath(runId), query: eventsQuery(options) }, ...init }), {
      where: 'runs.events()',
      keys: EVENTS_KEYS,
      expect: { events: 'array' },
    }).map((list) => {
      // In place: the check above made sure there is a list.
      list.events.forEach(frameNames);
      return list as unknown as RunEventList;
    });
  }

  /**
   * The run's events, replayed then tailed until `run_end`. A dropped or silent connection
   * is resumed from the last delivered event: each event arrives once, in order.
   */
  stream(runId: string, options: RunStreamOptions = {}): EventStream<RunStreamEvent> {
    return this.context.runStream({ runId: pathSegment(runId, 'runId') }, options, RUN_EVENT_TYPES, { keys: RUN_STREAM_KEYS, where: 'runs.stream()' });
  }
}
