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
 * The pages themselves are made in the admin chunk (internal/admin-lists.ts, loaded with
 * the first admin call); this module is what a list returns at once.
 *
 * A server that hands back a cursor it already gave (a -> b -> a) would page for ever:
 * the next page rejects with a PyFlueError instead.
 */
import { APIPromise, type WithResponse } from './api-promise.js';

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

/** A page's walk from it onwards, by a key no body field can take. @internal */
export const walkFrom = Symbol('walkFrom');

/** What a page gives a `for await` over its PagePromise: its items and every later page's, within `walk`. @internal */
export interface WalkablePage<Item> {
  [walkFrom](walk: PageWalk): AsyncGenerator<Item>;
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

  /** Every item of this page and the pages after it, in one walk (a deadline bounds all of it). */
  async *[Symbol.asyncIterator](): AsyncIterator<Item> {
    const page = (await this) as unknown as WalkablePage<Item>;
    yield* page[walkFrom](this.#walk);
  }
}
