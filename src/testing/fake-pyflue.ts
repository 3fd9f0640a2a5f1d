/**
 * `createFakePyFlue`: a PyFlue 0.2.0 server in the test's own process, for the client's
 * `fetch` and `websocket` options; or, with `listen()`, on a loopback port.
 */
import type { WebSocketFactory } from '../index.js';
import { PyFlueInputError } from '../facade/core/errors.js';
import { describe, hasControlCharacter, optionalInteger, optionalMs, optionalString } from '../facade/internal/checks.js';
import { MAX_BASE_URL, checkOptions, optionKeys } from '../facade/internal/options.js';
import { FakeCore } from './core.js';
import type { FakeFaults } from './faults.js';
import { createInProcessFetch } from './in-process-fetch.js';
import { createInProcessWebSocketFactory } from './in-process-websocket.js';
import type { FakeDefaultAgent, FakePyFlueOptions } from './types.js';

/** `fake.listen()`'s answer: where the fake is served, and how to stop serving it there. */
export interface FakePyFlueListening {
  /** `http://127.0.0.1:<port>` (plus the base URL's path prefix, if it has one). */
  baseUrl: string;
  port: number;
  /** Stops serving on the port (open connections are dropped); the in-process fake stays up. */
  close(): Promise<void>;
}

/** Where `fake.listen()` serves the fake. */
export interface FakeListenOptions {
  /** Default 0: a free port. */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
}

/** A fake PyFlue server. Pass `baseUrl`, `fetch` and `websocket` to the client. */
export interface FakePyFlue extends AsyncDisposable {
  /** The base URL the in-process `fetch` and `websocket` answer (default `http://pyflue.fake.invalid`). */
  readonly baseUrl: string;
  /** A `fetch` answered by the fake, in process. */
  readonly fetch: typeof fetch;
  /** A WebSocket factory whose sockets talk to the fake, in process. */
  readonly websocket: WebSocketFactory;
  /** Failures to inject into the next calls, streams and sockets. */
  readonly faults: FakeFaults;
  /** Serves the same fake (same agents, runs and sessions) on a loopback port, with node:http and ws (Node only). */
  listen(options?: FakeListenOptions): Promise<FakePyFlueListening>;
  /** Settles once background work has finished: webhook and accepted runs, dispatched input. */
  idle(): Promise<void>;
  /**
   * Stops the fake: open streams and sockets drop, handlers' `ctx.signal` aborts, later
   * calls fail as against a closed port, and every `listen()` stops. Idempotent.
   */
  close(): Promise<void>;
}

const DEFAULT_BASE_URL = 'http://pyflue.fake.invalid';
const FAKE_KEYS = optionKeys<FakePyFlueOptions>({ agents: true, workflows: true, defaultAgent: true, baseUrl: true, maxRuns: true, heartbeatMs: true });
const LISTEN_KEYS = optionKeys<FakeListenOptions>({ port: true, host: true });

/**
 * Creates a fake PyFlue server with the given agents and workflows.
 *
 * ```ts
 * const fake = await createFakePyFlue({
 *   workflows: { greet: async (ctx) => ({ greeting: `Hello, ${ctx.payload.name}!` }) },
 * });
 * const client = createFlueClient({ baseUrl: fake.baseUrl, fetch: fake.fetch, websocket: fake.websocket });
 * ```
 */
export async function createFakePyFlue(options: FakePyFlueOptions = {}): Promise<FakePyFlue> {
  checkOptions(options, FAKE_KEYS, 'createFakePyFlue()');
  optionalInteger(options.maxRuns, 'createFakePyFlue(): maxRuns', 1);
  optionalMs(options.heartbeatMs, 'createFakePyFlue(): heartbeatMs');
  const { defaultAgent, baseUrl: givenUrl } = options;
  if (defaultAgent !== undefined && typeof (defaultAgent as Partial<FakeDefaultAgent> | null)?.reply !== 'function') {
    throw new PyFlueInputError(`createFakePyFlue(): defaultAgent must be { reply: (turn) => text }; got ${describe(defaultAgent)}.`);
  }
  // The URL parser would drop a line break silently, and a long one is repeated in every message.
  if (typeof givenUrl === 'string' && (hasControlCharacter(givenUrl) || givenUrl.length > MAX_BASE_URL)) {
    throw new PyFlueInputError(`createFakePyFlue(): baseUrl must be an http(s) URL of at most ${MAX_BASE_URL} characters without control characters.`);
  }
  let base: URL;
  try {
    base = new URL(optionalString(options.baseUrl, 'createFakePyFlue(): baseUrl') ?? DEFAULT_BASE_URL);
  } catch (error) {
    if (error instanceof PyFlueInputError) throw error;
    throw new PyFlueInputError(`createFakePyFlue: baseUrl must be an absolute http(s) URL such as "http://pyflue.fake.invalid".`);
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new PyFlueInputError(`createFakePyFlue: baseUrl must be http(s); got ${base.protocol}`);
  if (base.search || base.hash || base.username) throw new PyFlueInputError('createFakePyFlue: baseUrl must have no query, fragment or credentials.');
  const core = new FakeCore(options);
  const baseUrl = `${base.origin}${base.pathname.replace(/\/+$/, '')}`;
  const listeners = new Set<FakePyFlueListening>();

  const close = async () => {
    core.close();
    await Promise.all([...listeners].map((listening) => listening.close()));
  };
  return {
    baseUrl,
    fetch: createInProcessFetch(core, base),
    websocket: createInProcessWebSocketFactory(core, base),
    faults: core.faults,
    async listen(listenOptions = {}) {
      checkOptions(listenOptions, LISTEN_KEYS, 'fake.listen()');
      optionalInteger(listenOptions.port, 'fake.listen(): port', 0, 65_535);
      optionalString(listenOptions.host, 'fake.listen(): host');
      if (core.closed) throw new Error('The fake PyFlue server is closed; create another one.');
      // Loaded only here, so a browser bundle of the in-process fake never needs node:http.
      const { listen } = await import('./listen.js');
      const listening = await listen(core, base.pathname.replace(/\/+$/, ''), listenOptions.port ?? 0, listenOptions.host ?? '127.0.0.1');
      const tracked: FakePyFlueListening = {
        baseUrl: listening.baseUrl,
        port: listening.port,
        close: async () => {
          listeners.delete(tracked);
          await listening.close();
        },
      };
      listeners.add(tracked);
      return tracked;
    },
    idle: () => core.engine.idle(),
    close,
    [Symbol.asyncDispose]: close,
  };
}
