/**
 * @pyflue/client/otel: OpenTelemetry tracing for every HTTP call of a client, as an
 * openapi-fetch middleware.
 *
 *   import { tracing } from '@pyflue/client/otel';
 *   const client = new PyFlueClient(baseUrl, { middleware: [tracing()] });
 *
 * One CLIENT span per HTTP call (its retries included: they happen below the middleware,
 * in the client's fetch), named `<METHOD> <route template>` (`GET /runs/{run_id}`), with the
 * stable HTTP semantic-convention attributes: method, route template, server address
 * and port, the URL without its query, the status code, and `pyflue.run_id` when the
 * answer names a run. Never a header value or a query string, so no token reaches the
 * traces. The trace context is injected into the request's headers (`traceparent`)
 * through the globally registered propagator. A stream's span ends when its headers
 * arrive. `@opentelemetry/api` is an optional peer dependency: only this entry loads it.
 */
import { SpanKind, SpanStatusCode, context, propagation, trace, type Span, type TextMapSetter, type TracerProvider } from '@opentelemetry/api';
import type { Middleware } from 'openapi-fetch';
import { PyFlueInputError } from './facade/core/errors.js';
import { describe, optionalString } from './facade/internal/checks.js';
import { checkOptions, optionKeys } from './facade/internal/options.js';

export type { Middleware };

/**
 * Spans of tries still waiting for their answer, at most. openapi-fetch calls no
 * `onResponse`/`onError` for a try that a later middleware answers itself (a cache
 * returning a `Response`) or whose later `onRequest` throws, so such a span would wait for
 * ever; past this many, the oldest is ended as unfinished instead of kept.
 */
export const MAX_OPEN_SPANS = 1024;

/** Options of `tracing()`. */
export interface TracingOptions {
  /** Where the tracer comes from (default: the global provider, `trace.getTracerProvider()`). */
  tracerProvider?: TracerProvider | undefined;
  /** The tracer's name (default `@pyflue/client`). */
  tracerName?: string | undefined;
}

const TRACING_KEYS = optionKeys<TracingOptions>({ tracerProvider: true, tracerName: true });

const setHeader: TextMapSetter<Headers> = {
  set: (headers, key, value) => headers.set(key, value),
};

/** A middleware that traces each HTTP call of the client it is given to (`middleware: [tracing()]` or `client.use(tracing())`). */
export function tracing(given: TracingOptions = {}): Middleware {
  // PyFlueInputError for `tracing(null)` or an unknown name, at once rather than at the first request.
  const options = checkOptions(given, TRACING_KEYS, 'tracing()');
  optionalString(options.tracerName, 'tracing(): tracerName');
  // Checked now: a provider without getTracer would throw a TypeError inside the first request.
  if (options.tracerProvider !== undefined && typeof (options.tracerProvider as Partial<TracerProvider> | null)?.getTracer !== 'function') {
    throw new PyFlueInputError(`tracing(): tracerProvider must be an OpenTelemetry TracerProvider (with getTracer()); got ${describe(options.tracerProvider)}.`);
  }
  // By openapi-fetch's request id: the Request a later middleware returns may be another object.
  const spans = new Map<string, Span>();
  const end = (id: string, finish: (span: Span) => void): void => {
    const span = spans.get(id);
    if (!span) return;
    spans.delete(id);
    finish(span);
    span.end();
  };
  return {
    onRequest({ request, schemaPath, params, options: merged, id }) {
      const tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer(options.tracerName ?? '@pyflue/client');
      const url = new URL(request.url);
      // The template of the whole path: the base URL's path (a prefix, the admin mount) then the route.
      const template = `${new URL(merged.baseUrl).pathname.replace(/\/+$/, '')}${schemaPath}`;
      const runId = params.path?.run_id;
      const span = tracer.startSpan(`${request.method} ${template}`, {
        kind: SpanKind.CLIENT,
        attributes: {
          'http.request.method': request.method,
          'url.template': template,
          'url.full': `${url.origin}${url.pathname}`,
          'url.scheme': url.protocol.replace(':', ''),
          'server.address': url.hostname,
          'server.port': Number(url.port) || (url.protocol === 'https:' ? 443 : 80),
          ...(typeof runId === 'string' ? { 'pyflue.run_id': runId } : {}),
        },
      });
      spans.set(id, span);
      if (spans.size > MAX_OPEN_SPANS) {
        // The oldest (a Map keeps insertion order): a try no hook will ever report on.
        const [oldest] = spans.keys();
        end(oldest!, (stale) => stale.setAttribute('pyflue.span.unfinished', true));
      }
      propagation.inject(trace.setSpan(context.active(), span), request.headers, setHeader);
    },
    onResponse({ response, id }) {
      end(id, (span) => {
        span.setAttribute('http.response.status_code', response.status);
        const runId = response.headers.get('x-flue-run-id');
        if (runId) span.setAttribute('pyflue.run_id', runId);
        if (response.status >= 400) {
          span.setAttribute('error.type', String(response.status));
          span.setStatus({ code: SpanStatusCode.ERROR });
        }
      });
    },
    onError({ error, id }) {
      end(id, (span) => {
        const name = error instanceof Error ? error.name : 'Error';
        span.setAttribute('error.type', name);
        span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      });
    },
  };
}
