/**
 * Route drift between the live server and spec/openapi.yaml: the server's own
 * `/openapi.json` (public app) and `/admin/openapi.json` (admin app, mounted at /admin)
 * against the operations in our spec. Parameter names are ignored (`{run_id}` and
 * `{runId}` are the same route); methods and literal segments are not.
 */
import type { OpenApiDocument } from './openapi-validator.js';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

export function routesOf(document: OpenApiDocument, prefix = ''): Map<string, string> {
  const routes = new Map<string, string>();
  for (const [path, item] of Object.entries<Record<string, unknown>>(document.paths ?? {})) {
    for (const method of METHODS.filter((name) => item[name])) {
      const display = `${method.toUpperCase()} ${prefix}${path}`;
      routes.set(display.replace(/\{[^}]+\}/g, '{}'), display);
    }
  }
  return routes;
}

/** One line per route that only one side has; empty when they agree. */
export function routeDrift(server: Map<string, string>, spec: Map<string, string>): string[] {
  const problems: string[] = [];
  for (const [key, display] of server) {
    if (!spec.has(key)) problems.push(`${display}: served by the PyFlue server but missing from spec/openapi.yaml`);
  }
  for (const [key, display] of spec) {
    if (!server.has(key)) problems.push(`${display}: in spec/openapi.yaml but not served by the PyFlue server`);
  }
  return problems.sort();
}

export async function fetchServerRoutes(baseUrl: string): Promise<Map<string, string>> {
  const fetchJson = async (path: string) => {
    const response = await fetch(baseUrl + path);
    if (!response.ok) throw new Error(`GET ${path} answered ${response.status}`);
    return (await response.json()) as OpenApiDocument;
  };
  const [publicApp, adminApp] = await Promise.all([fetchJson('/openapi.json'), fetchJson('/admin/openapi.json')]);
  return new Map([...routesOf(publicApp), ...routesOf(adminApp, '/admin')]);
}
