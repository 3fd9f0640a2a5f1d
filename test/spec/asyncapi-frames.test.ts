/**
 * spec/asyncapi.yaml holds against the real server: both sockets are driven through
 * their success and error paths, and every frame sent and received validates against
 * its message schema (closed world, as for OpenAPI: undeclared fields fail too) and
 * passes the generated runtime guard.
 */
import { SPEC_VERSION } from '../support/spec-version.js';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import {
  isAgentResultMessage,
  isSocketErrorMessage,
  isWorkflowResultMessage,
  isWorkflowRunEventMessage,
  messageSchemas,
  type MessageName,
} from '../../src/generated/asyncapi.js';
import { closedSchema } from '../support/openapi-validator.js';

const ajv = new Ajv2020({ strict: false, allErrors: true });
const validators = new Map<MessageName, ValidateFunction>();
function problems(name: MessageName, frame: unknown): string[] {
  const validate = validators.get(name) ?? ajv.compile(closedSchema(messageSchemas[name]) as object);
  validators.set(name, validate);
  return validate(frame) ? [] : (validate.errors ?? []).map((e) => `${name}${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
}

const guards: Partial<Record<MessageName, (value: unknown) => boolean>> = {
  AgentResultMessage: isAgentResultMessage,
  SocketErrorMessage: isSocketErrorMessage,
  WorkflowResultMessage: isWorkflowResultMessage,
  WorkflowRunEventMessage: isWorkflowRunEventMessage,
};

/** Which message a received frame claims to be, per channel. */
function receivedAs(channel: 'agent' | 'workflow', frame: { type?: unknown }): MessageName {
  if (frame.type === 'error') return 'SocketErrorMessage';
  if (channel === 'agent') return 'AgentResultMessage';
  return frame.type === 'result' ? 'WorkflowResultMessage' : 'WorkflowRunEventMessage';
}

interface Conversation {
  received: Array<Record<string, any>>;
  closeCode: number;
  issues: string[];
}

/** Opens a socket, sends `outgoing` (validated as `sentAs`), collects frames until the server closes or `expect` are in. */
async function converse(path: string, channel: 'agent' | 'workflow', sentAs: MessageName, outgoing: object[], expected?: number): Promise<Conversation> {
  const url = inject('pyflueBaseUrl').replace(/^http/, 'ws') + path;
  const socket = new WebSocket(url);
  const conversation: Conversation = { received: [], closeCode: 0, issues: [] };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error(`${path}: no close after ${JSON.stringify(conversation.received)}`));
    }, 15_000);
    const finish = () => {
      clearTimeout(timer);
      resolve(conversation);
    };
    socket.on('open', () => {
      for (const message of outgoing) {
        conversation.issues.push(...problems(sentAs, message));
        socket.send(JSON.stringify(message));
      }
    });
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as Record<string, any>;
      conversation.received.push(frame);
      const name = receivedAs(channel, frame);
      conversation.issues.push(...problems(name, frame));
      if (!guards[name]?.(frame)) conversation.issues.push(`${name}: the generated guard rejects ${JSON.stringify(frame)}`);
      if (expected !== undefined && conversation.received.length === expected) socket.close(1000);
    });
    socket.on('close', (code) => {
      conversation.closeCode = code;
      finish();
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

describe(`spec/asyncapi.yaml against the real PyFlue ${SPEC_VERSION} server`, () => {
  it('agent socket: results in prompt order, per session, with valid frames', async () => {
    const prompts = [
      { type: 'prompt', message: 'one', session: 'a' },
      { type: 'prompt', message: 'two', session: 'b' },
      { type: 'prompt', message: 'three', session: 'a' },
    ];
    const talk = await converse('/agents/assistant/ws-frames-1', 'agent', 'AgentPromptMessage', prompts, 3);
    expect(talk.issues).toEqual([]);
    expect(talk.received.map((frame) => frame.result.text)).toEqual([
      'echo[ws-frames-1:a]#1: one',
      'echo[ws-frames-1:b]#1: two',
      'echo[ws-frames-1:a]#2: three',
    ]);
  });

  it('agent socket: a nested agent name works', async () => {
    const talk = await converse('/agents/support.billing/ws-frames-2', 'agent', 'AgentPromptMessage', [{ type: 'prompt', message: 'invoice' }], 1);
    expect(talk.issues).toEqual([]);
    expect(talk.received[0]?.result.text).toBe('echo[ws-frames-2:default]#1: invoice');
  });

  it('agent socket: unknown and file-based agents get one error frame, then close', async () => {
    for (const name of ['nope', 'summarize']) {
      const talk = await converse(`/agents/${name}/ws-frames-3`, 'agent', 'AgentPromptMessage', []);
      expect(talk.issues).toEqual([]);
      expect(talk.received).toEqual([
        { type: 'error', error: { type: 'not_found', message: `Unknown persistent agent: ${name}.` } },
      ]);
    }
  });

  it('workflow socket: run events, then the result, then close', async () => {
    const talk = await converse('/workflows/greet', 'workflow', 'WorkflowInvokeMessage', [{ payload: { name: 'Socket' } }]);
    expect(talk.issues).toEqual([]);
    expect(talk.received.map((frame) => frame.type)).toEqual(['run_start', 'log', 'log', 'log', 'run_end', 'result']);
    expect(talk.received.map((frame) => frame.eventIndex).slice(0, 5)).toEqual([1, 2, 3, 4, 5]);
    expect(talk.received.at(-1)?.result.greeting).toBe('Hello, Socket!');
  });

  it('workflow socket: a failing run ends with an error frame', async () => {
    const talk = await converse('/workflows/explode', 'workflow', 'WorkflowInvokeMessage', [{ payload: { reason: 'socket' } }]);
    expect(talk.issues).toEqual([]);
    expect(talk.received.map((frame) => frame.type)).toEqual(['run_start', 'log', 'run_end', 'error']);
    expect(talk.received.at(-1)?.error).toMatchObject({ type: 'internal_error', details: 'socket' });
  });

  it('workflow socket: an unknown workflow gets one error frame, then close', async () => {
    const talk = await converse('/workflows/nope', 'workflow', 'WorkflowInvokeMessage', []);
    expect(talk.issues).toEqual([]);
    expect(talk.received).toEqual([{ type: 'error', error: { type: 'not_found', message: 'Unknown workflow: nope.' } }]);
  });
});

describe('the AsyncAPI frame check can fail', () => {
  it('a field dropped from a message schema is reported for a real frame', async () => {
    const talk = await converse('/workflows/greet', 'workflow', 'WorkflowInvokeMessage', [{ payload: {} }]);
    // The run event schema is a union on `type`; break its run_start member.
    const broken = structuredClone(messageSchemas.WorkflowRunEventMessage) as { oneOf: Array<{ properties: Record<string, unknown>; required: string[] }> };
    const runStart = broken.oneOf[0]!;
    delete runStart.properties.eventIndex;
    runStart.required = runStart.required.filter((name) => name !== 'eventIndex');
    const validate = ajv.compile(closedSchema(broken) as object);
    expect(talk.received[0]?.type).toBe('run_start');
    expect(validate(talk.received[0])).toBe(false);
    expect(validate.errors).toContainEqual(expect.objectContaining({ keyword: 'unevaluatedProperties', params: { unevaluatedProperty: 'eventIndex' } }));
  });
});
