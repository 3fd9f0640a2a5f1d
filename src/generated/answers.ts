/**
 * Generated from spec/openapi.yaml by `npm run generate` (scripts/runtime/wire-emitter.ts).
 * Do not edit: change the spec and regenerate.
 *
 * The tables of internal/answers/ (which checks and names every 2xx JSON answer): the
 * fields each 2xx answer must have, and the camelCase names of the fields the
 * server sends in snake_case only (the streams and sockets chunks name frames by them too).
 */

// ─── 2xx answers ──────────────────────────────────────────────────────────

/** Per operation the client calls: the component schema of each 2xx JSON answer. */
export const answers = {
  health: {
    '200': 'HealthResponse',
  },
  listAgents: {
    '200': 'AgentListResponse',
  },
  invokeAgent: {
    '200': 'AgentInvokeResponse',
    '202': 'WebhookAcceptedResponse',
  },
  dispatchAgent: {
    '202': 'DispatchAcceptedResponse',
  },
  invokeWorkflow: {
    '200': 'WorkflowCompletedResponse',
    '202': 'WebhookAcceptedResponse',
  },
  getRun: {
    '200': 'RunRecord',
  },
  listRunEvents: {
    '200': 'RunEventListResponse',
  },
  prompt: {
    '200': 'PromptResult',
  },
  abortSession: {
    '200': 'AbortSessionResponse',
  },
  adminListAgents: {
    '200': 'AdminAgentsPage',
  },
  adminListInstances: {
    '200': 'AdminInstancesPage',
  },
  adminListInstanceRuns: {
    '200': 'AdminInstanceRunsPage',
  },
  adminListRuns: {
    '200': 'AdminRunsPage',
  },
  adminGetRun: {
    '200': 'RunRecord',
  },
} as const;

/** The operations with a JSON answer. */
export type AnswerOperation = keyof typeof answers;

/**
 * The fields each answer schema (and each component inside one, see `nestedFields`)
 * requires (a trailing `[]`: an array). A schema that is a union (any JSON value may
 * come) has no entry.
 */
export const requiredFields: { readonly [schema: string]: readonly string[] } = {
  AbortSessionResponse: ['aborted', 'session_id'],
  AdminAgentsPage: ['agents[]', 'items[]', 'nextCursor'],
  AdminInstanceRunsPage: ['agent', 'agentName', 'agent_id', 'instanceId', 'runs[]', 'items[]', 'nextCursor'],
  AdminInstancesPage: ['agent', 'agentName', 'instances[]', 'items[]', 'nextCursor'],
  AdminRunsPage: ['runs[]', 'items[]', 'nextCursor'],
  AgentListResponse: ['agents[]'],
  DispatchAcceptedResponse: ['status', 'dispatch_id', 'dispatchId', 'accepted_at', 'acceptedAt'],
  HealthResponse: ['ok', 'framework'],
  PromptResult: ['text', 'metadata', 'usage', 'model'],
  RunEventListResponse: ['run_id', 'runId', 'events[]', 'next_after', 'nextAfter'],
  RunRecord: ['run_id', 'runId', 'agent', 'agentName', 'agent_id', 'instanceId', 'started_at', 'startedAt', 'ended_at', 'endedAt', 'durationMs', 'status', 'is_error', 'isError', 'error', 'result', 'event_count'],
  WebhookAcceptedResponse: ['status', 'run_id', 'runId'],
  WorkflowCompletedResponse: ['status', 'run_id', 'runId', 'result'],
  AdminAgent: ['name', 'triggers'],
  AdminInstance: ['agent_id', 'instanceId'],
  AgentManifestEntry: ['name', 'path', 'triggers'],
  PromptUsage: ['input', 'output', 'cache_read', 'cache_write', 'total_tokens', 'cost'],
  PromptModel: ['id'],
  ErrorBody: ['type', 'message'],
  PromptCost: ['input', 'output', 'cache_read', 'cache_write', 'total'],
};

