/**
 * A persistent agent instance over `/agents/{name}/{agentId}`.
 *
 * The protocol has no request ids: the server answers prompts in the order they were
 * sent, so pending prompts are a FIFO and each result frame settles the oldest slot.
 */
import { onAbort } from '../abort.js';
import { closeForClient } from '../closing.js';
import { endsChannel, knownFrame, typeOf, unknownFrame } from '../known-frames.js';
import { PyFlueInputError, PyFlueSocketError, PyFlueTimeoutError, type PyFlueClientClosedError } from '../../core/errors.js';
import { frameGuards, isAgentResultMessage, isSocketErrorMessage, sentFrameTypes } from '../../../generated/channels.js';
import type { AgentPromptMessage, AgentResultMessage, AgentServerMessage, SocketErrorMessage } from '../../core/types.js';
import { optionalMs, optionalString } from '../checks.js';
import { checkOptions, optionKeys } from '../options.js';
import { Connection, Listeners, checkConnectionInit, type ConnectionInit } from './connection.js';
import { withCamelNames } from '../answers/wire-names.js';

/** Options of `AgentSocket.prompt`. */
export interface SocketPromptOptions {
  /** Session (conversation) inside the instance; the server uses `default` when omitted. */
  session?: string;
  /** Rejects this prompt with the signal's reason; the server still answers it, and that answer is skipped. */
  signal?: AbortSignal;
  /**
   * How long to wait for the answer, in ms, from the call (the wait for the socket to open
   * included); then the prompt rejects with PyFlueTimeoutError, and its late answer is
   * skipped. Default: the client's `answerTimeoutMs` (60 000); 0: no limit.
   */
  answerTimeoutMs?: number;
}

const PROMPT_KEYS = optionKeys<SocketPromptOptions>({ session: true, signal: true, answerTimeoutMs: true });

interface Slot {
  resolve: (message: AgentResultMessage) => void;
  reject: (error: unknown) => void;
  /** True once settled early (aborted): its answer is consumed without effect. */
  done: boolean;
  cleanup: () => void;
}

/**
 * A socket to a persistent agent instance (`client.agents.connect(name, id)`): many
 * prompts over one connection, answered in the order they were sent.
 */
export class AgentSocket implements AsyncDisposable {
  /** Resolves once open; rejects with PyFlueSocketError if the socket ends first. Awaiting it is optional. */
  readonly ready: Promise<void>;
  readonly #connection: Connection;
  readonly #slots: Slot[] = [];
  readonly #listeners: Listeners<AgentServerMessage>;
  /** The frame after which the server closes (the spec's `x-ends-channel`: an error frame), once it came. */
  #endFrame: AgentServerMessage | undefined;
  /** The error an ending error frame reported (masked), for the errors of prompts sent after it. */
  #endError: SocketErrorMessage['error'] | undefined;
  /** Why the connection ended (a handshake that failed, a close), for a prompt made after it. */
  #endedWith: Error | undefined;

