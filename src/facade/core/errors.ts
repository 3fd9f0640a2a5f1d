/**
 * Every error the client throws, in one hierarchy:
 *
 *   PyFlueError
 *   ├── PyFlueInputError             bad input, caught before any request
 *   ├── PyFlueApiError               the server answered with an error status
 *   │   ├── PyFlueBadRequestError            400
 *   │   ├── PyFlueUnauthorizedError          401 (a gateway in front of the server)
 *   │   ├── PyFlueForbiddenError             403 (a gateway in front of the server)
 *   │   ├── PyFlueNotFoundError              404
 *   │   ├── PyFlueMethodNotAllowedError      405
 *   │   ├── PyFlueConflictError              409 (a gateway, or a handler's own PyFlueError)
 *   │   ├── PyFlueUnsupportedMediaTypeError  415
 *   │   ├── PyFlueUnprocessableEntityError   422 (FastAPI's own validation answer)
 *   │   ├── PyFlueRateLimitError             429 (a rate limiter in front of the server)
 *   │   └── PyFlueServerError                5xx
 *   ├── PyFlueConnectionError        no answer: refused, reset, DNS, cut mid-stream
 *   │   └── PyFlueTimeoutError       no answer within timeoutMs
 *   ├── PyFlueStreamError            an `event: error` frame, or a malformed stream
 *   ├── PyFlueSocketError            an error frame, an unexpected close, an invalid frame
 *   ├── PyFlueResultError            a result that does not match its schema (a typed app's, or a prompt's)
 *   └── PyFlueClientClosedError      the call was in flight (or started) after client.close()
 *
 * Messages say what happened and what to do. None contains a token: the client never
 * puts one in a URL, and URLs are shown without credentials or query values that look
 * like secrets (a custom `websocketUrl` may add one), cut to a readable length. No error
 * keeps an object that holds the request's headers (a `ws` request, an undici request).
 *
 * Codes: each status class fixes `status` to its literal, and its `type` is one of the codes
 * the spec says the server sends with that status (the unions come from src/generated, so
 * a regenerate updates them), `http_<status>` for an answer without an envelope (a proxy's
 * page), or `'other'` for a code the spec does not know (a handler's own `PyFlueError`).
 * `type` is closed, so a typo such as `error.type === 'run_not_foud'` is a compile error;
 * `code` is the code exactly as sent, any string, for the open vocabulary.
 */
import type { components } from '../../generated/openapi.js';
import type { ErrorBody, ErrorEnvelope, ErrorType } from './types.js';

export type { ErrorBody, ErrorEnvelope };

type Schemas = components['schemas'];

/**
 * The codes the spec gives each status, as values (the `type` of an error is one of them
 * only when the server sent it). `satisfies` fails the build when a regenerate adds a
 * code the map does not have.
 */
const SPEC_CODES = {
  400: { invalid_request: true, invalid_json: true, invalid_query_param: true } satisfies Record<Schemas['BadRequestErrorType'], true>,
  404: { agent_not_found: true, agent_not_webhook: true, not_found: true, run_not_found: true, instance_not_found: true } satisfies Record<Schemas['NotFoundErrorType'], true>,
  405: { method_not_allowed: true } satisfies Record<Schemas['MethodNotAllowedErrorType'], true>,
  415: { unsupported_media_type: true } satisfies Record<Schemas['UnsupportedMediaTypeErrorType'], true>,
  500: { internal_error: true } satisfies Record<Schemas['ServerErrorType'], true>,
} as const;

/** `type` of an error with `status`: the code when the spec gives it that status, `http_<status>` without an envelope, else `other`. */
function knownType(status: number, code: string | undefined): string {
  if (code === undefined) return `http_${status}`;
  const known: Record<string, true> | undefined = (SPEC_CODES as Record<number, Record<string, true>>)[status >= 500 ? 500 : status];
  return known !== undefined && Object.hasOwn(known, code) ? code : 'other';
}

