/**
 * Failures a test arranges ahead of the calls it makes, to see how the app under test
 * copes: error answers (5xx, 401, 429 with Retry-After, ...) or a dropped connection for
 * the next calls, a stream cut after N events, a call or stream that stalls, a socket
 * dropped after N frames. Each fault is used up by the calls it matches, in the order the
 * faults were arranged.
 */
import type { components } from '../spec.js';
import { PyFlueInputError } from '../facade/core/errors.js';
import { MAX_TIMER_MS, describe } from '../facade/internal/checks.js';
import { checkOptions, optionKeys } from '../facade/internal/options.js';

/** The wire shape (both spellings), as the server sends it. */
type ErrorBody = components['schemas']['ErrorBody'];

/** The statuses an error fault can answer (what servers and proxies in front of PyFlue send). */
export type FaultStatus = 400 | 401 | 403 | 404 | 408 | 409 | 413 | 422 | 429 | 500 | 502 | 503 | 504;

/** Which calls a fault applies to (all of them when omitted). */
export interface FaultMatch {
  /** The HTTP method (`GET`, `POST`); sockets have none. */
  method?: string;
  /** The path without the base URL's prefix: a string matches as a prefix (`/runs/`), a RegExp is tested. */
  path?: string | RegExp;
}

/** Answer with this status and an error envelope (`error` overrides its fields). */
export interface ErrorFault {
  status: FaultStatus;
  /** Seconds, sent as `Retry-After`. */
  retryAfter?: number;
  error?: Partial<ErrorBody>;
  headers?: Record<string, string>;
}

/** Fail the call as a dropped connection does: `fetch` rejects with a TypeError. */
export interface NetworkFault {
  network: true;
}

/** What `faults.next()` answers instead of the fake's routes. */
export type HttpFault = ErrorFault | NetworkFault;

/** What `faults.stall()` holds up, and for how long. */
export interface StallOptions {
  /** How many matching calls stall (default 1). */
  count?: number;
  /** How long (default: until the caller aborts or the fake closes). */
  ms?: number;
  /** Stall a stream after this many events instead of before the answer. */
  afterEvents?: number;
  match?: FaultMatch;
}

/** `fake.faults`. */
export interface FakeFaults {
  /** The next `count` matching HTTP calls get `fault` instead of reaching the fake's routes. */
  next(count: number, fault: HttpFault, match?: FaultMatch): void;
  /**
   * The next matching event stream breaks after `events` events, as a dropped connection
   * (the body errors after the bytes sent so far). A stream with exactly that many events
   * drops instead of ending cleanly; one with fewer ends as usual.
   */
  cutStreamAfter(events: number, match?: FaultMatch): void;
  /** The next matching calls hang before answering, or (with `afterEvents`) their stream goes quiet. */
  stall(options?: StallOptions): void;
  /** The next matching socket is dropped (close code 1006) after the server sent `frames` frames. */
  dropSocketAfter(frames: number, match?: FaultMatch): void;
  /** Forgets every fault not used yet, and releases calls and streams stalled for good. */
  clear(): void;
  /** How many faults are still waiting for a call. */
  readonly pendingCount: number;
}

/** A call as faults see it. */
export interface FaultCall {
  method: string | undefined;
  path: string;
}

type Entry =
  | { kind: 'http'; left: number; fault: HttpFault; match: FaultMatch | undefined }
  | { kind: 'stall'; left: number; ms: number | undefined; match: FaultMatch | undefined }
  | { kind: 'stream'; left: number; cutAfter: number | undefined; stallAfter: number | undefined; ms: number | undefined; match: FaultMatch | undefined }
  | { kind: 'socket'; left: number; frames: number; match: FaultMatch | undefined };

/** What a stream does under the fault it drew. */
export interface StreamFault {
  cutAfter?: number | undefined;
  stallAfter?: number | undefined;
  stallMs?: number | undefined;
}

function count(value: number, what: string, min = 1): number {
  if (!Number.isSafeInteger(value) || value < min) throw new PyFlueInputError(`fake.faults.${what} must be an integer >= ${min}; got ${String(value)}.`);
  return value;
}

function checkMs(ms: number | undefined): number | undefined {
  // At most what a timer can wait: a longer one would fire at once (setTimeout's 32-bit delay).
  if (ms !== undefined && (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0 || ms > MAX_TIMER_MS)) {
    throw new PyFlueInputError(`fake.faults.stall: ms must be a number from 0 to ${MAX_TIMER_MS}; got ${describe(ms)}.`);
  }
  return ms;
}

const STALL_KEYS = optionKeys<StallOptions>({ count: true, ms: true, afterEvents: true, match: true });
const MATCH_KEYS = optionKeys<FaultMatch>({ method: true, path: true });

/** A fault's match, checked when the fault is set (a typo in it would make the fault match every call). */
function checkMatch(match: FaultMatch | undefined, where: string): FaultMatch | undefined {
  if (match === undefined) return undefined;
  checkOptions(match, MATCH_KEYS, `${where}: match`);
  if (match.method !== undefined && (typeof match.method !== 'string' || match.method === '')) {
    throw new PyFlueInputError(`${where}: match.method must be an HTTP method such as "GET"; got ${describe(match.method)}.`);
  }
  if (match.path !== undefined && typeof match.path !== 'string' && !(match.path instanceof RegExp)) {
    throw new PyFlueInputError(`${where}: match.path must be a string (a prefix) or a RegExp; got ${describe(match.path)}.`);
  }
  return match;
}

