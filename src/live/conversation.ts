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
import { PyFlueInputError, checkOptions, describe, onAbort, optionKeys, optionalFunction, optionalString, pathSegment, withCamelNames } from './deps.js';
import { callsOf, type AnyPyFlueClient, type AppOf } from './client-types.js';
import { liveError, type LiveError } from './errors.js';
import { grow, readMessages, type ConversationMessage, type ConversationMessageInput, type ConversationMessageStatus, type LiveStorage } from './messages.js';
import { attempt, snapshotCell, type LiveStore } from './store.js';

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

/** @internal A conversation's option names, listed once (the bindings' options add `client`). */
export const CONVERSATION_OPTIONS = { session: true, initialMessages: true, storage: true, storageKey: true, payload: true } as const;
const CONVERSATION_KEYS = optionKeys<ConversationOptions>(CONVERSATION_OPTIONS);
const SEND_KEYS = optionKeys<SendOptions>({ signal: true });

/** @internal A storage as the option gives it: an object with the three methods, else a PyFlueInputError. */
export function checkStorage(storage: unknown, where: string): LiveStorage | undefined {
  const given = storage as Partial<LiveStorage> | undefined | null;
  if (given === undefined || (typeof given?.getItem === 'function' && typeof given.setItem === 'function' && typeof given.removeItem === 'function')) return given as LiveStorage | undefined;
  throw new PyFlueInputError(`${where} must have getItem, setItem and removeItem (e.g. sessionStorage); got ${describe(storage)}.`);
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
  const settings = checkOptions(options as ConversationOptions | undefined, CONVERSATION_KEYS, where);
  const session = optionalString(settings.session, `${where}: session`);
  // JSON leaves an undefined session out: `{ message }`.
  const payloadOf = optionalFunction(settings.payload, `${where}: payload`) ?? ((text: string) => ({ message: text, session }));
  const storage = checkStorage(settings.storage, `${where}: storage`);
  const storageKey = optionalString(settings.storageKey, `${where}: storageKey`) ?? `pyflue:conversation:${agentName}:${instanceId}:${session ?? 'default'}`;
  /** Runs `act` on the storage, if any; one that throws (full, refused) is reported, and the conversation goes on without it. */
  const inStorage = <T>(act: (found: LiveStorage) => T, failed: string) => storage && attempt(() => act(storage), `Could not ${failed} the conversation (key ${storageKey}).`);

  // The state; each change is published as a new snapshot (see `publish`).
  let messages: readonly ConversationMessage[] = [];
  let error: LiveError | null = null;
  let usage: PromptUsage | null = null;
  /** Sends started and not settled (the one streaming, and those queued behind it). */
  let pending = 0;
  /** Whether the reply streaming now has sent anything yet (`submitted` until it has). */
  let replying = false;
  /** Aborted by stop() (then replaced, for the sends after it) and by dispose() (for good): every send made before it stops. */
  let stopper = new AbortController();
  let queue = Promise.resolve();

  let ids = 0;
  const newId = (role: 'user' | 'assistant') => {
    let id: string;
    do id = `${role[0]}${++ids}`;
    while (messages.some((message) => message.id === id));
    return id;
  };
  const snapshot = (): ConversationSnapshot =>
    Object.freeze({ status: pending > 0 ? (replying ? 'streaming' : 'submitted') : error ? 'error' : 'idle', messages, error, usage });
  /** Publishes the state; `save` also keeps the messages in the storage (as a send starts and ends, and for setMessages). */
  const publish = (save?: boolean) => {
    cell.set(snapshot());
    if (save) inStorage((found) => found.setItem(storageKey, JSON.stringify(messages)), 'save');
  };
  const edit = (id: string, status: ConversationMessageStatus, change?: (message: ConversationMessage) => ConversationMessage) => {
    messages = messages.map((message) => (message.id === id ? { ...(change?.(message) ?? message), status } : message));
  };

  messages =
    inStorage((found) => {
      const saved = found.getItem(storageKey);
      return saved === null || saved === undefined ? undefined : readMessages(JSON.parse(saved), `the messages saved under ${storageKey}`, newId);
    }, 'read') ?? readMessages(settings.initialMessages === undefined ? [] : settings.initialMessages, `${where}: initialMessages`, newId);
  const cell = snapshotCell(snapshot());

  /** Streams the reply to `user` (already in the list), right below it: the sends queued behind it stay below the reply. */
  async function reply(user: ConversationMessage, signal: AbortSignal): Promise<void> {
    const replyId = newId('assistant');
    /** The send is over: its user message takes `status`, its reply (if there is one) `replyStatus`; a failure becomes the error. */
    const settle = (status: ConversationMessageStatus, replyStatus = status, failure?: LiveError) => {
      edit(user.id, status);
      edit(replyId, replyStatus);
      pending -= 1;
      replying = false;
      error = failure ?? error;
      publish(true);
    };
    if (signal.aborted) return settle('stopped');
    error = null;
    const at = messages.findIndex((message) => message.id === user.id) + 1 || messages.length;
    messages = [...messages.slice(0, at), { id: replyId, role: 'assistant', text: '', parts: [], status: 'streaming' }, ...messages.slice(at)];
    publish();
    try {
      // What the payload function throws is the app's own (kind input).
      for await (const event of calls.agents.stream(agentName, instanceId, { payload: payloadOf(user.text), signal })) {
        if (event.type !== 'delta' && event.type !== 'tool_start' && event.type !== 'tool_end' && event.type !== 'end') continue;
        // The wire's usage (snake_case), with its camelCase names added by the spec's rule for a prompt's usage.
        const found = event.type === 'end' && (event.metadata as { usage?: PromptUsage } | undefined)?.usage;
        if (typeof found === 'object') usage = withCamelNames(found, 'PromptUsage');
        replying = true;
        edit(replyId, 'streaming', (message) => grow(message, event));
        publish();
      }
      settle('done');
    } catch (failure) {
      if (signal.aborted) return settle('done', 'stopped');
      // The user's message stays (marked failed, for retry()); an empty reply is no message at all.
      messages = messages.filter((message) => message.id !== replyId || message.parts.length > 0);
      settle('error', 'error', liveError(failure));
    }
  }

  /** Puts `user` after `before`, marked `streaming`, and queues its reply; `signal` stops this send only. Nothing once disposed. */
  const enqueue = (before: readonly ConversationMessage[], user: ConversationMessage, signal?: AbortSignal): Promise<void> => {
    if (stopper.signal.aborted) return Promise.resolve();
    messages = [...before, { ...user, status: 'streaming' }];
    pending += 1;
    publish(true);
    const own = new AbortController();
    const abort = () => own.abort();
    const unlink = [onAbort(stopper.signal, abort), signal && onAbort(signal, abort)];
    return (queue = queue.then(() => reply(user, own.signal)).finally(() => unlink.forEach((off) => off?.())));
  };

  /** Sends the last user message again if its status is one `when` takes, after dropping what follows it (a failed or stopped reply, or the reply to regenerate). */
  const resend = (when: (status: ConversationMessageStatus) => boolean): Promise<void> => {
    const index = messages.map((message) => message.role).lastIndexOf('user');
    const user = messages[index];
    return user && when(user.status) ? enqueue(messages.slice(0, index), user) : Promise.resolve();
  };

  return {
    getSnapshot: cell.get,
    subscribe: cell.subscribe,
    send(text, sendOptions) {
      if (typeof text !== 'string') throw new PyFlueInputError(`send() needs the message as a string; got ${describe(text)}.`);
      const { signal } = checkOptions(sendOptions, SEND_KEYS, 'send()');
      return enqueue(messages, readMessages([{ role: 'user', text }], 'send()', newId)[0]!, signal);
    },
    // A user message still `streaming` is a send that is out (its own or one before it): nothing to resend yet.
    retry: () => resend((status) => status === 'error' || status === 'stopped'),
    regenerate: () => resend((status) => status !== 'streaming'),
    setMessages(next) {
      messages = readMessages(typeof next === 'function' ? next(messages) : next, 'setMessages()', newId);
      publish(true);
    },
    stop() {
      if (stopper.signal.aborted) return;
      stopper.abort();
      stopper = new AbortController();
    },
    dispose() {
      stopper.abort();
      cell.clear();
    },
  };
}
