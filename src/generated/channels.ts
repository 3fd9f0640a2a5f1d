/**
 * Generated from spec/openapi.yaml and spec/asyncapi.yaml by `npm run generate`
 * (scripts/runtime/channels-emitter.ts). Do not edit: change the specs and regenerate.
 *
 * The frames of every stream and socket the client reads: per channel, each known frame
 * type with its component schema and guard, and the types that end it. The streams and
 * sockets chunks dispatch frames by these tables; a frame type the spec adds is delivered
 * as itself after a regenerate.
 */
import type { components } from './openapi.js';

// ─── Guards ───────────────────────────────────────────────────────────────

export type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null';

/** The part of a payload schema the guards check: JSON types, consts, required and nested properties. */
export interface Shape {
  readonly type?: readonly JsonType[];
  readonly const?: string | number | boolean | null;
  readonly required?: readonly string[];
  readonly properties?: { readonly [name: string]: Shape };
  readonly anyOf?: readonly Shape[];
}

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasJsonType(value: unknown, type: JsonType): boolean {
  switch (type) {
    case 'null':
      return value === null;
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isJsonObject(value);
    case 'integer':
      return Number.isInteger(value);
    default:
      return typeof value === type;
  }
}

function hasOwn(value: Record<string, unknown>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(value, key);
}

export function matchesShape(value: unknown, shape: Shape): boolean {
  if (shape.anyOf && !shape.anyOf.some((member) => matchesShape(value, member))) return false;
  if (shape.type && !shape.type.some((type) => hasJsonType(value, type))) return false;
  if ('const' in shape && value !== shape.const) return false;
  if (!isJsonObject(value)) return true;
  if (shape.required && !shape.required.every((key) => hasOwn(value, key))) return false;
  return Object.entries(shape.properties ?? {}).every(
    ([key, property]) => !hasOwn(value, key) || matchesShape(value[key], property),
  );
}

const agentResultMessageShape: Shape = {
  type: ['object'],
  required: ['type', 'result'],
  properties: {
    type: {
      const: 'result',
    },
    result: {
      type: ['object'],
      required: ['text', 'metadata', 'usage', 'model'],
      properties: {
        text: {
          type: ['string'],
        },
        metadata: {
          type: ['object'],
        },
        usage: {
          type: ['object'],
          required: ['input', 'output', 'cache_read', 'cache_write', 'total_tokens', 'cost'],
          properties: {
            input: {
              type: ['integer'],
            },
            output: {
              type: ['integer'],
            },
            cache_read: {
              type: ['integer'],
            },
            cache_write: {
              type: ['integer'],
            },
            total_tokens: {
              type: ['integer'],
            },
            cost: {
              type: ['object'],
              required: ['input', 'output', 'cache_read', 'cache_write', 'total'],
              properties: {
                input: {
                  type: ['number'],
                },
                output: {
                  type: ['number'],
                },
                cache_read: {
                  type: ['number'],
                },
                cache_write: {
                  type: ['number'],
                },
                total: {
                  type: ['number'],
                },
              },
            },
          },
        },
        model: {
          type: ['object'],
          required: ['id'],
          properties: {
            id: {
              type: ['string', 'null'],
            },
          },
        },
      },
    },
  },
};

/** Whether `value` has the shape of a `AgentResultMessage` (its required keys, consts and JSON types). */
export function isAgentResultMessage(value: unknown): value is components['schemas']['AgentResultMessage'] {
  return matchesShape(value, agentResultMessageShape);
}

const agentStreamDeltaShape: Shape = {
  type: ['object'],
  required: ['type', 'text'],
  properties: {
    type: {
      const: 'delta',
    },
    text: {
      type: ['string'],
    },
  },
};

/** Whether `value` has the shape of a `AgentStreamDelta` (its required keys, consts and JSON types). */
export function isAgentStreamDelta(value: unknown): value is components['schemas']['AgentStreamDelta'] {
  return matchesShape(value, agentStreamDeltaShape);
}

