/**
 * `client.admin`: the read-only admin app (mounted at `/admin` unless `adminBasePath`
 * says otherwise). Each list returns a `PagePromise`: awaited, one page (`data`,
 * `nextCursor`, `hasNextPage()`, `getNextPage()`); iterated with `for await`, every item
 * across pages (core/pagination.ts).
 */
import { APIPromise } from '../core/api-promise.js';
import { PagePromise } from '../core/pagination.js';
import type { RequestOptions } from '../core/options.js';
import { Resource } from './resource.js';
import type { AdminAgent, AdminInstance, RunRecord, RunStatus } from '../core/types.js';
import { optionalEnum, optionalInteger, optionalString, pathSegment, withoutUndefined } from '../internal/checks.js';
import { runRecordNames } from '../internal/wire-names.js';
import type { ClientContext } from '../internal/context.js';
import { REQUEST_OPTIONS, checkOptions, optionKeys } from '../internal/options.js';

/** Paging options of the admin lists. */
export interface PageOptions extends RequestOptions {
  /** Start at this cursor (a page's `nextCursor`) instead of the first page. */
  cursor?: string | undefined;
  /** Page size, 1 to 1000 (default 100). */
  limit?: number | undefined;
}

/** Options of the admin run lists. */
export interface RunListOptions extends PageOptions {
  /** Only runs with this status (`running`, `succeeded`, `failed`: the `status` of a `RunRecord`). */
  status?: RunStatus | undefined;
  /** Only this agent's (or workflow's) runs (`admin.runs.list` only). */
  agentName?: string | undefined;
}

const STATUSES: readonly RunStatus[] = ['running', 'succeeded', 'failed'];

/** Every option an admin list takes (the run lists' filters included: one list for the lists). */
const PAGE_KEYS = optionKeys<RunListOptions>({ ...REQUEST_OPTIONS, cursor: true, limit: true, status: true, agentName: true });

/** The query of a page, checked (PyFlueInputError), with the option bag itself. */
function pageQuery(options: RunListOptions) {
  checkOptions(options, PAGE_KEYS, 'client.admin list');
  return withoutUndefined({
    cursor: optionalString(options.cursor, 'cursor'),
    limit: optionalInteger(options.limit, 'limit', 1, 1000),
    status: optionalEnum(options.status, 'status', STATUSES),
    agentName: optionalString(options.agentName, 'agentName'),
  });
}

const agentPath = (agentName: string) => pathSegment(agentName, 'agentName');
const instancePath = (agentName: string, id: string) => ({ name: agentPath(agentName), agent_id: pathSegment(id, 'agent id') });

/**
 * A list's PagePromise: `page(query)` fetches one page for a checked query. The options are
 * checked now, so a bad one rejects the first page before anything is sent.
 */
function pages<Item>(
  options: RunListOptions,
  page: (query: ReturnType<typeof pageQuery>) => APIPromise<{ items: Item[]; nextCursor: string | null }>,
): PagePromise<Item> {
  return PagePromise.fetch((cursor) => {
    let query: ReturnType<typeof pageQuery>;
    try {
      query = pageQuery(options);
    } catch (error) {
      // Rejects the page, as every call does with bad input: nothing is sent.
      return new APIPromise(Promise.reject(error));
    }
    return page(cursor === undefined ? query : { ...query, cursor });
  }, options.cursor);
}

/** `client.admin.agents`. */
class AdminAgents extends Resource {
  /** The agents (and workflows) that have recorded runs: one page awaited, every one with `for await`. */
  list(options: PageOptions = {}): PagePromise<AdminAgent> {
    return pages(options, (query) => this.json(options, (init) => this.admin.GET('/agents', { params: { query }, ...init })));
  }
}

/** `client.admin.instances`. */
class AdminInstances extends Resource {
  /** The instance ids seen for an agent: one page awaited, every one with `for await`. */
  list(agentName: string, options: PageOptions = {}): PagePromise<AdminInstance> {
    return pages(options, (query) =>
      this.json(options, (init) => this.admin.GET('/agents/{name}/instances', { params: { path: { name: agentPath(agentName) }, query }, ...init })),
    );
  }
}

/** The page of runs with `eventCount` on each record (in place). */
const namedRuns = <Page extends { items: Parameters<typeof runRecordNames>[0][]; nextCursor: string | null }>(page: Page) => {
  if (Array.isArray(page.items)) page.items.forEach(runRecordNames);
  return page as unknown as { items: RunRecord[]; nextCursor: string | null };
};

/** `client.admin.runs`. */
class AdminRuns extends Resource {
  /** All runs, most recent first: one page awaited, every one with `for await`. */
  list(options: RunListOptions = {}): PagePromise<RunRecord> {
    return pages(options, (query) => this.json(options, (init) => this.admin.GET('/runs', { params: { query }, ...init })).map(namedRuns));
  }

  /** One instance's runs, most recent first: one page awaited, every one with `for await`. */
  listForInstance(agentName: string, id: string, options: Omit<RunListOptions, 'agentName'> = {}): PagePromise<RunRecord> {
    return pages(options, (query) =>
      this.json(options, (init) =>
        this.admin.GET('/agents/{name}/instances/{agent_id}/runs', { params: { path: instancePath(agentName, id), query }, ...init }),
      ).map(namedRuns),
    );
  }

  /** One run's record. */
  get(runId: string, options: RequestOptions = {}): APIPromise<RunRecord> {
    return this.json(options, (init) => this.admin.GET('/runs/{run_id}', { params: { path: { run_id: pathSegment(runId, 'runId') } }, ...init }), {
      where: 'admin.runs.get()',
    }).map(runRecordNames);
  }
}

/** `client.admin`: the read-only admin app. */
export class Admin {
  /** Agents with recorded runs. */
  readonly agents: AdminAgents;
  /** An agent's instances. */
  readonly instances: AdminInstances;
  /** Runs, all or per instance. */
  readonly runs: AdminRuns;

  constructor(context: ClientContext) {
    this.agents = new AdminAgents(context);
    this.instances = new AdminInstances(context);
    this.runs = new AdminRuns(context);
  }
}

export type { AdminAgents, AdminInstances, AdminRuns };
