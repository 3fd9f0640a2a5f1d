/**
 * The admin lists' options and their checks: shared by the admin namespaces (loaded on
 * first use, admin-pages.ts) and what stands in for them (admin.ts), which checks an
 * `iterate*` call's arguments at once, as the namespaces always have.
 */
import type { RequestOptions } from '../transport.js';
import type { RunStatusQuery } from '../types.js';
import { optionalEnum, optionalInteger, optionalString, pathSegment, withoutUndefined } from '../validate.js';

/** Paging options of the admin lists. */
export interface PageOptions extends RequestOptions {
  /** The `nextCursor` of the previous page. */
  cursor?: string | undefined;
  /** Page size, 1 to 1000 (default 100). */
  limit?: number | undefined;
}

/** The status filter of the admin run lists. */
export interface RunFilter {
  /** `active`, `completed`, `errored` (or `running`, `succeeded`, `failed`). */
  status?: RunStatusQuery | undefined;
}

/** Options of `admin.runs.list`. */
export interface RunListOptions extends PageOptions, RunFilter {
  /** Only this agent's (or workflow's) runs. */
  agentName?: string | undefined;
}

const STATUSES: readonly RunStatusQuery[] = ['active', 'completed', 'errored', 'running', 'succeeded', 'failed'];

/** The query of a page, checked (PyFlueInputError). */
export function pageQuery(options: PageOptions & RunFilter & { agentName?: string | undefined }) {
  return withoutUndefined({
    cursor: optionalString(options.cursor, 'cursor'),
    limit: optionalInteger(options.limit, 'limit', 1, 1000),
    status: optionalEnum(options.status, 'status', STATUSES),
    agentName: optionalString(options.agentName, 'agentName'),
  });
}

export const agentPath = (agentName: string) => pathSegment(agentName, 'agentName');
export const instancePath = (agentName: string, id: string) => ({ name: agentPath(agentName), agent_id: pathSegment(id, 'agent id') });