const agentStreamEndShape: Shape = {
  type: ['object'],
  required: ['type', 'text', 'metadata'],
  properties: {
    type: {
      const: 'end',
    },
    text: {
      type: ['string'],
    },
    metadata: {
      type: ['object'],
    },
  },
};

/** Whether `value` has the shape of a `AgentStreamEnd` (its required keys, consts and JSON types). */
export function isAgentStreamEnd(value: unknown): value is components['schemas']['AgentStreamEnd'] {
  return matchesShape(value, agentStreamEndShape);
}

const agentStreamStartShape: Shape = {
  type: ['object'],
  required: ['type', 'session_id'],
  properties: {
    type: {
      const: 'start',
    },
    session_id: {
      type: ['string'],
    },
  },
};

/** Whether `value` has the shape of a `AgentStreamStart` (its required keys, consts and JSON types). */
export function isAgentStreamStart(value: unknown): value is components['schemas']['AgentStreamStart'] {
  return matchesShape(value, agentStreamStartShape);
}

const agentStreamToolEndShape: Shape = {
  type: ['object'],
  required: ['type', 'toolName', 'toolCallId', 'isError', 'result'],
  properties: {
    type: {
      const: 'tool_end',
    },
    toolName: {
      type: ['string'],
    },
    toolCallId: {
      type: ['string'],
    },
    isError: {
      type: ['boolean'],
    },
  },
};

/** Whether `value` has the shape of a `AgentStreamToolEnd` (its required keys, consts and JSON types). */
export function isAgentStreamToolEnd(value: unknown): value is components['schemas']['AgentStreamToolEnd'] {
  return matchesShape(value, agentStreamToolEndShape);
}

const agentStreamToolStartShape: Shape = {
  type: ['object'],
  required: ['type', 'toolName', 'toolCallId', 'args'],
  properties: {
    type: {
      const: 'tool_start',
    },
    toolName: {
      type: ['string'],
    },
    toolCallId: {
      type: ['string'],
    },
  },
};

/** Whether `value` has the shape of a `AgentStreamToolStart` (its required keys, consts and JSON types). */
export function isAgentStreamToolStart(value: unknown): value is components['schemas']['AgentStreamToolStart'] {
  return matchesShape(value, agentStreamToolStartShape);
}

const logEventShape: Shape = {
  type: ['object'],
  required: ['run_id', 'runId', 'event_index', 'eventIndex', 'type', 'timestamp', 'data'],
  properties: {
    type: {
      const: 'log',
    },
    run_id: {
      type: ['string'],
    },
    runId: {
      type: ['string'],
    },
    event_index: {
      type: ['integer'],
    },
    eventIndex: {
      type: ['integer'],
    },
    timestamp: {
      type: ['number'],
    },
    data: {
      type: ['object'],
      required: ['level', 'message'],
      properties: {
        level: {
          type: ['string'],
        },
        message: {
          type: ['string'],
        },
      },
    },
  },
};

/** Whether `value` has the shape of a `LogEvent` (its required keys, consts and JSON types). */
export function isLogEvent(value: unknown): value is components['schemas']['LogEvent'] {
  return matchesShape(value, logEventShape);
}

const promptStreamDeltaShape: Shape = {
  type: ['object'],
  required: ['text'],
  properties: {
    text: {
      type: ['string'],
    },
  },
};

/** Whether `value` has the shape of a `PromptStreamDelta` (its required keys, consts and JSON types). */
export function isPromptStreamDelta(value: unknown): value is components['schemas']['PromptStreamDelta'] {
  return matchesShape(value, promptStreamDeltaShape);
}

const promptStreamEndShape: Shape = {
  type: ['object'],
  required: ['text', 'metadata'],
  properties: {
    text: {
      type: ['string'],
    },
    metadata: {
      type: ['object'],
    },
  },
};

/** Whether `value` has the shape of a `PromptStreamEnd` (its required keys, consts and JSON types). */
export function isPromptStreamEnd(value: unknown): value is components['schemas']['PromptStreamEnd'] {
  return matchesShape(value, promptStreamEndShape);
}

