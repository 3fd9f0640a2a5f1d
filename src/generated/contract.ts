/**
 * Generated from spec/openapi.yaml and spec/asyncapi.yaml by `npm run generate`
 * (scripts/contract-summary.ts): what `pyflue-client doctor` checks a deployment against.
 * Do not edit: change the spec and regenerate.
 */

/** A JSON Schema reduced to what a compatibility check reads; `$ref` points into `schemas`. */
export interface ContractSchema {
  $ref?: string;
  type?: string | string[];
  required?: string[];
  properties?: Record<string, ContractSchema>;
  items?: ContractSchema;
  anyOf?: ContractSchema[];
  oneOf?: ContractSchema[];
  allOf?: ContractSchema[];
  additionalProperties?: boolean | ContractSchema;
  const?: unknown;
  enum?: unknown[];
}

export interface ContractParameter {
  name: string;
  in: 'query' | 'header' | 'path' | 'cookie';
  required: boolean;
}

export interface ContractResponse {
  status: string;
  /** The schema of the JSON answer. */
  schema: ContractSchema;
  /** Fields PyFlue 0.2.0's own description does not state for this answer (see scripts/contract-summary.ts). */
  unstatedByPyFlue: string[];
}

export interface ContractOperation {
  operationId: string;
  method: string;
  /** The path in spec/openapi.yaml (admin routes start with /admin). */
  path: string;
  /** Which app serves it: the admin app describes its paths without its mount point. */
  app: 'public' | 'admin';
  /** The path as that app's own /openapi.json lists it. */
  appPath: string;
  /** False for routes the client never calls (the dev pages). */
  calledByClient: boolean;
  /** Query and header parameters the client may send (path parameters are part of the route). */
  parameters: ContractParameter[];
  /** The 2xx JSON answers the client reads. */
  responses: ContractResponse[];
}

export interface ContractChannel {
  /** The channel's key in spec/asyncapi.yaml. */
  name: string;
  address: string;
  title: string;
}

export interface Contract {
  /** info.version of spec/openapi.yaml: the PyFlue release the contract follows. */
  version: string;
  operations: ContractOperation[];
  schemas: Record<string, ContractSchema>;
  channels: ContractChannel[];
}

