/**
 * The HTTP routes of PyFlue 0.2.0 (the public app and the admin app mounted at
 * `/admin`), answering as pyflue/server.py and pyflue/admin.py do: the same status
 * codes, bodies with both key spellings, error envelopes with the server's texts,
 * and Starlette's own `{"detail": ...}` for paths and methods no route takes.
 */
import { adminRoutes } from './admin-routes.js';
import type { Engine } from './engine.js';
import { publicRoutes } from './public-routes.js';
import { errorAnswer, json, type FakeAnswer, type FakeRequest } from './routes.js';

export type { FakeAnswer, FakeRequest } from './routes.js';
export { errorAnswer } from './routes.js';

export function createHttpApp(engine: Engine): (request: FakeRequest) => Promise<FakeAnswer> {
  const routes = publicRoutes(engine);
  const admin = adminRoutes(engine);
  return async (request) => {
    // Starlette routes on the percent-decoded path, as uvicorn hands it over.
    const path = decodePath(request.url.pathname);
    // The admin app is mounted before the public routes are declared, so it takes /admin/... first.
    const [table, routed] = path.startsWith('/admin/') ? [admin, path.slice('/admin'.length)] : [routes, path];
    const allowed: string[] = [];
    for (const candidate of table) {
      const match = candidate.pattern.exec(routed);
      if (!match) continue;
      if (candidate.method !== request.method) {
        allowed.push(candidate.method);
        continue;
      }
      try {
        return await candidate.handler(request, match.slice(1));
      } catch (error) {
        return errorAnswer(error);
      }
    }
    if (allowed.length > 0) return json({ detail: 'Method Not Allowed' }, 405, { allow: allowed.join(', ') });
    return json({ detail: 'Not Found' }, 404);
  };
}

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
