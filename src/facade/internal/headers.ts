/**
 * The client's own headers, through openapi-fetch's own extension points (transport.ts):
 * - fixed ones (a `headers` object, a string `token`) are createClient's `headers`;
 * - ones that functions give (a `headers` function, a `token` function) are set by a
 *   middleware that asks the functions once per call, before the user's middleware sees
 *   the request; sockets ask them once per handshake.
 * A call's own headers always win (they are in the request before the middleware runs),
 * and the token wins over an `authorization` of the `headers` option. After a 401 the
 * transport asks the functions again (`clientHeaders`), for the one try that follows.
 */
import type { Middleware } from 'openapi-fetch';
import { checkHeaders, checkToken } from './checks.js';
import type { ResolvedOptions } from './options.js';

type Headers = Record<string, string>;

/** The fixed headers: the `headers` object and a string token. */
export function fixedHeaders(options: ResolvedOptions): Headers {
  const headers: Headers = typeof options.headers === 'object' ? { ...options.headers } : {};
  if (typeof options.token === 'string') headers.authorization = `Bearer ${options.token}`;
  // A token function's answer wins over it (the middleware sets only what is not set yet).
  else if (options.token) delete headers.authorization;
  return headers;
}

/** Whether a header comes from a function: asked per call, and asked again after a 401. */
export function refreshable(options: ResolvedOptions): boolean {
  return typeof options.token === 'function' || typeof options.headers === 'function';
}

/**
 * What the functions give for one call, checked (a bad value is a PyFlueInputError that
 * never repeats it; a secret-looking value is masked in every message from now on).
 * Synchronous when neither function is async: an await per call shows in bench/http.ts.
 */
function functionHeaders(options: ResolvedOptions, refresh: boolean): Headers | Promise<Headers> {
  const { token, headers } = options;
  const fromHeaders = typeof headers === 'function' ? headers() : undefined;
  const fromToken = typeof token === 'function' ? token({ refresh }) : undefined;
  const combine = (extra: Headers | undefined, value: string | undefined): Headers => {
    const result: Headers = {};
    if (extra !== undefined) {
      checkHeaders(extra, 'headers (from your headers function)');
      options.secrets.addHeaders(extra);
      Object.assign(result, extra);
      // The token, fixed or from its function, wins over the function's authorization.
      if (token) delete result.authorization;
    }
    if (typeof token === 'function') {
      options.secrets.add(checkToken(value, 'token (from your token function)'));
      result.authorization = `Bearer ${value}`;
    }
    return result;
  };
  return fromHeaders instanceof Promise || fromToken instanceof Promise
    ? Promise.all([fromHeaders, fromToken]).then(([extra, value]) => combine(extra, value))
    : combine(fromHeaders, fromToken as string | undefined);
}

/** The middleware that sets the functions' headers on each call, or none when no header comes from a function. */
export function headersMiddleware(options: ResolvedOptions): Middleware | undefined {
  if (!refreshable(options)) return undefined;
  return {
    async onRequest({ request }) {
      for (const [name, value] of Object.entries(await functionHeaders(options, false))) {
        if (!request.headers.has(name)) request.headers.set(name, value);
      }
    },
  };
}

/**
 * Every header of the client, fixed and from its functions: a socket's handshake, or the try
 * after a 401 (`refresh`: the token function is told, so it can skip a cache of its own).
 */
export function clientHeaders(options: ResolvedOptions, refresh: boolean): Headers | Promise<Headers> {
  const fixed = fixedHeaders(options);
  if (!refreshable(options)) return fixed;
  const extra = functionHeaders(options, refresh);
  return extra instanceof Promise ? extra.then((headers) => ({ ...fixed, ...headers })) : { ...fixed, ...extra };
}
