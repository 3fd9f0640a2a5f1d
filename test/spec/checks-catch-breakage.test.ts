/**
 * The spec checks can fail: a spec broken on purpose (a route dropped, a response field
 * dropped, a field required that the server does not send) is caught, and the failure
 * names the route.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { recordContractTraffic } from '../support/contract-traffic.js';
import { loadSpec, OpenApiValidator, type Exchange, type OpenApiDocument } from '../support/openapi-validator.js';
import { fetchServerRoutes, routeDrift, routesOf } from '../support/route-drift.js';

function brokenSpec(breakIt: (spec: OpenApiDocument) => void): OpenApiDocument {
  const spec = loadSpec();
  breakIt(spec);
  return spec;
}

describe('the spec checks catch a broken spec', () => {
  let exchanges: Exchange[] = [];
  beforeAll(async () => {
    exchanges = await recordContractTraffic(inject('pyflueBaseUrl'));
  });
  const problemsWith = (spec: OpenApiDocument) => {
    const validator = new OpenApiValidator(spec);
    return exchanges.flatMap((exchange) => validator.validate(exchange));
  };

  it('a dropped route: drift names it', async () => {
    const spec = brokenSpec((doc) => delete doc.paths['/runs/{run_id}/events']);
    const drift = routeDrift(await fetchServerRoutes(inject('pyflueBaseUrl')), routesOf(spec));
    expect(drift).toEqual([
      'GET /runs/{run_id}/events: served by the PyFlue server but missing from spec/openapi.yaml',
    ]);
  });

  it('a dropped route: the response check names it too', () => {
    const problems = problemsWith(brokenSpec((doc) => delete doc.paths['/admin/runs']));
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((line) => line.startsWith('GET /admin/runs: the route is not in the spec'))).toBe(true);
  });

  it('a required field dropped from a response schema: the check names route and field', () => {
    const problems = problemsWith(
      brokenSpec((doc) => {
        const record = doc.components.schemas.RunRecord;
        delete record.properties.event_count;
        record.required = record.required.filter((name: string) => name !== 'event_count');
      }),
    );
    expect(problems).toContain('GET /runs/{run_id} -> 200: (body) must NOT have unevaluated properties "event_count"');
    expect(problems.some((line) => line.startsWith('GET /admin/runs -> 200: /runs/0'))).toBe(true);
  });

  it('a field required that the server does not send: the check names route and field', () => {
    const problems = problemsWith(
      brokenSpec((doc) => doc.components.schemas.HealthResponse.required.push('version')),
    );
    expect(problems).toEqual(["GET /health -> 200: (body) must have required property 'version'"]);
  });

  it('an undocumented status: the check names route and status', () => {
    const problems = problemsWith(brokenSpec((doc) => delete doc.paths['/workflows/{name}'].post.responses['415']));
    expect(problems).toEqual(['POST /workflows/{name} -> 415: status 415 is not documented for this route']);
  });
});