const promptStreamStartShape: Shape = {
  type: ['object'],
  required: ['session_id'],
  properties: {
    session_id: {
      type: ['string'],
    },
  },
};

/** Whether `value` has the shape of a `PromptStreamStart` (its required keys, consts and JSON types). */
export function isPromptStreamStart(value: unknown): value is components['schemas']['PromptStreamStart'] {
  return matchesShape(value, promptStreamStartShape);
}

const promptStreamToolEndShape: Shape = {
  type: ['object'],
  required: ['toolName', 'toolCallId', 'isError', 'result'],
  properties: {
    toolName: {
      type: ['string'],
    },
    toolCallId: {
      type: ['string'],
    },
    isError: {
      type: ['boolean'],
    },
  },
};

/** Whether `value` has the shape of a `PromptStreamToolEnd` (its required keys, consts and JSON types). */
export function isPromptStreamToolEnd(value: unknown): value is components['schemas']['PromptStreamToolEnd'] {
  return matchesShape(value, promptStreamToolEndShape);
}

const promptStreamToolStartShape: Shape = {
  type: ['object'],
  required: ['toolName', 'toolCallId', 'args'],
  properties: {
    toolName: {
      type: ['string'],
    },
    toolCallId: {
      type: ['string'],
    },
  },
};

/** Whether `value` has the shape of a `PromptStreamToolStart` (its required keys, consts and JSON types). */
export function isPromptStreamToolStart(value: unknown): value is components['schemas']['PromptStreamToolStart'] {
  return matchesShape(value, promptStreamToolStartShape);
}

const runEndEventShape: Shape = {
  type: ['object'],
  required: ['run_id', 'runId', 'event_index', 'eventIndex', 'type', 'timestamp', 'data'],
  properties: {
    type: {
      const: 'run_end',
    },
    run_id: {
      type: ['string'],
    },
    runId: {
      type: ['string'],
    },
    event_index: {
      type: ['integer'],
    },
    eventIndex: {
      type: ['integer'],
    },
    timestamp: {
      type: ['number'],
    },
    data: {
      type: ['object'],
      required: ['is_error', 'error', 'status'],
      properties: {
        is_error: {
          type: ['boolean'],
        },
        error: {
          anyOf: [
            {
              type: ['object'],
              required: ['type', 'message'],
              properties: {
                type: {
                  type: ['string'],
                },
                message: {
                  type: ['string'],
                },
                details: {
                  type: ['string'],
                },
                dev: {
                  type: ['string'],
                },
                meta: {
                  type: ['object'],
                },
              },
            },
            {
              type: ['null'],
            },
          ],
        },
        status: {
          type: ['string'],
        },
      },
    },
  },
};

/** Whether `value` has the shape of a `RunEndEvent` (its required keys, consts and JSON types). */
export function isRunEndEvent(value: unknown): value is components['schemas']['RunEndEvent'] {
  return matchesShape(value, runEndEventShape);
}

const runStartEventShape: Shape = {
  type: ['object'],
  required: ['run_id', 'runId', 'event_index', 'eventIndex', 'type', 'timestamp', 'data'],
  properties: {
    type: {
      const: 'run_start',
    },
    run_id: {
      type: ['string'],
    },
    runId: {
      type: ['string'],
    },
    event_index: {
      type: ['integer'],
    },
    eventIndex: {
      type: ['integer'],
    },
    timestamp: {
      type: ['number'],
    },
    data: {
      type: ['object'],
      required: ['agent', 'agent_id'],
      properties: {
        agent: {
          type: ['string'],
        },
        agent_id: {
          type: ['string'],
        },
      },
    },
  },
};

/** Whether `value` has the shape of a `RunStartEvent` (its required keys, consts and JSON types). */
export function isRunStartEvent(value: unknown): value is components['schemas']['RunStartEvent'] {
  return matchesShape(value, runStartEventShape);
}

