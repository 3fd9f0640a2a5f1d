/**
 * The lifecycle both PyFlue sockets share: open (possibly after an async step that
 * resolves headers), queue frames until open, parse every frame as a JSON object,
 * and end exactly once, whatever ends it: the caller, the server, a dropped
 * connection, a handshake that gets no answer in time or a frame that breaks the protocol.
 *
 * The socket classes own their pending work; this class tells them about frames
 * (`onFrame`) and, once, about the end (`onEnd`) with the error pending work fails with.
 */
import { PyFlueInputError, PyFlueSocketError, PyFlueTimeoutError, messageUrl, plainCause, shorten } from '../../core/errors.js';
import type { WebSocketLike, WebSocketLikeEventMap } from '../../core/websocket.js';
import { describe } from '../checks.js';
import { mask, type Secrets } from '../mask.js';
import { reportListenerError } from '../report.js';

/** How a socket is opened: its URL, how to create the WebSocket, and who to tell when it is done. */
export interface ConnectionInit {
  /** The socket URL, for messages (shown redacted). */
  url: string;
  /**
   * Opens the socket; may be async because per-request headers are resolved first.
   * `signal` is aborted if the connection ends (close() or the timeout) before this
   * settles: give up then. A socket it still resolves with is closed at once. `refresh`:
   * this is the handshake made again after a 401.
   */
  open: (signal: AbortSignal, refresh?: boolean) => Promise<WebSocketLike> | WebSocketLike;
  /**
   * A handshake refused with 401 is made once more (with `open`, which asks the headers
   * again): the client's token or headers come from a function.
   */
  retryUnauthorized?: boolean | undefined;
  /**
   * How long the socket may take to open, `open()` included (a retried handshake too), in
   * ms; 0 or undefined: no limit. When it runs out, the connection ends with a
   * PyFlueSocketError whose `cause` is a PyFlueTimeoutError.
   */
  connectTimeoutMs?: number | undefined;
  /** How long an agent prompt may wait for its answer by default, in ms (0: no limit). */
  answerTimeoutMs?: number | undefined;
  /** How long a workflow run may go without a frame by default, in ms (0: no limit). */
  idleTimeoutMs?: number | undefined;
  /** Called exactly once, when the socket is finished for good. */
  onSettled?: () => void;
  /** Receives what an `onEvent` listener throws (default: `reportListenerError`). */
  onListenerError?: ((error: unknown) => void) | undefined;
  /** The client's secrets: masked (`***`) in a close reason or an error frame that echoes one. */
  secrets?: Secrets | undefined;
}

export interface ConnectionHandlers {
  /** A frame that parsed as a JSON object. */
  onFrame(frame: Record<string, unknown>): void;
  /**
   * Called once, at the end; `error` is what anything still pending should reject with: a
   * PyFlueSocketError, or the error of `closeWith` (PyFlueClientClosedError, PyFlueTimeoutError).
   */
  onEnd(error: PyFlueSocketError): void;
}

export interface CloseInfo {
  code: number;
  reason: string;
}

type State = 'connecting' | 'open' | 'closing' | 'closed';

const OPEN = 1;
/** How long a local close waits for the server's close frame before dropping the connection. */
const CLOSE_GRACE_MS = 1_000;
/** RFC 6455 1002: the peer broke the protocol. */
const PROTOCOL_ERROR = 1002;

/**
 * The init of a socket class made by hand (`new AgentSocket(...)` from @pyflue/client/sockets):
 * the classes are made by `connect()`, which gives them the client's init; anything else is
 * said at once rather than failing as a TypeError deep in the connection.
 */
export function checkConnectionInit(init: unknown, className: string): asserts init is ConnectionInit {
  const given = init as Partial<ConnectionInit> | null | undefined;
  if (typeof given?.url !== 'string' || typeof given.open !== 'function') {
    throw new PyFlueInputError(
      `${className} is made by client.${className === 'AgentSocket' ? 'agents' : 'workflows'}.connect(), which gives it the client's URL, headers and waits; ` +
        `its constructor takes that init ({ url, open, ... }), got ${describe(init)}.`,
    );
  }
}

