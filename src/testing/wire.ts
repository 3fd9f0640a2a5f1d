/**
 * How PyFlue 0.2.0 spells things on the wire: run and dispatch ids, timestamps, the
 * error envelope with the server's own messages, and `json.dumps` text for SSE data.
 * Everything the fake answers is built from these, so the texts live in one place.
 */
import type { components } from '../spec.js';

/** The wire shape (both spellings), as the server sends it. */
type ErrorBody = components['schemas']['ErrorBody'];

/** A failure that becomes the server's error envelope with `status`. */
export class FakeHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
  ) {
    super(body.message);
  }
}

/** The envelope as the server renders it: `dev` only when non-empty, `meta` only when set. */
export function envelope(body: ErrorBody): { error: ErrorBody } {
  // HTTP envelopes always carry details (a socket's not_found frame is the one without).
  const out: ErrorBody = { type: body.type, message: body.message, details: body.details ?? '' };
  if (body.dev) out.dev = body.dev;
  if (body.meta && Object.keys(body.meta).length > 0) out.meta = body.meta;
  return { error: out };
}

export const errors = {
  internal(dev: string, details = 'The server encountered an unexpected error while handling this request.') {
    return new FakeHttpError(500, { type: 'internal_error', message: 'An internal error occurred.', details, dev });
  },
  invalidRequest(details: string) {
    return new FakeHttpError(400, { type: 'invalid_request', message: 'Request is invalid.', details });
  },
  invalidJson(dev: string) {
    return new FakeHttpError(400, {
      type: 'invalid_json',
      message: 'Request body is not valid JSON.',
      details: 'Send a valid JSON object with an optional payload field.',
      dev,
    });
  },
  unsupportedMediaType(received: string | null) {
    return new FakeHttpError(415, {
      type: 'unsupported_media_type',
      message: 'Request body must use application/json.',
      details: 'Send a JSON body or omit the body entirely.',
      meta: { received },
    });
  },
  invalidQuery(param: string, value: string, details: string) {
    return new FakeHttpError(400, {
      type: 'invalid_query_param',
      message: `Invalid value for query parameter "${param}".`,
      details,
      meta: { param, value },
    });
  },
  runNotFound(runId: string) {
    return new FakeHttpError(404, {
      type: 'run_not_found',
      message: `Run "${runId}" is not known to this server.`,
      details: 'Run history is kept in process memory and may have been evicted.',
    });
  },
  /** The admin app's not-found (`agent`, `instance` or `run`). */
  adminNotFound(kind: 'agent' | 'instance' | 'run', value: string) {
    return new FakeHttpError(404, {
      type: `${kind}_not_found`,
      message: `${kind[0]!.toUpperCase()}${kind.slice(1)} "${value}" is not known to this server.`,
      details: 'Admin lookups use in-process run history that may have been evicted.',
    });
  },
  agentNotFound(name: string, available: string[]) {
    return new FakeHttpError(404, {
      type: 'agent_not_found',
      message: `Agent "${name}" is not registered.`,
      details: 'Verify the agent name is correct.',
      dev: `Available agents: ${available.join(', ') || '(none)'}.`,
    });
  },
  agentNotWebhook(name: string) {
    return new FakeHttpError(404, {
      type: 'agent_not_webhook',
      message: `Agent "${name}" is not webhook-enabled.`,
      details: 'This agent cannot be invoked through the HTTP webhook endpoint.',
    });
  },
  notFound(kind: 'agent' | 'workflow', name: string, available: string[]) {
    const plural = kind === 'agent' ? 'agents' : 'workflows';
    return new FakeHttpError(404, {
      type: 'not_found',
      message: `Unknown ${kind}: ${name}.`,
      details: `Available ${plural}: ${available.join(', ') || '(none)'}.`,
    });
  },
  methodNotAllowed(method: string, allowed: string[]) {
    return new FakeHttpError(405, {
      type: 'method_not_allowed',
      message: `Method ${method} is not allowed.`,
      details: `Use one of: ${allowed.join(', ')}.`,
      meta: { allowed },
    });
  },
};

/** The error a failed run records (`run_end.data.error`, the run's `error`). */
export function runErrorOf(thrown: unknown): ErrorBody {
  if (thrown instanceof FakeHttpError) return envelope(thrown.body).error;
  return { type: 'internal_error', message: 'An internal error occurred.', details: messageOf(thrown) };
}

/** What Python's `str(exc)` would give for a thrown value. */
export function messageOf(thrown: unknown): string {
  return thrown instanceof Error ? thrown.message : String(thrown);
}

const ULID_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** `run_<26 ULID chars>`: 10 chars of milliseconds, 16 random ones, as pyflue.runs.generate_run_id. */
export function generateRunId(): string {
  let ms = Date.now();
  let time = '';
  for (let index = 0; index < 10; index += 1) {
    time = ULID_ALPHABET[ms % 32]! + time;
    ms = Math.floor(ms / 32);
  }
  const random = crypto.getRandomValues(new Uint8Array(16));
  return `run_${time}${Array.from(random, (byte) => ULID_ALPHABET[byte % 32]).join('')}`;
}

export function generateDispatchId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `dispatch_${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}

/** Epoch seconds as Python's `time.time()` gives them. */
export function nowSeconds(): number {
  return Date.now() / 1000;
}

/**
 * `datetime.fromtimestamp(s, UTC).isoformat()`: rounded to the microsecond, which it
 * writes as six digits (none when it is 0), ending in `Z` (run records) or `+00:00`.
 */
export function isoTimestamp(seconds: number, suffix: 'Z' | '+00:00' = 'Z'): string {
  const micros = Math.round(seconds * 1_000_000);
  const whole = new Date(Math.floor(micros / 1_000_000) * 1000).toISOString().slice(0, 19);
  const fraction = micros % 1_000_000;
  return `${whole}${fraction === 0 ? '' : `.${String(fraction).padStart(6, '0')}`}${suffix}`;
}

/**
 * The text Python's `json.dumps` writes (`", "` and `": "` separators, non-ASCII escaped
 * as `\uXXXX`), which the server uses for SSE data and dispatched input. Clients parse it
 * like any JSON; the escaping matters to whoever reads the bytes (a cut can only fall
 * between ASCII bytes, as with the real server).
 */
export function pythonJson(value: unknown): string {
  const text = JSON.stringify(value === undefined ? null : value, null, 1) ?? 'null';
  // JSON.stringify with an indent puts each item on its own line; fold that into Python's separators.
  let out = '';
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index]!;
    if (inString) {
      if (char === '\\') {
        out += char + text[index + 1]!;
        index += 1;
        continue;
      }
      if (char === '"') inString = false;
      const code = char.charCodeAt(0);
      out += code > 0x7f ? `\\u${code.toString(16).padStart(4, '0')}` : char;
      continue;
    }
    if (char === '"') {
      inString = true;
      out += char;
    } else if (char === '\n') {
      // Skip the newline and its indent; a separator follows or an item starts.
      while (text[index + 1] === ' ') index += 1;
      const next = text[index + 1];
      if (next !== ']' && next !== '}' && out.at(-1) === ',') out += ' ';
    } else if (char === ':') {
      out += ': ';
      if (text[index + 1] === ' ') index += 1;
    } else {
      out += char;
    }
  }
  return out;
}

/** A JSON object (what Python calls a dict), not an array or null. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