const socketErrorMessageShape: Shape = {
  type: ['object'],
  required: ['type', 'error'],
  properties: {
    type: {
      const: 'error',
    },
    error: {
      type: ['object'],
      required: ['type', 'message'],
      properties: {
        type: {
          type: ['string'],
        },
        message: {
          type: ['string'],
        },
        details: {
          type: ['string'],
        },
        dev: {
          type: ['string'],
        },
        meta: {
          type: ['object'],
        },
      },
    },
  },
};

/** Whether `value` has the shape of a `SocketErrorMessage` (its required keys, consts and JSON types). */
export function isSocketErrorMessage(value: unknown): value is components['schemas']['SocketErrorMessage'] {
  return matchesShape(value, socketErrorMessageShape);
}

const workflowResultMessageShape: Shape = {
  type: ['object'],
  required: ['type', 'run_id', 'runId', 'result'],
  properties: {
    type: {
      const: 'result',
    },
    run_id: {
      type: ['string'],
    },
    runId: {
      type: ['string'],
    },
  },
};

/** Whether `value` has the shape of a `WorkflowResultMessage` (its required keys, consts and JSON types). */
export function isWorkflowResultMessage(value: unknown): value is components['schemas']['WorkflowResultMessage'] {
  return matchesShape(value, workflowResultMessageShape);
}

const runEventShape: Shape = {
  anyOf: [
    {
      type: ['object'],
      required: ['run_id', 'runId', 'event_index', 'eventIndex', 'type', 'timestamp', 'data'],
      properties: {
        type: {
          const: 'run_start',
        },
        run_id: {
          type: ['string'],
        },
        runId: {
          type: ['string'],
        },
        event_index: {
          type: ['integer'],
        },
        eventIndex: {
          type: ['integer'],
        },
        timestamp: {
          type: ['number'],
        },
        data: {
          type: ['object'],
          required: ['agent', 'agent_id'],
          properties: {
            agent: {
              type: ['string'],
            },
            agent_id: {
              type: ['string'],
            },
          },
        },
      },
    },
    {
      type: ['object'],
      required: ['run_id', 'runId', 'event_index', 'eventIndex', 'type', 'timestamp', 'data'],
      properties: {
        type: {
          const: 'log',
        },
        run_id: {
          type: ['string'],
        },
        runId: {
          type: ['string'],
        },
        event_index: {
          type: ['integer'],
        },
        eventIndex: {
          type: ['integer'],
        },
        timestamp: {
          type: ['number'],
        },
        data: {
          type: ['object'],
          required: ['level', 'message'],
          properties: {
            level: {
              type: ['string'],
            },
            message: {
              type: ['string'],
            },
          },
        },
      },
    },
    {
      type: ['object'],
      required: ['run_id', 'runId', 'event_index', 'eventIndex', 'type', 'timestamp', 'data'],
      properties: {
        type: {
          const: 'run_end',
        },
        run_id: {
          type: ['string'],
        },
        runId: {
          type: ['string'],
        },
        event_index: {
          type: ['integer'],
        },
        eventIndex: {
          type: ['integer'],
        },
        timestamp: {
          type: ['number'],
        },
        data: {
          type: ['object'],
          required: ['is_error', 'error', 'status'],
          properties: {
            is_error: {
              type: ['boolean'],
            },
            error: {
              anyOf: [
                {
                  type: ['object'],
                  required: ['type', 'message'],
                  properties: {
                    type: {
                      type: ['string'],
                    },
                    message: {
                      type: ['string'],
                    },
                    details: {
                      type: ['string'],
                    },
                    dev: {
                      type: ['string'],
                    },
                    meta: {
                      type: ['object'],
                    },
                  },
                },
                {
                  type: ['null'],
                },
              ],
            },
            status: {
              type: ['string'],
            },
          },
        },
      },
    },
  ],
};

/** Whether `value` has the shape of a `RunEvent` (its required keys, consts and JSON types). */
export function isRunEvent(value: unknown): value is components['schemas']['RunEvent'] {
  return matchesShape(value, runEventShape);
}