export class FaultController implements FakeFaults {
  #entries: Entry[] = [];
  /** Released by clear() and close(): stalls "for good" wait on it. */
  #release = new AbortController();

  next(calls: number, fault: HttpFault, match?: FaultMatch): void {
    count(calls, 'next(count)');
    checkMatch(match, 'fake.faults.next()');
    if (fault === null || typeof fault !== 'object' || !('network' in fault && fault.network === true) && !(typeof (fault as ErrorFault).status === 'number' && (fault as ErrorFault).status >= 400)) {
      throw new PyFlueInputError('fake.faults.next: the fault must be { status: 4xx | 5xx, ... } or { network: true }.');
    }
    this.#entries.push({ kind: 'http', left: calls, fault, match });
  }

  cutStreamAfter(events: number, match?: FaultMatch): void {
    checkMatch(match, 'fake.faults.cutStreamAfter()');
    this.#entries.push({ kind: 'stream', left: 1, cutAfter: count(events, 'cutStreamAfter(events)', 0), stallAfter: undefined, ms: undefined, match });
  }

  stall(options: StallOptions = {}): void {
    checkOptions(options, STALL_KEYS, 'fake.faults.stall()');
    checkMatch(options.match, 'fake.faults.stall()');
    const calls = count(options.count === undefined ? 1 : options.count, 'stall({ count })');
    const ms = checkMs(options.ms);
    if (options.afterEvents !== undefined) {
      const stallAfter = count(options.afterEvents, 'stall({ afterEvents })', 0);
      this.#entries.push({ kind: 'stream', left: calls, cutAfter: undefined, stallAfter, ms, match: options.match });
    } else {
      this.#entries.push({ kind: 'stall', left: calls, ms, match: options.match });
    }
  }

  dropSocketAfter(frames: number, match?: FaultMatch): void {
    checkMatch(match, 'fake.faults.dropSocketAfter()');
    this.#entries.push({ kind: 'socket', left: 1, frames: count(frames, 'dropSocketAfter(frames)', 0), match });
  }

  clear(): void {
    this.#entries = [];
    this.#release.abort();
    this.#release = new AbortController();
  }

  get pendingCount(): number {
    return this.#entries.reduce((total, entry) => total + entry.left, 0);
  }

  /** Aborted when stalls that have no end should end (clear() or the fake closing). */
  get released(): AbortSignal {
    return this.#release.signal;
  }

  /** The fault an HTTP call meets before it is answered, if any. */
  takeHttp(call: FaultCall): { fault: HttpFault } | { stallMs: number | undefined } | undefined {
    const entry = this.#take(call, (item) => item.kind === 'http' || item.kind === 'stall');
    if (entry?.kind === 'http') return { fault: entry.fault };
    if (entry?.kind === 'stall') return { stallMs: entry.ms };
    return undefined;
  }

  /** The fault an event stream meets, if any. */
  takeStream(call: FaultCall): StreamFault | undefined {
    const entry = this.#take(call, (item) => item.kind === 'stream');
    return entry?.kind === 'stream' ? { cutAfter: entry.cutAfter, stallAfter: entry.stallAfter, stallMs: entry.ms } : undefined;
  }

  /** After how many frames the socket for `path` is dropped, if at all. */
  takeSocket(call: FaultCall): number | undefined {
    const entry = this.#take(call, (item) => item.kind === 'socket');
    return entry?.kind === 'socket' ? entry.frames : undefined;
  }

  #take(call: FaultCall, kind: (entry: Entry) => boolean): Entry | undefined {
    const index = this.#entries.findIndex((entry) => kind(entry) && matches(entry.match, call));
    if (index < 0) return undefined;
    const entry = this.#entries[index]!;
    entry.left -= 1;
    if (entry.left === 0) this.#entries.splice(index, 1);
    return entry;
  }
}

function matches(match: FaultMatch | undefined, call: FaultCall): boolean {
  if (!match) return true;
  if (match.method !== undefined && match.method.toUpperCase() !== call.method) return false;
  if (match.path === undefined) return true;
  return typeof match.path === 'string' ? call.path.startsWith(match.path) : match.path.test(call.path);
}

const DEFAULT_TYPES: Partial<Record<FaultStatus, [string, string]>> = {
  400: ['bad_request', 'Bad request.'],
  401: ['unauthorized', 'Authentication is required.'],
  403: ['forbidden', 'Access is denied.'],
  404: ['not_found', 'Not found.'],
  408: ['request_timeout', 'The request timed out.'],
  409: ['conflict', 'Conflict.'],
  413: ['payload_too_large', 'The request body is too large.'],
  422: ['validation_error', 'The request is not valid.'],
  429: ['rate_limited', 'Too many requests.'],
  500: ['internal_error', 'An internal error occurred.'],
  502: ['bad_gateway', 'The upstream server did not answer properly.'],
  503: ['service_unavailable', 'The service is unavailable.'],
  504: ['gateway_timeout', 'The upstream server did not answer in time.'],
};

/** The answer of an error fault: an envelope with the status's usual type, and the headers. */
export function errorFaultAnswer(fault: ErrorFault): { status: number; headers: Record<string, string>; body: { error: ErrorBody } } {
  const [type, message] = DEFAULT_TYPES[fault.status] ?? ['error', 'The request failed.'];
  const headers: Record<string, string> = { ...(fault.headers ?? {}) };
  if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
  return {
    status: fault.status,
    headers,
    body: { error: { type, message, details: 'Injected by fake.faults.next().', ...(fault.error ?? {}) } },
  };
}