export const contract: Contract = {
  "version": "0.2.0",
  "operations": [
    {
      "operationId": "health",
      "method": "get",
      "path": "/health",
      "app": "public",
      "appPath": "/health",
      "calledByClient": true,
      "parameters": [],
      "responses": [
        {
          "status": "200",
          "schema": {
            "$ref": "#/components/schemas/HealthResponse"
          },
          "unstatedByPyFlue": []
        }
      ]
    },
    {
      "operationId": "listAgents",
      "method": "get",
      "path": "/agents",
      "app": "public",
      "appPath": "/agents",
      "calledByClient": true,
      "parameters": [],
      "responses": [
        {
          "status": "200",
          "schema": {
            "$ref": "#/components/schemas/AgentListResponse"
          },
          "unstatedByPyFlue": []
        }
      ]
    },
    {
      "operationId": "invokeAgent",
      "method": "post",
      "path": "/agents/{name}/{agent_id}",
      "app": "public",
      "appPath": "/agents/{name}/{agent_id}",
      "calledByClient": true,
      "parameters": [
        {
          "name": "x-webhook",
          "in": "header",
          "required": false
        }
      ],
      "responses": [
        {
          "status": "200",
          "schema": {
            "$ref": "#/components/schemas/AgentInvokeResponse"
          },
          "unstatedByPyFlue": []
        },
        {
          "status": "202",
          "schema": {
            "$ref": "#/components/schemas/WebhookAcceptedResponse"
          },
          "unstatedByPyFlue": []
        }
      ]
    },
    {
      "operationId": "dispatchAgent",
      "method": "post",
      "path": "/agents/{name}/{agent_id}/dispatch",
      "app": "public",
      "appPath": "/agents/{name}/{agent_id}/dispatch",
      "calledByClient": true,
      "parameters": [],
      "responses": [
        {
          "status": "202",
          "schema": {
            "$ref": "#/components/schemas/DispatchAcceptedResponse"
          },
          "unstatedByPyFlue": [
            "dispatch_id",
            "dispatchId",
            "accepted_at",
            "acceptedAt"
          ]
        }
      ]
    },
    {
      "operationId": "invokeWorkflow",
      "method": "post",
      "path": "/workflows/{name}",
      "app": "public",
      "appPath": "/workflows/{name}",
      "calledByClient": true,
      "parameters": [
        {
          "name": "wait",
          "in": "query",
          "required": false
        }
      ],
      "responses": [
        {
          "status": "200",
          "schema": {
            "$ref": "#/components/schemas/WorkflowCompletedResponse"
          },
          "unstatedByPyFlue": []
        },
        {
          "status": "202",
          "schema": {
            "$ref": "#/components/schemas/WebhookAcceptedResponse"
          },
          "unstatedByPyFlue": []
        }
      ]
    },
    {
      "operationId": "getRun",
      "method": "get",
      "path": "/runs/{run_id}",
      "app": "public",
      "appPath": "/runs/{run_id}",
      "calledByClient": true,
      "parameters": [],
      "responses": [
        {
          "status": "200",
          "schema": {
            "$ref": "#/components/schemas/RunRecord"
          },
          "unstatedByPyFlue": []
        }
      ]
    },
    {
      "operationId": "listRunEvents",
      "method": "get",
      "path": "/runs/{run_id}/events",
      "app": "public",
      "appPath": "/runs/{run_id}/events",
      "calledByClient": true,
      "parameters": [
        {
          "name": "after",
          "in": "query",
          "required": false
        },
        {
          "name": "limit",
          "in": "query",
          "required": false
        },
        {
          "name": "types",
          "in": "query",
          "required": false
        }
      ],
      "responses": [
        {
          "status": "200",
          "schema": {
            "$ref": "#/components/schemas/RunEventListResponse"
          },
          "unstatedByPyFlue": []
        }
      ]
    },
    {
      "operationId": "streamRun",
      "method": "get",
      "path": "/runs/{run_id}/stream",
      "app": "public",
      "appPath": "/runs/{run_id}/stream",
      "calledByClient": true,
      "parameters": [
        {
          "name": "after",
          "in": "query",
          "required": false
        },
        {
          "name": "Last-Event-ID",
          "in": "header",
          "required": false
        }
      ],
      "responses": []
    },
    {
      "operationId": "prompt",
      "method": "post",
      "path": "/prompt/{agent_id}",
      "app": "public",
      "appPath": "/prompt/{agent_id}",
      "calledByClient": true,
      "parameters": [],
      "responses": [
        {
          "status": "200",
          "schema": {
            "$ref": "#/components/schemas/PromptResult"
          },
          "unstatedByPyFlue": []
        }
      ]
    },
    {
      "operationId": "promptEvents",
      "method": "post",
      "path": "/prompt/{agent_id}/events",
      "app": "public",
      "appPath": "/prompt/{agent_id}/events",
      "calledByClient": true,
      "parameters": [],
      "responses": []
    },
    {
      "operationId": "abortSession",
      "method": "post",
      "path": "/sessions/{session_id}/abort",
      "app": "public",
      "appPath": "/sessions/{session_id}/abort",
      "calledByClient": true,
      "parameters": [],
      "responses": [
        {
          "status": "200",
          "schema": {
            "$ref": "#/components/schemas/AbortSessionResponse"
          },
          "unstatedByPyFlue": []
        }
      ]
    },
    {
      "operationId": "devStatus",
      "method": "get",
      "path": "/__pyflue/status",
      "app": "public",
      "appPath": "/__pyflue/status",
      "calledByClient": false,
      "parameters": [],
      "responses": []
    },
    {
      "operationId": "devDashboard",
      "method": "get",
      "path": "/__pyflue",
      "app": "public",
      "appPath": "/__pyflue",
      "calledByClient": false,
      "parameters": [],
      "responses": []
    },
    {
      "operationId": "adminListAgents",
      "method": "get",
      "path": "/admin/agents",
      "app": "admin",
      "appPath": "/agents",
      "calledByClient": true,
      "parameters": [
        {
          "name": "cursor",
          "in": "query",
          "required": false
        },
        {
          "name": "limit",
          "in": "query",
          "required": false
        }
      ],
      "responses": [
        {
          "status": "200",
          "schema": {
            "$ref": "#/components/schemas/AdminAgentsPage"
          },
          "unstatedByPyFlue": []
        }
      ]
    },
    {
      "operationId": "adminListInstances",
      "method": "get",
      "path": "/admin/agents/{name}/instances",
      "app": "admin",
      "appPath": "/agents/{name}/instances",
      "calledByClient": true,
      "parameters": [
        {
          "name": "cursor",
          "in": "query",
          "required": false
        },
        {
          "name": "limit",
          "in": "query",
          "required": false
        }
      ],
      "responses": [
        {
          "status": "200",
          "schema": {
            "$ref": "#/components/schemas/AdminInstancesPage"
          },
          "unstatedByPyFlue": []
        }
      ]
    },
    {
      "operationId": "adminListInstanceRuns",
      "method": "get",
      "path": "/admin/agents/{name}/instances/{agent_id}/runs",
      "app": "admin",
      "appPath": "/agents/{name}/instances/{agent_id}/runs",
      "calledByClient": true,
      "parameters": [
        {
          "name": "cursor",
          "in": "query",
          "required": false
        },
        {
          "name": "limit",
          "in": "query",
          "required": false
        },
        {
          "name": "status",
          "in": "query",
          "required": false
        }
      ],
      "responses": [
        {
          "status": "200",
          "schema": {
            "$ref": "#/components/schemas/AdminInstanceRunsPage"
          },
          "unstatedByPyFlue": [
            "agent",
            "agentName",
            "agent_id",
            "instanceId"
          ]
        }
      ]
    },
    {
      "operationId": "adminListRuns",
      "method": "get",
      "path": "/admin/runs",
      "app": "admin",
      "appPath": "/runs",
      "calledByClient": true,
      "parameters": [
        {
          "name": "cursor",
          "in": "query",
          "required": false
        },
        {
          "name": "limit",
          "in": "query",
          "required": false
        },
        {
          "name": "status",
          "in": "query",
          "required": false
        },
        {
          "name": "agentName",
          "in": "query",
          "required": false
        }
      ],
      "responses": [
        {
          "status": "200",
          "schema": {
            "$ref": "#/components/schemas/AdminRunsPage"
          },
          "unstatedByPyFlue": []
        }
      ]
    },
    {
      "operationId": "adminGetRun",
      "method": "get",
      "path": "/admin/runs/{run_id}",
      "app": "admin",
      "appPath": "/runs/{run_id}",
      "calledByClient": true,
      "parameters": [],
      "responses": [
        {
          "status": "200",
          "schema": {
            "$ref": "#/components/schemas/RunRecord"
          },
          "unstatedByPyFlue": []
        }
      ]
    }
  ],
  "schemas": {
    "AbortSessionResponse": {
      "type": "object",
      "required": [
        "aborted",
        "session_id"
      ],
      "properties": {
        "aborted": {
          "type": "boolean"
        },
        "session_id": {
          "type": "string"
        }
      }
    },
    "AdminAgent": {
      "type": "object",
      "required": [
        "name",
        "triggers"
      ],
      "properties": {
        "name": {
          "type": "string"
        },
        "triggers": {
          "type": [
            "object",
            "null"
          ],
          "additionalProperties": true
        }
      }
    },
    "AdminAgentsPage": {
      "type": "object",
      "required": [
        "agents",
        "items",
        "nextCursor"
      ],
      "properties": {
        "agents": {
          "type": "array",
          "items": {
            "$ref": "#/components/schemas/AdminAgent"
          }
        },
        "items": {
          "type": "array",
          "items": {
            "$ref": "#/components/schemas/AdminAgent"
          }
        },
        "nextCursor": {
          "$ref": "#/components/schemas/NextCursor"
        }
      }
    },
    "AdminInstance": {
      "type": "object",
      "required": [
        "agent_id",
        "instanceId"
      ],
      "properties": {
        "agent_id": {
          "type": "string"
        },
        "instanceId": {
          "type": "string"
        }
      }
    },
    "AdminInstanceRunsPage": {
      "type": "object",
      "required": [
        "agent",
        "agentName",
        "agent_id",
        "instanceId",
        "runs",
        "items",
        "nextCursor"
      ],
      "properties": {
        "agent": {
          "type": "string"
        },
        "agentName": {
          "type": "string"
        },
        "agent_id": {
          "type": "string"
        },
        "instanceId": {
          "type": "string"
        },
        "runs": {
          "type": "array",
          "items": {
            "$ref": "#/components/schemas/RunRecord"
          }
        },
        "items": {
          "type": "array",
          "items": {
            "$ref": "#/components/schemas/RunRecord"
          }
        },
        "nextCursor": {
          "$ref": "#/components/schemas/NextCursor"
        }
      }
    },
    "AdminInstancesPage": {
      "type": "object",
      "required": [
        "agent",
        "agentName",
        "instances",
        "items",
        "nextCursor"
      ],
      "properties": {
        "agent": {
          "type": "string"
        },
        "agentName": {
          "type": "string"
        },
        "instances": {
          "type": "array",
          "items": {
            "$ref": "#/components/schemas/AdminInstance"
          }
        },
        "items": {
          "type": "array",
          "items": {
            "$ref": "#/components/schemas/AdminInstance"
          }
        },
        "nextCursor": {
          "$ref": "#/components/schemas/NextCursor"
        }
      }
    },
    "AdminRunsPage": {
      "type": "object",
      "required": [
        "runs",
        "items",
        "nextCursor"
      ],
      "properties": {
        "runs": {
          "type": "array",
          "items": {
            "$ref": "#/components/schemas/RunRecord"
          }
        },
        "items": {
          "type": "array",
          "items": {
            "$ref": "#/components/schemas/RunRecord"
          }
        },
        "nextCursor": {
          "$ref": "#/components/schemas/NextCursor"
        }
      }
    },
    "AgentInvokeResponse": {
      "anyOf": [
        {
          "$ref": "#/components/schemas/AgentPromptResponse"
        },
        {
          "$ref": "#/components/schemas/FileAgentResult"
        },
        {
          "type": [
            "array",
            "string",
            "number",
            "integer",
            "boolean",
            "null"
          ]
        }
      ]
    },
    "AgentListResponse": {
      "type": "object",
      "required": [
        "agents"
      ],
      "properties": {
        "agents": {
          "type": "array",
          "items": {
            "$ref": "#/components/schemas/AgentManifestEntry"
          }
        }
      }
    },
    "AgentManifestEntry": {
      "type": "object",
      "required": [
        "name",
        "path",
        "triggers"
      ],
      "properties": {
        "name": {
          "type": "string"
        },
        "path": {
          "type": "string"
        },
        "triggers": {
          "type": "object",
          "properties": {
            "webhook": {
              "type": "boolean"
            }
          },
          "additionalProperties": true
        }
      }
    },
    "AgentPromptResponse": {
      "type": "object",
      "required": [
        "result"
      ],
      "properties": {
        "result": {
          "$ref": "#/components/schemas/PromptResult"
        }
      }
    },
    "DispatchAcceptedResponse": {
      "type": "object",
      "required": [
        "status",
        "dispatch_id",
        "dispatchId",
        "accepted_at",
        "acceptedAt"
      ],
      "properties": {
        "status": {
          "const": "accepted"
        },
        "dispatch_id": {
          "type": "string"
        },
        "dispatchId": {
          "type": "string"
        },
        "accepted_at": {
          "type": "string"
        },
        "acceptedAt": {
          "type": "string"
        }
      }
    },
    "ErrorBody": {
      "type": "object",
      "required": [
        "type",
        "message"
      ],
      "properties": {
        "type": {
          "type": "string"
        },
        "message": {
          "type": "string"
        },
        "details": {
          "type": "string"
        },
        "dev": {
          "type": "string"
        },
        "meta": {
          "type": "object",
          "additionalProperties": true
        }
      }
    },
    "FileAgentResult": {
      "type": "object",
      "required": [
        "_meta"
      ],
      "properties": {
        "_meta": {
          "type": "object",
          "required": [
            "run_id",
            "runId"
          ],
          "properties": {
            "run_id": {
              "$ref": "#/components/schemas/RunId"
            },
            "runId": {
              "$ref": "#/components/schemas/RunId"
            }
          },
          "additionalProperties": true
        }
      },
      "additionalProperties": true
    },
    "HealthResponse": {
      "type": "object",
      "required": [
        "ok",
        "framework"
      ],
      "properties": {
        "ok": {
          "type": "boolean"
        },
        "framework": {
          "type": "string"
        }
      }
    },
    "LogEvent": {
      "type": "object",
      "required": [
        "run_id",
        "runId",
        "event_index",
        "eventIndex",
        "type",
        "timestamp",
        "data"
      ],
      "properties": {
        "type": {
          "const": "log"
        },
        "run_id": {
          "$ref": "#/components/schemas/RunId"
        },
        "runId": {
          "$ref": "#/components/schemas/RunId"
        },
        "event_index": {
          "type": "integer"
        },
        "eventIndex": {
          "type": "integer"
        },
        "timestamp": {
          "type": "number"
        },
        "data": {
          "$ref": "#/components/schemas/LogEventData"
        }
      }
    },
    "LogEventData": {
      "type": "object",
      "required": [
        "level",
        "message"
      ],
      "properties": {
        "level": {
          "type": "string",
          "enum": [
            "info",
            "warn",
            "error"
          ]
        },
        "message": {
          "type": "string"
        }
      },
      "additionalProperties": true
    },
    "NextCursor": {
      "type": [
        "string",
        "null"
      ]
    },
    "PromptCost": {
      "type": "object",
      "required": [
        "input",
        "output",
        "cache_read",
        "cache_write",
        "total"
      ],
      "properties": {
        "input": {
          "type": "number"
        },
        "output": {
          "type": "number"
        },
        "cache_read": {
          "type": "number"
        },
        "cache_write": {
          "type": "number"
        },
        "total": {
          "type": "number"
        }
      }
    },
    "PromptModel": {
      "type": "object",
      "required": [
        "id"
      ],
      "properties": {
        "id": {
          "type": [
            "string",
            "null"
          ]
        }
      }
    },
    "PromptResult": {
      "type": "object",
      "required": [
        "text",
        "metadata",
        "usage",
        "model"
      ],
      "properties": {
        "text": {
          "type": "string"
        },
        "metadata": {
          "type": "object",
          "additionalProperties": true
        },
        "usage": {
          "$ref": "#/components/schemas/PromptUsage"
        },
        "model": {
          "$ref": "#/components/schemas/PromptModel"
        }
      }
    },
    "PromptUsage": {
      "type": "object",
      "required": [
        "input",
        "output",
        "cache_read",
        "cache_write",
        "total_tokens",
        "cost"
      ],
      "properties": {
        "input": {
          "type": "integer"
        },
        "output": {
          "type": "integer"
        },
        "cache_read": {
          "type": "integer"
        },
        "cache_write": {
          "type": "integer"
        },
        "total_tokens": {
          "type": "integer"
        },
        "cost": {
          "$ref": "#/components/schemas/PromptCost"
        }
      }
    },
    "RunEndData": {
      "type": "object",
      "required": [
        "is_error",
        "error",
        "status"
      ],
      "properties": {
        "is_error": {
          "type": "boolean"
        },
        "error": {
          "oneOf": [
            {
              "$ref": "#/components/schemas/ErrorBody"
            },
            {
              "type": "null"
            }
          ]
        },
        "status": {
          "type": "string",
          "enum": [
            "succeeded",
            "failed"
          ]
        }
      }
    },
    "RunEndEvent": {
      "type": "object",
      "required": [
        "run_id",
        "runId",
        "event_index",
        "eventIndex",
        "type",
        "timestamp",
        "data"
      ],
      "properties": {
        "type": {
          "const": "run_end"
        },
        "run_id": {
          "$ref": "#/components/schemas/RunId"
        },
        "runId": {
          "$ref": "#/components/schemas/RunId"
        },
        "event_index": {
          "type": "integer"
        },
        "eventIndex": {
          "type": "integer"
        },
        "timestamp": {
          "type": "number"
        },
        "data": {
          "$ref": "#/components/schemas/RunEndData"
        }
      }
    },
    "RunEvent": {
      "oneOf": [
        {
          "$ref": "#/components/schemas/RunStartEvent"
        },
        {
          "$ref": "#/components/schemas/LogEvent"
        },
        {
          "$ref": "#/components/schemas/RunEndEvent"
        }
      ]
    },
    "RunEventListResponse": {
      "type": "object",
      "required": [
        "run_id",
        "runId",
        "events",
        "next_after",
        "nextAfter"
      ],
      "properties": {
        "run_id": {
          "$ref": "#/components/schemas/RunId"
        },
        "runId": {
          "$ref": "#/components/schemas/RunId"
        },
        "events": {
          "type": "array",
          "items": {
            "$ref": "#/components/schemas/RunEvent"
          }
        },
        "next_after": {
          "type": "integer"
        },
        "nextAfter": {
          "type": "integer"
        }
      }
    },
    "RunId": {
      "type": "string"
    },
    "RunRecord": {
      "type": "object",
      "required": [
        "run_id",
        "runId",
        "agent",
        "agentName",
        "agent_id",
        "instanceId",
        "started_at",
        "startedAt",
        "ended_at",
        "endedAt",
        "durationMs",
        "status",
        "is_error",
        "isError",
        "error",
        "result",
        "event_count"
      ],
      "properties": {
        "run_id": {
          "$ref": "#/components/schemas/RunId"
        },
        "runId": {
          "$ref": "#/components/schemas/RunId"
        },
        "agent": {
          "type": "string"
        },
        "agentName": {
          "type": "string"
        },
        "agent_id": {
          "type": "string"
        },
        "instanceId": {
          "type": "string"
        },
        "started_at": {
          "type": "number"
        },
        "startedAt": {
          "type": "string"
        },
        "ended_at": {
          "type": [
            "number",
            "null"
          ]
        },
        "endedAt": {
          "type": [
            "string",
            "null"
          ]
        },
        "durationMs": {
          "type": [
            "integer",
            "null"
          ]
        },
        "status": {
          "$ref": "#/components/schemas/RunStatus"
        },
        "is_error": {
          "type": "boolean"
        },
        "isError": {
          "type": "boolean"
        },
        "error": {
          "oneOf": [
            {
              "$ref": "#/components/schemas/ErrorBody"
            },
            {
              "type": "null"
            }
          ]
        },
        "result": {},
        "event_count": {
          "type": "integer"
        }
      }
    },
    "RunStartData": {
      "type": "object",
      "required": [
        "agent",
        "agent_id"
      ],
      "properties": {
        "agent": {
          "type": "string"
        },
        "agent_id": {
          "type": "string"
        }
      }
    },
    "RunStartEvent": {
      "type": "object",
      "required": [
        "run_id",
        "runId",
        "event_index",
        "eventIndex",
        "type",
        "timestamp",
        "data"
      ],
      "properties": {
        "type": {
          "const": "run_start"
        },
        "run_id": {
          "$ref": "#/components/schemas/RunId"
        },
        "runId": {
          "$ref": "#/components/schemas/RunId"
        },
        "event_index": {
          "type": "integer"
        },
        "eventIndex": {
          "type": "integer"
        },
        "timestamp": {
          "type": "number"
        },
        "data": {
          "$ref": "#/components/schemas/RunStartData"
        }
      }
    },
    "RunStatus": {
      "type": "string",
      "enum": [
        "running",
        "succeeded",
        "failed"
      ]
    },
    "WebhookAcceptedResponse": {
      "type": "object",
      "required": [
        "status",
        "run_id",
        "runId"
      ],
      "properties": {
        "status": {
          "const": "accepted"
        },
        "run_id": {
          "$ref": "#/components/schemas/RunId"
        },
        "runId": {
          "$ref": "#/components/schemas/RunId"
        }
      }
    },
    "WorkflowCompletedResponse": {
      "type": "object",
      "required": [
        "status",
        "run_id",
        "runId",
        "result"
      ],
      "properties": {
        "status": {
          "const": "completed"
        },
        "run_id": {
          "$ref": "#/components/schemas/RunId"
        },
        "runId": {
          "$ref": "#/components/schemas/RunId"
        },
        "result": {}
      }
    }
  },
  "channels": [
    {
      "name": "agent",
      "address": "/agents/{name}/{agentId}",
      "title": "Persistent agent instance"
    },
    {
      "name": "workflow",
      "address": "/workflows/{name}",
      "title": "Workflow run"
    }
  ]
};
