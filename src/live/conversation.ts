/**
 * `createConversation`: a persistent agent's chat as a store. Each `send` adds the user's
 * message, then streams the reply into an assistant message: `delta` frames grow its text
 * part, `tool_start`/`tool_end` add and finish tool parts, `end` sets its final text.
 * Sends queue: PyFlue runs one prompt per session at a time, so the next waits for the
 * reply before it. Nothing is sent before the first `send`, so creating a conversation (on
 * a server render, or twice under React's StrictMode) costs nothing.
 *
 * A persistent agent's prompt has no run and no event ids, so a reply whose connection
 * drops cannot be resumed: it ends in `error` (kind `network`), and `retry()` asks again.
 */
import type { AgentName, AgentPayload, OptionsArgs } from '../facade/core/app.js';
import type { PromptUsage } from '../facade/core/types.js';
import { PyFlueError, PyFlueInputError, checkOptions, describe, optionKeys, optionalString, pathSegment } from './deps.js';
import { callsOf, type AnyPyFlueClient, type AppOf } from './client-types.js';
import { asPyFlueError, liveError, type LiveError } from './errors.js';
import {
  grow,
  readMessages,
  type ConversationMessage,
  type ConversationMessageInput,
  type LiveStorage,
} from './messages.js';
import { reportLater, snapshotCell, type LiveStore } from './store.js';

/**
 * Where the conversation is: `submitted` (a send is out, no reply yet), `streaming` (the
 * reply is coming), `error` (the last send failed: see `error`, and `retry()`), else `idle`.
 */
export type ConversationStatus = 'idle' | 'submitted' | 'streaming' | 'error';

