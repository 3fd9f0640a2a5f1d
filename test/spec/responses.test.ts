/**
 * The OpenAPI spec holds against the real PyFlue server: every response the traffic
 * gets validates (route, status, content type, body, every stream frame), and the
 * traffic reaches every operation in the spec.
 */
import { SPEC_VERSION } from '../support/spec-version.js';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { recordContractTraffic } from '../support/contract-traffic.js';
import { OpenApiValidator, type Exchange } from '../support/openapi-validator.js';

describe(`spec/openapi.yaml against the real PyFlue ${SPEC_VERSION} server`, () => {
  const validator = new OpenApiValidator();
  let exchanges: Exchange[] = [];

  beforeAll(async () => {
    exchanges = await recordContractTraffic(inject('pyflueBaseUrl'));
  });

  it('validates every response and every stream frame', () => {
    const problems = exchanges.flatMap((exchange) => validator.validate(exchange));
    expect(problems).toEqual([]);
    expect(exchanges.length).toBeGreaterThan(50);
  });

  it('reaches every operation of the spec with a success and sees error answers', () => {
    const succeeded = new Set<string>();
    const statuses = new Set<number>();
    for (const exchange of exchanges) {
      statuses.add(exchange.status);
      const match = validator.match(exchange.method, exchange.url);
      if (match && exchange.status < 300) succeeded.add(`${match.method} ${match.template}`);
    }
    const missing = validator.operations().filter((operation) => !succeeded.has(operation));
    expect(missing).toEqual([]);
    expect([...statuses].sort()).toEqual([200, 202, 400, 404, 415, 500]);
  });

  it('sees streams with frames', () => {
    const streams = exchanges.filter((exchange) => exchange.frames);
    expect(streams.length).toBeGreaterThanOrEqual(8);
    for (const stream of streams.filter((exchange) => exchange.status === 200)) {
      expect(stream.frames!.length, `${stream.method} ${stream.url}`).toBeGreaterThan(0);
    }
  });
});
