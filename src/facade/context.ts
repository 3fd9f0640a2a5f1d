/**
 * What every resource shares: the transport, the options, and the registry of open
 * streams and sockets that `client.close()` closes.
 */
import { closeForClient } from './closing.js';
import { PyFlueClientClosedError } from './errors.js';
import type { ResolvedOptions } from './options.js';
import { resumeSettings, type FrameShaper, type RunStart, type RunStreamOptions } from './run-stream-options.js';
import type { JsonFrame } from './stream-frames.js';
import { EventStream, type StreamContext } from './streaming.js';
import type { RunEvent } from './types.js';
import { toWebSocketUrl } from './sockets/websocket.js';
import type { CallSpec, RequestOptions, Transport } from './transport.js';
import { optionalInteger } from './validate.js';
import type { AppValidators } from './app-validation.js';

export interface Closable {
  close(): Promise<void>;
}

/** A tracked thing that can be ended with the client's "closed" error. */
export interface ClientClosable extends Closable {
  [closeForClient]?(error: PyFlueClientClosedError): Promise<void>;
}

export class ClientContext {
  readonly #open = new Set<ClientClosable>();

  /** `app` holds the typed app's validators, when the client was given any. */
  constructor(
    readonly transport: Transport,
    readonly app?: AppValidators | undefined,
  ) {}

  /** The client's options (the transport's own). */
  get options(): ResolvedOptions {
    return this.transport.options;
  }

  /** Throws PyFlueClientClosedError once `client.close()` was called: a closed client starts nothing. */
  assertOpen(what: string): void {
    const closed = this.transport.closedError;
    if (closed) throw new PyFlueClientClosedError(`${what}: this client was closed (client.close()); create a new client to go on.`);
  }

  /** Registers what `create` builds until it reports itself settled. */
  track<T extends ClientClosable>(create: (onSettled: () => void) => T): T {
    let settled = false;
    let item: T | undefined;
    item = create(() => {
      settled = true;
      if (item) this.#open.delete(item);
    });
    if (!settled) this.#open.add(item);
    return item;
  }

  /**
   * An EventStream from a producer of event batches, closed by `client.close()`. It is
   * tracked from its start (streams are lazy): one never started holds nothing to close.
   */
  stream<T>(produce: (context: StreamContext) => AsyncGenerator<T[]>, signal: AbortSignal | undefined): EventStream<T> {
    this.assertOpen('Cannot start a stream');
    let stream: EventStream<T> | undefined;
    let settled = false;
    const gated = (context: StreamContext): AsyncGenerator<T[]> => {
      // Created before client.close(), started after it.
      this.assertOpen('Cannot start this stream');
      return produce(context);
    };
    stream = new EventStream(gated, {
      signal,
      onStart: () => {
        if (!settled && stream) this.#open.add(stream);
      },
      onSettled: () => {
        settled = true;
        if (stream) this.#open.delete(stream);
      },
    });
    return stream;
  }

  /**
   * A run's stream (see run-stream.ts): `runs.stream`, `workflows.stream`, an `agents.stream`.
   * `loadShape` loads the shaping of its frames (frames.ts) when the stream starts.
   */
  runStream(start: RunStart, options: RunStreamOptions, loadShape?: () => Promise<FrameShaper>): EventStream<RunEvent> {
    const settings = resumeSettings(options, this.options.idleTimeoutMs);
    const { transport } = this;
    return this.stream(async function* (context) {
      if ('runId' in start) context.setRunId(start.runId);
      // Loaded with the first run stream: apps that never follow a run do not ship the resume logic (bench/bundle.ts).
      const [{ followRun }, shape] = await Promise.all([import('./run-stream.js'), loadShape?.()]);
      yield* followRun(transport, start, settings, context, shape);
    }, options.signal);
  }

  /**
   * An EventStream over an SSE route: the call (with `accept: text/event-stream`), the run
   * id from `X-Flue-Run-Id`, the frames in batches through the shaping `loadShape` loads
   * (with the frame reader, when the stream starts), and the release of the connection
   * however the stream ends.
   */
  sseStream<T>(
    send: CallSpec<ReadableStream<Uint8Array> | null>['send'],
    options: RequestOptions & { idleTimeoutMs?: number | undefined },
    loadShape: () => Promise<(batches: AsyncGenerator<JsonFrame[]>) => AsyncGenerator<T[]>>,
  ): EventStream<T> {
    const { transport } = this;
    const idleTimeoutMs = optionalInteger(options.idleTimeoutMs, 'idleTimeoutMs', 0) ?? this.options.idleTimeoutMs;
    return this.stream(async function* ({ signal, setRunId }) {
      const call = await transport.call({ stream: true, headers: { accept: 'text/event-stream' }, send }, { ...options, signal });
      setRunId(call.response.headers.get('x-flue-run-id') ?? undefined);
      try {
        // Loaded with the first stream: apps that never stream do not ship the frame reader and SSE parser (bench/bundle.ts).
        const [{ readJsonBatches, untilStreamEnd }, shape] = await Promise.all([import('./stream-frames.js'), loadShape()]);
        // Nothing can resume this stream: silence is a PyFlueTimeoutError, an early end a PyFlueStreamError.
        yield* shape(untilStreamEnd(readJsonBatches(call.data as ReadableStream<Uint8Array>, call.signal, call, idleTimeoutMs), call));
      } finally {
        call.release();
      }
    }, options.signal);
  }

  /** The socket URL for a path: the base URL with ws(s), then the `websocketUrl` transform. */
  socketUrl(path: string): string {
    const url = toWebSocketUrl(this.options.baseUrl, path);
    return this.options.websocketUrl ? this.options.websocketUrl(url) : url;
  }

  /**
   * Settles everything in flight with PyFlueClientClosedError (HTTP calls, streams,
   * sockets), and makes every later call fail with it at once. Idempotent.
   */
  async closeAll(): Promise<void> {
    // One error per thing ended: a run stream adds its own runId and lastEventIndex to it.
    const closed = () =>
      new PyFlueClientClosedError('The client was closed (client.close()) while this was in flight; it was cancelled. Create a new client to go on.');
    this.transport.close(closed());
    const open = [...this.#open];
    this.#open.clear();
    await Promise.allSettled(open.map((item) => (item[closeForClient] ? item[closeForClient](closed()) : item.close())));
  }
}
