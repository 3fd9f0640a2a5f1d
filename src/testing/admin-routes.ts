/**
 * The read-only admin app PyFlue mounts at `/admin` (pyflue/admin.py): agents with runs,
 * their instances, runs (most recent first) and run records, one page at a time.
 */
import type { Engine } from './engine.js';
import { paginate, lastQuery, parseCursor, parseLimit, parseStatus } from './queries.js';
import { json, route, type Route } from './routes.js';
import { errors } from './wire.js';

export function adminRoutes(engine: Engine): Route[] {
  const knownAgent = (name: string) => {
    if (!engine.runs.agents().includes(name)) throw errors.adminNotFound('agent', name);
  };
  return [
    route('GET', '/agents', (request) => {
      const limit = parseLimit(request);
      const cursor = parseCursor(request);
      const [page, nextCursor] = paginate(
        engine.runs.agents().map((name) => ({ name, triggers: null })),
        cursor,
        limit,
      );
      return json({ agents: page, items: page, nextCursor });
    }),
    route('GET', '/agents/{name}/instances', (request, [name]) => {
      knownAgent(name!);
      const limit = parseLimit(request);
      const cursor = parseCursor(request);
      const items = engine.runs.instances(name!).map((agentId) => ({ agent_id: agentId, instanceId: agentId }));
      const [page, nextCursor] = paginate(items, cursor, limit);
      return json({ agent: name, agentName: name, instances: page, items: page, nextCursor });
    }),
    route('GET', '/agents/{name}/instances/{agent_id}/runs', (request, [name, agentId]) => {
      knownAgent(name!);
      if (!engine.runs.instances(name!).includes(agentId!)) throw errors.adminNotFound('instance', agentId!);
      const limit = parseLimit(request);
      const cursor = parseCursor(request);
      const status = parseStatus(request);
      const [page, nextCursor] = paginate(engine.runs.listForInstance(name!, agentId!, status), cursor, limit);
      return json({ agent: name, agentName: name, agent_id: agentId, instanceId: agentId, runs: page, items: page, nextCursor });
    }),
    route('GET', '/runs', (request) => {
      const limit = parseLimit(request);
      const cursor = parseCursor(request);
      const status = parseStatus(request);
      const agentName = lastQuery(request, 'agentName') || lastQuery(request, 'agent_name') || undefined;
      if (agentName !== undefined) knownAgent(agentName);
      const [page, nextCursor] = paginate(engine.runs.list({ status, agent: agentName }), cursor, limit);
      return json({ runs: page, items: page, nextCursor });
    }),
    route('GET', '/runs/{run_id}', (_request, [runId]) => {
      const run = engine.runs.get(runId!);
      if (!run) throw errors.adminNotFound('run', runId!);
      return json(run);
    }),
  ];
}