export class Connection {
  /** Resolves once open; rejects with PyFlueSocketError if the socket ends first. */
  readonly ready: Promise<void>;
  /** The socket URL as messages show it: redacted and cut to a readable length. */
  readonly url: string;
  readonly answerTimeoutMs: number;
  readonly idleTimeoutMs: number;
  readonly #secrets: Secrets | undefined;
  readonly #open: ConnectionInit['open'];
  #retryUnauthorized: boolean;
  #state: State = 'connecting';
  #socket: WebSocketLike | undefined;
  /** Aborted when the connection ends before `open()` settled; undefined once it has. */
  #opening: AbortController | undefined = new AbortController();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #outbox: string[] = [];
  #closeInfo: CloseInfo | undefined;
  /** Set when the end was decided locally (close(), the timeout or a violation), so the close event is not "unexpected". */
  #endError: PyFlueSocketError | undefined;
  #lastError: unknown;
  /** The code and reason of a local end, for a socket `open()` delivers after it. */
  #requestedClose: { code: number; reason: string | undefined } | undefined;
  #resolveReady!: () => void;
  #rejectReady!: (error: PyFlueSocketError) => void;
  #resolveClosed!: () => void;
  readonly #closed: Promise<void>;
  readonly #handlers: ConnectionHandlers;
  readonly #onSettled: (() => void) | undefined;

  constructor(init: ConnectionInit, handlers: ConnectionHandlers) {
    this.url = messageUrl(init.url);
    this.answerTimeoutMs = init.answerTimeoutMs ?? 0;
    this.idleTimeoutMs = init.idleTimeoutMs ?? 0;
    this.#handlers = handlers;
    this.#onSettled = init.onSettled;
    this.#secrets = init.secrets;
    this.#open = init.open;
    this.#retryUnauthorized = init.retryUnauthorized === true;
    this.ready = new Promise<void>((resolve, reject) => {
      this.#resolveReady = resolve;
      this.#rejectReady = reject;
    });
    // Nobody has to await `ready`: prompts report the same failure themselves.
    this.ready.catch(() => {});
    this.#closed = new Promise<void>((resolve) => (this.#resolveClosed = resolve));
    const timeoutMs = init.connectTimeoutMs ?? 0;
    if (timeoutMs > 0) this.#timer = setTimeout(() => this.#timedOut(timeoutMs), timeoutMs);
    this.#begin();
  }

