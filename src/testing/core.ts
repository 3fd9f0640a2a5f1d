/**
 * What both transports of the fake (the in-process `fetch`/`websocket` and `listen()`)
 * share: a call goes through the arranged faults, then the routes; an event stream is
 * wrapped so the faults can cut it or make it go quiet; sockets are handed to the socket
 * routes; and close() ends everything still open.
 */
import { Engine } from './engine.js';
import { FaultController, errorFaultAnswer, type FaultCall, type StreamFault } from './faults.js';
import { createHttpApp, errorAnswer, type FakeAnswer, type FakeRequest } from './http-app.js';
import { acceptSocket, type SocketPeer } from './socket-app.js';
import type { FakePyFlueOptions } from './types.js';

/** Where a stream's text goes; `fail()` is a dropped connection. */
export interface StreamOutput {
  write(text: string): void;
  end(): void;
  fail(): void;
}

export type Served =
  | { kind: 'network' }
  | { kind: 'body'; status: number; headers: Record<string, string>; text: string }
  | { kind: 'stream'; status: number; headers: Record<string, string>; open(output: StreamOutput): () => void };

const CONTENT_TYPES = { json: 'application/json', html: 'text/html; charset=utf-8', sse: 'text/event-stream; charset=utf-8' };

export class FakeCore {
  readonly engine: Engine;
  readonly faults = new FaultController();
  readonly #app: (request: FakeRequest) => Promise<FakeAnswer>;
  /** Ends each open stream and socket as a dropped connection, on close(). */
  readonly #open = new Set<() => void>();

  constructor(options: FakePyFlueOptions) {
    this.engine = new Engine(options);
    this.#app = createHttpApp(this.engine);
  }

  get closed(): boolean {
    return this.engine.closed.aborted;
  }