/**
 * Inside the answers: per schema, each property whose value is a component with required
 * fields (a trailing `[]`: each item of an array of one), checked with that component's
 * `requiredFields` when it is there (a nullable one may be null).
 */
export const nestedFields: { readonly [schema: string]: { readonly [property: string]: string } } = {
  AdminAgentsPage: {
    agents: 'AdminAgent[]',
    items: 'AdminAgent[]',
  },
  AdminInstanceRunsPage: {
    runs: 'RunRecord[]',
    items: 'RunRecord[]',
  },
  AdminInstancesPage: {
    instances: 'AdminInstance[]',
    items: 'AdminInstance[]',
  },
  AdminRunsPage: {
    runs: 'RunRecord[]',
    items: 'RunRecord[]',
  },
  AgentListResponse: {
    agents: 'AgentManifestEntry[]',
  },
  PromptResult: {
    usage: 'PromptUsage',
    model: 'PromptModel',
  },
  RunRecord: {
    error: 'ErrorBody',
  },
  PromptUsage: {
    cost: 'PromptCost',
  },
};

// ─── camelCase names ──────────────────────────────────────────────────────

/**
 * How to give a body of a component schema its camelCase names: `alias` maps each field the
 * server sends in snake_case only to its camelCase name; `walk` names the schema of each
 * property to go into (a trailing `[]`: each item of an array); a union picks its member
 * by `type` (`byType`) or, without one, the one member whose required fields are there
 * (`anyOf`). Only schemas with a name to add somewhere inside are listed.
 */
export interface NameRule {
  readonly alias?: { readonly [snake: string]: string };
  readonly walk?: { readonly [property: string]: string };
  readonly byType?: { readonly [type: string]: string };
  readonly anyOf?: { readonly [schema: string]: readonly string[] };
}

export const camelNames: { readonly [schema: string]: NameRule } = {
  AbortSessionResponse: {
    alias: {
      session_id: 'sessionId',
    },
  },
  AdminInstanceRunsPage: {
    walk: {
      runs: 'RunRecord[]',
      items: 'RunRecord[]',
    },
  },
  AdminRunsPage: {
    walk: {
      runs: 'RunRecord[]',
      items: 'RunRecord[]',
    },
  },
  AgentInvokeResponse: {
    anyOf: {
      AgentPromptResponse: ['result'],
      FileAgentResult: ['_meta'],
    },
  },
  AgentPromptResponse: {
    walk: {
      result: 'PromptResult',
    },
  },
  AgentResultMessage: {
    walk: {
      result: 'PromptResult',
    },
  },
  AgentStreamStart: {
    alias: {
      session_id: 'sessionId',
    },
  },
  PromptCost: {
    alias: {
      cache_read: 'cacheRead',
      cache_write: 'cacheWrite',
    },
  },
  PromptResult: {
    walk: {
      usage: 'PromptUsage',
    },
  },
  PromptStreamStart: {
    alias: {
      session_id: 'sessionId',
    },
  },
  PromptUsage: {
    alias: {
      cache_read: 'cacheRead',
      cache_write: 'cacheWrite',
      total_tokens: 'totalTokens',
    },
    walk: {
      cost: 'PromptCost',
    },
  },
  RunEndData: {
    alias: {
      is_error: 'isError',
    },
  },
  RunEndEvent: {
    walk: {
      data: 'RunEndData',
    },
  },
  RunEvent: {
    byType: {
      run_start: 'RunStartEvent',
      log: 'LogEvent',
      run_end: 'RunEndEvent',
    },
  },
  RunEventListResponse: {
    walk: {
      events: 'RunEvent[]',
    },
  },
  RunRecord: {
    alias: {
      event_count: 'eventCount',
    },
  },
  RunStartData: {
    alias: {
      agent_id: 'instanceId',
    },
  },
  RunStartEvent: {
    walk: {
      data: 'RunStartData',
    },
  },
};
