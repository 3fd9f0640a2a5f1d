/**
 * The errors of calls that went wrong in ways that take explaining: loaded with `import()`
 * on the first such failure (the transport decides synchronously that it is one), so the
 * explanations are not in the bundle of an app whose calls succeed (bench/bundle.ts).
 */
import { PyFlueApiError, PyFlueConnectionError, messageUrl, plainCause, redactUrl, type PyFlueError } from './errors.js';
import type { Sent } from './transport.js';

/** A webhook `agents.invoke` that a persistent agent answered with its reply (it has no webhook mode). */
export function webhookAnsweredSynchronously(name: string, body: unknown, response: Response): PyFlueApiError {
  const url = redactUrl(response.url);
  return new PyFlueApiError({
    status: response.status,
    method: 'POST',
    url,
    body,
    message:
      `POST ${url}: "${name}" answered a webhook call synchronously (${response.status}) instead of accepting it: ` +
      "persistent agents have no webhook mode, and the prompt has already run (its answer is in error.body). Use mode 'sync', or dispatch() for background input.",
  });
}

/** A stream route that answered 2xx with something other than an event stream. */
export function notAnEventStream(response: Response, method: string, url: string, contentType: string): PyFlueApiError {
  return new PyFlueApiError({
    status: response.status,
    method,
    url,
    body: '',
    headers: response.headers,
    message: /html/i.test(contentType)
      ? `${method} ${messageUrl(url)}: the server answered ${response.status} with an HTML page, not a PyFlue event stream (a login or proxy page?).`
      : `${method} ${messageUrl(url)} answered ${response.status} with "${contentType || 'no content type'}" instead of an event stream; is something between the client and the PyFlue server rewriting answers?`,
  });
}

/**
 * A failure of fetch or of reading the body (not an abort, not one of ours already), as
 * the error the caller should see.
 */
export function callFailure(error: unknown, sent: Sent): PyFlueError {
  const method = sent.method ?? 'GET';
  const url = redactUrl(sent.url ?? '');
  if (error instanceof SyntaxError && sent.status !== undefined) {
    // openapi-fetch parses a 2xx body as JSON: this one was not (a proxy's page, say).
    const html = /html/i.test(sent.contentType ?? '') || /["']\s*</.test(error.message);
    return new PyFlueApiError({ status: sent.status, method, url, body: html ? 'an HTML page' : `The response body is not JSON: ${error.message}` });
  }
  const cause = error instanceof Error ? (error.cause instanceof Error ? error.cause : error) : undefined;
  const reason = cause?.message ?? String(error);
  return new PyFlueConnectionError(
    `${method} ${messageUrl(url)} failed: ${reason}. Is the PyFlue server running and reachable at this address?`,
    method,
    url,
    // Never the fetch error itself: a custom fetch's error may hold the Request, and its headers the token.
    { cause: plainCause(error, reason) },
  );
}