/** The base of every error the client throws. */
export class PyFlueError extends Error {
  override name = 'PyFlueError';
  /**
   * On the error that ends a run's stream (`runs.stream`, `workflows.stream`, a file-based
   * `agents.stream`): the run's id, when it was known. Resume with
   * `runs.stream(error.runId, { after: error.lastEventIndex })`.
   */
  runId?: string | undefined;
  /** On the error that ends a run's stream: the `event_index` of the last event delivered (0: none). */
  lastEventIndex?: number | undefined;
}

/** One problem a Standard Schema validator reported. */
export interface SchemaIssue {
  readonly message: string;
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
}

/** The caller passed something the server cannot accept; nothing was sent. */
export class PyFlueInputError extends PyFlueError {
  override name = 'PyFlueInputError';
  /** What a typed app's payload schema reported, when that is why. */
  readonly issues: ReadonlyArray<SchemaIssue> | undefined;
  constructor(message: string, options?: { issues?: ReadonlyArray<SchemaIssue> | undefined }) {
    super(message);
    this.issues = options?.issues;
  }
}

/** What a `PyFlueApiError` is made from. */
export interface ApiErrorInit {
  status: number;
  method: string;
  url: string;
  /** The response body: the parsed envelope, another JSON value, or text. */
  body: unknown;
  headers?: Headers;
  /** Replaces the message built from the body, for answers that are wrong although their status is not. */
  message?: string;
}

/**
 * The server answered with an error status. `type` is the code among those the spec knows
 * for the status (`run_not_found`, `invalid_query_param`, ...), `http_<status>` when the
 * body is no envelope, `other` for a code of a handler's own; `code` is the code as sent.
 */
export class PyFlueApiError extends PyFlueError {
  override name = 'PyFlueApiError';
  readonly status: number;
  /** A code the spec knows for this status, `http_<status>` (no envelope) or `other` (see `code`). */
  readonly type: ErrorType | `http_${number}` | 'other';
  /** The code exactly as the server sent it, any string (`http_<status>` when the body is no envelope). */
  readonly code: string;
  readonly details: string;
  readonly dev: string | undefined;
  readonly meta: Record<string, unknown> | undefined;
  readonly method: string;
  readonly url: string;
  /** The parsed `{error: {...}}` envelope, when the body was one. */
  readonly envelope: ErrorEnvelope | undefined;
  readonly body: unknown;
  readonly headers: Headers | undefined;

  constructor(init: ApiErrorInit) {
    const envelope = asEnvelope(init.body);
    const url = errorUrl(init.url);
    const error = envelope?.error;
    // The client's own messages (internal/failures.ts) say more; this one is for errors made elsewhere.
    super(init.message ?? `${init.method} ${messageUrl(url)} failed with ${init.status}${error ? ` ${error.type}: ${error.message}${error.details ? ` ${error.details}` : ''}` : ''}`);
    this.status = init.status;
    this.code = error?.type ?? `http_${init.status}`;
    this.type = knownType(init.status, error?.type) as PyFlueApiError['type'];
    this.details = error?.details ?? '';
    this.dev = error?.dev;
    this.meta = error?.meta;
    this.method = init.method;
    this.url = url;
    this.envelope = envelope;
    this.body = init.body;
    this.headers = init.headers;
  }

  /** The subclass for the status: `PyFlueApiError.from(...)` is what the client throws. */
  static from(init: ApiErrorInit): PyFlueApiError {
    const Class = API_ERROR_BY_STATUS[init.status] ?? (init.status >= 500 ? PyFlueServerError : PyFlueApiError);
    return new Class(init);
  }
}

