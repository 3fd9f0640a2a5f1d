/**
 * What every resource shares: the transport, the options, the typed app's checks, the
 * builders of streams, and the registry of open streams and sockets that
 * `client.close()` closes.
 */
import { EventStream, type StreamContext, type StreamSource } from '../core/event-stream.js';
import { PyFlueClientClosedError, PyFlueInputError, redactUrl } from '../core/errors.js';
import type { RequestOptions, RunStreamOptions } from '../core/options.js';
import type { PromptStreamEvent, RunStreamEvent } from '../core/types.js';
import type { AppValidators, Kind } from './app-validators.js';
import { closeForClient } from './closing.js';
import { loadSchema, loadStreams } from './load.js';
import { checkOptions, resumeSettings, type OptionKeys, type ResolvedOptions } from './options.js';
import type { RunStart } from './streams/run-stream.js';
import type { Send, Transport } from './transport.js';

/** A method's option names and its name in messages: what `checkOptions` checks a bag against. */
export interface OptionsCheck {
  keys: OptionKeys;
  where: string;
}

export interface Closable {
  close(): Promise<void>;
}

/** A tracked thing that can be ended with the client's "closed" error. */
export interface ClientClosable extends Closable {
  [closeForClient]?(error: PyFlueClientClosedError): Promise<void>;
}

export class ClientContext {
  readonly #open = new Set<ClientClosable>();

  /** `app` holds the typed app's validators, when the client was given any. */
  constructor(
    readonly transport: Transport,
    readonly app?: AppValidators | undefined,
  ) {}

  /** The client's options (the transport's own). */
  get options(): ResolvedOptions {
    return this.transport.options;
  }

  /** Throws PyFlueClientClosedError once `client.close()` was called: a closed client starts nothing. */
  assertOpen(what: string): void {
    const closed = this.transport.closedError;
    if (closed) throw new PyFlueClientClosedError(`${what}: this client was closed (client.close()); create a new client to go on.`);
  }

  /** Registers what `create` builds until it reports itself settled. */
  track<T extends ClientClosable>(create: (onSettled: () => void) => T): T {
    let settled = false;
    let item: T | undefined;
    item = create(() => {
      settled = true;
      if (item) this.#open.delete(item);
    });
    if (!settled) this.#open.add(item);
    return item;
  }

  /**
   * An EventStream over the source `open` gives, closed by `client.close()`. It is tracked
   * from its start (streams are lazy): one never started holds nothing to close.
   */
  stream<T>(open: (context: StreamContext) => Promise<StreamSource<T>>, signal: AbortSignal | undefined, runId?: string): EventStream<T> {
    this.assertOpen('Cannot start a stream');
    let stream: EventStream<T> | undefined;
    let settled = false;
    stream = new EventStream(
      (context) => {
        // Created before client.close(), started after it.
        this.assertOpen('Cannot start this stream');
        return open(context);
      },
      {
        signal,
        runId,
        onStart: () => {
          if (!settled && stream) this.#open.add(stream);
        },
        onSettled: () => {
          settled = true;
          if (stream) this.#open.delete(stream);
        },
      },
    );
    return stream;
  }

  /**
   * A run's stream (streams/run-stream.ts): `runs.stream`, `workflows.stream`, an
   * `agents.stream`, whose frame types are `known` (others come as UnknownFrame). Its
   * options are checked now; the streams chunk loads when the stream starts.
   */
  runStream(start: RunStart, given: RunStreamOptions, known: ReadonlySet<string>, check: OptionsCheck): EventStream<RunStreamEvent> {
    const settings = resumeSettings(given, this.options, check.keys, check.where);
    const { transport } = this;
    return this.stream(async (context) => new (await loadStreams()).RunStream(transport, start, settings, context, known), given.signal, 'runId' in start ? start.runId : undefined);
  }