  /** The client creates sockets (`connect`); @internal */
  constructor(init: ConnectionInit) {
    checkConnectionInit(init, 'AgentSocket');
    this.#listeners = new Listeners(init.onListenerError);
    this.#connection = new Connection(init, {
      onFrame: (frame) => this.#onFrame(frame),
      onEnd: (error) => {
        this.#endedWith ??= error;
        this.#rejectAll(error);
      },
    });
    this.ready = this.#connection.ready;
  }

  /** Sends one prompt and resolves with its result frame. Can be called before the socket is open. */
  async prompt(message: string, given: SocketPromptOptions = {}): Promise<AgentResultMessage> {
    if (typeof message !== 'string') throw new PyFlueInputError(`prompt message must be a string, got ${typeof message}.`);
    const options = checkOptions(given, PROMPT_KEYS, 'AgentSocket.prompt()');
    const session = optionalString(options.session, 'session');
    const timeoutMs = optionalMs(options.answerTimeoutMs, 'answerTimeoutMs') ?? this.#connection.answerTimeoutMs;
    const { signal } = options;
    // After its last frame (an error frame) the server is about to close: nothing sent now would be answered.
    if (this.#connection.isEnded || this.#endFrame) {
      const info = this.#connection.closeInfo;
      // Why it ended (already masked) is said too: a prompt made right after a handshake that failed would otherwise not know why.
      const why = this.#endedWith;
      throw new PyFlueSocketError(`Agent socket ${this.#connection.url} is closed; connect again to send more prompts.${why ? ` It ended with: ${why.message}` : ''}`, {
        error: this.#endError,
        closeCode: info?.code,
        closeReason: info?.reason,
        cause: why,
      });
    }
    signal?.throwIfAborted();
    const frame: AgentPromptMessage = { type: sentFrameTypes.AgentPromptMessage, message };
    if (session !== undefined) frame.session = session;
    // Two strings: nothing JSON could refuse.
    const text = JSON.stringify(frame);

    return new Promise<AgentResultMessage>((resolve, reject) => {
      // An early end (abort, timeout) leaves the slot in the queue: its answer still comes, in order, and is skipped.
      const giveUp = (error: unknown): void => {
        if (slot.done) return;
        slot.done = true;
        slot.cleanup();
        reject(error);
      };
      const onCallerAbort = (): void => giveUp(signal!.reason);
      let unsubscribe: (() => void) | undefined;
      const timer =
        timeoutMs > 0
          ? setTimeout(
              () =>
                giveUp(
                  new PyFlueTimeoutError(
                    `Agent socket ${this.#connection.url}: the prompt got no answer within ${timeoutMs} ms; its answer, if it still comes, is skipped. ` +
                      'Raise answerTimeoutMs (per prompt, or the client option) if the agent can be that slow.',
                    'WEBSOCKET',
                    this.#connection.url,
                  ),
                ),
              timeoutMs,
            )
          : undefined;
      const slot: Slot = {
        resolve,
        reject,
        done: false,
        cleanup: () => {
          clearTimeout(timer);
          unsubscribe?.();
        },
      };
      // One listener per signal however many prompts share it (abort.ts).
      if (signal) unsubscribe = onAbort(signal, onCallerAbort);
      this.#slots.push(slot);
      this.#connection.send(text);
    });
  }

  /**
   * Calls `listener` with every valid server frame; returns the unsubscribe function.
   * A listener that throws is skipped and its error reported (the client's
   * `onListenerError`, else the platform's uncaught-error report); the socket, the other
   * listeners and the pending prompts carry on).
   */
  onEvent(listener: (message: AgentServerMessage) => void): () => void {
    return this.#listeners.add(listener);
  }

  /** Closes the socket (pending prompts reject) and resolves once it is closed. */
  close(code?: number, reason?: string): Promise<void> {
    return this.#connection.close(code, reason);
  }

  /** `await using socket = ...` closes it when the scope ends. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** `client.close()`: pending prompts reject with its PyFlueClientClosedError. @internal */
  [closeForClient](error: PyFlueClientClosedError): Promise<void> {
    return this.#connection.closeWith(error);
  }

  /**
   * Dispatches a frame by the agent channel's table (src/generated/channels.ts): a type it
   * does not list comes as an UnknownFrame (a newer server's; pending prompts wait on for
   * their results), a listed type must have its shape, and comes as itself with its
   * camelCase names. A result settles the oldest prompt; a frame that ends the channel (an
   * error frame) fails every prompt in flight, since the server closes after it.
   */
  #onFrame(frame: Record<string, unknown>): void {
    const type = typeOf(frame);
    const known = knownFrame('agent', type);
    if (known === undefined) return this.#listeners.emit(unknownFrame(type ?? 'message', frame));
    if (!frameGuards[known]!(frame)) {
      return this.#connection.violation(`it sent a "${type}" frame that does not have that frame's shape: ${JSON.stringify(frame).slice(0, 120)}`);
    }
    const message = withCamelNames(frame, known) as unknown as AgentServerMessage;
    if (isAgentResultMessage(message)) {
      const slot = this.#slots.shift();
      if (!slot) return this.#connection.violation('it sent a result frame while no prompt was pending');
      this.#listeners.emit(message);
      slot.cleanup();
      if (!slot.done) {
        slot.done = true;
        slot.resolve(message as AgentResultMessage);
      }
      return;
    }
    if (endsChannel('agent', type)) this.#endFrame = message;
    this.#listeners.emit(message);
    if (this.#endFrame !== message) return;
    // The server closes after this frame; every prompt in flight is lost. An error frame may echo a secret: masked.
    const error = isSocketErrorMessage(message) ? this.#connection.mask(message).error : undefined;
    this.#endError = error;
    this.#rejectAll(
      new PyFlueSocketError(
        error
          ? `Agent socket ${this.#connection.url} sent an error: ${error.type}: ${error.message} ` +
              'Check that the agent exists and is persistent (only persistent agents have a socket).'
          : `Agent socket ${this.#connection.url} sent a "${type}" frame, after which the server closes; connect again to send more prompts.`,
        { error },
      ),
    );
  }

  #rejectAll(error: Error): void {
    for (const slot of this.#slots.splice(0)) {
      slot.cleanup();
      if (!slot.done) {
        slot.done = true;
        slot.reject(error);
      }
    }
  }
}
