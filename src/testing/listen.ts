/// <reference types="node" />
/**
 * `fake.listen()`: the same fake served on a loopback port with node:http and `ws`, for
 * a browser page or another process. Node only: loaded with a dynamic import by
 * `listen()`, so the in-process fake (fetch and websocket) needs nothing of Node.
 *
 * node:http is loaded by name at run time (nodeBuiltin), not imported: a bundler for a
 * browser or a Worker (no node:http there) then has nothing to resolve, and bundles
 * `@pyflue/client/testing` with no externals; `ws` resolves to its browser stub there.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { FakeCore } from './core.js';

export interface Listening {
  baseUrl: string;
  port: number;
  close(): Promise<void>;
}

/** A Node built-in by name: a call with a variable, which bundlers leave to the run time. */
function nodeBuiltin<T>(name: string): Promise<T> {
  return import(name) as Promise<T>;
}

export async function listen(core: FakeCore, prefix: string, port: number, host: string): Promise<Listening> {
  const { createServer } = await nodeBuiltin<typeof import('node:http')>('node:http');
  const sockets = new Set<Socket>();
  const server = createServer((request, response) => {
    void answer(core, prefix, request, response).catch(() => response.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (request, socket, head) => {
    const path = routedPath(request.url ?? '/', prefix);
    if (path === undefined || core.closed) return void socket.destroy();
    wss.handleUpgrade(request, socket, head, (ws) => {
      const accepted = core.acceptSocket(path, peerOf(ws));
      if (!accepted) ws.close(1008, 'no socket route');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const hostInUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    baseUrl: `http://${hostInUrl}:${address.port}${prefix}`,
    port: address.port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}

function routedPath(rawUrl: string, prefix: string): string | undefined {
  const pathname = new URL(rawUrl, 'http://fake').pathname;
  if (prefix && pathname !== prefix && !pathname.startsWith(`${prefix}/`)) return undefined;
  let path = pathname.slice(prefix.length) || '/';
  try {
    path = decodeURIComponent(path);
  } catch {
    // Kept as sent; the routes answer 404.
  }
  return path;
}

async function answer(core: FakeCore, prefix: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const url = new URL(request.url ?? '/', `http://${request.headers.host ?? 'localhost'}`);
  const headers = new Headers();
  for (const [key, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  const path = new URL(request.url ?? '/', 'http://fake').pathname;
  if (prefix && path !== prefix && !path.startsWith(`${prefix}/`)) {
    response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ detail: 'Not Found' }));
    return;
  }
  // The caller going away aborts a call that is still waiting (a stall, a slow run).
  const gone = new AbortController();
  response.once('close', () => gone.abort(new Error('client disconnected')));
  const served = await core.serve(
    { method: (request.method ?? 'GET').toUpperCase(), url, headers, body: Buffer.concat(chunks).toString('utf8') },
    path.slice(prefix.length) || '/',
    gone.signal,
  );
  if (served.kind === 'network') return void response.destroy();
  if (served.kind === 'body') {
    response.writeHead(served.status, served.headers).end(served.text);
    return;
  }
  response.writeHead(served.status, served.headers);
  response.flushHeaders();
  const stop = served.open({
    write: (text) => void response.write(text),
    end: () => response.end(),
    fail: () => response.destroy(),
  });
  response.once('close', stop);
}

function peerOf(ws: WebSocket): Parameters<FakeCore['acceptSocket']>[1] {
  return {
    send: (frame) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
    },
    close: (code, reason) => ws.close(code ?? 1000, reason),
    drop: () => ws.terminate(),
    onMessage: (listener) => ws.on('message', (data) => listener(data.toString())),
    onClose: (listener) => ws.once('close', () => listener()),
  };
}
