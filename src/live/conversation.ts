/**
 * `createConversation`: a persistent agent's chat as a store. Each `send` adds the user's
 * message, then streams the reply (`delta` frames grow the assistant's message, `end` sets
 * its final text). Sends queue: PyFlue runs one prompt per session at a time, so the next
 * waits for the reply before it. Nothing is sent before the first `send`, so creating a
 * conversation (on a server render, or twice under React's StrictMode) costs nothing.
 */
import type { AgentName, AgentPayload, OptionsArgs } from '../facade/core/app.js';
import type { PromptUsage } from '../facade/core/types.js';
import type { PyFlueError } from '../index.js';
import { callsOf, type AnyPyFlueClient, type AppOf } from './client-types.js';
import { asPyFlueError } from './errors.js';
import { snapshotCell, type LiveStore } from './store.js';

/** Where a message is: a reply still coming, finished, stopped by the user, or failed. */
export type ConversationMessageStatus = 'streaming' | 'done' | 'stopped' | 'error';

/**
 * One message of a conversation. A user's message is `streaming` while it waits or its reply
 * is coming, then takes the reply's outcome (`error` when its send failed, `stopped` when it
 * was stopped, else `done`).
 */
export interface ConversationMessage {
  /** Unique within the conversation (`u1`, `a1`, ...): a list key. */
  readonly id: string;
  readonly role: 'user' | 'assistant';
  readonly text: string;
  readonly status: ConversationMessageStatus;
}

/** A conversation's state; a new object each time something changed, the same one otherwise. */
export interface ConversationSnapshot {
  /** `streaming` while a send waits or streams; `error` when the last send failed; else `idle`. */
  readonly status: 'idle' | 'streaming' | 'error';
  readonly messages: readonly ConversationMessage[];
  /** Why the last send failed (cleared by the next send). */
  readonly error: PyFlueError | null;
  /**
   * The last reply's usage, when its `end` frame's metadata carries one (`metadata.usage`);
   * PyFlue 0.2.0's own harnesses report usage only on non-streamed calls, so this stays null there.
   */
  readonly usage: PromptUsage | null;
}

/** Options of one `send`. */
export interface SendOptions {
  /** Aborts this send only: its reply stops (keeping the text so far), or it never starts if it waits. */
  signal?: AbortSignal | undefined;
}

/** The store `createConversation` returns. */
export interface Conversation extends LiveStore<ConversationSnapshot> {
  /**
   * Sends `text` (after the sends before it) and streams the reply. Resolves when the reply
   * ended, was stopped or failed; never rejects: a failure is in `getSnapshot().error`.
   */
  send(text: string, options?: SendOptions): Promise<void>;
  /** Stops the reply streaming now (its text so far stays) and drops the sends waiting. */
  stop(): void;
  /** Stops everything and forgets every listener; later sends do nothing. */
  dispose(): void;
}

/** The body a conversation sends without a `payload` option: what a persistent agent takes. */
export type ConversationDefaultPayload = { message: string; session?: string };

/**
 * Options of `createConversation`. `payload` builds the body from the text; it is required
 * when the app declares a payload that `{ message, session? }` does not fit.
 */
export type ConversationOptions<Payload = Record<string, unknown>> = {
  /** The session inside the instance (default `default`); used by the default payload. */
  session?: string | undefined;
} & (ConversationDefaultPayload extends Payload
  ? {
      /** Builds the body from the text (default `{ message: text, session }`). */
      payload?: ((text: string) => Payload) | undefined;
    }
  : {
      /** Builds the body from the text: the app's payload of this agent is not `{ message, session? }`. */
      payload: (text: string) => Payload;
    });

/** The options of a conversation with agent `Name` of `Client`'s app. */
export type ConversationOptionsFor<Client, Name> = ConversationOptions<AgentPayload<AppOf<Client>, Name>>;

const EMPTY: ConversationSnapshot = Object.freeze({ status: 'idle', messages: Object.freeze([]), error: null, usage: null });

function insertAfter(messages: readonly ConversationMessage[], id: string, message: ConversationMessage): ConversationMessage[] {
  const index = messages.findIndex((item) => item.id === id);
  return [...messages.slice(0, index + 1), message, ...messages.slice(index + 1)];
}

function usageOf(metadata: unknown): PromptUsage | null {
  const usage = (metadata as { usage?: unknown } | null | undefined)?.usage;
  return usage !== null && typeof usage === 'object' && typeof (usage as { total_tokens?: unknown }).total_tokens === 'number' ? (usage as PromptUsage) : null;
}

