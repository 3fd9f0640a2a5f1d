/**
 * Lazy chunk: the admin app's calls and their pages (`client.admin`, resources/admin.ts,
 * loads it with the first admin call; apps that never read the admin app do not ship it).
 * Each list's options are its operation's query parameters (src/generated/wire.ts) and
 * the options of every call; each page is the server's body with the way to the next one
 * (core/pagination.ts).
 */
import type { APIPromise, WithResponse } from '../core/api-promise.js';
import { PyFlueError, PyFlueTimeoutError } from '../core/errors.js';
import type { RequestOptions } from '../core/options.js';
import { PagePromise, walkFrom, type Page, type PageBody, type PageNavigation, type PageWalk, type WalkablePage } from '../core/pagination.js';
import type { QueryOperation } from '../../generated/wire.js';
import type { AnswerOperation } from '../../generated/answers.js';
import { pathSegment } from './checks.js';
import { REQUEST_OPTIONS, checkOptions } from './options.js';
import { queryOptionKeys, toQuery } from './query.js';
import type { FetchResult, SendInit, Transport } from './transport.js';

type Admin = Transport['admin'];

/** Fetches the page at `cursor` (undefined: the first), within `walk`. */
type PageFetcher<Body> = (cursor: string | undefined, walk: PageWalk) => APIPromise<Body>;

/** One admin call as JSON through the transport, its answer checked against `operation`'s schema. */
function call<T>(transport: Transport, options: RequestOptions, send: (admin: Admin, init: SendInit) => Promise<FetchResult<T>>, where: string, operation: AnswerOperation): APIPromise<T> {
  return transport.json(options, (init) => send(transport.admin, init), { where, operation });
}

const agentPath = (agentName: string) => pathSegment(agentName, 'agent name');
const instancePath = (agentName: string, id: string) => ({ name: agentPath(agentName), agent_id: pathSegment(id, 'agent id') });

/** A list's GET of one page: its route, with the page's query. */
type ListSend = (admin: Admin, query: Record<string, unknown>, init: SendInit) => Promise<FetchResult<unknown>>;

/**
 * The first page of a list over `operation` (`walk` is its PagePromise's). The options are
 * checked first, so a bad one (a bad bag, `null` included) rejects the first page before
 * anything is sent. A `for await` walk is one call: its `deadlineMs` (else the client's)
 * bounds every page of it.
 */
function list<Item, Body extends PageBody<Item>>(
  transport: Transport,
  operation: QueryOperation & AnswerOperation,
  where: string,
  given: RequestOptions | undefined,
  walk: PageWalk,
  send: ListSend,
): Promise<WithResponse<Page<Item, Body>>> {
  const options = checkOptions(given, queryOptionKeys(operation, Object.keys(REQUEST_OPTIONS)), where) as RequestOptions & Record<string, unknown>;
  const query = toQuery(operation, options);
  // The call's own options (the query is sent as `query`): what every page's request takes.
  const callOptions: RequestOptions = Object.fromEntries(Object.entries(options).filter(([key]) => Object.hasOwn(REQUEST_OPTIONS, key)));
  const deadlineMs = options.deadlineMs ?? transport.options.deadlineMs;
  const fetchPage = (cursor: string | undefined, pageWalk: PageWalk): APIPromise<Body> => {
    let request = callOptions;
    if (deadlineMs) {
      pageWalk.ends ??= Date.now() + deadlineMs;
      const left = pageWalk.ends - Date.now();
      if (left <= 0) {
        throw new PyFlueTimeoutError(
          `${where}: the walk over its pages did not finish within its deadline of ${deadlineMs} ms (every page, try and wait included). ` +
            'Raise deadlineMs, or page by hand with getNextPage() (each page is a call with a deadline of its own).',
          'GET',
          transport.options.adminBaseUrl,
        );
      }
      request = { ...callOptions, deadlineMs: Math.ceil(left) };
    }
    const pageQuery = cursor === undefined ? query : { ...query, cursor };
    // The answer was checked against the operation's schema (transport.ts), so it is the page's body.
    return call(transport, request, (admin, init) => send(admin, pageQuery, init), where, operation) as APIPromise<Body>;
  };
  return pageAt(fetchPage, query.cursor as string | undefined, new Set(), walk);
}

/** The page at `cursor`, within `walk`, with the cursors `seen` so far in it. */
async function pageAt<Item, Body extends PageBody<Item>>(
  fetch: PageFetcher<Body>,
  cursor: string | undefined,
  seen: ReadonlySet<string>,
  walk: PageWalk,
): Promise<WithResponse<Page<Item, Body>>> {
  const walked = cursor === undefined ? seen : new Set([...seen, cursor]);
  const { data, response } = await fetch(cursor, walk).withResponse();
  return { data: new PageOfBody<Item, Body>(data, fetch, walked) as unknown as Page<Item, Body>, response };
}

