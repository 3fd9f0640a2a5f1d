/** Every route the live server describes is in our spec, and nothing more. */
import { describe, expect, inject, it } from 'vitest';
import { loadSpec } from '../support/openapi-validator.js';
import { fetchServerRoutes, routeDrift, routesOf } from '../support/route-drift.js';

describe('route drift between the live server and spec/openapi.yaml', () => {
  it('finds the same routes on both sides', async () => {
    const server = await fetchServerRoutes(inject('pyflueBaseUrl'));
    const spec = routesOf(loadSpec());
    expect(routeDrift(server, spec)).toEqual([]);
    // The server's own description covers the public and the admin app.
    expect([...server.values()]).toContain('GET /admin/runs/{run_id}');
    expect(server.size).toBe(spec.size);
  });
});