/** 400: `invalid_request`, `invalid_json` or `invalid_query_param`. */
export class PyFlueBadRequestError extends PyFlueApiError {
  override name = 'PyFlueBadRequestError';
  declare readonly status: 400;
  declare readonly type: Schemas['BadRequestErrorType'] | 'http_400' | 'other';
}
/** 401: PyFlue has no auth of its own; a gateway in front of it refused the credentials. */
export class PyFlueUnauthorizedError extends PyFlueApiError {
  override name = 'PyFlueUnauthorizedError';
  declare readonly status: 401;
  declare readonly type: 'http_401' | 'other';
}
/** 403: a gateway in front of the server refused the call. */
export class PyFlueForbiddenError extends PyFlueApiError {
  override name = 'PyFlueForbiddenError';
  declare readonly status: 403;
  declare readonly type: 'http_403' | 'other';
}
/** 404: `agent_not_found`, `agent_not_webhook`, `not_found`, `run_not_found` or `instance_not_found`. */
export class PyFlueNotFoundError extends PyFlueApiError {
  override name = 'PyFlueNotFoundError';
  declare readonly status: 404;
  declare readonly type: Schemas['NotFoundErrorType'] | 'http_404' | 'other';
}
/** 405: `method_not_allowed`; `meta.allowed` lists the methods. */
export class PyFlueMethodNotAllowedError extends PyFlueApiError {
  override name = 'PyFlueMethodNotAllowedError';
  declare readonly status: 405;
  declare readonly type: Schemas['MethodNotAllowedErrorType'] | 'http_405' | 'other';
}
/** 409: a conflict a gateway or a handler's own `PyFlueError` reported. */
export class PyFlueConflictError extends PyFlueApiError {
  override name = 'PyFlueConflictError';
  declare readonly status: 409;
  declare readonly type: 'http_409' | 'other';
}
/** 415: `unsupported_media_type`. */
export class PyFlueUnsupportedMediaTypeError extends PyFlueApiError {
  override name = 'PyFlueUnsupportedMediaTypeError';
  declare readonly status: 415;
  declare readonly type: Schemas['UnsupportedMediaTypeErrorType'] | 'http_415' | 'other';
}
/**
 * 422: FastAPI's own validation answer (`{"detail": [...]}`), or a 422 envelope. (Input the
 * client itself refuses before sending is a `PyFlueInputError`.)
 */
export class PyFlueUnprocessableEntityError extends PyFlueApiError {
  override name = 'PyFlueUnprocessableEntityError';
  declare readonly status: 422;
  declare readonly type: 'http_422' | 'other';
}
/** 429: a rate limiter in front of the server; `headers` may carry `retry-after`. */
export class PyFlueRateLimitError extends PyFlueApiError {
  override name = 'PyFlueRateLimitError';
  declare readonly status: 429;
  declare readonly type: 'http_429' | 'other';
}
/** 5xx: `internal_error` from the server (the reason in `dev`), or a gateway's page. */
export class PyFlueServerError extends PyFlueApiError {
  override name = 'PyFlueServerError';
  declare readonly type: Schemas['ServerErrorType'] | `http_${number}` | 'other';
}

const API_ERROR_BY_STATUS: Record<number, new (init: ApiErrorInit) => PyFlueApiError> = {
  400: PyFlueBadRequestError,
  401: PyFlueUnauthorizedError,
  403: PyFlueForbiddenError,
  404: PyFlueNotFoundError,
  405: PyFlueMethodNotAllowedError,
  409: PyFlueConflictError,
  415: PyFlueUnsupportedMediaTypeError,
  422: PyFlueUnprocessableEntityError,
  429: PyFlueRateLimitError,
};

/**
 * The request got no answer: the server is unreachable or reset the connection, or it
 * dropped mid-stream. (An aborted call rejects with the signal's reason instead.)
 */
export class PyFlueConnectionError extends PyFlueError {
  override name = 'PyFlueConnectionError';
  /** The request's URL (redacted); a socket's URL for a socket's wait. */
  readonly url: string;
  constructor(
    message: string,
    /** The HTTP method (`GET`, `POST`), or `WEBSOCKET` for a socket's wait (opening, a prompt's answer, a run's silence). */
    readonly method: string,
    url: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.url = errorUrl(url);
  }
}

/** No answer in time: `timeoutMs`, `deadlineMs`, `idleTimeoutMs`, a socket's `connectTimeoutMs` or `answerTimeoutMs`. */
export class PyFlueTimeoutError extends PyFlueConnectionError {
  override name = 'PyFlueTimeoutError';
}

/** An `event: error` frame (the server's envelope is in `envelope`), or a stream that is not valid SSE/JSON. */
export class PyFlueStreamError extends PyFlueError {
  override name = 'PyFlueStreamError';
  readonly envelope: ErrorEnvelope | undefined;
  constructor(message: string, options?: { cause?: unknown; envelope?: ErrorEnvelope | undefined }) {
    super(message, options);
    this.envelope = options?.envelope;
  }
}

