/**
 * Lazy chunk: one `client.raw` call (raw-client.ts loads it with the first). Its
 * arguments are checked (PyFlueInputError, nothing sent: openapi-fetch would throw a
 * TypeError for a path that is no string, a header value with a line break, repeating
 * the value, or a body JSON cannot carry), then it calls the very openapi-fetch client
 * the facade uses, with the call's fetch (transport.ts): the same middleware, the same
 * tries, timeouts, deadline and `client.close()`. The answer is openapi-fetch's own
 * `{ data, error, response }`, error statuses included.
 */
import { PyFlueInputError } from '../core/errors.js';
import { checkHeader, describe, hasControlCharacter, hasDotSegment, jsonValue, optionalSignal } from './checks.js';
import type { FetchResult, Transport } from './transport.js';

/** `client.raw.<method>(path, init)`, or `client.raw.request(method, path, init)`: `methods` are the ones it takes. */
export async function checkedRawCall(transport: Transport, methods: readonly string[], method: unknown, path: unknown, init: unknown = {}): Promise<FetchResult<unknown>> {
  const verb = typeof method === 'string' ? method.toUpperCase() : method;
  const known = typeof verb === 'string' && methods.includes(verb);
  const where = `client.raw.${known ? verb : 'request'}()`;
  if (!known) throw new PyFlueInputError(`${where}: the method must be one of ${methods.join(', ')}; got ${describe(method)}.`);
  checkPath(path, where);
  const prototype = init !== null && typeof init === 'object' ? Object.getPrototypeOf(init) : undefined;
  if (prototype !== Object.prototype && prototype !== null) {
    throw new PyFlueInputError(`${where}: the options must be a plain object such as { params: { path: { run_id } } }; got ${describe(init)}.`);
  }
  const { signal, headers, body, ...rest } = init as { signal?: unknown; headers?: unknown; body?: unknown; params?: { header?: unknown } };
  const own = { ...headerRecord(rest.params?.header, where), ...headerRecord(headers, where) };
  // A plain value goes as JSON (openapi-fetch's default): refused now if JSON cannot carry it.
  if (body !== undefined && !(body instanceof FormData) && typeof body !== 'string') jsonValue(body, `${where}: body`);
  const checkedSignal = optionalSignal(signal, `${where}: signal`);
  const { call: _, ...result } = await transport.request(
    checkedSignal ? { signal: checkedSignal } : {},
    (call) => transport.api.request(verb as 'get', path as never, { ...rest, ...(body === undefined ? {} : { body }), headers, fetch: call.fetch } as never),
    { raw: true, headers: own },
  );
  return result;
}

/** A route path of the spec: a string from the base URL's root, with no `.`/`..` segment or control character. */
function checkPath(path: unknown, where: string): void {
  if (typeof path !== 'string' || !path.startsWith('/')) {
    throw new PyFlueInputError(`${where}: the path must be a route of the spec starting with "/", such as "/runs/{run_id}"; got ${describe(path)}.`);
  }
  if (hasControlCharacter(path) || hasDotSegment(path)) {
    throw new PyFlueInputError(`${where}: the path ${describe(path)} contains a control character or a "." or ".." segment; pass a route of the spec and its params.`);
  }
}

/**
 * The call's headers (an object, a Headers, or `[name, value]` pairs, as openapi-fetch
 * takes them), checked as the client's are: a bad name or value is named, never repeated.
 */
function headerRecord(headers: unknown, where: string): Record<string, string> {
  if (headers === undefined || headers === null) return {};
  // A Headers instance holds only valid values.
  if (headers instanceof Headers) {
    const record: Record<string, string> = {};
    headers.forEach((value, name) => (record[name] = value));
    return record;
  }
  const entries = Array.isArray(headers) ? headers : typeof headers === 'object' ? Object.entries(headers) : undefined;
  if (!entries) throw new PyFlueInputError(`${where}: headers must be an object of header names to values; got ${describe(headers)}.`);
  const record: Record<string, string> = {};
  for (const entry of entries) {
    const [name, value] = Array.isArray(entry) ? entry : [undefined, undefined];
    // null and undefined remove a header in openapi-fetch; an array sends each value.
    for (const item of Array.isArray(value) ? value : value === null || value === undefined ? [] : [value]) {
      checkHeader(name, typeof item === 'number' || typeof item === 'boolean' ? String(item) : item, `${where}: headers`);
      record[name] = String(item);
    }
  }
  return record;
}
