/**
 * A small TCP fault proxy for the fault tests: listens on 127.0.0.1 (a free port) and
 * forwards each connection to a target host:port, unless told to break it.
 *
 *   const proxy = await startFaultProxy(new URL(baseUrl), {
 *     plan: (index) => ({ cutAfterServerBytes: 10_000 }),   // per connection, by its index
 *   });
 *   const client = new PyFlueClient(proxy.url);
 *   ...
 *   proxy.connections[0]!.stall();   // or .reset(), .cut(), at any time
 *   await proxy.close();
 *
 * Faults (all on the server→client direction, which is what a client can observe):
 * - cut:   after N bytes from the server, destroy both sides (the N bytes are delivered first);
 * - stall: stop forwarding in both directions (data is read and dropped, so closes are still seen),
 *          from the start or after N bytes from the server;
 * - reset: send the client a TCP RST (`resetAndDestroy`, else `destroy`) and drop the server side.
 */
import net from 'node:net';

export interface ConnectionPlan {
  /** Destroy both sides once this many server→client bytes have been forwarded. */
  cutAfterServerBytes?: number;
  /** Stall from the start: forward nothing. */
  stall?: boolean;
  /** Stall once this many server→client bytes have been forwarded (the N bytes are delivered first). */
  stallAfterServerBytes?: number;
  /** Stall right after the server's HTTP response head (status line and headers) has been forwarded. */
  stallAfterHead?: boolean;
  /** Reset the client at once (before anything is forwarded). */
  reset?: boolean;
}

export interface ProxyConnection {
  readonly index: number;
  /** Bytes forwarded so far, each way. */
  serverBytes: number;
  clientBytes: number;
  /** The first bytes the client sent (latin1), e.g. `GET /runs/... HTTP/1.1`: which request opened it. */
  clientHead: string;
  /** How it ended (or 'open'). */
  state: 'open' | 'stalled' | 'cut' | 'reset' | 'closed';
  /** Resolves once the client side of this connection is closed (by the client, a fault or close()). */
  readonly clientClosed: Promise<void>;
  stall(): void;
  cut(): void;
  reset(): void;
}

export interface FaultProxy {
  /** `http://127.0.0.1:<port>`: use it as a client's base URL. */
  readonly url: string;
  readonly port: number;
  /** Every connection accepted, in order. */
  readonly connections: readonly ProxyConnection[];
  /** Totals over all connections. */
  readonly stats: { connections: number; serverBytes: number; clientBytes: number; cuts: number; resets: number };
  /** The plan for the next connection only (takes precedence over `plan`). */
  planNext(plan: ConnectionPlan): void;
  /** Replaces the per-connection plan callback. */
  setPlan(plan: ((index: number) => ConnectionPlan) | undefined): void;
  /** Destroys every connection and closes the server. */
  close(): Promise<void>;
}

export interface FaultProxyOptions {
  plan?: (connectionIndex: number) => ConnectionPlan;
}

export async function startFaultProxy(target: { hostname: string; port: string | number }, options: FaultProxyOptions = {}): Promise<FaultProxy> {
  const connections: ProxyConnection[] = [];
  const sockets = new Set<net.Socket>();
  const stats = { connections: 0, serverBytes: 0, clientBytes: 0, cuts: 0, resets: 0 };
  let plan = options.plan;
  let nextPlan: ConnectionPlan | undefined;

  const server = net.createServer((client) => {
    const index = stats.connections;
    stats.connections += 1;
    const upstream = net.connect({ host: target.hostname, port: Number(target.port) });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      // Errors (ECONNRESET, EPIPE) are expected here; the 'close' handlers clean up.
      socket.on('error', () => {});
      socket.on('close', () => sockets.delete(socket));
    }
    const chosen = nextPlan ?? plan?.(index) ?? {};
    nextPlan = undefined;
    let budget = chosen.cutAfterServerBytes ?? Infinity;
    let stallBudget = chosen.stallAfterServerBytes ?? Infinity;
    let resolveClosed!: () => void;
    const connection: ProxyConnection = {
      index,
      serverBytes: 0,
      clientBytes: 0,
      clientHead: '',
      state: 'open',
      clientClosed: new Promise<void>((resolve) => (resolveClosed = resolve)),
      stall() {
        if (connection.state === 'open') connection.state = 'stalled';
      },
      cut() {
        if (connection.state !== 'open' && connection.state !== 'stalled') return;
        connection.state = 'cut';
        stats.cuts += 1;
        client.destroy();
        upstream.destroy();
      },
      reset() {
        if (connection.state !== 'open' && connection.state !== 'stalled') return;
        connection.state = 'reset';
        stats.resets += 1;
        // resetAndDestroy (Node >= 18.3) sends RST instead of FIN.
        const withReset = client as net.Socket & { resetAndDestroy?: () => void };
        if (typeof withReset.resetAndDestroy === 'function') withReset.resetAndDestroy();
        else client.destroy();
        upstream.destroy();
      },
    };
    connections.push(connection);
    client.on('close', () => {
      if (connection.state === 'open' || connection.state === 'stalled') connection.state = 'closed';
      upstream.destroy();
      resolveClosed();
    });
    upstream.on('close', () => {
      // The server went away: pass the close on (after what was already written).
      if (connection.state === 'open') client.end();
    });

    client.on('data', (chunk: Buffer) => {
      if (connection.state !== 'open') return; // stalled or broken: drop it
      connection.clientBytes += chunk.length;
      stats.clientBytes += chunk.length;
      if (connection.clientHead.length < 200) connection.clientHead += chunk.subarray(0, 200).toString('latin1');
      upstream.write(chunk);
    });
    let head = chosen.stallAfterHead ? '' : undefined;
    upstream.on('data', (chunk: Buffer) => {
      if (connection.state !== 'open') return;
      if (head !== undefined) {
        // Find the end of the response head; the stall point is just after it.
        const seen = head.length;
        head += chunk.toString('latin1');
        const end = head.indexOf('\r\n\r\n');
        if (end !== -1) {
          stallBudget = end + 4 - seen;
          head = undefined;
        }
      }
      if (stallBudget !== Infinity && chunk.length >= stallBudget) {
        const part = chunk.subarray(0, stallBudget);
        stallBudget = 0;
        connection.serverBytes += part.length;
        stats.serverBytes += part.length;
        client.write(part);
        connection.stall();
        return;
      }
      stallBudget -= chunk.length;
      if (chunk.length < budget) {
        budget -= chunk.length;
        connection.serverBytes += chunk.length;
        stats.serverBytes += chunk.length;
        client.write(chunk);
        return;
      }
      // The budget ends inside this chunk: deliver exactly the rest of it, then cut.
      const part = chunk.subarray(0, budget);
      budget = 0;
      connection.serverBytes += part.length;
      stats.serverBytes += part.length;
      connection.state = 'cut';
      stats.cuts += 1;
      upstream.destroy();
      // destroy() once the write is handed to the kernel: the bytes go out, then FIN.
      if (part.length === 0) client.destroy();
      else client.write(part, () => client.destroy());
    });

    if (chosen.reset) connection.reset();
    else if (chosen.stall) connection.stall();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    connections,
    stats,
    planNext(next) {
      nextPlan = next;
    },
    setPlan(next) {
      plan = next;
    },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