/** A page: the body's own fields, and navigation on the prototype. */
class PageOfBody<Item, Body extends PageBody<Item>> implements PageNavigation<Item, Body>, WalkablePage<Item> {
  readonly #fetch: PageFetcher<Body>;
  /** Every cursor asked for so far in this walk, to stop a cycle. */
  readonly #seen: ReadonlySet<string>;

  constructor(body: Body, fetch: PageFetcher<Body>, seen: ReadonlySet<string>) {
    // Every own field as sent, the non-enumerable camelCase names too.
    Object.defineProperties(this, Object.getOwnPropertyDescriptors(body));
    this.#fetch = fetch;
    this.#seen = seen;
  }

  get #body(): Partial<PageBody<Item>> {
    return this as unknown as Partial<PageBody<Item>>;
  }

  hasNextPage(): boolean {
    return typeof this.#body.nextCursor === 'string';
  }

  getNextPage(): PagePromise<Item, Body> {
    return this.#next({});
  }

  /** The next page within `walk`. */
  #next(walk: PageWalk): PagePromise<Item, Body> {
    return new PagePromise(this.#nextPage(walk), walk);
  }

  async #nextPage(walk: PageWalk): Promise<WithResponse<Page<Item, Body>>> {
    const cursor = this.#body.nextCursor;
    if (typeof cursor !== 'string') throw new PyFlueError('This is the last page (nextCursor is null); check hasNextPage() first.');
    if (this.#seen.has(cursor)) {
      throw new PyFlueError(
        `The server answered with nextCursor ${JSON.stringify(cursor)}, a cursor it had already given in this walk: its cursors go round in a cycle. Stopping instead of paging for ever.`,
      );
    }
    return pageAt(this.#fetch, cursor, this.#seen, walk);
  }

  /** This page's items, then every later page's, all within `walk`. */
  async *[walkFrom](walk: PageWalk): AsyncGenerator<Item> {
    let page: PageOfBody<Item, Body> = this;
    for (;;) {
      const { items } = page.#body;
      yield* Array.isArray(items) ? items : [];
      if (!page.hasNextPage()) return;
      page = (await page.#next(walk)) as unknown as PageOfBody<Item, Body>;
    }
  }

  /** This page's items, then every later page's: a walk of its own from here. */
  [Symbol.asyncIterator](): AsyncIterator<Item> {
    return this[walkFrom]({});
  }
}

// ─── The calls of `client.admin` ────────────────────────────────────────────

type Walked<Item, Body extends PageBody<Item>> = Promise<WithResponse<Page<Item, Body>>>;

/** `admin.agents.list()`: the agents (and workflows) that have recorded runs. */
export const listAgents = <Item, Body extends PageBody<Item>>(transport: Transport, options: RequestOptions | undefined, walk: PageWalk): Walked<Item, Body> =>
  list(transport, 'adminListAgents', 'admin.agents.list()', options, walk, (admin, query, init) => admin.GET('/agents', { params: { query }, ...init }));

/** `admin.instances.list()`: the instance ids seen for an agent. */
export const listInstances = <Item, Body extends PageBody<Item>>(transport: Transport, agentName: string, options: RequestOptions | undefined, walk: PageWalk): Walked<Item, Body> =>
  list(transport, 'adminListInstances', 'admin.instances.list()', options, walk, (admin, query, init) =>
    admin.GET('/agents/{name}/instances', { params: { path: { name: agentPath(agentName) }, query }, ...init }),
  );

/** `admin.runs.list()`: all runs, most recent first. */
export const listRuns = <Item, Body extends PageBody<Item>>(transport: Transport, options: RequestOptions | undefined, walk: PageWalk): Walked<Item, Body> =>
  list(transport, 'adminListRuns', 'admin.runs.list()', options, walk, (admin, query, init) => admin.GET('/runs', { params: { query }, ...init }));

/** `admin.runs.listForInstance()`: one instance's runs, most recent first. */
export const listInstanceRuns = <Item, Body extends PageBody<Item>>(
  transport: Transport,
  agentName: string,
  id: string,
  options: RequestOptions | undefined,
  walk: PageWalk,
): Walked<Item, Body> =>
  list(transport, 'adminListInstanceRuns', 'admin.runs.listForInstance()', options, walk, (admin, query, init) =>
    admin.GET('/agents/{name}/instances/{agent_id}/runs', { params: { path: instancePath(agentName, id), query }, ...init }),
  );

/** `admin.runs.get()`: one run's record. */
export const getRun = (transport: Transport, runId: string, options: RequestOptions): Promise<WithResponse<unknown>> =>
  call(transport, options, (admin, init) => admin.GET('/runs/{run_id}', { params: { path: { run_id: pathSegment(runId, 'runId') } }, ...init }), 'admin.runs.get()', 'adminGetRun').withResponse();
