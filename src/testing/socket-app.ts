/**
 * The two socket channels of PyFlue 0.2.0 (pyflue/server.py), on any transport that
 * provides a {@link SocketPeer}: the agent socket (prompts answered in order, no ids) and
 * the workflow socket (one invocation: its run events, then `result` or `error`, then close).
 */
import type { Engine } from './engine.js';
import { isPlainObject } from './wire.js';

/** The server's end of one socket. */
export interface SocketPeer {
  /** Sends one JSON text frame. */
  send(frame: Record<string, unknown>): void;
  /** Closes normally (or with `code`); the peer's close event follows. */
  close(code?: number, reason?: string): void;
  onMessage(listener: (text: string) => void): void;
  onClose(listener: () => void): void;
}

/** uvicorn closes with 1011 when the endpoint raises after accepting. */
const INTERNAL_ERROR = 1011;

/** Serves the socket at `path` (decoded, the base URL's prefix removed); false when no socket route takes it. */
export function acceptSocket(engine: Engine, path: string, peer: SocketPeer): boolean {
  const agent = /^\/agents\/([^/]+)\/([^/]+)$/.exec(path);
  if (agent) {
    agentSocket(engine, agent[1]!, agent[2]!, peer);
    return true;
  }
  const workflow = /^\/workflows\/([^/]+)$/.exec(path);
  if (workflow) {
    workflowSocket(engine, workflow[1]!, peer);
    return true;
  }
  return false;
}

function agentSocket(engine: Engine, name: string, instanceId: string, peer: SocketPeer): void {
  const agent = engine.agent(name);
  if (agent?.kind !== 'persistent') {
    peer.send({ type: 'error', error: { type: 'not_found', message: `Unknown persistent agent: ${name}.` } });
    peer.close();
    return;
  }
  let open = true;
  peer.onClose(() => (open = false));
  // One prompt at a time, in the order received: the server's receive loop awaits each.
  let queue = Promise.resolve();
  peer.onMessage((text) => {
    queue = queue.then(async () => {
      if (!open) return;
      try {
        const frame: unknown = JSON.parse(text);
        if (!isPlainObject(frame)) throw new TypeError("'list' object has no attribute 'get'");
        const message = String(frame.message || frame.prompt || '');
        const session = String(frame.session || 'default');
        const result = await engine.prompt(agent, instanceId, session, message);
        if (open) peer.send({ type: 'result', result: { text: result.text, metadata: result.metadata, usage: result.usage, model: result.model } });
      } catch {
        // An exception in the endpoint drops the socket.
        open = false;
        peer.close(INTERNAL_ERROR);
      }
    });
  });
}

function workflowSocket(engine: Engine, name: string, peer: SocketPeer): void {
  const handler = engine.workflow(name);
  if (!handler) {
    peer.send({ type: 'error', error: { type: 'not_found', message: `Unknown workflow: ${name}.` } });
    peer.close();
    return;
  }
  let open = true;
  let started = false;
  let unsubscribe = () => {};
  peer.onClose(() => {
    open = false;
    unsubscribe();
  });
  peer.onMessage((text) => {
    if (started || !open) return;
    started = true;
    let invoke: unknown;
    try {
      invoke = JSON.parse(text);
    } catch {
      open = false;
      peer.close(INTERNAL_ERROR);
      return;
    }
    const given = isPlainObject(invoke) ? ('payload' in invoke ? invoke.payload : invoke) : {};
    const payload = (given || {}) as Record<string, unknown>;
    const runId = engine.newRunId(name);
    const outcome = engine.startRun(name, undefined, runId, handler, payload);
    engine.background(outcome);
    unsubscribe = engine.runs.subscribe(
      runId,
      0,
      (event) => {
        if (open) peer.send({ ...event });
      },
      () => {
        void outcome.then(
          (result) => open && peer.send({ type: 'result', run_id: runId, runId, result }),
          () => {
            const run = engine.runs.get(runId);
            if (open) peer.send({ type: 'error', error: run?.error ?? { type: 'internal_error', message: 'Workflow failed.' } });
          },
        ).finally(() => {
          if (open) peer.close();
        });
      },
    );
  });
}