  /** The default agent's stream (`client.stream`): checked now, its frames until `end` once it starts. */
  promptStream(send: Send<ReadableStream<Uint8Array> | null>, given: RequestOptions & { idleTimeoutMs?: number | undefined }, check: OptionsCheck): EventStream<PromptStreamEvent> {
    const options = checkOptions(given, check.keys, check.where);
    const settings = { ...options, idleTimeoutMs: options.idleTimeoutMs ?? this.options.idleTimeoutMs };
    const { transport } = this;
    return this.stream(async (context) => (await loadStreams()).promptStream(transport, send, settings, context), options.signal);
  }

  /** The socket URL for a path: the base URL with ws(s), then the `websocketUrl` transform. */
  socketUrl(path: string): string {
    const url = toWebSocketUrl(this.options.baseUrl, path);
    if (!this.options.websocketUrl) return url;
    let mapped: unknown;
    try {
      mapped = this.options.websocketUrl(url);
    } catch (error) {
      // The caller's own failure, as it is, unless it shows a secret (the URL it was adding, say).
      if (!this.options.secrets.shows(String((error as Error)?.stack ?? error))) throw error;
      throw new PyFlueInputError('The websocketUrl function threw an error that shows the token or a secret header value (so it is not repeated here).');
    }
    if (typeof mapped !== 'string') {
      throw new PyFlueInputError(`The websocketUrl option must return the socket URL as a string; it returned ${mapped === null ? 'null' : typeof mapped} for ${redactUrl(url)}.`);
    }
    return mapped;
  }

  /** The payload as the typed app's validator returns it (PyFlueInputError, nothing sent); as it is without one. */
  async checkPayload<T>(kind: Kind, name: string, payload: T): Promise<T> {
    return this.app ? (await loadSchema()).checkPayload(this.app, kind, name, payload) : payload;
  }

  /** A result as the typed app's validator returns it (PyFlueResultError); as it is without one. */
  async checkResult(kind: Kind, name: string, value: unknown): Promise<unknown> {
    return this.app ? (await loadSchema()).checkResult(this.app, kind, name, value) : value;
  }

  /** A file-based agent's raw body with its handler's value checked (`_meta` set aside for the check). */
  async checkAgentBody(name: string, body: unknown): Promise<unknown> {
    return this.app ? (await loadSchema()).checkAgentBody(this.app, name, body) : body;
  }

  /**
   * Settles everything in flight with PyFlueClientClosedError (HTTP calls, streams,
   * sockets), and makes every later call fail with it at once. Idempotent.
   */
  async closeAll(): Promise<void> {
    // One error per thing ended: a run stream adds its own runId and lastEventIndex to it.
    const closed = () =>
      new PyFlueClientClosedError('The client was closed (client.close()) while this was in flight; it was cancelled. Create a new client to go on.');
    this.transport.close(closed());
    const open = [...this.#open];
    this.#open.clear();
    await Promise.allSettled(open.map((item) => (item[closeForClient] ? item[closeForClient](closed()) : item.close())));
  }
}

const WS_PROTOCOL: Record<string, string> = { 'http:': 'ws:', 'https:': 'wss:' };

/**
 * The socket URL for `path` (a leading `/` is optional) on the server at `httpBaseUrl`, the
 * client's validated http(s) base URL: http → ws, https → wss, keeping the base's path
 * prefix (a server mounted under `/prefix`) and dropping its query and hash, which
 * belong to the base URL, not to the socket route.
 */
export function toWebSocketUrl(httpBaseUrl: string, path: string): string {
  const base = new URL(httpBaseUrl);
  const protocol = WS_PROTOCOL[base.protocol];
  if (protocol === undefined) {
    throw new PyFlueInputError(`baseUrl ${redactUrl(httpBaseUrl)} uses ${base.protocol}; a PyFlue server is reached over http: or https:.`);
  }
  const suffix = path.startsWith('/') ? path : `/${path}`;
  return `${protocol}//${base.host}${base.pathname.replace(/\/+$/, '')}${suffix}`;
}
