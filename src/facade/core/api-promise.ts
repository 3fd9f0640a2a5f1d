/**
 * What every JSON call returns: a promise of the data that can also give the HTTP
 * response it came in, as openai-node's `APIPromise` does.
 *
 *   const run = await client.runs.get(runId);
 *   const { data, response } = await client.runs.get(runId).withResponse();
 *   response.headers.get('x-flue-run-id');
 */

/** The data of a call with the `Response` it came in (its body already read). */
export interface WithResponse<T> {
  data: T;
  response: Response;
}

/**
 * A `Promise<T>` (it is one: `instanceof Promise`, `await`, `.then`) with
 * `.withResponse()`. The call starts when the method is called, not when it is awaited.
 */
export class APIPromise<T> extends Promise<T> {
  readonly #result: Promise<WithResponse<T>>;
  #data: Promise<T> | undefined;

  /** The client creates these; @internal */
  constructor(result: Promise<WithResponse<T>>) {
    // The base promise is never observed: then/catch/finally below read `result` instead.
    super((resolve) => resolve(undefined as T));
    this.#result = result;
  }

  /** `then` and friends return plain promises, not APIPromises without a result. */
  static override get [Symbol.species](): PromiseConstructor {
    return Promise;
  }

  /** The data together with the `Response` (status, headers such as `x-flue-run-id`). */
  withResponse(): Promise<WithResponse<T>> {
    return this.#result;
  }

  /** A new APIPromise whose data is `map(data, response)`; the response stays the same. @internal */
  map<U>(map: (data: T, response: Response) => U | Promise<U>): APIPromise<U> {
    return new APIPromise(this.#result.then(async ({ data, response }) => ({ data: await map(data, response), response })));
  }

  #parsed(): Promise<T> {
    return (this.#data ??= this.#result.then((result) => result.data));
  }

  override then<A = T, B = never>(
    onfulfilled?: ((value: T) => A | PromiseLike<A>) | null,
    onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.#parsed().then(onfulfilled, onrejected);
  }

  override catch<B = never>(onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<T | B> {
    return this.#parsed().catch(onrejected);
  }

  override finally(onfinally?: (() => void) | null): Promise<T> {
    return this.#parsed().finally(onfinally);
  }
}
