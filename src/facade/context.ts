/**
 * What every resource shares: the transport, the options, and the registry of open
 * streams and sockets that `client.close()` closes.
 */
import type { ResolvedOptions } from './options.js';
import { resolveHeaders } from './options.js';
import { EventStream, readJsonBatches, type JsonFrame, type StreamContext } from './streaming.js';
import { defaultWebSocketFactory, toWebSocketUrl, type WebSocketLike } from './sockets/websocket.js';
import { untilAborted, type CallSpec, type RequestOptions, type Transport } from './transport.js';
import type { ConnectionInit } from './sockets/connection.js';
import type { AppValidators } from './app-validation.js';

export interface Closable {
  close(): Promise<void>;
}

export class ClientContext {
  readonly #open = new Set<Closable>();

  /** `app` holds the typed app's validators, when the client was given any. */
  constructor(
    readonly transport: Transport,
    readonly app?: AppValidators | undefined,
  ) {}

  /** The client's options (the transport's own). */
  get options(): ResolvedOptions {
    return this.transport.options;
  }

  /** Registers what `create` builds until it reports itself settled. */
  track<T extends Closable>(create: (onSettled: () => void) => T): T {
    let settled = false;
    let item: T | undefined;
    item = create(() => {
      settled = true;
      if (item) this.#open.delete(item);
    });
    if (!settled) this.#open.add(item);
    return item;
  }

  /** An EventStream from a producer of event batches, closed by `client.close()`. */
  stream<T>(produce: (context: StreamContext) => AsyncGenerator<T[]>, signal: AbortSignal | undefined): EventStream<T> {
    return this.track((onSettled) => new EventStream(produce, { signal, onSettled }));
  }

  /**
   * An EventStream over an SSE route: the call (with `accept: text/event-stream`), the run
   * id from `X-Flue-Run-Id`, the frames in batches through `shape`, and the release of the
   * connection however the stream ends.
   */
  sseStream<T>(
    send: CallSpec<ReadableStream<Uint8Array> | null>['send'],
    options: RequestOptions,
    shape: (batches: AsyncGenerator<JsonFrame[]>) => AsyncGenerator<T[]>,
  ): EventStream<T> {
    const { transport } = this;
    return this.stream(async function* ({ signal, setRunId }) {
      const call = await transport.call({ stream: true, headers: { accept: 'text/event-stream' }, send }, { ...options, signal });
      setRunId(call.response.headers.get('x-flue-run-id') ?? undefined);
      try {
        yield* shape(readJsonBatches(call.data as ReadableStream<Uint8Array>, call.signal, call));
      } finally {
        call.release();
      }
    }, options.signal);
  }

  /** A tracked socket at `path`, opened with the client's headers, factory and timeout. */
  socket<T extends Closable>(path: string, create: (init: ConnectionInit) => T): T {
    const url = this.socketUrl(path);
    return this.track((onSettled) =>
      create({ url, open: (signal) => this.openWebSocket(url, signal), timeoutMs: this.options.timeoutMs, onSettled, onListenerError: this.options.onListenerError }),
    );
  }

  /** The socket URL for a path: the base URL with ws(s), then the `websocketUrl` transform. */
  socketUrl(path: string): string {
    const url = toWebSocketUrl(this.options.baseUrl, path);
    return this.options.websocketUrl ? this.options.websocketUrl(url) : url;
  }

  /** Opens a WebSocket with the per-request headers (sent in Node; browsers cannot); `signal` gives up waiting for them. */
  async openWebSocket(url: string, signal: AbortSignal): Promise<WebSocketLike> {
    const headers = await untilAborted(Promise.resolve(resolveHeaders(this.options)), signal);
    signal.throwIfAborted();
    return (this.options.websocket ?? defaultWebSocketFactory)(url, { headers });
  }

  /** Closes every stream and socket still open. */
  async closeAll(): Promise<void> {
    const open = [...this.#open];
    this.#open.clear();
    await Promise.allSettled(open.map((item) => item.close()));
  }
}
