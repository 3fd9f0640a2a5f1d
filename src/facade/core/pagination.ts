/**
 * Admin lists page by cursor. Each list returns a `PagePromise`, as openai-node's do:
 *
 *   const page = await client.admin.runs.list({ limit: 50 });  // one page: the server's body
 *   page.items; page.runs; page.nextCursor;                    // as the server sent them
 *   if (page.hasNextPage()) await page.getNextPage();
 *   for await (const run of client.admin.runs.list()) {}       // every item, across pages
 *
 * A page is the body as the server sent it (`items`, `nextCursor` and the list's own
 * fields: `runs`, `agents`, `instances`, `agent`...), with the way to the next page added
 * beside them (on its prototype: the body's own fields are all there is to serialize).
 *
 * A server that hands back a cursor it already gave (a -> b -> a) would page for ever:
 * the next page rejects with a PyFlueError instead.
 */
import { APIPromise, type WithResponse } from './api-promise.js';
import { PyFlueError } from './errors.js';

/** What every admin page has: its items and the cursor of the next page (null on the last). */
export interface PageBody<Item> {
  items: Item[];
  nextCursor: string | null;
}

/**
 * One `for await` walk over pages: what the fetches of its pages share (the admin lists
 * keep the walk's deadline here). A page fetched by hand (`getNextPage()`) starts its own. @internal
 */
export interface PageWalk {
  /** When the walk must be over (epoch ms), once its first page set it. */
  ends?: number | undefined;
}

/** Fetches the page at `cursor` (undefined: the first), within `walk`. @internal */
export type PageFetcher<Body> = (cursor: string | undefined, walk: PageWalk) => APIPromise<Body>;

/** The way through an admin list's pages, beside a page's body. */
export interface PageNavigation<Item, Body extends PageBody<Item>> extends AsyncIterable<Item> {
  /** Whether there is a page after this one. */
  hasNextPage(): boolean;
  /** The next page; rejects with PyFlueError on the last page, or when the server's cursors go round in a cycle. */
  getNextPage(): PagePromise<Item, Body>;
}

/**
 * One page of an admin list: the body as the server sent it (`items`, `nextCursor`, and the
 * list's own fields such as `runs` or `agent`), plus `hasNextPage()`, `getNextPage()` and
 * `for await` over this page's items and every later page's.
 */
export type Page<Item, Body extends PageBody<Item> = PageBody<Item>> = Body & PageNavigation<Item, Body>;

/** A page's walk from it onwards, by a key no body field can take. */
const walkFrom = Symbol('walkFrom');

/** A page: the body's own fields, and navigation on the prototype. */
class PageOfBody<Item, Body extends PageBody<Item>> implements PageNavigation<Item, Body> {
  readonly #fetch: PageFetcher<Body>;
  /** Every cursor asked for so far in this walk, to stop a cycle. */
  readonly #seen: ReadonlySet<string>;
  readonly #walk: PageWalk;

  constructor(body: Body, fetch: PageFetcher<Body>, seen: ReadonlySet<string>, walk: PageWalk) {
    // Every own field as sent, the non-enumerable camelCase names too.
    Object.defineProperties(this, Object.getOwnPropertyDescriptors(body));
    this.#fetch = fetch;
    this.#seen = seen;
    this.#walk = walk;
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
    const cursor = this.#body.nextCursor;
    if (typeof cursor !== 'string') return PagePromise.rejected(new PyFlueError('This is the last page (nextCursor is null); check hasNextPage() first.'));
    if (this.#seen.has(cursor)) {
      return PagePromise.rejected(
        new PyFlueError(
          `The server answered with nextCursor ${JSON.stringify(cursor)}, a cursor it had already given in this walk: its cursors go round in a cycle. Stopping instead of paging for ever.`,
        ),
      );
    }
    return PagePromise.fetch(this.#fetch, cursor, this.#seen, walk);
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

/**
 * What an admin list returns: awaited, one `Page` (with `.withResponse()` as every call);
 * iterated with `for await`, every item across pages, fetching each page as it is reached.
 */
export class PagePromise<Item, Body extends PageBody<Item> = PageBody<Item>> extends APIPromise<Page<Item, Body>> implements AsyncIterable<Item> {
  readonly #walk: PageWalk;

  /** The client creates these; @internal */
  constructor(result: Promise<WithResponse<Page<Item, Body>>>, walk: PageWalk = {}) {
    super(result);
    this.#walk = walk;
  }

  /** The page at `cursor`, within `walk` (a new one: the walk starts here). @internal */
  static fetch<Item, Body extends PageBody<Item>>(
    fetch: PageFetcher<Body>,
    cursor: string | undefined,
    seen: ReadonlySet<string> = new Set(),
    walk: PageWalk = {},
  ): PagePromise<Item, Body> {
    const walked = cursor === undefined ? seen : new Set([...seen, cursor]);
    const result = fetch(cursor, walk)
      .withResponse()
      .then(({ data, response }) => ({ data: new PageOfBody<Item, Body>(data, fetch, walked, walk) as unknown as Page<Item, Body>, response }));
    return new PagePromise(result, walk);
  }

  /** A page that cannot be fetched. @internal */
  static rejected<Item, Body extends PageBody<Item>>(error: unknown): PagePromise<Item, Body> {
    return new PagePromise<Item, Body>(Promise.reject(error));
  }

  /** Every item of this page and the pages after it, in one walk (a deadline bounds all of it). */
  async *[Symbol.asyncIterator](): AsyncIterator<Item> {
    const page = (await this) as unknown as PageOfBody<Item, Body>;
    yield* page[walkFrom](this.#walk);
  }
}
