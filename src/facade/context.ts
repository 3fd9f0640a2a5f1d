/**
 * What every resource shares: the transport, the options, and the registry of open
 * streams and sockets that `client.close()` closes.
 */
import type { ResolvedOptions } from './options.js';
import { resolveHeaders } from './options.js';
import { EventStream, type StreamContext } from './streaming.js';
import { defaultWebSocketFactory, toWebSocketUrl, type WebSocketLike } from './sockets/websocket.js';
import type { Transport } from './transport.js';

export interface Closable {
  close(): Promise<void>;
}

export class ClientContext {
  readonly #open = new Set<Closable>();

  constructor(
    readonly transport: Transport,
    readonly options: ResolvedOptions,
  ) {}

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

  /** The socket URL for a path: the base URL with ws(s), then the `websocketUrl` transform. */
  socketUrl(path: string): string {
    const url = toWebSocketUrl(this.options.baseUrl, path);
    return this.options.websocketUrl ? this.options.websocketUrl(url) : url;
  }

  /** Opens a WebSocket with the per-request headers (sent in Node; browsers cannot). */
  async openWebSocket(url: string): Promise<WebSocketLike> {
    const headers = await resolveHeaders(this.options);
    return (this.options.websocket ?? defaultWebSocketFactory)(url, { headers });
  }

  /** Closes every stream and socket still open. */
  async closeAll(): Promise<void> {
    const open = [...this.#open];
    this.#open.clear();
    await Promise.allSettled(open.map((item) => item.close()));
  }
}
