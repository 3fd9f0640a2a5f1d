/**
 * `client.admin`: the read-only admin app (mounted at `/admin` unless `adminBasePath`
 * says otherwise). Each list returns one page; `iterate` walks every item across pages,
 * following `nextCursor` until it is null.
 */
import type { APIPromise } from '../core/api-promise.js';
import { PyFlueError } from '../core/errors.js';
import type { RequestOptions } from '../core/options.js';
import { Resource } from './resource.js';
import type {
  AdminAgent,
  AdminAgentsPage,
  AdminInstance,
  AdminInstanceRunsPage,
  AdminInstancesPage,
  AdminRunsPage,
  RunRecord,
  RunStatusQuery,
} from '../core/types.js';
import { optionalEnum, optionalInteger, optionalString, pathSegment, withoutUndefined } from '../internal/checks.js';
import type { ClientContext } from '../internal/context.js';
import { REQUEST_OPTIONS, checkOptions, optionKeys } from '../internal/options.js';

/** Paging options of the admin lists. */
export interface PageOptions extends RequestOptions {
  /** The `nextCursor` of the previous page. */
  cursor?: string | undefined;
  /** Page size, 1 to 1000 (default 100). */
  limit?: number | undefined;
}

/** The status filter of the admin run lists. */
export interface RunFilter {
  /** `active`, `completed`, `errored` (or `running`, `succeeded`, `failed`). */
  status?: RunStatusQuery | undefined;
}

/** Options of `admin.runs.list`. */
export interface RunListOptions extends PageOptions, RunFilter {
  /** Only this agent's (or workflow's) runs. */
  agentName?: string | undefined;
}

const STATUSES: readonly RunStatusQuery[] = ['active', 'completed', 'errored', 'running', 'succeeded', 'failed'];

/** Every option an admin list takes (the run lists' filters included: one list for the lists). */
const PAGE_KEYS = optionKeys<RunListOptions>({ ...REQUEST_OPTIONS, cursor: true, limit: true, status: true, agentName: true });

/** The query of a page, checked (PyFlueInputError), with the option bag itself. */
function pageQuery(options: PageOptions & RunFilter & { agentName?: string | undefined }) {
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
 * Every item of every page, fetching the next page only when the previous one is used
 * up. A server (or mock) that hands back the cursor it was given would loop forever:
 * that stops with an error instead.
 */
async function* everyItem<Item>(
  fetchPage: (cursor: string | undefined) => Promise<{ items: Item[]; nextCursor: string | null }>,
  startCursor: string | undefined,
): AsyncGenerator<Item> {
  let cursor = startCursor;
  do {
    const page = await fetchPage(cursor);
    yield* page.items;
    const next = page.nextCursor ?? undefined;
    if (next !== undefined && next === cursor) {
      throw new PyFlueError(`The server answered cursor ${JSON.stringify(cursor)} with the same nextCursor; stopping instead of looping forever.`);
    }
    cursor = next;
  } while (cursor !== undefined);
}

/** `client.admin.agents`. */
class AdminAgents extends Resource {
  /** One page of the agents (and workflows) that have recorded runs. */
  list(options: PageOptions = {}): APIPromise<AdminAgentsPage> {
    return this.json(options, (init) => this.admin.GET('/agents', { params: { query: pageQuery(options) }, ...init }));
  }

  /** Every agent, across pages. */
  iterate(options: PageOptions = {}): AsyncGenerator<AdminAgent> {
    pageQuery(options);
    return everyItem((cursor) => this.list({ ...options, ...(cursor === undefined ? {} : { cursor }) }), options.cursor);
  }
}

/** `client.admin.instances`. */
class AdminInstances extends Resource {
  /** One page of the instance ids seen for an agent. */
  list(agentName: string, options: PageOptions = {}): APIPromise<AdminInstancesPage> {
    return this.json(options, (init) => this.admin.GET('/agents/{name}/instances', { params: { path: { name: agentPath(agentName) }, query: pageQuery(options) }, ...init }));
  }

  /** Every instance of an agent, across pages. */
  iterate(agentName: string, options: PageOptions = {}): AsyncGenerator<AdminInstance> {
    pathSegment(agentName, 'agentName');
    pageQuery(options);
    return everyItem((cursor) => this.list(agentName, { ...options, ...(cursor === undefined ? {} : { cursor }) }), options.cursor);
  }
}

/** `client.admin.runs`. */
class AdminRuns extends Resource {
  /** One page of all runs, most recent first. */
  list(options: RunListOptions = {}): APIPromise<AdminRunsPage> {
    return this.json(options, (init) => this.admin.GET('/runs', { params: { query: pageQuery(options) }, ...init }));
  }

  /** One page of an instance's runs, most recent first. */
  listForInstance(agentName: string, id: string, options: PageOptions & RunFilter = {}): APIPromise<AdminInstanceRunsPage> {
    return this.json(options, (init) => this.admin.GET('/agents/{name}/instances/{agent_id}/runs', { params: { path: instancePath(agentName, id), query: pageQuery(options) }, ...init }));
  }

  /** The Python client's name for `listForInstance`. */
  list_for_instance(agentName: string, id: string, options: PageOptions & RunFilter = {}): APIPromise<AdminInstanceRunsPage> {
    return this.listForInstance(agentName, id, options);
  }

  /** One run's record. */
  get(runId: string, options: RequestOptions = {}): APIPromise<RunRecord> {
    return this.json(options, (init) => this.admin.GET('/runs/{run_id}', { params: { path: { run_id: pathSegment(runId, 'runId') } }, ...init }), {
      where: 'admin.runs.get()',
    });
  }

  /** Every run, across pages, most recent first. */
  iterate(options: RunListOptions = {}): AsyncGenerator<RunRecord> {
    pageQuery(options);
    return everyItem((cursor) => this.list({ ...options, ...(cursor === undefined ? {} : { cursor }) }), options.cursor);
  }

  /** Every run of one instance, across pages. */
  iterateForInstance(agentName: string, id: string, options: PageOptions & RunFilter = {}): AsyncGenerator<RunRecord> {
    instancePath(agentName, id);
    pageQuery(options);
    return everyItem((cursor) => this.listForInstance(agentName, id, { ...options, ...(cursor === undefined ? {} : { cursor }) }), options.cursor);
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
