/**
 * Every frame the fake's sockets send holds against spec/asyncapi.yaml (closed world, as
 * test/spec/asyncapi-frames.test.ts checks the real server's) and passes the generated
 * runtime guard, on the success and error paths of both channels, in process.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { afterAll, describe, expect, it } from 'vitest';
import { isAgentResultMessage, isSocketErrorMessage, isWorkflowResultMessage, isWorkflowRunEventMessage, messageSchemas, type MessageName } from '../../src/generated/asyncapi.js';
import { createFakePyFlue } from '../../src/testing/index.js';
import { fixture } from '../support/fake-fixture.js';
import { closedSchema } from '../support/openapi-validator.js';

const fake = await createFakePyFlue(fixture);
afterAll(() => fake.close());

const ajv = new Ajv2020({ strict: false, allErrors: true });
const compiled = new Map<MessageName, ValidateFunction>();
const guards: Record<string, (value: unknown) => boolean> = {
  AgentResultMessage: isAgentResultMessage,
  SocketErrorMessage: isSocketErrorMessage,
  WorkflowResultMessage: isWorkflowResultMessage,
  WorkflowRunEventMessage: isWorkflowRunEventMessage,
};

function issues(name: MessageName, frame: unknown): string[] {
  const validate = compiled.get(name) ?? ajv.compile(closedSchema(messageSchemas[name]) as object);
  compiled.set(name, validate);
  const found = validate(frame) ? [] : (validate.errors ?? []).map((error) => `${name}${error.instancePath} ${error.message}`);
  if (guards[name] && !guards[name]!(frame)) found.push(`${name}: the generated guard rejects ${JSON.stringify(frame)}`);
  return found;
}

/** Sends `outgoing` once open; collects frames until the server closes, or `expected` frames are in. */
function converse(path: string, channel: 'agent' | 'workflow', outgoing: object[], expected?: number) {
  const socket = fake.websocket(`${fake.baseUrl.replace(/^http/, 'ws')}${path}`, { headers: {} });
  const talk = { received: [] as Array<Record<string, any>>, problems: [] as string[], closeCode: 0 };
  return new Promise<typeof talk>((resolve) => {
    socket.addEventListener('open', () => {
      for (const message of outgoing) {
        talk.problems.push(...issues(channel === 'agent' ? 'AgentPromptMessage' : 'WorkflowInvokeMessage', message));
        socket.send(JSON.stringify(message));
      }
    });
    socket.addEventListener('message', ({ data }) => {
      const frame = JSON.parse(String(data)) as Record<string, any>;
      talk.received.push(frame);
      const name: MessageName =
        frame.type === 'error' ? 'SocketErrorMessage' : channel === 'agent' ? 'AgentResultMessage' : frame.type === 'result' ? 'WorkflowResultMessage' : 'WorkflowRunEventMessage';
      talk.problems.push(...issues(name, frame));
      if (talk.received.length === expected) socket.close(1000);
    });
    socket.addEventListener('close', ({ code }) => {
      talk.closeCode = code;
      resolve(talk);
    });
  });
}

describe('the fake against spec/asyncapi.yaml', () => {
  it('agent socket: results in prompt order, per session', async () => {
    const prompts = [
      { type: 'prompt', message: 'one', session: 'a' },
      { type: 'prompt', message: 'two', session: 'b' },
      { type: 'prompt', message: 'three', session: 'a' },
    ];
    const talk = await converse('/agents/support.billing/frames', 'agent', prompts, 3);
    expect(talk.problems).toEqual([]);
    expect(talk.received.map((frame) => frame.result.text)).toEqual(['echo[frames:a]#1: one', 'echo[frames:b]#1: two', 'echo[frames:a]#2: three']);
  });

  it('agent socket: an unknown or file-based agent gets one error frame, then a normal close', async () => {
    for (const name of ['nope', 'summarize']) {
      const talk = await converse(`/agents/${name}/frames`, 'agent', []);
      expect(talk.problems).toEqual([]);
      expect(talk.received).toEqual([{ type: 'error', error: { type: 'not_found', message: `Unknown persistent agent: ${name}.` } }]);
      expect(talk.closeCode).toBe(1000);
    }
  });

  it('agent socket: a frame that is not an object drops the socket (1011), as an exception in the server does', async () => {
    const socket = fake.websocket(`${fake.baseUrl.replace(/^http/, 'ws')}/agents/assistant/frames-bad`, { headers: {} });
    const code = await new Promise<number>((resolve) => {
      socket.addEventListener('open', () => socket.send('[1, 2]'));
      socket.addEventListener('close', (event) => resolve(event.code));
    });
    expect(code).toBe(1011);
  });

  it('workflow socket: run events, the result, then close; a failing run ends with an error frame', async () => {
    const ok = await converse('/workflows/greet', 'workflow', [{ payload: { name: 'Socket' } }]);
    expect(ok.problems).toEqual([]);
    expect(ok.received.map((frame) => frame.type)).toEqual(['run_start', 'log', 'log', 'log', 'run_end', 'result']);
    expect(ok.closeCode).toBe(1000);
    const failed = await converse('/workflows/explode', 'workflow', [{ payload: { reason: 'socket' } }]);
    expect(failed.problems).toEqual([]);
    expect(failed.received.map((frame) => frame.type)).toEqual(['run_start', 'log', 'run_end', 'error']);
    expect(failed.received.at(-1)?.error).toEqual({ type: 'internal_error', message: 'An internal error occurred.', details: 'socket' });
  });

  it('workflow socket: an unknown workflow gets one error frame; a URL no socket route takes is refused (1006)', async () => {
    const unknown = await converse('/workflows/nope', 'workflow', []);
    expect(unknown.problems).toEqual([]);
    expect(unknown.received).toEqual([{ type: 'error', error: { type: 'not_found', message: 'Unknown workflow: nope.' } }]);
    const refused = await converse('/health', 'workflow', []);
    expect(refused).toMatchObject({ received: [], closeCode: 1006 });
  });
});
