/**
 * The one masking of secrets. Every string that becomes part of an error, a message or a
 * socket close reason goes through `mask` first, whatever its source: a server's body or
 * frame that echoes the credential it refused, the fetch's own error, a user's function
 * that threw, a URL. The client's secrets (`Secrets`) are its token (each one a token
 * function gave, the latest few) and the values of its headers whose names look secret
 * (`authorization`, `x-api-key`, `cookie`, ...); a `Bearer`/`Basic` credential is masked
 * wherever it appears, known or not.
 *
 * It works on parsed values, never on JSON text: strings are masked where they are, keys
 * and `type` codes are left alone, so the shape of what it masks survives (a token `e`
 * cannot turn an error envelope into something that is no envelope, and the error keeps
 * its type).
 *
 * `Secrets` is in every app's main bundle; `mask` and `maskError` are imported only by
 * the code of failures, streams and sockets, which loads on first use (load.ts).
 */
import { PyFlueError } from '../core/errors.js';

/** Header names whose values are credentials. */
const SECRET_HEADER = /auth|token|key|secret|cookie|pass|session|sig|credential/i;
/** A credential after its scheme, anywhere in a text. */
const CREDENTIAL = /\b(bearer|basic)\s+[^\s"',;]+/gi;
/** How many secrets are remembered (a token function gives a new one now and then; the oldest are forgotten first). */
const REMEMBERED = 8;

/** The client's secrets. */
export class Secrets {
  /** The latest first. */
  values: string[] = [];

  /** Adds a secret (ignored when empty). */
  add(value: string): void {
    if (!value || this.values.includes(value)) return;
    this.values.unshift(value);
    if (this.values.length > REMEMBERED) this.values.pop();
  }

  /** Adds the values of the headers whose names look secret (without their `Bearer `/`Basic `). */
  addHeaders(headers: Record<string, string>): void {
    for (const [name, value] of Object.entries(headers)) if (SECRET_HEADER.test(name)) this.add(value.replace(/^(bearer|basic)\s+/i, ''));
  }

  /** Whether `text` shows one of the secrets (or any credential after its scheme). */
  shows(text: string): boolean {
    return this.values.some((secret) => text.includes(secret)) || new RegExp(CREDENTIAL.source, 'i').test(text);
  }
}

/**
 * `value` with every secret in its strings replaced by `***`: a string, or a parsed JSON
 * value (arrays and objects are copied when something in them changes; the original is
 * never touched). Keys, and the values of `type` keys (codes), are kept as they are.
 */
export function mask<T>(secrets: Secrets, value: T, depth = 0): T {
  if (typeof value === 'string') {
    let text = value.replace(CREDENTIAL, '$1 ***');
    // Longest first, so that a secret that contains another is masked whole.
    for (const secret of [...secrets.values].sort((a, b) => b.length - a.length)) text = text.split(secret).join('***');
    return text as T;
  }
  // Deeper than any answer the client reads; a cycle (a value the server did not send) ends here too.
  if (value === null || typeof value !== 'object' || depth > 32) return value;
  let changed = false;
  const copy: Record<string, unknown> = Array.isArray(value) ? ([] as unknown as Record<string, unknown>) : {};
  for (const [key, item] of Object.entries(value)) {
    const masked = key === 'type' && typeof item === 'string' ? item : mask(secrets, item, depth + 1);
    changed ||= masked !== item;
    copy[key] = masked;
  }
  return (changed ? copy : value) as T;
}

/**
 * An error the client did not make (a user's function or middleware threw it) as it is,
 * or, when its message or stack shows a secret, a PyFlueError with the masked message in
 * its place (the original, which still holds the secret, is dropped).
 */
export function maskError(secrets: Secrets, error: unknown): unknown {
  if (!(error instanceof Error)) return typeof error === 'string' ? mask(secrets, error) : error;
  if (!secrets.shows(`${error.message}\n${error.stack ?? ''}`)) return error;
  const masked = new PyFlueError(mask(secrets, error.message));
  if (error.stack) masked.stack = mask(secrets, error.stack);
  return masked;
}
