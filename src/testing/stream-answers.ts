/**
 * The streamed answers of the agent, workflow and prompt routes: a started run's events
 * until `run_end` (then the envelope if the handler raised), and a prompt's `start`,
 * `delta` and `end` frames, with the error frames PyFlue sends when it fails.
 */
import type { Engine, ResolvedAgent } from './engine.js';
import { plainFrame, runEventFrame, type SseProducer } from './sse.js';
import { FakeHttpError, envelope, errors, messageOf } from './wire.js';

/**
 * A started run's events as a stream that ends after `run_end`, then, if the handler
 * raised, the envelope as an `event: error` frame (as the workflow and agent routes do).
 */
export function streamStartedRun(engine: Engine, runId: string, outcome: Promise<unknown>, details: string): SseProducer {
  return (sink) => {
    let stopped = false;
    const unsubscribe = engine.runs.subscribe(
      runId,
      0,
      (event) => sink.frame(runEventFrame(event), true),
      () => {
        outcome.then(
          () => !stopped && sink.end(),
          (error: unknown) => {
            if (stopped) return;
            sink.frame(plainFrame('error', envelope(errors.internal(messageOf(error), details).body)), true);
            sink.end();
          },
        );
      },
    );
    return () => {
      stopped = true;
      unsubscribe();
    };
  };
}

/**
 * A prompt as a stream: `start`, `delta`(s), `end`, with `type` in each frame's data on
 * the agent route (`withType`), none on the default agent's. A busy session fails before
 * `start`; a failing reply sends `{message, type}` as an `error` frame, then the envelope
 * (the agent route always says internal_error; the prompt route keeps a FakeHttpError's).
 */
export function streamPrompt(engine: Engine, agent: ResolvedAgent | undefined, instanceId: string, session: string, message: string, withType: boolean): SseProducer {
  return (sink) => {
    let stopped = false;
    const emit = (type: string, data: Record<string, unknown>) => {
      if (!stopped) sink.frame(plainFrame(type, withType ? { type, ...data } : data), true);
    };
    const fail = (error: unknown) => {
      const details = agent
        ? 'The server encountered an unexpected error while streaming this agent.'
        : 'The server encountered an unexpected error while streaming this request.';
      const body = !agent && error instanceof FakeHttpError ? error.body : errors.internal(messageOf(error), details).body;
      // The envelope frame carries no `type` of its own, on either route.
      if (!stopped) sink.frame(plainFrame('error', envelope(body)), true);
      if (!stopped) sink.end();
    };
    let run: ReturnType<Engine['beginPrompt']>;
    try {
      run = engine.beginPrompt(agent, instanceId, session, 'stream');
    } catch (error) {
      fail(error);
      return () => {
        stopped = true;
      };
    }
    emit('start', { session_id: agent ? `${instanceId}:${session}` : instanceId });
    run(message).then(
      (result) => {
        const deltas = result.deltas ?? (result.text ? [result.text] : []);
        for (const call of result.toolCalls ?? []) {
          emit('tool_start', { toolName: call.name, toolCallId: call.toolCallId, args: call.args });
          emit('tool_end', { toolName: call.name, toolCallId: call.toolCallId, isError: call.isError, result: call.result });
        }
        for (const text of deltas) emit('delta', { text });
        emit('end', { text: result.text, metadata: result.metadata });
        if (!stopped) sink.end();
      },
      (error: unknown) => {
        // Python builds `{'type': 'error', **data}` here, so the exception's class name wins `type`.
        emit('error', { message: messageOf(error), type: error instanceof Error ? error.constructor.name : 'Exception' });
        fail(error);
      },
    );
    return () => {
      stopped = true;
    };
  };
}
