/**
 * Lazy chunk: what a failed HTTP call says, and when to try it again (retry.ts's policy,
 * handed on below). Loaded by internal/load.ts with the first failure, so apps whose calls
 * succeed ship neither. If it cannot be loaded, the transport throws the same typed errors
 * with shorter messages (the original failure, never the chunk's), and does not retry.
 *
 * Every text taken from the failure (a server's body, the fetch's error) is masked with the
 * client's secrets (mask.ts) before it becomes part of a message.
 */
import { PyFlueApiError, PyFlueConnectionError, PyFlueError, asEnvelope, messageUrl, plainCause, redactUrl, shorten, type ApiErrorInit } from '../core/errors.js';
import { describe } from './checks.js';
import { mask, maskError, type Secrets } from './mask.js';

/** The retry policy rides in this chunk: a try is asked again only after one failed. */
export { retryDelayMs } from './retry.js';

/** What these messages read of a call (transport.ts `Call`): its method, URL, the answer's status and type, the client's secrets. */
interface FailedCall {
  method: string;
  url: string;
  status: number | undefined;
  contentType: string | undefined;
  transport: { options: { secrets: Secrets } };
}

/**
 * The error of an answer the call cannot use: an error status (`error status`), or a 2xx
 * that is not the route's (`empty`; `type <content type>` for a stream; for a JSON answer
 * of the wrong shape, what is wrong with it by the spec: internal/answers/check.ts). The
 * body's secrets are masked.
 */
export function answerError(given: ApiErrorInit, problem: string, secrets: Secrets): PyFlueApiError {
  const init = { ...given, body: mask(secrets, given.body) };
  const where = `${init.method} ${messageUrl(init.url)}`;
  if (problem === 'error status') {
    const envelope = asEnvelope(init.body);
    const summary = envelope ? `${envelope.error.message}${envelope.error.details ? ` ${envelope.error.details}` : ''}` : foreignBody(init.body);
    return PyFlueApiError.from({ ...init, message: `${where} failed with ${init.status}${envelope ? ` ${envelope.error.type}` : ''}: ${summary}` });
  }
  if (problem.startsWith('type ')) {
    const type = problem.slice(5);
    return new PyFlueApiError({
      ...init,
      body: '',
      message: /html/i.test(type)
        ? `${where}: the server answered ${init.status} with an HTML page, not a PyFlue event stream (a login or proxy page?).`
        : `${where} answered ${init.status} with "${type || 'no content type'}" instead of an event stream; is something between the client and the PyFlue server rewriting answers?`,
    });
  }
  if (problem === 'empty') return new PyFlueApiError({ ...init, body: '', message: `${where}: the server answered ${init.status} with an empty body, not PyFlue JSON (a proxy in between?).` });
  // A JSON answer of the wrong shape: `problem` says what it lacks (internal/answers/check.ts), masked like the body it quotes.
  return new PyFlueApiError({ ...init, message: `${where}: the server answered ${init.status} with something that is not PyFlue JSON: ${mask(secrets, problem)}` });
}

/** A body that is no envelope: FastAPI's `{"detail": ...}`, a proxy's HTML page, empty. */
function foreignBody(body: unknown): string {
  if (body === undefined || body === null || body === '') return 'the response had no body.';
  if (typeof body === 'object' && 'detail' in body) return `${JSON.stringify((body as { detail: unknown }).detail)}`.slice(0, 300);
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const squeezed = text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 200);
  return /^\s*</.test(text)
    ? `the response was an HTML page, not a PyFlue error (a proxy or gateway answered?): ${squeezed}`
    : `the response was not a PyFlue error envelope: ${squeezed}`;
}

/** An error the caller's own code threw (a headers or token function, a middleware): as it is, unless it shows a secret. */
export function ownError(error: unknown, secrets: Secrets): unknown {
  return maskError(secrets, error);
}

/** A custom fetch's answer that is not a Response: a PyFlueError, not a connection error (no retry: the same fetch would answer the same way). */
export function misbehaved(answer: unknown, call: FailedCall): PyFlueError {
  return new PyFlueError(
    `${call.method} ${messageUrl(call.url)}: the fetch function (options.fetch) resolved to ${describe(answer)}, not a Response. ` +
      'It must return (or resolve to) the Response of the request it was given.',
  );
}

/**
 * A failure of fetch or of reading the body (not an abort, not one of ours already), as
 * the error the caller should see: a 2xx body that is not JSON, or a connection error.
 */
export function callFailure(error: unknown, call: FailedCall): PyFlueError {
  const { secrets } = call.transport.options;
  const { method } = call;
  const url = redactUrl(call.url);
  if (error instanceof SyntaxError && call.status !== undefined) {
    // openapi-fetch parses a 2xx body as JSON: this one was not (a proxy's page, say).
    const html = /html/i.test(call.contentType ?? '') || /["']\s*</.test(error.message);
    const body = html ? 'an HTML page' : `The response body is not JSON: ${mask(secrets, error.message)}`;
    const what = html ? 'an HTML page, not PyFlue JSON (a login or proxy page?).' : `something that is not PyFlue JSON (${shorten(body, 120)}).`;
    return new PyFlueApiError({ status: call.status, method, url, body, message: `${method} ${messageUrl(url)}: the server answered ${call.status} with ${what}` });
  }
  const cause = error instanceof Error ? (error.cause instanceof Error ? error.cause : error) : undefined;
  const reason = shorten(mask(secrets, cause?.message ?? String(error)), 300);
  return new PyFlueConnectionError(
    `${method} ${messageUrl(url)} failed: ${reason}. Is the PyFlue server running and reachable at this address?`,
    method,
    url,
    // Never the fetch error itself: a custom fetch's error may hold the Request, and its headers the token.
    { cause: plainCause(error, reason) },
  );
}

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
