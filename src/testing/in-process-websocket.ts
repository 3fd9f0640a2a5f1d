/**
 * The fake's `websocket` factory: sockets connected to the fake in the same process,
 * behaving as a browser or `ws` socket does towards the client: `open` on a later turn,
 * frames in order, a close event with the code, 1006 for a dropped connection, and an
 * `error` then close 1006 for a URL no socket route takes (a refused handshake).
 */
import type { WebSocketFactory, WebSocketLike, WebSocketLikeEventMap } from '../sockets.js';
import type { FakeCore } from './core.js';

const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;

type Listener = (event: unknown) => void;

class InProcessWebSocket implements WebSocketLike {
  readyState = CONNECTING;
  readonly url: string;
  readonly #listeners = new Map<string, Set<Listener>>();
  #serverMessage: ((text: string) => void)[] = [];
  #serverClose: (() => void)[] = [];

  constructor(url: string, core: FakeCore, base: URL) {
    this.url = url;
    const target = new URL(url);
    const prefix = base.pathname.replace(/\/+$/, '');
    const sameServer = target.host === base.host && (target.protocol === 'ws:' || target.protocol === 'wss:');
    const path = decodePath(target.pathname.startsWith(prefix) ? target.pathname.slice(prefix.length) : '');
    setTimeout(() => {
      if (this.readyState !== CONNECTING) return;
      this.readyState = OPEN;
      const accepted =
        sameServer &&
        core.acceptSocket(path, {
          send: (frame) => this.#deliver(JSON.stringify(frame)),
          close: (code = 1000, reason = '') => this.#serverClosed(code, reason),
          drop: () => this.#serverClosed(1006, ''),
          onMessage: (listener) => this.#serverMessage.push(listener),
          onClose: (listener) => this.#serverClose.push(listener),
        });
      if (!accepted) {
        this.readyState = CLOSED;
        this.#emit('error', { type: 'error', message: `Unexpected server response: 403 (${url})` });
        this.#emit('close', { code: 1006, reason: '' });
        return;
      }
      this.#emit('open', { type: 'open' });
    }, 0);
  }

  send(data: string): void {
    if (this.readyState === CONNECTING) throw new Error('InvalidStateError: the socket is still connecting.');
    if (this.readyState !== OPEN) return;
    queueMicrotask(() => {
      for (const listener of this.#serverMessage) listener(String(data));
    });
  }

  close(code = 1000, reason = ''): void {
    if (this.readyState === CLOSING || this.readyState === CLOSED) return;
    const wasConnecting = this.readyState === CONNECTING;
    this.readyState = CLOSING;
    queueMicrotask(() => {
      this.#closed(wasConnecting ? 1006 : code, wasConnecting ? '' : reason);
    });
  }

  addEventListener<K extends keyof WebSocketLikeEventMap>(type: K, listener: (event: WebSocketLikeEventMap[K]) => void): void {
    if (!this.#listeners.has(type)) this.#listeners.set(type, new Set());
    this.#listeners.get(type)!.add(listener as Listener);
  }

  removeEventListener<K extends keyof WebSocketLikeEventMap>(type: K, listener: (event: WebSocketLikeEventMap[K]) => void): void {
    this.#listeners.get(type)?.delete(listener as Listener);
  }

  #deliver(text: string): void {
    if (this.readyState !== OPEN) return;
    queueMicrotask(() => {
      if (this.readyState === OPEN || this.readyState === CLOSING) this.#emit('message', { type: 'message', data: text });
    });
  }

  #serverClosed(code: number, reason: string): void {
    if (this.readyState === CLOSED) return;
    if (this.readyState === OPEN) this.readyState = CLOSING;
    // After the frames already on their way, as on a connection.
    queueMicrotask(() => this.#closed(code, reason));
  }

  #closed(code: number, reason: string): void {
    if (this.readyState === CLOSED) return;
    this.readyState = CLOSED;
    for (const listener of this.#serverClose) listener();
    this.#serverClose = [];
    this.#serverMessage = [];
    this.#emit('close', { type: 'close', code, reason, wasClean: code !== 1006 });
  }

  #emit(type: string, event: unknown): void {
    for (const listener of [...(this.#listeners.get(type) ?? [])]) listener(event);
  }
}

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

export function createInProcessWebSocketFactory(core: FakeCore, baseUrl: URL): WebSocketFactory {
  return (url) => new InProcessWebSocket(url, core, baseUrl);
}
