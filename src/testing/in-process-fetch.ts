/**
 * The fake's `fetch`: a WHATWG fetch that answers from the fake in the same process,
 * with no socket, as `fetch` itself behaves: it rejects with the signal's reason on
 * abort (before or while the body is read), with a TypeError for a dropped connection,
 * and streams event-stream bodies as they are produced.
 */
import type { FakeCore } from './core.js';

export function createInProcessFetch(core: FakeCore, baseUrl: URL): typeof fetch {
  const prefix = baseUrl.pathname.replace(/\/+$/, '');
  const inProcessFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = typeof Request !== 'undefined' && input instanceof Request ? input : undefined;
    const url = new URL(request ? request.url : String(input));
    const method = (init?.method ?? request?.method ?? 'GET').toUpperCase();
    const headers = new Headers(request?.headers);
    new Headers(init?.headers).forEach((value, key) => headers.set(key, value));
    const signal = init?.signal ?? request?.signal ?? undefined;
    signal?.throwIfAborted();
    if (url.origin !== baseUrl.origin || (prefix && url.pathname !== prefix && !url.pathname.startsWith(`${prefix}/`))) {
      throw new TypeError('fetch failed', {
        cause: new Error(`The fake PyFlue server answers ${baseUrl.href} in process; ${url.origin}${url.pathname} is elsewhere.`),
      });
    }
    const body = init?.body != null ? await new Response(init.body).text() : request ? await request.text() : '';
    const served = await core.serve({ method, url, headers, body }, url.pathname.slice(prefix.length) || '/', signal);
    if (served.kind === 'network') {
      throw new TypeError('fetch failed', { cause: new Error('The fake PyFlue server dropped the connection (closed, or faults.next with network: true).') });
    }
    if (served.kind === 'body') return new Response(served.text, { status: served.status, headers: served.headers });
    return new Response(eventStreamBody(served.open, signal), { status: served.status, headers: served.headers });
  };
  return inProcessFetch as typeof fetch;
}

/**
 * A byte stream fed by a producer. The reader gets every byte written before a cut and
 * then a TypeError (as undici reports a connection the server dropped); an abort errors
 * the body at once with the signal's reason, as fetch does.
 */
function eventStreamBody(open: Extract<Awaited<ReturnType<FakeCore['serve']>>, { kind: 'stream' }>['open'], signal: AbortSignal | undefined): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const queued: Uint8Array[] = [];
  let ending: 'end' | 'fail' | undefined;
  let wake: (() => void) | undefined;
  let stop: () => void = () => {};
  let onAbort: (() => void) | undefined;
  const detach = () => {
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  };
  const notify = () => {
    const waiting = wake;
    wake = undefined;
    waiting?.();
  };
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        onAbort = () => {
          ending ??= 'fail';
          stop();
          controller.error(signal?.reason);
          notify();
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        stop = open({
          write: (text) => {
            if (ending) return;
            queued.push(encoder.encode(text));
            notify();
          },
          end: () => {
            ending ??= 'end';
            notify();
          },
          fail: () => {
            ending ??= 'fail';
            notify();
          },
        });
      },
      async pull(controller) {
        while (queued.length === 0 && !ending) await new Promise<void>((resolve) => (wake = resolve));
        if (signal?.aborted) return;
        if (queued.length > 0) return controller.enqueue(queued.shift()!);
        detach();
        if (ending === 'end') controller.close();
        else controller.error(new TypeError('terminated', { cause: new Error('other side closed') }));
      },
      cancel() {
        ending ??= 'end';
        detach();
        stop();
        notify();
      },
    },
    { highWaterMark: 0 },
  );
}
