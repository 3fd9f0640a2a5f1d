/** `client.runs`: run records, recorded events, and resumable live streams. */
import type { ClientContext } from '../context.js';
import type { EventStream } from '../streaming.js';
import type { RunStreamOptions } from '../run-stream.js';
import type { RequestOptions } from '../transport.js';
import type { RunEvent, RunEventList, RunRecord } from '../types.js';
import { optionalInteger, optionalTypes, pathSegment, withoutUndefined } from '../validate.js';

/** Options of `runs.events`. */
export interface RunEventsOptions extends RequestOptions {
  /** Only events after this index (default 0). */
  after?: number | undefined;
  /** At most this many, 1 to 1000 (default 1000). */
  limit?: number | undefined;
  /** Only these event types. */
  types?: string[] | string | undefined;
}

/** `client.runs`. */
export class Runs {
  /** The client creates its namespaces; @internal */
  constructor(private readonly context: ClientContext) {}

  /** One run's record. */
  async get(runId: string, options: RequestOptions = {}): Promise<RunRecord> {
    const id = pathSegment(runId, 'runId');
    const { api } = this.context.transport;
    const { data } = await this.context.transport.call(
      {
        send: (init) => api.GET('/runs/{run_id}', { params: { path: { run_id: id } }, ...init }),
      },
      options,
    );
    return data;
  }

  /** A page of a run's recorded events; pass `nextAfter` as `after` for the next page. */
  async events(runId: string, options: RunEventsOptions = {}): Promise<RunEventList> {
    const id = pathSegment(runId, 'runId');
    const query = {
      after: optionalInteger(options.after, 'after', 0),
      limit: optionalInteger(options.limit, 'limit', 1, 1000),
      types: optionalTypes(options.types),
    };
    const { api } = this.context.transport;
    const { data } = await this.context.transport.call(
      {
        send: (init) => api.GET('/runs/{run_id}/events', { params: { path: { run_id: id }, query: withoutUndefined(query) }, ...init }),
      },
      options,
    );
    return data;
  }

  /**
   * The run's events, replayed then tailed until `run_end`. A dropped or silent connection
   * is resumed from the last delivered event: each event arrives once, in order.
   */
  stream(runId: string, options: RunStreamOptions = {}): EventStream<RunEvent> {
    return this.context.runStream({ runId: pathSegment(runId, 'runId') }, options);
  }
}
