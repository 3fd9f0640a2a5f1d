/**
 * A loopback proxy in front of the fixture server that forwards everything (HTTP and
 * WebSocket upgrades) but serves edited OpenAPI descriptions: a deployment that drifted.
 * With `token`, it also stands for a deployment behind bearer-token auth.
 *
 *   const proxy = await startDescriptionProxy(baseUrl, { public: (doc) => { delete doc.paths['/health']; }, token: 'secret' });
 *   ... proxy.url ...
 *   await proxy.close();
 */
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

/** Edits a parsed OpenAPI document in place (tests reach into it freely). */
export type Edit = (document: any) => void;

export interface DescriptionProxy {
  readonly url: string;
  close(): Promise<void>;
}

export interface ProxyOptions {
  public?: Edit;
  admin?: Edit;
  /** Answer 401 (HTTP) or refuse the upgrade unless the request carries `Authorization: Bearer <token>`. */
  token?: string;
}

export async function startDescriptionProxy(target: string, edits: ProxyOptions): Promise<DescriptionProxy> {
  const upstream = new URL(target);
  const sockets = new Set<net.Socket>();
  const authorized = (request: http.IncomingMessage) => edits.token === undefined || request.headers.authorization === `Bearer ${edits.token}`;
  const server = http.createServer((request, response) => {
    if (!authorized(request)) {
      response.writeHead(401, { 'content-type': 'application/json' }).end('{"error":{"type":"unauthorized","message":"A bearer token is required."}}');
      return;
    }
    const edit = request.url === '/openapi.json' ? edits.public : request.url === '/admin/openapi.json' ? edits.admin : undefined;
    if (edit && request.method === 'GET') {
      void (async () => {
        const document = await (await fetch(new URL(request.url!, upstream))).json();
        edit(document);
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(document));
      })().catch((error: unknown) => response.writeHead(502).end(String(error)));
      return;
    }
    const forwarded = http.request(
      { host: upstream.hostname, port: upstream.port, method: request.method, path: request.url, headers: request.headers },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    forwarded.on('error', () => response.destroy());
    request.pipe(forwarded);
  });
  // A WebSocket upgrade: replay the request head to the server and splice the two sockets.
  server.on('upgrade', (request: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    if (!authorized(request)) {
      client.end('HTTP/1.1 401 Unauthorized\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    const backend = net.connect(Number(upstream.port), upstream.hostname, () => {
      const lines = [`${request.method} ${request.url} HTTP/1.1`];
      for (let index = 0; index < request.rawHeaders.length; index += 2) lines.push(`${request.rawHeaders[index]}: ${request.rawHeaders[index + 1]}`);
      backend.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length > 0) backend.write(head);
      backend.pipe(client);
      client.pipe(backend);
    });
    for (const socket of [client, backend]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        backend.destroy();
      });
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
