/**
 * Typed event streams over SSE responses: `EventStream<T>` is what every streaming
 * method returns. Iterate it once with `for await`; leaving the loop early, aborting the
 * signal, `close()` or `await using` all cancel the HTTP body, so nothing stays open.
 *
 * It is a plain async iterable over a source (internal/streams/, loaded when the stream
 * starts): the source reads the frames and, for a run's stream, owns the resume position,
 * the error that ends the stream says where it ended (`locate`), and its timers. This class
 * only starts the source lazily, hands its batches out one event at a time, and ends it.
 */
import { onAbort } from '../internal/abort.js';
import { closeForClient } from '../internal/closing.js';
import { PyFlueInputError, PyFlueStreamError } from './errors.js';

/** What a stream's source gets. */
export interface StreamContext {
  /** Aborts when the caller's signal aborts or the stream is closed. */
  signal: AbortSignal;
  /** Publishes the run id (from `X-Flue-Run-Id`) as soon as the headers are in. */
  setRunId(runId: string | undefined): void;
}

/** What an EventStream reads: batches of events (one per chunk read), and, for a run's stream, where an error left the consumer. */
export interface StreamSource<T> {
  next(): Promise<IteratorResult<T[]>>;
  return(value?: unknown): Promise<unknown>;
  /**
   * The error that ends the stream, said where: a run's stream stamps its run id and the
   * index of the last event the consumer was handed, `handed` being how many events of the
   * last batch the source gave were handed out.
   */
  locate?(error: unknown, handed: number): unknown;
}

/** How an `EventStream` is tied to the caller and the client. */
export interface EventStreamOptions {
  signal?: AbortSignal | undefined;
  /** The run id when known up front (`runs.stream`): `runId` resolves to it whatever happens. */
  runId?: string | undefined;
  /** Called once, when the stream starts (first iteration or first read of `runId`): the client tracks it from then on. */
  onStart?: () => void;
  /** Called once when the stream is finished for good (the client forgets it). */
  onSettled?: () => void;
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
  readonly #open: (context: StreamContext) => Promise<StreamSource<T>>;
  /** Opened on start (see the class comment). */
  #source: Promise<StreamSource<T>> | undefined;
  /** Set by `client.close()`: what the iteration throws instead of ending. */
  #failure: unknown;
  /** The first batch, requested at start; handed to the first `next()`. */
  #first: Promise<IteratorResult<T[]>> | undefined;
  /** The batch being handed out one event at a time, and how many of it were handed out. */
  #batch: T[] = [];
  #handed = 0;
  #resolveRunId!: (runId: string | undefined) => void;
  #iterated = false;
  #closed = false;
  #settled = false;
  #unsubscribeCaller: (() => void) | undefined;

  /**
   * `open` gives the source once the stream starts (loading its code first). The client
   * creates streams; @internal
   */
  constructor(open: (context: StreamContext) => Promise<StreamSource<T>>, options: EventStreamOptions = {}) {
    this.#options = options;
    this.#open = open;
    this.#runId = new Promise((resolve) => (this.#resolveRunId = resolve));
    // Known up front (runs.stream): it holds whatever happens to the stream, close() included.
    if (options.runId !== undefined) this.#resolveRunId(options.runId);
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

  /** Starts the source once: wires the caller's signal and asks for the first batch. */
  #start(): void {
    // Closed before it started: nothing is sent, and iterating it ends (or throws client.close()'s error).
    if (this.#source || this.#settled) return;
    const { signal } = this.#options;
    // One listener per signal however many streams share it (abort.ts).
    if (signal) this.#unsubscribeCaller = onAbort(signal, () => this.#controller.abort(signal.reason));
    this.#options.onStart?.();
    const context: StreamContext = { signal: this.#controller.signal, setRunId: (runId) => this.#resolveRunId(runId) };
    const source = Promise.resolve().then(() => {
      this.#controller.signal.throwIfAborted();
      return this.#open(context);
    });
    this.#source = source;
    this.#first = this.#firstBatch(source);
    // Its failure is reported to whoever iterates; unread, it must not be an unhandled rejection.
    this.#first.catch(() => this.#settle());
  }

  /** The source's first batch (awaited here, so a stack trace taken in the source shows this stream). */
  async #firstBatch(source: Promise<StreamSource<T>>): Promise<IteratorResult<T[]>> {
    return await (await source).next();
  }

  /** Iterates the events once, with `for await`. */
  [Symbol.asyncIterator](): AsyncIterator<T> {
    if (this.#iterated) throw new PyFlueInputError('This stream was already iterated; an event stream can be read once. Start a new one.');
    this.#iterated = true;
    this.#start();
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
            if (this.#handed < this.#batch.length) return { done: false, value: this.#batch[this.#handed++] as T };
            if (!this.#source) return done();
            const first = this.#first;
            this.#first = undefined;
            let result: IteratorResult<T[]>;
            try {
              result = await (first ?? (await this.#source).next());
            } catch (error) {
              // close() ends the loop quietly; the caller's abort surfaces as its reason.
              if (this.#closed && this.#failure === undefined) return done();
              throw this.#failure ?? error;
            }
            if (result.done) {
              this.#settle();
              if (this.#failure !== undefined) throw this.#failure;
              return done();
            }
            this.#batch = result.value;
            this.#handed = 0;
          }
        } catch (error) {
          this.#settle();
          throw await this.#located(error);
        }
      },
      return: async () => {
        await this.#end(undefined);
        return done();
      },
      throw: async () => {
        await this.#end(undefined);
        return done();
      },
    };
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

  /** Aborts the source and waits for it to let go of its connection (its cleanup runs even if nobody calls next() again). */
  async #end(reason: unknown): Promise<void> {
    // What was handed out stays counted: the error that ends the stream says where the consumer was.
    this.#batch = [];
    const source = this.#source;
    if (source) {
      this.#controller.abort(reason);
      // Sources queue return() behind a next() still pending, which the abort settles.
      await this.#first?.catch(() => {});
      await source.then((opened) => opened.return(undefined)).catch(() => {});
    }
    this.#settle();
  }

  /** The error that ends the stream, as its source says where (a run's stream: its run id and last handed-out index). */
  async #located(error: unknown): Promise<unknown> {
    const source = await this.#source?.catch(() => undefined);
    return source?.locate ? source.locate(error, this.#handed) : error;
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
