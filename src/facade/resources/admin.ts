/**
 * `client.admin`: the read-only admin app (mounted at `/admin` unless `adminBasePath`
 * says otherwise). Each list returns a `PagePromise`: awaited, one page (the server's body:
 * `items`, `nextCursor` and the list's own fields, with `hasNextPage()` and
 * `getNextPage()`); iterated with `for await`, every item across pages (core/pagination.ts).
 * A list's options are its operation's query parameters (src/generated/wire.ts) and the
 * options of every call.
 *
 * The calls and their pages are the admin chunk (internal/admin-lists.ts), loaded with
 * the first admin call: the admin app is a dashboard's, and most apps never read it. Each
 * method here returns its promise at once and hands its arguments on.
 */
import { APIPromise, type WithResponse } from '../core/api-promise.js';
import { PagePromise, type Page, type PageBody, type PageWalk } from '../core/pagination.js';
import type { RequestOptions } from '../core/options.js';
import { Resource } from './resource.js';
import type { AdminAgent, AdminAgentsPage, AdminInstance, AdminInstanceRunsPage, AdminInstancesPage, AdminRunsPage, RunRecord } from '../core/types.js';
import type { AdminListAgentsQuery, AdminListInstanceRunsQuery, AdminListInstancesQuery, AdminListRunsQuery } from '../../generated/wire.js';
import type { ClientContext } from '../internal/context.js';
import { loadAdmin } from '../internal/load.js';

/** Options of `admin.agents.list` and `admin.instances.list`: paging, and every call's options. */
export interface PageOptions extends RequestOptions, AdminListAgentsQuery, AdminListInstancesQuery {}

/** Options of `admin.runs.list`: paging, the filters (`status` takes every word of the spec's `RunStatusQuery`), and every call's options. */
export interface RunListOptions extends RequestOptions, AdminListRunsQuery {}

/** Options of `admin.runs.listForInstance`: paging, the status filter, and every call's options. */
export interface InstanceRunListOptions extends RequestOptions, AdminListInstanceRunsQuery {}

type AdminChunk = Awaited<ReturnType<typeof loadAdmin>>;

/** A list's PagePromise, at once: its first page once the admin chunk is in, within the walk a `for await` over it shares. */
function pages<Item, Body extends PageBody<Item>>(first: (admin: AdminChunk, walk: PageWalk) => Promise<WithResponse<Page<Item, Body>>>): PagePromise<Item, Body> {
  const walk: PageWalk = {};
  return new PagePromise(loadAdmin().then((admin) => first(admin, walk)), walk);
}

/** `client.admin.agents`. */
class AdminAgents extends Resource {
  /** The agents (and workflows) that have recorded runs: one page awaited, every one with `for await`. */
  list(options?: PageOptions): PagePromise<AdminAgent, AdminAgentsPage> {
    return pages((admin, walk) => admin.listAgents(this.context.transport, options, walk));
  }
}

/** `client.admin.instances`. */
class AdminInstances extends Resource {
  /** The instance ids seen for an agent: one page awaited, every one with `for await`. */
  list(agentName: string, options?: PageOptions): PagePromise<AdminInstance, AdminInstancesPage> {
    return pages((admin, walk) => admin.listInstances(this.context.transport, agentName, options, walk));
  }
}

/** `client.admin.runs`. */
class AdminRuns extends Resource {
  /** All runs, most recent first: one page awaited, every one with `for await`. */
  list(options?: RunListOptions): PagePromise<RunRecord, AdminRunsPage> {
    return pages((admin, walk) => admin.listRuns(this.context.transport, options, walk));
  }

  /** One instance's runs, most recent first: one page awaited, every one with `for await`. */
  listForInstance(agentName: string, id: string, options?: InstanceRunListOptions): PagePromise<RunRecord, AdminInstanceRunsPage> {
    return pages((admin, walk) => admin.listInstanceRuns(this.context.transport, agentName, id, options, walk));
  }

  /** One run's record. */
  get(runId: string, options: RequestOptions = {}): APIPromise<RunRecord> {
    return new APIPromise(loadAdmin().then((admin) => admin.getRun(this.context.transport, runId, options) as Promise<WithResponse<RunRecord>>));
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
