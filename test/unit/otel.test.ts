/**
 * `@pyflue/client/otel`: one CLIENT span per HTTP call, recorded with
 * @opentelemetry/sdk-trace-base's in-memory exporter, and `traceparent` injected through
 * the registered propagator, as a loopback stub server sees it. The main entry never
 * loads @opentelemetry/api.
 */
import { wireRunRecord } from '../support/assertions.js';
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { SpanKind, SpanStatusCode, propagation, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { build } from 'esbuild';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PyFlueClient, PyFlueNotFoundError } from '../../src/index.js';
import { MAX_OPEN_SPANS, tracing } from '../../src/otel.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const RUN = 'run_01J0000000000000000000000';
let server: Server;
let baseUrl = '';
const seen: IncomingHttpHeaders[] = [];
const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

beforeAll(async () => {
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  server = createServer((req, res) => {
    seen.push(req.headers);
    const found = req.url?.startsWith(`/runs/${RUN}`);
    res.writeHead(found ? 200 : 404, { 'content-type': 'application/json', ...(found ? { 'x-flue-run-id': RUN } : {}) });
    res.end(JSON.stringify(found ? wireRunRecord(RUN) : { error: { type: 'run_not_found', message: 'Run not found.', details: '' } }));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  propagation.disable();
  server.closeAllConnections();
  server.close();
  await provider.shutdown();
});

beforeEach(() => {
  exporter.reset();
  seen.length = 0;
});

describe('tracing()', () => {
  it('makes one CLIENT span per call, named by method and route template, and sends its traceparent', async () => {
    const client = new PyFlueClient(baseUrl, { token: 'secret-token', middleware: [tracing({ tracerProvider: provider })] });
    await client.runs.get(RUN, { headers: { 'x-api-key': 'also-secret' } });
    const [span, ...others] = exporter.getFinishedSpans();
    expect(others).toEqual([]);
    expect(span!.name).toBe('GET /runs/{run_id}');
    expect(span!.kind).toBe(SpanKind.CLIENT);
    expect(span!.attributes).toMatchObject({
      'http.request.method': 'GET',
      'url.template': '/runs/{run_id}',
      'server.address': '127.0.0.1',
      'http.response.status_code': 200,
      'pyflue.run_id': RUN,
    });
    const traceparent = seen[0]!.traceparent;
    expect(traceparent).toBe(`00-${span!.spanContext().traceId}-${span!.spanContext().spanId}-01`);
    const everything = JSON.stringify({ name: span!.name, attributes: span!.attributes, events: span!.events });
    expect(everything).not.toContain('secret-token');
    expect(everything).not.toContain('also-secret');
  });

  it('keeps query strings out of the span, names admin routes by their full template, and marks a 404 as an error', async () => {
    const client = new PyFlueClient(baseUrl, { maxRetries: 0 }).use(tracing({ tracerProvider: provider }));
    await expect(client.admin.runs.list({ cursor: 'cursor-secret', limit: 5 })).rejects.toBeInstanceOf(PyFlueNotFoundError);
    const [span] = exporter.getFinishedSpans();
    expect(span!.name).toBe('GET /admin/runs');
    expect(span!.attributes['http.response.status_code']).toBe(404);
    expect(span!.attributes['error.type']).toBe('404');
    expect(span!.status.code).toBe(SpanStatusCode.ERROR);
    expect(JSON.stringify(span!.attributes)).not.toContain('cursor-secret');
    expect(seen[0]!.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  });

  it('uses the global tracer provider by default', async () => {
    trace.setGlobalTracerProvider(provider);
    try {
      await new PyFlueClient(baseUrl, { middleware: [tracing()] }).runs.get(RUN);
      expect(exporter.getFinishedSpans().map((span) => span.name)).toEqual(['GET /runs/{run_id}']);
    } finally {
      trace.disable();
    }
  });

  it('a refused connection ends its span with the error', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const port = (closed.address() as AddressInfo).port;
    closed.close();
    await once(closed, 'close');
    const client = new PyFlueClient(`http://127.0.0.1:${port}`, { maxRetries: 0, middleware: [tracing({ tracerProvider: provider })] });
    await expect(client.health()).rejects.toThrow();
    const [span] = exporter.getFinishedSpans();
    expect(span!.name).toBe('GET /health');
    expect(span!.status.code).toBe(SpanStatusCode.ERROR);
    expect(span!.attributes['error.type']).toBeDefined();
  });
});

describe('tracing() beside a middleware that answers on its own', () => {
  it('keeps at most MAX_OPEN_SPANS spans of tries that no hook reports on, ending the oldest as unfinished', async () => {
    // A cache registered after tracing(): openapi-fetch then calls neither onResponse nor onError.
    const cached = { onRequest: () => new Response(JSON.stringify({ ok: true, framework: 'pyflue' }), { headers: { 'content-type': 'application/json' } }) };
    const client = new PyFlueClient(baseUrl, { middleware: [tracing({ tracerProvider: provider }), cached] });
    for (let call = 0; call < MAX_OPEN_SPANS + 3; call += 1) await client.health();
    const finished = exporter.getFinishedSpans();
    expect(finished).toHaveLength(3);
    expect(finished.every((span) => span.attributes['pyflue.span.unfinished'] === true)).toBe(true);
    expect(seen).toHaveLength(0);
  });
});

describe('the main entry', () => {
  it('never loads @opentelemetry/api (only @pyflue/client/otel does)', async () => {
    const result = await build({ entryPoints: [`${root}src/index.ts`], bundle: true, write: false, metafile: true, platform: 'node', format: 'esm', logLevel: 'silent' });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((file) => file.includes('src/facade/internal/transport.ts'))).toBe(true);
    expect(inputs.filter((file) => file.includes('@opentelemetry'))).toEqual([]);
  });
});
