/**
 * `client.admin`: the read-only admin app (mounted at `/admin` unless `adminBasePath`
 * says otherwise). Each list returns a `PagePromise`: awaited, one page (the server's body:
 * `items`, `nextCursor` and the list's own fields, with `hasNextPage()` and
 * `getNextPage()`); iterated with `for await`, every item across pages (core/pagination.ts).
 * A list's options are its operation's query parameters (src/generated/wire.ts) and the
 * options of every call.
 */
import { APIPromise } from '../core/api-promise.js';
import { PyFlueTimeoutError } from '../core/errors.js';
import { PagePromise, type PageBody, type PageWalk } from '../core/pagination.js';
import type { RequestOptions } from '../core/options.js';
import { Resource } from './resource.js';
import type { AdminAgent, AdminAgentsPage, AdminInstance, AdminInstanceRunsPage, AdminInstancesPage, AdminRunsPage, RunRecord } from '../core/types.js';
import type { AdminListAgentsQuery, AdminListInstanceRunsQuery, AdminListInstancesQuery, AdminListRunsQuery, QueryOperation } from '../../generated/wire.js';
import { pathSegment } from '../internal/checks.js';
import type { ClientContext } from '../internal/context.js';
import { REQUEST_OPTIONS, checkOptions } from '../internal/options.js';
import { queryOptionKeys, toQuery } from '../internal/query.js';

/** Options of `admin.agents.list` and `admin.instances.list`: paging, and every call's options. */
export interface PageOptions extends RequestOptions, AdminListAgentsQuery, AdminListInstancesQuery {}

/** Options of `admin.runs.list`: paging, the filters (`status` takes every word of the spec's `RunStatusQuery`), and every call's options. */
export interface RunListOptions extends RequestOptions, AdminListRunsQuery {}

/** Options of `admin.runs.listForInstance`: paging, the status filter, and every call's options. */
export interface InstanceRunListOptions extends RequestOptions, AdminListInstanceRunsQuery {}

const agentPath = (agentName: string) => pathSegment(agentName, 'agent name');
const instancePath = (agentName: string, id: string) => ({ name: agentPath(agentName), agent_id: pathSegment(id, 'agent id') });

/**
 * A list's PagePromise over `operation`: `page(query, request)` fetches one page. The
 * options are checked when the first page is asked for, so a bad one (a bad bag, `null`
 * included) rejects the first page before anything is sent, never throws. A `for await`
 * walk is one call: its `deadlineMs` (else the client's) bounds every page of it.
 */
function pages<Item, Body extends PageBody<Item>>(
  context: ClientContext,
  operation: QueryOperation,
  given: RequestOptions | undefined,
  page: (query: Record<string, unknown>, request: RequestOptions) => APIPromise<unknown>,
): PagePromise<Item, Body> {
  const where = `client.admin list (${operation})`;
  let options: RequestOptions & Record<string, unknown>;
  let query: Record<string, unknown>;
  try {
    options = checkOptions(given, queryOptionKeys(operation, Object.keys(REQUEST_OPTIONS)), where) as typeof options;
    query = toQuery(operation, options);
  } catch (error) {
    return PagePromise.rejected(error);
  }
  // The call's own options (the query is sent as `query`): what every page's request takes.
  const callOptions: RequestOptions = Object.fromEntries(Object.entries(options).filter(([key]) => Object.hasOwn(REQUEST_OPTIONS, key)));
  const deadlineMs = options.deadlineMs ?? context.options.deadlineMs;
  const fetchPage = (cursor: string | undefined, walk: PageWalk): APIPromise<Body> => {
    let request = callOptions;
    if (deadlineMs) {
      walk.ends ??= Date.now() + deadlineMs;
      const left = walk.ends - Date.now();
      if (left <= 0) {
        return new APIPromise(
          Promise.reject(
            new PyFlueTimeoutError(
              `${where}: the walk over its pages did not finish within its deadline of ${deadlineMs} ms (every page, try and wait included). ` +
                'Raise deadlineMs, or page by hand with getNextPage() (each page is a call with a deadline of its own).',
              'GET',
              context.options.adminBaseUrl,
            ),
          ),
        );
      }
      request = { ...callOptions, deadlineMs: Math.ceil(left) };
    }
    // The answer was checked against the operation's schema (transport.ts), so it is the page's body.
    return page(cursor === undefined ? query : { ...query, cursor }, request) as APIPromise<Body>;
  };
  return PagePromise.fetch(fetchPage, query.cursor as string | undefined);
}

/** `client.admin.agents`. */
class AdminAgents extends Resource {
  /** The agents (and workflows) that have recorded runs: one page awaited, every one with `for await`. */
  list(options?: PageOptions): PagePromise<AdminAgent, AdminAgentsPage> {
    return pages(this.context, 'adminListAgents', options, (query, request) =>
      this.json(request, (init) => this.admin.GET('/agents', { params: { query }, ...init }), { where: 'admin.agents.list()', operation: 'adminListAgents' }),
    );
  }
}

/** `client.admin.instances`. */
class AdminInstances extends Resource {
  /** The instance ids seen for an agent: one page awaited, every one with `for await`. */
  list(agentName: string, options?: PageOptions): PagePromise<AdminInstance, AdminInstancesPage> {
    return pages(this.context, 'adminListInstances', options, (query, request) =>
      this.json(request, (init) => this.admin.GET('/agents/{name}/instances', { params: { path: { name: agentPath(agentName) }, query }, ...init }), {
        where: 'admin.instances.list()',
        operation: 'adminListInstances',
      }),
    );
  }
}

/** `client.admin.runs`. */
class AdminRuns extends Resource {
  /** All runs, most recent first: one page awaited, every one with `for await`. */
  list(options?: RunListOptions): PagePromise<RunRecord, AdminRunsPage> {
    return pages(this.context, 'adminListRuns', options, (query, request) =>
      this.json(request, (init) => this.admin.GET('/runs', { params: { query }, ...init }), { where: 'admin.runs.list()', operation: 'adminListRuns' }),
    );
  }

  /** One instance's runs, most recent first: one page awaited, every one with `for await`. */
  listForInstance(agentName: string, id: string, options?: InstanceRunListOptions): PagePromise<RunRecord, AdminInstanceRunsPage> {
    return pages(this.context, 'adminListInstanceRuns', options, (query, request) =>
      this.json(request, (init) => this.admin.GET('/agents/{name}/instances/{agent_id}/runs', { params: { path: instancePath(agentName, id), query }, ...init }), {
        where: 'admin.runs.listForInstance()',
        operation: 'adminListInstanceRuns',
      }),
    );
  }

  /** One run's record. */
  get(runId: string, options: RequestOptions = {}): APIPromise<RunRecord> {
    return this.json(options, (init) => this.admin.GET('/runs/{run_id}', { params: { path: { run_id: pathSegment(runId, 'runId') } }, ...init }), {
      where: 'admin.runs.get()',
      operation: 'adminGetRun',
    }) as APIPromise<unknown> as APIPromise<RunRecord>;
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

  /** The client creates it; @internal */
  constructor(context: ClientContext) {
    this.agents = new AdminAgents(context);
    this.instances = new AdminInstances(context);
    this.runs = new AdminRuns(context);
  }
}

export type { AdminAgents, AdminInstances, AdminRuns };
