/**
 * A `fetch` for the client's `fetch` option that checks every answer the client receives
 * against spec/openapi.yaml (OpenApiValidator: route, status, content type and, for JSON,
 * the body, closed world) and collects the problems, so a test can end with
 *
 *   expect(spec.problems).toEqual([]);
 *
 * and know that every real response the client saw holds against the spec.
 *
 * JSON bodies are read from a clone before the response is handed back, so `problems` is
 * up to date as soon as the client call resolves. Event streams are checked for route,
 * status and content type only: their bodies belong to the client (which reads them
 * incrementally and may stop early) and are left untouched.
 */
import { OpenApiValidator } from './openapi-validator.js';

export interface RecordedExchange {
  method: string;
  /** The request URL, query included. */
  url: string;
  requestHeaders: Headers;
  status: number;
  contentType: string | null;
  /** The parsed body of a JSON answer. */
  json?: unknown;
  /** How much of the answer was checked. */
  checked: 'json' | 'stream-headers' | 'status-only';
}

export interface ValidatingFetch {
  /** Pass as the client's `fetch` option. */
  fetch: typeof fetch;
  /** Every problem found so far, each naming its route (`GET /runs/{run_id} -> 200: ...`). */
  readonly problems: string[];
  /** Every answer received so far, in order. */
  readonly exchanges: RecordedExchange[];
}

export interface ValidatingFetchOptions {
  /** The fetch that really sends (default: the global one). */
  fetch?: typeof fetch | undefined;
  validator?: OpenApiValidator;
  /**
   * Fields the spec does not know are fine (the conformance suite: a newer server may add
   * fields, and the client must keep working); by default every field must be in the spec.
   */
  additiveFields?: boolean;
}

let sharedValidator: OpenApiValidator | undefined;
let sharedOpenValidator: OpenApiValidator | undefined;

export function createValidatingFetch(options: ValidatingFetchOptions = {}): ValidatingFetch {
  const validator =
    options.validator ?? (options.additiveFields ? (sharedOpenValidator ??= new OpenApiValidator(undefined, { additiveFields: true })) : (sharedValidator ??= new OpenApiValidator()));
  const send = options.fetch ?? globalThis.fetch.bind(globalThis);
  const problems: string[] = [];
  const exchanges: RecordedExchange[] = [];

  const validatingFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    // Read what we need from the request without touching its body (openapi-fetch passes a Request).
    const isRequest = typeof Request !== 'undefined' && input instanceof Request;
    const method = (init?.method ?? (isRequest ? input.method : 'GET')).toUpperCase();
    const url = isRequest ? input.url : String(input);
    const requestHeaders = new Headers(isRequest ? input.headers : undefined);
    new Headers(init?.headers).forEach((value, key) => requestHeaders.set(key, value));

    const response = await send(input, init);
    const contentType = response.headers.get('content-type');
    const mediaType = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
    const exchange: RecordedExchange = { method, url, requestHeaders, status: response.status, contentType, checked: 'status-only' };

    if (mediaType === 'text/event-stream') {
      exchange.checked = 'stream-headers';
      problems.push(...validator.validate({ method, url, status: response.status, contentType, frames: [] }));
    } else if (mediaType === 'application/json') {
      exchange.checked = 'json';
      let text: string;
      try {
        text = await response.clone().text();
      } catch {
        // The call was aborted while the body was read: the client reports that itself.
        exchanges.push(exchange);
        return response;
      }
      try {
        exchange.json = JSON.parse(text);
        problems.push(...validator.validate({ method, url, status: response.status, contentType, json: exchange.json }));
      } catch {
        problems.push(`${method} ${new URL(url).pathname} -> ${response.status}: the body is not JSON: ${text.slice(0, 120)}`);
      }
    } else {
      problems.push(...validator.validate({ method, url, status: response.status, contentType }));
    }
    exchanges.push(exchange);
    return response;
  };

  return { fetch: validatingFetch as typeof fetch, problems, exchanges };
}