/** A conversation's state; a new object each time something changed, the same one otherwise. */
export interface ConversationSnapshot {
  readonly status: ConversationStatus;
  readonly messages: readonly ConversationMessage[];
  /** Why the last send failed (cleared when the next reply starts). */
  readonly error: LiveError | null;
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
   * Throws a `PyFlueInputError` at once for text that is no string.
   */
  send(text: string, options?: SendOptions): Promise<void>;
  /**
   * Sends the last user message again when its send failed or never went out (status
   * `error` or `stopped`): the same message, no second copy of it. Does nothing otherwise,
   * or while a send is out.
   */
  retry(): Promise<void>;
  /**
   * Asks again for the last reply: it is removed and its user message sent again (the
   * server's session history keeps both turns). Does nothing while a send is out.
   */
  regenerate(): Promise<void>;
  /** Replaces the messages (or maps them, given a function); a reply streaming keeps streaming into its message if it is still there. */
  setMessages(messages: readonly ConversationMessageInput[] | ((current: readonly ConversationMessage[]) => readonly ConversationMessageInput[])): void;
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
  /** The messages to start with (the history the app kept); a `storage` with saved messages wins. */
  initialMessages?: readonly ConversationMessageInput[] | undefined;
  /**
   * Keeps the messages (e.g. `sessionStorage`) under `storageKey`, saved as each send
   * starts and ends, and read back when the conversation is created: a reloaded page shows them again.
   */
  storage?: LiveStorage | undefined;
  /** Where `storage` keeps them (default `pyflue:conversation:<agent>:<instance>:<session>`). */
  storageKey?: string | undefined;
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

/** @internal */
export const CONVERSATION_KEYS = optionKeys<ConversationOptions>({ session: true, initialMessages: true, storage: true, storageKey: true, payload: true });
const SEND_KEYS = optionKeys<SendOptions>({ signal: true });

/** @internal The default storage key of a conversation. */
export const conversationKey = (agentName: string, instanceId: string, session: string | undefined): string =>
  `pyflue:conversation:${agentName}:${instanceId}:${session ?? 'default'}`;

function usageOf(metadata: unknown): PromptUsage | null {
  const usage = (metadata as { usage?: unknown } | null | undefined)?.usage;
  return usage !== null && typeof usage === 'object' && typeof (usage as { total_tokens?: unknown }).total_tokens === 'number' ? (usage as PromptUsage) : null;
}

/** @internal A storage as the option gives it: an object with the three methods, else a PyFlueInputError. */
export function checkStorage(storage: unknown, where: string): LiveStorage | undefined {
  if (storage === undefined) return undefined;
  const given = storage as Partial<LiveStorage> | null;
  if (typeof given?.getItem !== 'function' || typeof given.setItem !== 'function' || typeof given.removeItem !== 'function') {
    throw new PyFlueInputError(`${where} must have getItem, setItem and removeItem (e.g. sessionStorage); got ${describe(storage)}.`);
  }
  return storage as LiveStorage;
}

/**
 * A persistent agent's conversation (instance `instanceId`, session `options.session`) as
 * a store: `getSnapshot()`, `subscribe()`, `send()`, `retry()`, `regenerate()`,
 * `setMessages()`, `stop()`, `dispose()`.
 */
export function createConversation<Client extends AnyPyFlueClient, Name extends AgentName<AppOf<Client>>>(
  client: Client,
  agentName: Name,
  instanceId: string,
  ...[options]: OptionsArgs<ConversationOptionsFor<Client, Name>>
): Conversation {
  const where = 'createConversation()';
  const calls = callsOf(client, where);
  pathSegment(agentName, `${where}: agentName`);
  pathSegment(instanceId, `${where}: instanceId`);
  const settings = checkOptions((options ?? {}) as ConversationOptions, CONVERSATION_KEYS, where);
  const session = optionalString(settings.session, `${where}: session`);
  if (settings.payload !== undefined && typeof settings.payload !== 'function') {
    throw new PyFlueInputError(`${where}: payload must be a function; got ${describe(settings.payload)}.`);
  }
  const storage = checkStorage(settings.storage, `${where}: storage`);
  const storageKey = optionalString(settings.storageKey, `${where}: storageKey`) ?? conversationKey(agentName, instanceId, session);

  let ids = 0;
  const usedIds = new Set<string>();
  const newId = (role: 'user' | 'assistant') => {
    let id: string;
    do id = `${role[0]}${++ids}`;
    while (usedIds.has(id));
    usedIds.add(id);
    return id;
  };
  const keep = (list: readonly ConversationMessage[]) => {
    for (const message of list) usedIds.add(message.id);
    messages = Object.freeze(list);
  };

  // The state; each change is published as a new snapshot (see `publish`).
  let messages: readonly ConversationMessage[] = [];
  let error: LiveError | null = null;
  let usage: PromptUsage | null = null;
  /** Sends started and not settled (the one streaming, and those queued behind it). */
  let pending = 0;
  /** Whether the reply streaming now has sent anything yet (`submitted` until it has). */
  let replying = false;
  /** Bumped by stop(): the sends queued before it see it changed and do not start. */
  let generation = 0;
  let disposed = false;
  let current: AbortController | undefined;
  let queue: Promise<void> = Promise.resolve();

  keep(readSaved(storage, storageKey, newId) ?? (settings.initialMessages === undefined ? [] : readMessages(settings.initialMessages, `${where}: initialMessages`, newId)));
  const snapshot = (): ConversationSnapshot => ({ status: pending > 0 ? (replying ? 'streaming' : 'submitted') : error ? 'error' : 'idle', messages, error, usage });
  const cell = snapshotCell(Object.freeze(snapshot()));
  /** Publishes the state, unless nothing a snapshot shows changed (the same snapshot stays). */
  const publish = () =>
    cell.update((last) => {
      const next = snapshot();
      return next.status === last.status && next.messages === last.messages && next.error === last.error && next.usage === last.usage ? last : Object.freeze(next);
    });
  const edit = (id: string, change: (message: ConversationMessage) => Partial<ConversationMessage>) => {
    messages = messages.map((message) => (message.id === id ? { ...message, ...change(message) } : message));
  };
  const save = () => {
    try {
      storage?.setItem(storageKey, JSON.stringify(messages));
    } catch (cause) {
      // A full or refused storage: the conversation goes on, unsaved.
      reportLater(new PyFlueError(`Could not save the conversation (key ${storageKey}).`, { cause }));
    }
  };
  /** One send is over: `userId`'s message (and its reply) take `status`; a failure becomes the error. */
  const settle = (userId: string, status: ConversationMessage['status'], failure: LiveError | null = null) => {
    edit(userId, () => ({ status }));
    pending -= 1;
    if (pending === 0) replying = false;
    error = failure ?? error;
    publish();
    save();
  };

  async function reply(userId: string, text: string, signal: AbortSignal | undefined, queuedIn: number): Promise<void> {
    if (disposed || queuedIn !== generation || signal?.aborted) return settle(userId, 'stopped');
    const controller = new AbortController();
    current = controller;
    const onAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    const assistantId = newId('assistant');
    replying = false;
    error = null;
    // Right after its user message: the sends queued behind it stay below the reply.
    const at = messages.findIndex((item) => item.id === userId) + 1 || messages.length;
    messages = [...messages.slice(0, at), { id: assistantId, role: 'assistant', text: '', parts: [], status: 'streaming' }, ...messages.slice(at)];
    publish();
    try {
      let payload: unknown;
      try {
        payload = settings.payload ? settings.payload(text) : session === undefined ? { message: text } : { message: text, session };
      } catch (cause) {
        throw asPyFlueError(cause, `${where}: payload`);
      }
      for await (const event of calls.agents.stream(agentName, instanceId, { payload, signal: controller.signal })) {
        if (event.type === 'end') usage = usageOf(event.metadata) ?? usage;
        if (event.type === 'delta' || event.type === 'tool_start' || event.type === 'tool_end' || event.type === 'end') {
          replying = true;
          edit(assistantId, (message) => grow(message, event));
          publish();
        }
      }
      edit(assistantId, () => ({ status: 'done' }));
      settle(userId, 'done');
    } catch (failure) {
      if (controller.signal.aborted) {
        edit(assistantId, () => ({ status: 'stopped' }));
        return settle(userId, 'done');
      }
      // The user's message stays (marked failed, for retry()); an empty reply is no message at all.
      messages = messages.filter((message) => message.id !== assistantId || message.parts.length > 0);
      edit(assistantId, () => ({ status: 'error' }));
      settle(userId, 'error', liveError(failure));
    } finally {
      signal?.removeEventListener('abort', onAbort);
      if (current === controller) current = undefined;
    }
  }

  /** Queues the reply to user message `userId` (already in the list, marked `streaming`). */
  const enqueue = (userId: string, text: string, signal: AbortSignal | undefined): Promise<void> => {
    pending += 1;
    publish();
    save();
    const queuedIn = generation;
    return (queue = queue.then(() => reply(userId, text, signal, queuedIn)));
  };

  /** Sends the last user message again, after dropping what follows it (a failed or stopped reply, or the reply to regenerate). */
  const resend = (when: (status: ConversationMessage['status']) => boolean): Promise<void> => {
    const index = messages.map((message) => message.role).lastIndexOf('user');
    const user = messages[index];
    if (disposed || pending > 0 || !user || !when(user.status)) return Promise.resolve();
    messages = [...messages.slice(0, index), { ...user, status: 'streaming' }];
    error = null;
    return enqueue(user.id, user.text, undefined);
  };

  const stop = () => {
    generation += 1;
    current?.abort(new DOMException('The conversation was stopped.', 'AbortError'));
  };

  return {
    getSnapshot: cell.get,
    subscribe: cell.subscribe,
    send(text, sendOptions) {
      if (typeof text !== 'string') throw new PyFlueInputError(`send() needs the message as a string; got ${describe(text)}.`);
      const { signal } = checkOptions(sendOptions, SEND_KEYS, 'send()');
      if (disposed) return Promise.resolve();
      const userId = newId('user');
      messages = [...messages, { id: userId, role: 'user', text, parts: text ? [{ type: 'text', text }] : [], status: 'streaming' }];
      return enqueue(userId, text, signal);
    },
    retry: () => resend((status) => status === 'error' || status === 'stopped'),
    regenerate: () => resend((status) => status !== 'streaming'),
    setMessages(next) {
      keep(readMessages(typeof next === 'function' ? next(messages) : next, 'setMessages()', newId));
      publish();
      save();
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

/** The messages `storage` kept, or undefined; a storage that throws or holds something else is reported, not fatal. */
function readSaved(storage: LiveStorage | undefined, key: string, newId: (role: 'user' | 'assistant') => string): ConversationMessage[] | undefined {
  if (!storage) return undefined;
  try {
    const text = storage.getItem(key);
    return text === null || text === undefined ? undefined : readMessages(JSON.parse(text), `the messages saved under ${key}`, newId);
  } catch (error) {
    reportLater(new PyFlueError(`Could not read the saved conversation (key ${key}).`, { cause: error }));
    return undefined;
  }
}