/**
 * A persistent agent's conversation (instance `instanceId`, session `options.session`) as
 * a store: `getSnapshot()`, `subscribe()`, `send()`, `stop()`, `dispose()`.
 */
export function createConversation<Client extends AnyPyFlueClient, Name extends AgentName<AppOf<Client>>>(
  client: Client,
  agentName: Name,
  instanceId: string,
  ...[options]: OptionsArgs<ConversationOptionsFor<Client, Name>>
): Conversation {
  const calls = callsOf(client);
  const settings = (options ?? {}) as { session?: string | undefined; payload?: ((text: string) => unknown) | undefined };
  const cell = snapshotCell(EMPTY);
  let ids = 0;
  let pending = 0;
  /** Bumped by stop(): the sends queued before it see it changed and do not start. */
  let generation = 0;
  let disposed = false;
  let current: AbortController | undefined;
  let queue: Promise<void> = Promise.resolve();

  const setMessage = (id: string, change: Partial<ConversationMessage>) =>
    cell.update((snapshot) => ({
      ...snapshot,
      messages: snapshot.messages.map((message) => (message.id === id ? { ...message, ...change } : message)),
    }));
  const removeMessage = (id: string) => cell.update((snapshot) => ({ ...snapshot, messages: snapshot.messages.filter((message) => message.id !== id) }));
  const settle = (failure: PyFlueError | null) => {
    pending -= 1;
    cell.update((snapshot) => {
      if (pending > 0) return failure ? { ...snapshot, error: failure } : snapshot;
      if (failure) return { ...snapshot, status: 'error', error: failure };
      return snapshot.status === 'idle' ? snapshot : { ...snapshot, status: snapshot.error ? 'error' : 'idle' };
    });
  };
  const payloadOf = (text: string): unknown =>
    settings.payload ? settings.payload(text) : settings.session === undefined ? { message: text } : { message: text, session: settings.session };

  async function reply(userId: string, text: string, signal: AbortSignal | undefined, queuedIn: number): Promise<void> {
    if (disposed || queuedIn !== generation || signal?.aborted) {
      setMessage(userId, { status: 'stopped' });
      settle(null);
      return;
    }
    const controller = new AbortController();
    current = controller;
    const onAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    const assistantId = `a${++ids}`;
    cell.update((snapshot) => ({
      ...snapshot,
      error: null,
      // Right after its user message: the sends queued behind it stay below the reply.
      messages: insertAfter(snapshot.messages, userId, { id: assistantId, role: 'assistant', text: '', status: 'streaming' }),
    }));
    let received = '';
    try {
      const stream = calls.agents.stream(agentName, instanceId, { payload: payloadOf(text), signal: controller.signal });
      for await (const event of stream) {
        if (event.type === 'delta') {
          received += event.text;
          setMessage(assistantId, { text: received });
        } else if (event.type === 'end') {
          received = event.text;
          const usage = usageOf(event.metadata);
          setMessage(assistantId, { text: received });
          if (usage) cell.update((snapshot) => ({ ...snapshot, usage }));
        }
      }
      setMessage(assistantId, { status: 'done' });
      setMessage(userId, { status: 'done' });
      settle(null);
    } catch (error) {
      if (controller.signal.aborted) {
        setMessage(assistantId, { status: 'stopped' });
        setMessage(userId, { status: 'done' });
        settle(null);
      } else {
        // The user's message stays (marked failed); an empty reply is no message at all.
        if (received === '') removeMessage(assistantId);
        else setMessage(assistantId, { status: 'error' });
        setMessage(userId, { status: 'error' });
        settle(asPyFlueError(error));
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      if (current === controller) current = undefined;
    }
  }

  const stop = () => {
    generation += 1;
    current?.abort(new DOMException('The conversation was stopped.', 'AbortError'));
  };

  return {
    getSnapshot: cell.get,
    subscribe: cell.subscribe,
    send(text, sendOptions = {}) {
      if (disposed) return Promise.resolve();
      const userId = `u${++ids}`;
      pending += 1;
      cell.update((snapshot) => ({
        ...snapshot,
        status: 'streaming',
        messages: [...snapshot.messages, { id: userId, role: 'user', text: String(text), status: 'streaming' }],
      }));
      const queuedIn = generation;
      const turn = queue.then(() => reply(userId, String(text), sendOptions.signal, queuedIn));
      queue = turn;
      return turn;
    },
    stop,
    dispose() {
      if (disposed) return;
      disposed = true;
      stop();
      cell.clear();
    },
  };
}
