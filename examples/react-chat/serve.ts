/**
 * `npm run example:chat`: builds the example pages and serves them on a loopback port,
 * with the PyFlue server behind the same origin: every request that is not a page, its
 * script or the styles goes to PyFlue (HTTP and WebSocket upgrades, byte for byte), so
 * the pages need no CORS set-up and use `new PyFlueClient(location.origin)`.
 *
 *   npm run example:chat                      # starts the embedded PyFlue server too
 *   npm run example:chat -- --port 5173       # a fixed port
 *   npm run example:chat -- --base-url http://127.0.0.1:2024   # a PyFlue server of your own
 *
 * The React page is at `/`, the Vue page at `/vue`; `?thread=name` picks the chat's thread.
 * `startChatServer` is what the browser tests use: they close it and start it again on
 * the same port to cut the page off from the server for a while. `startSameOriginServer`
 * serves any pages that way (the client's own browser test uses it).
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildChatPages, pageHtml, type ChatPages } from './build.js';

export interface ChatServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** Stops serving: every open connection (streams included) is cut at once, as if the server died. */
  close(): Promise<void>;
}

/** A page, a script or a style sheet the server answers itself: its content type and body. */
export type OwnFiles = Record<string, readonly [contentType: string, body: string]>;

export interface ChatServerOptions {
  /** The PyFlue server to put behind the pages. */
  pyflueBaseUrl: string;
  /** Default 0: a free port. */
  port?: number;
  /** Pages built before (a restart need not build again). */
  pages?: ChatPages;
}

/** Serves the chat pages on 127.0.0.1 and forwards everything else to `pyflueBaseUrl`. */
export async function startChatServer(options: ChatServerOptions): Promise<ChatServer> {
  const pages = options.pages ?? (await buildChatPages());
  return startSameOriginServer(options.pyflueBaseUrl, {
    '/': ['text/html; charset=utf-8', pageHtml('PyFlue React chat', '/react.js')],
    '/vue': ['text/html; charset=utf-8', pageHtml('PyFlue Vue chat', '/vue.js')],
    '/react.js': ['text/javascript', pages.react],
    '/vue.js': ['text/javascript', pages.vue],
    '/styles.css': ['text/css', pages.css],
  }, options.port);
}

/**
 * Serves `own` (by path, to GET) on 127.0.0.1 and forwards every other request to
 * `pyflueBaseUrl`: the page and the server share one origin, so the page needs no CORS.
 */
export async function startSameOriginServer(pyflueBaseUrl: string, own: OwnFiles, port = 0): Promise<ChatServer> {
  const target = new URL(pyflueBaseUrl);
  const sockets = new Set<Socket>();
  const server = createServer((incoming: IncomingMessage, outgoing: ServerResponse) => {
    const path = new URL(incoming.url ?? '/', 'http://x').pathname;
    const page = Object.hasOwn(own, path) ? own[path] : undefined;
    if (page && incoming.method === 'GET') {
      outgoing.writeHead(200, { 'content-type': page[0], 'cache-control': 'no-store' }).end(page[1]);
      return;
    }
    const upstream = request(
      { hostname: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers: { ...incoming.headers, host: target.host } },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    upstream.on('error', () => (outgoing.headersSent ? outgoing.destroy() : outgoing.writeHead(502).end()));
    outgoing.on('close', () => upstream.destroy());
    incoming.pipe(upstream);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('upgrade', (incoming: IncomingMessage, client: Socket, head: Buffer) => {
    const upstream = connect(Number(target.port), target.hostname, () => {
      const lines = [`${incoming.method} ${incoming.url} HTTP/1.1`];
      for (let i = 0; i < incoming.rawHeaders.length; i += 2) lines.push(`${incoming.rawHeaders[i]}: ${incoming.rawHeaders[i + 1]}`);
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length) upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
    sockets.add(upstream);
    const end = () => {
      upstream.destroy();
      client.destroy();
    };
    upstream.on('error', end).on('close', end);
    client.on('error', end).on('close', end);
  });
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    port: address.port,
    async close() {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { port: { type: 'string' }, 'base-url': { type: 'string' }, help: { type: 'boolean' } } });
  if (values.help) {
    console.log('npm run example:chat [-- --port N] [-- --base-url URL]: serves the React (/) and Vue (/vue) chat pages with PyFlue behind them.');
    return;
  }
  // The embedded fixture server (it has the narrator agent and the progress workflow) unless a URL is given.
  const { startPyFlueServer } = await import('../../test/support/pyflue-server.js');
  const pyflue = values['base-url'] ? undefined : await startPyFlueServer({ log: (line) => console.log(line) });
  const chat = await startChatServer({ pyflueBaseUrl: values['base-url'] ?? pyflue!.baseUrl, ...(values.port ? { port: Number(values.port) } : {}) });
  console.log(`React chat: ${chat.url}/   Vue chat: ${chat.url}/vue   (PyFlue behind them: ${values['base-url'] ?? pyflue!.baseUrl}; Ctrl-C stops both)`);
  const stop = async () => {
    await chat.close();
    await pyflue?.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
