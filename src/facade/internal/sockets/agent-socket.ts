/**
 * A persistent agent instance over `/agents/{name}/{agentId}`.
 *
 * The protocol has no request ids: the server answers prompts in the order they were
 * sent, so pending prompts are a FIFO and each result frame settles the oldest slot.
 */
import { onAbort } from '../abort.js';
import { closeForClient } from '../closing.js';
import { typeOf, unknownFrame } from '../known-frames.js';
import { PyFlueInputError, PyFlueSocketError, PyFlueTimeoutError, type PyFlueClientClosedError } from '../../core/errors.js';
import { isAgentResultMessage, isSocketErrorMessage } from '../../../generated/asyncapi.js';
import type { AgentPromptMessage, AgentResultMessage, AgentServerMessage, SocketErrorMessage } from '../../core/types.js';
import { optionalMs, optionalString } from '../checks.js';
import { checkOptions, optionKeys } from '../options.js';
import { Connection, Listeners, type ConnectionInit } from './connection.js';
import { promptResultNames } from '../wire-names.js';

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
  #errorFrame: SocketErrorMessage['error'] | undefined;

  /** The client creates sockets (`connect`); @internal */
  constructor(init: ConnectionInit) {
    this.#listeners = new Listeners(init.onListenerError);
    this.#connection = new Connection(init, {
      onFrame: (frame) => this.#onFrame(frame),
      onEnd: (error) => this.#rejectAll(error),
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
    // After an error frame the server is about to close: nothing sent now would be answered.
    if (this.#connection.isEnded || this.#errorFrame) {
      const info = this.#connection.closeInfo;
      throw new PyFlueSocketError(`Agent socket ${this.#connection.url} is closed; connect again to send more prompts.`, {
        error: this.#errorFrame,
        closeCode: info?.code,
        closeReason: info?.reason,
      });
    }
    signal?.throwIfAborted();
    const frame: AgentPromptMessage = { type: 'prompt', message };
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

  #onFrame(frame: Record<string, unknown>): void {
    if (isAgentResultMessage(frame)) {
      const message: AgentResultMessage = { ...frame, result: promptResultNames(frame.result) };
      const slot = this.#slots.shift();
      if (!slot) return this.#connection.violation('it sent a result frame while no prompt was pending');
      this.#listeners.emit(message);
      slot.cleanup();
      if (!slot.done) {
        slot.done = true;
        slot.resolve(message);
      }
    } else if (isSocketErrorMessage(frame)) {
      // The server closes after an error frame; every prompt in flight is lost. It may echo a secret: masked.
      const { error } = this.#connection.mask(frame);
      this.#errorFrame = error;
      this.#listeners.emit(frame);
      this.#rejectAll(
        new PyFlueSocketError(
          `Agent socket ${this.#connection.url} sent an error: ${error.type}: ${error.message} ` +
            'Check that the agent exists and is persistent (only persistent agents have a socket).',
          { error },
        ),
      );
    } else if (frame.type === 'result' || frame.type === 'error') {
      this.#connection.violation(`it sent a "${String(frame.type)}" frame that does not have that frame's shape: ${JSON.stringify(frame).slice(0, 120)}`);
    } else {
      // A frame type this client does not know (a newer server's): the listeners get it as
      // an UnknownFrame; pending prompts wait on for their result frames.
      this.#listeners.emit(unknownFrame(typeOf(frame) ?? 'message', frame));
    }
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
