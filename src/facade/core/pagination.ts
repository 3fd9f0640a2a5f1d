/**
 * Admin lists page by cursor. Each list returns a `PagePromise`, as openai-node's do:
 *
 *   const page = await client.admin.runs.list({ limit: 50 });  // one page: data, nextCursor
 *   if (page.hasNextPage()) await page.getNextPage();
 *   for await (const run of client.admin.runs.list()) {}       // every item, across pages
 *
 * A server that hands back a cursor it already gave (a -> b -> a) would page for ever:
 * the next page rejects with a PyFlueError instead.
 */
import { APIPromise, type WithResponse } from './api-promise.js';
import { PyFlueError } from './errors.js';

/** Fetches the page at `cursor` (undefined: the first). @internal */
export type PageFetcher<Item> = (cursor: string | undefined) => APIPromise<{ items: Item[]; nextCursor: string | null }>;

/** One page of an admin list: its items in `data`, and the way to the next. */
export class Page<Item> implements AsyncIterable<Item> {
  /** This page's items. */
  readonly data: Item[];
  /** The cursor of the next page; null on the last. */
  readonly nextCursor: string | null;
  readonly #fetch: PageFetcher<Item>;
  /** Every cursor asked for so far in this walk, to stop a cycle. */
  readonly #seen: ReadonlySet<string>;

  /** The client creates these; @internal */
  constructor(data: Item[], nextCursor: string | null, fetch: PageFetcher<Item>, seen: ReadonlySet<string>) {
    this.data = data;
    this.nextCursor = nextCursor;
    this.#fetch = fetch;
    this.#seen = seen;
  }

  /** Whether there is a page after this one. */
  hasNextPage(): boolean {
    return this.nextCursor !== null;
  }

  /** The next page; rejects with PyFlueError on the last page, or when the server's cursors go round in a cycle. */
  getNextPage(): PagePromise<Item> {
    const cursor = this.nextCursor;
    if (cursor === null) return PagePromise.rejected(new PyFlueError('This is the last page (nextCursor is null); check hasNextPage() first.'));
    if (this.#seen.has(cursor)) {
      return PagePromise.rejected(
        new PyFlueError(
          `The server answered with nextCursor ${JSON.stringify(cursor)}, a cursor it had already given in this walk: its cursors go round in a cycle. Stopping instead of paging for ever.`,
        ),
      );
    }
    return PagePromise.fetch(this.#fetch, cursor, this.#seen);
  }

  /** This page's items, then every later page's. */
  async *[Symbol.asyncIterator](): AsyncIterator<Item> {
    let page: Page<Item> = this;
    for (;;) {
      yield* page.data;
      if (!page.hasNextPage()) return;
      page = await page.getNextPage();
    }
  }
}

/**
 * What an admin list returns: awaited, one `Page` (with `.withResponse()` as every call);
 * iterated with `for await`, every item across pages, fetching each page as it is reached.
 */
export class PagePromise<Item> extends APIPromise<Page<Item>> implements AsyncIterable<Item> {
  /** The page at `cursor`. @internal */
  static fetch<Item>(fetch: PageFetcher<Item>, cursor: string | undefined, seen: ReadonlySet<string> = new Set()): PagePromise<Item> {
    const walked = cursor === undefined ? seen : new Set([...seen, cursor]);
    const result = fetch(cursor)
      .withResponse()
      .then(({ data, response }): WithResponse<Page<Item>> => ({ data: new Page(Array.isArray(data.items) ? data.items : [], data.nextCursor ?? null, fetch, walked), response }));
    return new PagePromise(result);
  }

  /** A page that cannot be fetched. @internal */
  static rejected<Item>(error: PyFlueError): PagePromise<Item> {
    return new PagePromise<Item>(Promise.reject(error));
  }

  /** Every item of this page and the pages after it. */
  async *[Symbol.asyncIterator](): AsyncIterator<Item> {
    yield* await this;
  }
}