  /**
   * Answers one call (its path relative to the server's root). Rejects with the
   * signal's reason when it aborts before the answer is ready.
   */
  async serve(request: FakeRequest, path: string, signal?: AbortSignal): Promise<Served> {
    if (this.closed) return { kind: 'network' };
    const call: FaultCall = { method: request.method, path };
    const fault = this.faults.takeHttp(call);
    if (fault && 'stallMs' in fault) await this.#wait(fault.stallMs, signal);
    if (fault && 'fault' in fault) {
      if ('network' in fault.fault) return { kind: 'network' };
      const answer = errorFaultAnswer(fault.fault);
      return { kind: 'body', status: answer.status, headers: { ...answer.headers, 'content-type': CONTENT_TYPES.json }, text: JSON.stringify(answer.body) };
    }
    const routed = new URL(request.url);
    routed.pathname = path;
    // Starlette answers HEAD on every GET route, with the headers and no body.
    const head = request.method === 'HEAD';
    const answer = await abortable(this.#app({ ...request, method: head ? 'GET' : request.method, url: routed }), signal);
    if (this.closed) return { kind: 'network' };
    if (answer.kind === 'json') {
      let text: string;
      try {
        text = JSON.stringify(answer.body);
      } catch (error) {
        // A result JSON cannot carry (a BigInt, a cycle): the server's encoder fails the same way.
        const failed = errorAnswer(error) as Extract<FakeAnswer, { kind: 'json' }>;
        return { kind: 'body', status: failed.status, headers: { 'content-type': CONTENT_TYPES.json }, text: JSON.stringify(failed.body) };
      }
      return { kind: 'body', status: answer.status, headers: { ...answer.headers, 'content-type': CONTENT_TYPES.json }, text: head ? '' : text };
    }
    if (answer.kind === 'html') {
      return { kind: 'body', status: answer.status, headers: { ...answer.headers, 'content-type': CONTENT_TYPES.html }, text: head ? '' : answer.body };
    }
    const streamFault = this.faults.takeStream(call);
    return {
      kind: 'stream',
      status: answer.status,
      headers: { ...answer.headers, 'content-type': CONTENT_TYPES.sse },
      open: (output) => this.#openStream(answer, output, streamFault),
    };
  }

  /** Serves a socket at `path` (relative to the root); false when no socket route takes it. */
  acceptSocket(path: string, peer: SocketPeer & { drop(): void }): boolean {
    if (this.closed) return false;
    const dropAfter = this.faults.takeSocket({ method: undefined, path });
    let sent = 0;
    const counted: SocketPeer = {
      send: (frame) => {
        if (dropAfter !== undefined && sent >= dropAfter) return;
        peer.send(frame);
        sent += 1;
        if (dropAfter !== undefined && sent >= dropAfter) peer.drop();
      },
      close: (code, reason) => peer.close(code, reason),
      onMessage: (listener) => peer.onMessage(listener),
      onClose: (listener) => peer.onClose(listener),
    };
    if (!acceptSocket(this.engine, path, counted)) return false;
    const dropOnClose = () => peer.drop();
    this.#open.add(dropOnClose);
    peer.onClose(() => this.#open.delete(dropOnClose));
    if (dropAfter === 0) queueMicrotask(() => peer.drop());
    return true;
  }

  #openStream(answer: Extract<FakeAnswer, { kind: 'sse' }>, output: StreamOutput, fault: StreamFault | undefined): () => void {
    let events = 0;
    let finished = false;
    const cutAfter = fault?.cutAfter;
    /** A stream stalls once; after the stall it goes on. */
    let stallAfter = fault?.stallAfter;
    let held: Array<{ text: string; end?: true }> | undefined;
    let stopProducer: () => void = () => {};
    const finish = (how: 'end' | 'fail') => {
      if (finished) return;
      finished = true;
      this.#open.delete(dropped);
      stopProducer();
      if (how === 'end') output.end();
      else output.fail();
    };
    const dropped = () => finish('fail');
    this.#open.add(dropped);
    const release = () => {
      const pending = held ?? [];
      held = undefined;
      for (const item of pending) {
        if (item.end) finish('end');
        else if (!finished) output.write(item.text);
      }
    };
    stopProducer = answer.open({
      frame: (text, isEvent) => {
        if (finished) return;
        if (held) return void held.push({ text });
        if (isEvent && cutAfter !== undefined && events >= cutAfter) return finish('fail');
        if (isEvent && stallAfter !== undefined && events >= stallAfter) {
          stallAfter = undefined;
          held = [{ text }];
          void this.#wait(fault?.stallMs).then(release, release);
          return;
        }
        output.write(text);
        if (isEvent) events += 1;
      },
      end: () => {
        if (held) held.push({ text: '', end: true });
        // Cut after exactly as many events as the stream had: the connection drops instead of ending cleanly.
        else finish(cutAfter !== undefined && events >= cutAfter ? 'fail' : 'end');
      },
    });
    if (cutAfter === 0) finish('fail');
    return () => {
      if (finished) return;
      finished = true;
      this.#open.delete(dropped);
      stopProducer();
    };
  }

  /** Waits `ms`, or (without ms) until the faults are cleared or the fake closes; rejects when `signal` aborts. */
  #wait(ms: number | undefined, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const released = this.faults.released;
      const cleanup = () => {
        clearTimeout(timer);
        released.removeEventListener('abort', done);
        this.engine.closed.removeEventListener('abort', done);
        signal?.removeEventListener('abort', aborted);
      };
      const done = () => {
        cleanup();
        resolve();
      };
      const aborted = () => {
        cleanup();
        reject(signal?.reason);
      };
      const timer = ms === undefined ? undefined : setTimeout(done, ms);
      if (signal?.aborted) return aborted();
      released.addEventListener('abort', done, { once: true });
      this.engine.closed.addEventListener('abort', done, { once: true });
      signal?.addEventListener('abort', aborted, { once: true });
    });
  }

  /** Drops every open stream and socket, ends stalls, and makes later calls fail as to a closed port. */
  close(): void {
    if (this.closed) return;
    this.engine.close();
    this.faults.clear();
    for (const drop of [...this.#open]) drop();
  }
}

/** `work`, or a rejection with the signal's reason as soon as it aborts (the work goes on, as on a server). */
function abortable<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