// ─── Channels ─────────────────────────────────────────────────────────────

/** One stream or socket as the client reads it. */
export interface Channel {
  /** True when a frame's type is its SSE event name (its data has no `type`). */
  readonly byEvent: boolean;
  /** The frame types after which the stream or socket is over. */
  readonly ends: readonly string[];
  /** Every frame type the spec lists for it, with its component schema (for its camelCase names; `frameGuards` has its guard). */
  readonly frames: { readonly [type: string]: string };
}

/** Per SSE operation (by operationId) and per socket channel (by its name in spec/asyncapi.yaml). */
export const channels = {
  /** spec/openapi.yaml POST /agents/{name}/{agent_id} 200 */
  invokeAgent: {
    byEvent: false,
    ends: ['end', 'run_end'],
    frames: {
      start: 'AgentStreamStart',
      delta: 'AgentStreamDelta',
      end: 'AgentStreamEnd',
      tool_start: 'AgentStreamToolStart',
      tool_end: 'AgentStreamToolEnd',
      run_start: 'RunStartEvent',
      log: 'LogEvent',
      run_end: 'RunEndEvent',
    },
  },
  /** spec/openapi.yaml POST /workflows/{name} 200 */
  invokeWorkflow: {
    byEvent: false,
    ends: ['run_end'],
    frames: {
      run_start: 'RunStartEvent',
      log: 'LogEvent',
      run_end: 'RunEndEvent',
    },
  },
  /** spec/openapi.yaml GET /runs/{run_id}/stream 200 */
  streamRun: {
    byEvent: false,
    ends: ['run_end'],
    frames: {
      run_start: 'RunStartEvent',
      log: 'LogEvent',
      run_end: 'RunEndEvent',
    },
  },
  /** spec/openapi.yaml POST /prompt/{agent_id}/events 200 */
  promptEvents: {
    byEvent: true,
    ends: ['end'],
    frames: {
      start: 'PromptStreamStart',
      delta: 'PromptStreamDelta',
      end: 'PromptStreamEnd',
      tool_start: 'PromptStreamToolStart',
      tool_end: 'PromptStreamToolEnd',
    },
  },
  /** spec/asyncapi.yaml#/channels/agent */
  agent: {
    byEvent: false,
    ends: ['error'],
    frames: {
      result: 'AgentResultMessage',
      error: 'SocketErrorMessage',
    },
  },
  /** spec/asyncapi.yaml#/channels/workflow */
  workflow: {
    byEvent: false,
    ends: ['result', 'error'],
    frames: {
      run_start: 'RunStartEvent',
      log: 'LogEvent',
      run_end: 'RunEndEvent',
      result: 'WorkflowResultMessage',
      error: 'SocketErrorMessage',
    },
  },
} as const satisfies { readonly [channel: string]: Channel };

/** The stream and socket channels. */
export type ChannelName = keyof typeof channels;

/** The guard of each frame schema: the sockets hold a known frame to its shape (the streams, which import only `channels`, ship none). */
export const frameGuards: { readonly [schema: string]: (value: unknown) => boolean } = { AgentResultMessage: isAgentResultMessage, LogEvent: isLogEvent, RunEndEvent: isRunEndEvent, RunStartEvent: isRunStartEvent, SocketErrorMessage: isSocketErrorMessage, WorkflowResultMessage: isWorkflowResultMessage };

/** The `type` of each frame the client sends (spec/asyncapi.yaml's send operations), by message. */
export const sentFrameTypes = { AgentPromptMessage: 'prompt' } as const;

/** The SSE event names that carry the server's error report (`x-sse-errors`): thrown, not yielded. */
export const sseErrorEvents: readonly string[] = ['error'];

/** The statuses a run ends with (the `status` enum of `run_end`'s data): a run in any other is still going. */
export const runEndStatuses: readonly string[] = ['succeeded', 'failed'];
