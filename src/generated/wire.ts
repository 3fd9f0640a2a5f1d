/**
 * Generated from spec/openapi.yaml by `npm run generate` (scripts/runtime/wire-emitter.ts).
 * Do not edit: change the spec and regenerate.
 *
 * The run-time tables of the facade: error codes per status and query
 * parameters per operation; and the one-spelling rule of the types (`FieldNames`). The
 * facade reads these; it keeps no list of its own. (internal/answers/ has its own:
 * src/generated/answers.ts.)
 */

import type { operations } from './openapi.js';

// ─── Error codes ──────────────────────────────────────────────────────────

/** The codes the spec gives each HTTP status (the `x-http-status` of each member of `ErrorType`). */
export const errorCodes: { readonly [status: number]: readonly string[] } = {
  '400': ['invalid_request', 'invalid_json', 'invalid_query_param'],
  '404': ['agent_not_found', 'agent_not_webhook', 'not_found', 'run_not_found', 'instance_not_found'],
  '405': ['method_not_allowed'],
  '415': ['unsupported_media_type'],
  '500': ['internal_error'],
};

// ─── Query parameters ─────────────────────────────────────────────────────

/**
 * What a query value must be, from the parameter's schema: a whole number in a range, one
 * of an enum, or a non-empty string.
 */
export type QueryValue =
  | readonly [wire: string, kind: 'integer', minimum?: number, maximum?: number]
  | readonly [wire: string, kind: 'enum', values: readonly string[]]
  | readonly [wire: string, kind: 'string' | 'boolean' | 'number'];

/** Per operation: each query parameter under its camelCase option name, with its wire name and check. */
export const queries = {
  invokeWorkflow: {
    wait: [
      'wait',
      'enum',
      ['result'],
    ],
  },
  listRunEvents: {
    after: ['after', 'integer', 0],
    limit: ['limit', 'integer', 1, 1000],
    types: ['types', 'string'],
  },
  streamRun: {
    after: ['after', 'integer', 0],
  },
  adminListAgents: {
    cursor: ['cursor', 'string'],
    limit: ['limit', 'integer', 1, 1000],
  },
  adminListInstances: {
    cursor: ['cursor', 'string'],
    limit: ['limit', 'integer', 1, 1000],
  },
  adminListInstanceRuns: {
    cursor: ['cursor', 'string'],
    limit: ['limit', 'integer', 1, 1000],
    status: [
      'status',
      'enum',
      ['active', 'completed', 'errored', 'running', 'succeeded', 'failed'],
    ],
  },
  adminListRuns: {
    cursor: ['cursor', 'string'],
    limit: ['limit', 'integer', 1, 1000],
    status: [
      'status',
      'enum',
      ['active', 'completed', 'errored', 'running', 'succeeded', 'failed'],
    ],
    agentName: ['agentName', 'string'],
  },
} as const satisfies { readonly [operation: string]: { readonly [option: string]: QueryValue } };

/** The operations that take query parameters. */
export type QueryOperation = keyof typeof queries;

type Query<Operation extends keyof operations> = NonNullable<operations[Operation]['parameters']['query']>;

/** The query parameters of `invokeWorkflow` as options, under their camelCase names. */
export interface InvokeWorkflowQuery {
  wait?: Query<'invokeWorkflow'>['wait'] | undefined;
}

/** The query parameters of `listRunEvents` as options, under their camelCase names. */
export interface ListRunEventsQuery {
  after?: Query<'listRunEvents'>['after'] | undefined;
  limit?: Query<'listRunEvents'>['limit'] | undefined;
  types?: Query<'listRunEvents'>['types'] | undefined;
}

/** The query parameters of `streamRun` as options, under their camelCase names. */
export interface StreamRunQuery {
  after?: Query<'streamRun'>['after'] | undefined;
}

/** The query parameters of `adminListAgents` as options, under their camelCase names. */
export interface AdminListAgentsQuery {
  cursor?: Query<'adminListAgents'>['cursor'] | undefined;
  limit?: Query<'adminListAgents'>['limit'] | undefined;
}

/** The query parameters of `adminListInstances` as options, under their camelCase names. */
export interface AdminListInstancesQuery {
  cursor?: Query<'adminListInstances'>['cursor'] | undefined;
  limit?: Query<'adminListInstances'>['limit'] | undefined;
}

/** The query parameters of `adminListInstanceRuns` as options, under their camelCase names. */
export interface AdminListInstanceRunsQuery {
  cursor?: Query<'adminListInstanceRuns'>['cursor'] | undefined;
  limit?: Query<'adminListInstanceRuns'>['limit'] | undefined;
  status?: Query<'adminListInstanceRuns'>['status'] | undefined;
}

/** The query parameters of `adminListRuns` as options, under their camelCase names. */
export interface AdminListRunsQuery {
  cursor?: Query<'adminListRuns'>['cursor'] | undefined;
  limit?: Query<'adminListRuns'>['limit'] | undefined;
  status?: Query<'adminListRuns'>['status'] | undefined;
  agentName?: Query<'adminListRuns'>['agentName'] | undefined;
}

/** Per operation: its query parameters as options (the facade's option types extend these). */
export interface QueryOptions {
  invokeWorkflow: InvokeWorkflowQuery;
  listRunEvents: ListRunEventsQuery;
  streamRun: StreamRunQuery;
  adminListAgents: AdminListAgentsQuery;
  adminListInstances: AdminListInstancesQuery;
  adminListInstanceRuns: AdminListInstanceRunsQuery;
  adminListRuns: AdminListRunsQuery;
}

/**
 * The one-spelling rule for the types: per component schema, each snake_case field that
 * goes (its camelCase twin is sent beside it: `never`) or is renamed (sent in snake_case
 * only). The run time adds the same names (src/generated/answers.ts `camelNames`).
 */
export interface FieldNames {
  WebhookAcceptedResponse: { run_id: never; };
  DispatchAcceptedResponse: { dispatch_id: never; accepted_at: never; };
  WorkflowCompletedResponse: { run_id: never; };
  RunRecord: { run_id: never; agent: never; agent_id: never; started_at: never; ended_at: never; is_error: never; event_count: 'eventCount'; };
  RunStartEvent: { run_id: never; event_index: never; };
  LogEvent: { run_id: never; event_index: never; };
  RunEndEvent: { run_id: never; event_index: never; };
  RunStartData: { agent_id: 'instanceId'; };
  RunEndData: { is_error: 'isError'; };
  RunEventListResponse: { run_id: never; next_after: never; };
  PromptCost: { cache_read: 'cacheRead'; cache_write: 'cacheWrite'; };
  PromptUsage: { cache_read: 'cacheRead'; cache_write: 'cacheWrite'; total_tokens: 'totalTokens'; };
  AgentStreamStart: { session_id: 'sessionId'; };
  PromptStreamStart: { session_id: 'sessionId'; };
  AbortSessionResponse: { session_id: 'sessionId'; };
  DevStatusResponse: { generated_at: 'generatedAt'; config_path: 'configPath'; config_mtime: 'configMtime'; route_count: 'routeCount'; active_sessions: 'activeSessions'; };
  AdminInstance: { agent_id: never; };
  AdminInstancesPage: { agent: never; };
  AdminInstanceRunsPage: { agent: never; agent_id: never; };
  WorkflowResultMessage: { run_id: never; };
}
