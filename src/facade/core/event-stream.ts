/**
 * Typed event streams over SSE responses: `EventStream<T>` is what every streaming
 * method returns. Iterate it once with `for await`; leaving the loop early, aborting the
 * signal, `close()` or `await using` all cancel the HTTP body, so nothing stays open.
 * Reading the frames is stream-frames.ts, loaded with the first stream that starts.
 */
import { onAbort } from '../internal/abort.js';
import { PyFlueError, PyFlueInputError, PyFlueStreamError } from './errors.js';
import { closeForClient } from '../internal/closing.js';

/** What a stream's producer gets. */
export interface StreamContext {
  /** Aborts when the caller's signal aborts or the stream is closed. */
  signal: AbortSignal;
  /** Publishes the run id (from `X-Flue-Run-Id`) as soon as the headers are in. */
  setRunId(runId: string | undefined): void;
  /** Notes a run event's `event_index` (a run's stream; in the order the events are yielded), so an error can say which event the consumer saw last. */
  setEventIndex(event: unknown, index: number): void;
}

/** How an `EventStream` is tied to the caller and the client. */
export interface EventStreamOptions {
  signal?: AbortSignal | undefined;
  /** Called once, when the stream starts (first iteration or first read of `runId`): the client tracks it from then on. */
  onStart?: () => void;
  /** Called once when the stream is finished for good (the client forgets it). */
  onSettled?: () => void;
  /** A run's stream: the run id when known up front (`runs.stream`), and the index it starts after. */
  run?: { runId?: string | undefined; after: number } | undefined;
}

/**
 * Lazy: nothing is sent, and no socket or timer is held, until the stream is first
 * iterated or its `runId` is first read (which starts the request so the id can come from
 * the headers). A stream that is created and dropped costs nothing and needs no closing.
 * Once started, frames wait in the body until they are read: iterate it, or close it; a
 * started, unread stream holds its connection until `close()`, `client.close()` or an abort.
 */
export class EventStream<T> implements AsyncIterable<T>, AsyncDisposable {
  readonly #runId: Promise<string | undefined>;
  readonly #controller = new AbortController();
  readonly #options: EventStreamOptions;
  readonly #produce: (context: StreamContext) => AsyncGenerator<T[]>;
  /** Created on start (see the class comment). */
  #generator: AsyncGenerator<T[]> | undefined;
  /** Set by `fail()`: what the iteration throws instead of ending. */
  #failure: unknown;
  /** The first batch, requested at creation; handed to the first `next()`. */
  #first: Promise<IteratorResult<T[]>> | undefined;
  /** The batch being handed out one item at a time, and the position in it. */
  #batch: T[] = [];
  #index = 0;
  #resolveRunId!: (runId: string | undefined) => void;
  #started = false;
  #closed = false;
  #settled = false;
  readonly #onCallerAbort = () => this.#controller.abort(this.#options.signal?.reason);
  /** The run id once known (a run's stream), for the error that ends it. */
  #runIdValue: string | undefined;
  /** The event index of the last event handed to the consumer (a run's stream). */
  #lastIndex = 0;
  /**
   * The indexes the producer noted, in the order it yields their events (a FIFO from
   * `#notedHead`): handing out an event that heads the queue moves `#lastIndex`. Two plain
   * arrays rather than a WeakMap keyed by every event: a million-event stream would
   * otherwise grow the WeakMap's table by an entry per event (bench/memory.ts).
   */
  readonly #notedEvents: unknown[] = [];
  readonly #notedIndexes: number[] = [];
  #notedHead = 0;
  #unsubscribeCaller: (() => void) | undefined;

  /**
   * `produce` yields the events in batches (one per chunk read); the stream hands them
   * out one by one. The client creates streams; @internal
   */
  constructor(produce: (context: StreamContext) => AsyncGenerator<T[]>, options: EventStreamOptions = {}) {
    this.#options = options;
    this.#produce = produce;
    this.#runId = new Promise((resolve) => (this.#resolveRunId = resolve));
    this.#lastIndex = options.run?.after ?? 0;
    // Known up front (runs.stream): it holds whatever happens to the stream, close() included.
    if (options.run?.runId !== undefined) this.#setRunId(options.run.runId);
  }