/** What a `PyFlueSocketError` carries. */
export interface SocketErrorInit {
  cause?: unknown;
  /** The server's error body, for an error frame. */
  error?: ErrorBody | undefined;
  /** The WebSocket close code, for a socket that closed. */
  closeCode?: number | undefined;
  /** The close frame's reason (secrets masked). */
  closeReason?: string | undefined;
}

/** An error frame from the server, a socket that closed with work pending, or a frame that breaks the protocol. */
export class PyFlueSocketError extends PyFlueError {
  override name = 'PyFlueSocketError';
  /** The server's error body, for an error frame. */
  readonly error: SocketErrorInit['error'];
  /** The WebSocket close code (1006: lost, 1002: protocol error, 4xxx: the application's), for a socket that closed. */
  readonly closeCode: number | undefined;
  /** The close frame's reason (secrets masked), for a socket that closed. */
  readonly closeReason: string | undefined;
  constructor(message: string, init: SocketErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.error = init.error;
    this.closeCode = init.closeCode;
    this.closeReason = init.closeReason;
  }
}

/**
 * `client.close()` was called: the call, stream or socket was in flight then (or was
 * started afterwards). A closed client stays closed; create a new one to go on.
 */
export class PyFlueClientClosedError extends PyFlueError {
  override name = 'PyFlueClientClosedError';
}

/**
 * A result that does not match its schema: no result in an agent's text matches the
 * `result` schema of `client.prompt`, or a typed app's result schema refused what the
 * server returned (`value`; the call itself succeeded).
 */
export class PyFlueResultError extends PyFlueError {
  override name = 'PyFlueResultError';
  constructor(
    message: string,
    /** The agent's text, or the refused result as JSON. */
    readonly text: string,
    readonly issues: ReadonlyArray<SchemaIssue>,
    /** The refused result, for a typed app's result schema. */
    readonly value?: unknown,
  ) {
    super(message);
  }
}

/** The body as PyFlue's error envelope (`{ error: { type, message, ... } }`), if it is one. */
export function asEnvelope(body: unknown): ErrorEnvelope | undefined {
  if (body === null || typeof body !== 'object' || !('error' in body)) return undefined;
  const error = (body as { error: unknown }).error;
  if (error === null || typeof error !== 'object') return undefined;
  const { type, message } = error as { type?: unknown; message?: unknown };
  if (typeof type !== 'string' || typeof message !== 'string') return undefined;
  return body as ErrorEnvelope;
}

/** `text` cut to `max` characters with an ellipsis: ids and URLs in messages stay readable. */
export function shorten(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * What a PyFlue error keeps as `cause` from an error it did not make: a copy with only the
 * name and `message`. The original may reference the request (a `ws` socket's `_req`, a
 * fetch wrapper's `Request`), whose headers carry the token.
 */
export function plainCause(error: unknown, message: string): Error {
  const copy = new Error(message);
  if (error instanceof Error) copy.name = error.name;
  return copy;
}

/** The longest `url` an error keeps: a megabyte-long id must not make a megabyte-long error. */
const MAX_ERROR_URL = 2_000;

/** A URL as an error's `url` keeps it: redacted, and cut (far longer than `messageUrl`, still bounded). */
export function errorUrl(raw: string): string {
  return shorten(redactUrl(raw), MAX_ERROR_URL);
}

/** A URL as messages show it: redacted (see `redactUrl`) and cut to a readable length. */
export function messageUrl(raw: string): string {
  return shorten(redactUrl(raw), 200);
}

const SECRET_QUERY_KEY = /token|key|secret|auth|sig|pass|credential|session/i;

/** A URL safe to show: no user info, and query values that look like credentials masked. */
export function redactUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    // Not a URL: still drop a query and anything that looks like `user:password@`.
    return raw.replace(/\?.*$/s, '').replace(/\/\/[^/@]*@/, '//');
  }
  url.username = '';
  url.password = '';
  for (const key of [...url.searchParams.keys()]) {
    if (SECRET_QUERY_KEY.test(key)) url.searchParams.set(key, '***');
  }
  return url.toString();
}
