/**
 * The one masking of secrets. Every string that becomes part of an error, a message or a
 * socket close reason goes through `Secrets.mask` first, whatever its source: a server's
 * body or frame that echoes the credential it refused, the fetch's own error, a user's
 * function that threw, a URL. The client's secrets are its token (each one a token
 * function gave, the latest few) and the values of its headers whose names look secret
 * (`authorization`, `x-api-key`, `cookie`, ...); a `Bearer`/`Basic` credential is masked
 * wherever it appears, known or not.
 *
 * It works on parsed values, never on JSON text: strings are masked where they are, keys
 * and `type` codes are left alone, so the shape of what it masks survives (a token `e`
 * cannot turn an error envelope into something that is no envelope, and the error keeps
 * its type).
 */
import { PyFlueError } from '../core/errors.js';

/** Header names whose values are credentials. */
const SECRET_HEADER = /auth|token|key|secret|cookie|pass|session|sig|credential/i;
/** A credential after its scheme, anywhere in a text. */
const CREDENTIAL = /\b(bearer|basic)\s+[^\s"',;]+/gi;
/** How many tokens a token function gave are remembered (each is masked for as long). */
const REMEMBERED = 8;

export class Secrets {
  #values: string[] = [];

  /** Adds a secret (ignored when empty); the oldest of a token function's are forgotten first. */
  add(value: string): void {
    if (!value || this.#values.includes(value)) return;
    this.#values.unshift(value);
    // Longest first, so a secret that contains another is masked whole.
    if (this.#values.length > REMEMBERED) this.#values.pop();
  }

  /** Adds the values of the headers whose names look secret. */
  addHeaders(headers: Record<string, string>): void {
    for (const [name, value] of Object.entries(headers)) if (SECRET_HEADER.test(name)) this.add(value.replace(/^(bearer|basic)\s+/i, ''));
  }

  /**
   * `value` with every secret in its strings replaced by `***`: a string, or a parsed JSON
   * value (arrays and objects are copied when something in them changes; the original is
   * never touched). Keys, and the values of `type` keys (codes), are kept as they are.
   */
  mask<T>(value: T): T {
    return this.#mask(value, 0) as T;
  }

  /**
   * An error the client did not make (a user's function or middleware threw it) as it
   * is, or, when its message or stack shows a secret, a PyFlueError with the masked
   * message in its place (the original, which still holds the secret, is dropped).
   */
  maskError(error: unknown): unknown {
    if (!(error instanceof Error)) return typeof error === 'string' ? this.mask(error) : error;
    const shown = `${error.message}\n${error.stack ?? ''}`;
    if (this.mask(shown) === shown) return error;
    const masked = new PyFlueError(this.mask(error.message));
    if (error.stack) masked.stack = this.mask(error.stack);
    return masked;
  }

  #mask(value: unknown, depth: number): unknown {
    if (typeof value === 'string') {
      let text = value.replace(CREDENTIAL, '$1 ***');
      for (const secret of [...this.#values].sort((a, b) => b.length - a.length)) text = text.split(secret).join('***');
      return text;
    }
    // Deeper than any answer the client reads; a cycle (a value the server did not send) ends here too.
    if (value === null || typeof value !== 'object' || depth > 32) return value;
    let changed = false;
    const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? [] : {};
    for (const [key, item] of Object.entries(value)) {
      const masked = key === 'type' && typeof item === 'string' ? item : this.#mask(item, depth + 1);
      changed ||= masked !== item;
      (copy as Record<string, unknown>)[key] = masked;
    }
    return changed ? copy : value;
  }
}
