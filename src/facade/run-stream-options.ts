/**
 * The options of a run's stream and where it starts: what `runs.stream`, `workflows.stream`
 * and a file-based `agents.stream` check before anything is sent. Apart from run-stream.ts
 * so the client checks them at once while the resume logic itself loads with the first
 * run stream (bench/bundle.ts).
 */
import type { JsonFrame } from './stream-frames.js';
import type { CallSpec, RequestOptions } from './transport.js';
import { checkHeaders } from './header-check.js';
import { optionalInteger } from './validate.js';

/** How a run's stream rides out drops and silence; `runs.stream`, `workflows.stream` and `agents.stream` take these. */
export interface ResumeOptions {
  /** Reconnections allowed in a row without a new event before giving up. Default 5. */
  maxRetries?: number | undefined;
  /** First delay before reconnecting, doubled for each failure in a row (max 8 s). Default 250. */
  retryDelayMs?: number | undefined;
  /**
   * Silence allowed on the connection, in ms, before it counts as dropped (and the run's
   * own stream, which sends a keep-alive every 15 s, takes over). Overrides the client's
   * `idleTimeoutMs` (default 45 000); 0: wait for ever.
   */
  idleTimeoutMs?: number | undefined;
}

/** Options of `runs.stream`. */
export interface RunStreamOptions extends Omit<RequestOptions, 'maxRetries'>, ResumeOptions {
  /** Start after this event index (0: from the start). */
  after?: number | undefined;
}

/** Options of a run stream, checked and with their defaults. */
export interface ResumeSettings {
  after: number;
  maxRetries: number;
  retryDelayMs: number;
  timeoutMs: number | undefined;
  /** The deadline of each connection until its headers are in (the client's when undefined). */
  deadlineMs: number | undefined;
  idleTimeoutMs: number;
  /** The call's own headers, sent with the POST and with every reconnect. */
  headers: Record<string, string> | undefined;
}

/** Checks the options of a run stream (PyFlueInputError, before anything is sent) and fills in defaults. */
export function resumeSettings(options: RunStreamOptions, clientIdleTimeoutMs: number): ResumeSettings {
  return {
    after: optionalInteger(options.after, 'after', 0) ?? 0,
    maxRetries: optionalInteger(options.maxRetries, 'maxRetries', 0) ?? 5,
    retryDelayMs: optionalInteger(options.retryDelayMs, 'retryDelayMs', 0) ?? 250,
    timeoutMs: optionalInteger(options.timeoutMs, 'timeoutMs', 0),
    deadlineMs: optionalInteger(options.deadlineMs, 'deadlineMs', 0),
    idleTimeoutMs: optionalInteger(options.idleTimeoutMs, 'idleTimeoutMs', 0) ?? clientIdleTimeoutMs,
    headers: options.headers === undefined ? undefined : (checkHeaders(options.headers, 'headers'), options.headers),
  };
}

/** Reshapes a route's frames before they are read as events (e.g. unknown frame types into `UnknownFrame`s). */
export type FrameShaper = (batches: AsyncGenerator<JsonFrame[]>) => AsyncGenerator<JsonFrame[]>;

/** Where a run stream begins: a known run, or a POST that starts one. */
export type RunStart = { runId: string } | { post: CallSpec<ReadableStream<Uint8Array> | null>['send'] };