  /** Calls `open()` and takes the socket it gives. */
  #begin(refresh?: boolean): void {
    let opening: Promise<WebSocketLike> | WebSocketLike;
    try {
      opening = this.#open(this.#opening!.signal, refresh);
    } catch (error) {
      opening = Promise.reject(error);
    }
    if (isPromiseLike(opening)) {
      opening.then(
        (socket) => this.#opened(socket),
        (error: unknown) => this.#openFailed(error),
      );
    } else {
      // A synchronous factory: the socket is ours at once, so close() waits for it to close.
      this.#opened(opening);
    }
  }

  /** Masks the client's secrets in what the server (or the socket library) said. */
  mask<T>(value: T): T {
    return this.#secrets ? mask(this.#secrets, value) : value;
  }

  /** True once the socket is closing or closed: nothing more can be sent. */
  get isEnded(): boolean {
    return this.#state === 'closing' || this.#state === 'closed';
  }

  /** The close code and reason, once the socket has closed. */
  get closeInfo(): CloseInfo | undefined {
    return this.#closeInfo;
  }

  /** Sends now if open, else once open (in order). Callers check `isEnded` first. */
  send(text: string): void {
    if (this.#state === 'open' && this.#socket) this.#socket.send(text);
    else if (this.#state === 'connecting') this.#outbox.push(text);
  }

  /**
   * Closes the socket and resolves once it is closed. Idempotent; harmless after the
   * server closed. While `open()` is still pending it resolves at once (the signal given
   * to `open()` is aborted, and a socket it still delivers is closed as soon as it exists).
   * Codes are limited to 1000 and 3000–4999, the ones a browser accepts.
   */
  close(code = 1000, reason?: string): Promise<void> {
    if (code !== 1000 && !(Number.isInteger(code) && code >= 3000 && code <= 4999)) {
      return Promise.reject(new PyFlueInputError(`close code ${code} is not allowed; use 1000 or a code from 3000 to 4999.`));
    }
    if (reason !== undefined && new TextEncoder().encode(reason).length > 123) {
      return Promise.reject(new PyFlueInputError('close reason is longer than 123 UTF-8 bytes; shorten it.'));
    }
    this.#end(
      new PyFlueSocketError(`Socket ${this.url} was closed by the client (close()); whatever was pending is cancelled. Connect again to continue.`),
      code,
      reason,
    );
    return this.#closed;
  }

  /** Ends the connection with `error` (what pending work rejects with): `client.close()`, a timeout. */
  closeWith(error: PyFlueSocketError | Error): Promise<void> {
    this.#end(error as PyFlueSocketError, 1000, undefined);
    return this.#closed;
  }

  /** The server broke the protocol: fail everything pending and close with 1002. */
  violation(what: string): void {
    this.#end(
      new PyFlueSocketError(
        `Socket ${this.url} broke the protocol: ${this.mask(what)}. The socket was closed (1002); check that the URL points at a PyFlue server of a matching version.`,
        { closeCode: PROTOCOL_ERROR },
      ),
      PROTOCOL_ERROR,
      'protocol error',
    );
  }

  /** Decides the end locally: tell the owner now (pending work fails promptly), then close. */
  #end(error: PyFlueSocketError, code: number, reason: string | undefined): void {
    if (this.isEnded) return;
    this.#state = 'closing';
    this.#endError = error;
    this.#requestedClose = { code, reason };
    this.#outbox = [];
    this.#clearTimer();
    this.#rejectReady(error);
    this.#handlers.onEnd(error);
    if (this.#socket) {
      closeSocket(this.#socket, code, reason);
      // A server (or a proxy) that never answers the close must not hold close() for ever
      // (`ws` would wait 30 s): after a short grace the connection is dropped and settled.
      const socket = this.#socket;
      // (A socket that reported its close synchronously has settled already.)
      if (this.#isSettled()) return;
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        try {
          (socket as { terminate?: () => void }).terminate?.();
        } catch {
          // Nothing more to do with it.
        }
        this.#settle();
      }, CLOSE_GRACE_MS);
    } else {
      // open() has not settled: stop waiting for it. Nothing is open, so the end is final now.
      this.#opening?.abort(error);
      this.#settle();
    }
  }

  readonly #timedOut = (timeoutMs: number): void => {
    this.#timer = undefined;
    if (this.#state !== 'connecting') return;
    const message = this.#socket
      ? `Socket ${this.url} did not open: the handshake got no answer within ${timeoutMs} ms. ` +
        'Check that the server is running and that the URL points at it (a proxy may be holding the upgrade), or raise connectTimeoutMs.'
      : `Socket ${this.url} did not open within ${timeoutMs} ms: the socket was never created, because open() ` +
        '(which resolves the headers) had not finished. Check your headers or token function, or raise connectTimeoutMs.';
    const cause = new PyFlueTimeoutError(message, 'WEBSOCKET', this.url);
    this.#end(new PyFlueSocketError(message, { cause }), 1000, undefined);
  };

  #clearTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** `open()` delivered its socket. */
  #opened(socket: WebSocketLike): void {
    this.#opening = undefined;
    if (this.#state !== 'connecting') {
      // The connection already ended (and settled) while open() was pending: nobody will use this socket.
      const { code, reason } = this.#requestedClose ?? { code: 1000, reason: undefined };
      try {
        // `ws` reports closing a connecting socket as an error event, which must have a listener.
        socket.addEventListener('error', ignore);
        closeSocket(socket, code, reason);
      } catch {
        // Not a socket we can close; there is nothing more to do with it.
      }
      return;
    }
    try {
      socket.addEventListener('open', this.#onOpen);
      socket.addEventListener('message', this.#onMessage);
      socket.addEventListener('error', this.#onError);
      socket.addEventListener('close', this.#onClose);
    } catch (error) {
      return this.#openFailed(error); // the factory returned something that is not a WebSocket
    }
    this.#socket = socket;
    if (socket.readyState === OPEN) this.#onOpen(); // a factory may hand over an open socket
  }

  #openFailed(cause: unknown): void {
    this.#opening = undefined;
    // After a local end the connection has settled already; this failure is only the abort.
    if (this.#state !== 'connecting') return;
    const error = new PyFlueSocketError(
      `Could not open socket ${this.url}: ${this.mask(describe(cause))}. Check the base URL and the headers you pass.`,
      { cause: this.#safeCause(cause) },
    );
    this.#state = 'closing';
    this.#endError = error;
    this.#outbox = [];
    this.#rejectReady(error);
    this.#handlers.onEnd(error);
    this.#settle();
  }

  readonly #onOpen = (): void => {
    if (this.#state !== 'connecting') return;
    this.#state = 'open';
    this.#clearTimer();
    this.#resolveReady();
    const queued = this.#outbox;
    this.#outbox = [];
    for (const text of queued) this.#socket!.send(text);
  };

  readonly #onMessage = (event: WebSocketLikeEventMap['message']): void => {
    // After a local end, pending work is already settled; late frames change nothing.
    if (this.#state !== 'open') return;
    if (typeof event.data !== 'string') return this.violation('it sent a binary frame; every frame must be JSON text');
    let frame: unknown;
    try {
      frame = JSON.parse(event.data);
    } catch {
      return this.violation(`it sent a frame that is not JSON: ${preview(event.data)}`);
    }
    if (frame === null || typeof frame !== 'object' || Array.isArray(frame)) {
      return this.violation(`it sent a frame that is not a JSON object: ${preview(event.data)}`);
    }
    this.#handlers.onFrame(frame as Record<string, unknown>);
  };

  readonly #onError = (event: WebSocketLikeEventMap['error']): void => {
    // Always followed by a close event; kept only to say why in that message. Never the
    // event itself: its target is the socket, whose request (`ws`: `_req`) holds the headers.
    this.#lastError = this.#safeCause(event);
  };

  readonly #onClose = (event: WebSocketLikeEventMap['close']): void => {
    const wasOpen = this.#state === 'open';
    const socket = this.#socket;
    if (!wasOpen && !this.#endError && socket && this.#retryUnauthorized && /\b401\b/.test(describe(this.#lastError))) {
      // Refused with 401 before opening, and the token comes from a function: ask it again, once.
      this.#retryUnauthorized = false;
      this.#detach(socket);
      this.#socket = undefined;
      this.#lastError = undefined;
      this.#opening = new AbortController();
      return this.#begin(true);
    }
    // A server that echoes the token it refused must not put it into an error or closeInfo.
    const reason = event.reason ? this.mask(event.reason) : event.reason;
    this.#closeInfo = { code: event.code, reason };
    if (!this.#endError) {
      const why = this.#lastError === undefined ? '' : ` (${describe(this.#lastError)})`;
      const detail = `code ${event.code}${reason ? ` "${shorten(reason, 123)}"` : ''}${why}`;
      const error = wasOpen
        ? new PyFlueSocketError(
            `Socket ${this.url} closed with ${detail} before an answer arrived: ${explainCloseCode(event.code)} Connect again to retry.`,
            { closeCode: event.code, closeReason: reason, cause: this.#lastError },
          )
        : new PyFlueSocketError(
            `Could not open socket ${this.url}: it closed with ${detail} before opening (${explainCloseCode(event.code)}) ` +
              'Check that the server is running, the URL, and the token.',
            { closeCode: event.code, closeReason: reason, cause: this.#lastError },
          );
      this.#endError = error;
      this.#state = 'closing';
      this.#rejectReady(error);
      this.#handlers.onEnd(error);
    }
    this.#settle();
  };

  #detach(socket: WebSocketLike): void {
    socket.removeEventListener('open', this.#onOpen);
    socket.removeEventListener('message', this.#onMessage);
    socket.removeEventListener('error', this.#onError);
    socket.removeEventListener('close', this.#onClose);
  }

  /**
   * What an error may keep as its `cause`: an Error with the same (masked) message and
   * nothing else. Neither a socket event (its target holds the request and its headers) nor
   * an error object of a library's, which may reference its request.
   */
  #safeCause(value: unknown): Error | undefined {
    // The client's own input error (a token or headers function that gave a bad value) is kept as it is: its type says
    // what to fix, and its message never repeats a value (still, one that would show a secret is copied masked).
    if (value instanceof PyFlueInputError && this.mask(value.message) === value.message) return value;
    return value === undefined ? undefined : plainCause(value, this.mask(describe(value)));
  }

  #isSettled(): boolean {
    return this.#state === 'closed';
  }

  #settle(): void {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    this.#clearTimer();
    if (this.#socket) this.#detach(this.#socket);
    this.#resolveClosed();
    try {
      this.#onSettled?.();
    } catch {
      // Bookkeeping of the caller; it must not turn a clean close into a crash.
    }
  }
}

function closeSocket(socket: WebSocketLike, code: number, reason: string | undefined): void {
  try {
    socket.close(code, reason);
  } catch {
    // A browser refuses 1002 (only 1000 and 3000–4999 are allowed there); close plainly.
    socket.close();
  }
}

function ignore(): void {}

/** What the close codes a PyFlue socket meets mean, for messages: each code is explained by its own meaning. */
const CLOSE_CODES: Record<number, string> = {
  1000: 'a normal close',
  1001: 'the server is going away (shutting down)',
  1002: 'a protocol error',
  1005: 'the close carried no code',
  1006: 'the connection was lost without a close frame (the network, a proxy or a crashed server)',
  1008: 'the server refused it under its policy',
  1009: 'a message was too big for the server',
  1011: 'the server failed while handling a message (see its log)',
  1012: 'the server is restarting',
  1013: 'the server is overloaded: try again later',
};

/** The meaning of a close code, in a sentence. */
export function explainCloseCode(code: number): string {
  const known = CLOSE_CODES[code];
  if (known) return `code ${code} means ${known}.`;
  if (code >= 4000 && code <= 4999) return `code ${code} is the application's own (see the server's documentation).`;
  if (code >= 3000 && code <= 3999) return `code ${code} is registered by a library or framework (see the server's documentation).`;
  return `code ${code} is not a standard close code.`;
}

function isPromiseLike<T>(value: PromiseLike<T> | T): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null | undefined)?.then === 'function';
}

/**
 * Listeners that cannot hurt each other or the socket: one that throws is skipped, and
 * its error goes to `report` after the frame has reached every other listener.
 */
export class Listeners<T> {
  readonly #set = new Set<(value: T) => void>();

  constructor(private readonly report: (error: unknown) => void = reportListenerError) {}

  add(listener: (value: T) => void): () => void {
    // Refused now: accepted, it would throw at every frame, far from the mistake.
    if (typeof listener !== 'function') {
      throw new PyFlueInputError(`onEvent needs a function (message) => void; got ${listener === null ? 'null' : typeof listener}.`);
    }
    // Wrapped so the same function added twice gets two subscriptions, each removable once.
    const entry = (value: T): void => listener(value);
    this.#set.add(entry);
    return () => {
      this.#set.delete(entry);
    };
  }

  emit(value: T): void {
    for (const listener of [...this.#set]) {
      try {
        listener(value);
      } catch (error) {
        // A listener's bug is its own: the frame still reaches the others and the pending call.
        try {
          this.report(error);
        } catch {
          // The reporter's own failure must not break the socket either.
        }
      }
    }
  }
}

function preview(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}