  #setRunId(runId: string | undefined): void {
    this.#runIdValue ??= runId;
    this.#resolveRunId(runId);
  }

  /**
   * The run id of a run's stream: `runs.stream`'s at once; a workflow or file-based agent
   * stream's once its headers are in. Undefined for streams of no run (a prompt, a
   * persistent agent), and for a POST stream that ended (closed, aborted, failed) before
   * its headers came (no run id was ever known; a stream closed before it started sent
   * nothing). Once resolved, it keeps its value: reading it after `close()` gives the id
   * that was known. Reading it starts the stream (the request is sent), so it resolves
   * without iterating.
   */
  get runId(): Promise<string | undefined> {
    this.#start();
    return this.#runId;
  }

  /** Starts the request once: wires the caller's signal and asks for the first batch. */
  #start(): AsyncGenerator<T[]> {
    if (this.#generator) return this.#generator;
    const { signal } = this.#options;
    if (this.#settled) {
      // Closed before it started: an empty, finished generator; nothing is sent.
      this.#generator = (async function* () {})();
      return this.#generator;
    }
    // One listener per signal however many streams share it (abort.ts).
    if (signal) this.#unsubscribeCaller = onAbort(signal, this.#onCallerAbort);
    this.#options.onStart?.();
    this.#generator = this.#run(this.#produce);
    this.#first = this.#generator.next();
    // Its failure is reported to whoever iterates; unread, it must not be an unhandled rejection.
    this.#first.catch(() => {});
    return this.#generator;
  }

  /** Iterates the events once, with `for await`. */
  [Symbol.asyncIterator](): AsyncIterator<T> {
    if (this.#started) {
      throw new PyFlueInputError('This stream was already iterated; an event stream can be read once. Start a new one.');
    }
    this.#started = true;
    const generator = this.#start();
    const done = (): IteratorResult<T> => ({ done: true, value: undefined });
    return {
      // A plain iterator over the batches: one async step per event, none per layer.
      next: async () => {
        try {
          for (;;) {
            // Checked before every event, not only every batch: an abort (or client.close())
            // wins over events already received and not yet handed out.
            if (this.#failure !== undefined) throw this.#failure;
            const callerSignal = this.#options.signal;
            if (callerSignal?.aborted && !this.#closed) {
              await this.#end(callerSignal.reason);
              throw callerSignal.reason;
            }
            if (this.#index < this.#batch.length) break;
            const first = this.#first;
            this.#first = undefined;
            const result = await (first ?? generator.next());
            if (result.done) {
              if (this.#failure !== undefined) throw this.#failure;
              return done();
            }
            this.#batch = result.value;
            this.#index = 0;
          }
        } catch (error) {
          throw this.#located(error);
        }
        const value = this.#batch[this.#index++] as T;
        if (this.#notedHead < this.#notedEvents.length && this.#notedEvents[this.#notedHead] === value) {
          this.#lastIndex = this.#notedIndexes[this.#notedHead]!;
          this.#notedHead += 1;
          if (this.#notedHead === this.#notedEvents.length) {
            this.#notedEvents.length = 0;
            this.#notedIndexes.length = 0;
            this.#notedHead = 0;
          }
        }
        return { done: false, value };
      },
      return: async () => {
        this.#batch = [];
        await generator.return([]);
        return done();
      },
      throw: async (error?: unknown) => {
        this.#batch = [];
        await generator.throw(error);
        return done();
      },
    };
  }

  async *#run(produce: (context: StreamContext) => AsyncGenerator<T[]>): AsyncGenerator<T[]> {
    try {
      const signal = this.#controller.signal;
      signal.throwIfAborted();
      yield* produce({
        signal,
        setRunId: (runId) => this.#setRunId(runId),
        setEventIndex: (event, index) => {
          this.#notedEvents.push(event);
          this.#notedIndexes.push(index);
        },
      });
    } catch (error) {
      // close() ends the loop quietly; the caller's abort surfaces as its reason.
      if (this.#failure !== undefined) throw this.#failure;
      if (!this.#closed) throw error;
    } finally {
      this.#settle();
    }
  }

  /** Stops the stream and releases its connection; a `for await` over it ends without an error. */
  async close(): Promise<void> {
    if (this.#settled) return;
    this.#closed = true;
    await this.#end(new PyFlueStreamError('The stream was closed.'));
  }

  /**
   * Ends the stream like `close()`, but its iteration throws `error` (pending or next
   * `next()`) instead of ending quietly: how `client.close()` settles it. @internal
   */
  async [closeForClient](error: unknown): Promise<void> {
    if (this.#settled) return;
    this.#failure = error;
    await this.#end(error);
  }

  async #end(reason: unknown): Promise<void> {
    if (!this.#generator) {
      // Never started: nothing was sent and nothing is held; iterating it now ends (or throws `fail`'s error).
      this.#settle();
      return;
    }
    this.#controller.abort(reason);
    // Finish the generator here so its cleanup runs even if nobody calls next() again (a
    // stream never read, or one paused between events); async generators queue this
    // behind a next() still pending, which the abort settles.
    this.#batch = [];
    await this.#first?.catch(() => {});
    await this.#generator.return([]).catch(() => {});
  }

  /**
   * The error that ends a run's stream, saying where: the run id and the index of the last
   * event the consumer was handed (not of events received and never handed out), so
   * `runs.stream(error.runId, { after: error.lastEventIndex })` misses nothing.
   */
  #located(error: unknown): unknown {
    if (this.#options.run && error instanceof PyFlueError) {
      error.runId ??= this.#runIdValue;
      error.lastEventIndex = this.#lastIndex;
    }
    return error;
  }

  /** `await using stream = ...` closes it when the scope ends. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #settle(): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#resolveRunId(undefined);
    this.#unsubscribeCaller?.();
    this.#options.onSettled?.();
  }
}
