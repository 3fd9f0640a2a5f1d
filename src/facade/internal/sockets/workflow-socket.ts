/**
 * One workflow invocation over `/workflows/{name}`: send one invoke frame, receive the
 * run events, then one terminal `result` or `error` frame; the server then closes.
 */
import { onAbort } from '../abort.js';
import { closeForClient } from '../closing.js';
import { endsChannel, knownFrame, typeOf, unknownFrame } from '../known-frames.js';
import { PyFlueError, PyFlueInputError, PyFlueSocketError, PyFlueTimeoutError, type PyFlueClientClosedError } from '../../core/errors.js';
import { frameGuards, isSocketErrorMessage, isWorkflowResultMessage } from '../../../generated/channels.js';
import type { WorkflowInvokeMessage, WorkflowServerMessage } from '../../core/types.js';
import { optionalMs, optionalObject } from '../checks.js';
import { checkOptions, optionKeys } from '../options.js';
import { Connection, Listeners, checkConnectionInit, type ConnectionInit } from './connection.js';
import { withCamelNames } from '../answers/wire-names.js';

/** Options of `WorkflowSocket.run` and `invoke`. */
export interface WorkflowRunOptions {
  /** Rejects the run with the signal's reason and closes the socket (it serves no other invocation). */
  signal?: AbortSignal;
  /**
   * How long the run may go without a frame from the server, in ms (each frame restarts
   * the wait, so a long run that keeps reporting never times out); then the run rejects
   * with PyFlueTimeoutError (carrying `runId` once known) and the socket is closed; the
   * run may go on on the server: follow it with `runs.stream(runId)`. Default: the
   * client's `idleTimeoutMs` (45 000); 0: no limit.
   */
  idleTimeoutMs?: number;
}

const RUN_KEYS = optionKeys<WorkflowRunOptions>({ signal: true, idleTimeoutMs: true });

/** What `WorkflowSocket.invoke` resolves to; `Result` comes from a typed app. */
export interface WorkflowInvokeResult<Result = unknown> {
  /** The workflow's return value. */
  result: Result;
  /** The run's id. */
  runId: string;
}

/**
 * The arguments of `run` and `invoke`: `[payload?, options?]` when the payload may be left
 * out (it accepts `{}`, as an untyped client's does), else `[payload, options?]`, so a
 * typed app's required input cannot be forgotten.
 */
export type WorkflowSocketArgs<Input> = {} extends Input
  ? [payload?: Input, options?: WorkflowRunOptions]
  : [payload: Input, options?: WorkflowRunOptions];

/**
 * A socket for one workflow invocation (`client.workflows.connect(name)`): send the
 * payload, receive the run's events, then its result or error.
 */
export class WorkflowSocket<Input = Record<string, unknown>, Result = unknown> implements AsyncDisposable {
  /** Resolves once open; rejects with PyFlueSocketError if the socket ends first. Awaiting it is optional. */
  readonly ready: Promise<void>;
  /** The run id, from the first run event; rejects with PyFlueSocketError if the socket ends without one. */
  readonly runId: Promise<string>;
  readonly #connection: Connection;
  readonly #listeners: Listeners<WorkflowServerMessage<Result>>;
  /** Every valid frame so far; frames may arrive before run() (an unknown workflow errors at once). */
  readonly #messages: WorkflowServerMessage<Result>[] = [];
  #terminal = false;
  #started = false;
  #endError: PyFlueSocketError | undefined;
  #pending: { resolve: (messages: WorkflowServerMessage<Result>[]) => void; reject: (error: unknown) => void } | undefined;
  /** Restarts the pending run's idle wait (on every frame); undefined when none runs. */
  #touch: (() => void) | undefined;
  #runIdValue: string | undefined;
  #resolveRunId!: (runId: string) => void;
  #rejectRunId!: (error: PyFlueSocketError) => void;
  #runIdKnown = false;

  /** The client creates sockets (`connect`); @internal */
  constructor(init: ConnectionInit) {
    checkConnectionInit(init, 'WorkflowSocket');
    this.#listeners = new Listeners(init.onListenerError);
    this.runId = new Promise<string>((resolve, reject) => {
      this.#resolveRunId = resolve;
      this.#rejectRunId = reject;
    });
    // Awaiting runId is optional; a socket that ends without a run must not crash anyone.
    this.runId.catch(() => {});
    this.#connection = new Connection(init, {
      onFrame: (frame) => this.#onFrame(frame),
      onEnd: (error) => this.#onEnd(error),
    });
    this.ready = this.#connection.ready;
  }

  /**
   * Starts the run and resolves with every message received, through the terminal
   * `result` or `error` frame included (like the Python client's `run`). An error frame
   * resolves too; use {@link invoke} to have it thrown.
   */
  async run(...args: WorkflowSocketArgs<Input>): Promise<WorkflowServerMessage<Result>[]> {
    const [payload, given] = args;
    const options = checkOptions(given, RUN_KEYS, 'WorkflowSocket.run()');
    const checked = optionalObject(payload, 'payload') ?? {};
    if (this.#started) {
      throw new PyFlueInputError(
        `Workflow socket ${this.#connection.url} already ran its invocation; a workflow socket runs one invocation, so connect again for another.`,
      );
    }
    const text = JSON.stringify({ payload: checked } satisfies WorkflowInvokeMessage);
    // The server may already have answered (an unknown workflow errors without waiting).
    if (this.#terminal) {
      this.#started = true;
      return [...this.#messages];
    }
    if (this.#connection.isEnded) {
      throw this.#endError ?? new PyFlueSocketError(`Workflow socket ${this.#connection.url} is closed; connect again to run.`);
    }
    const { signal } = options;
    const idleTimeoutMs = optionalMs(options.idleTimeoutMs, 'idleTimeoutMs') ?? this.#connection.idleTimeoutMs;
    signal?.throwIfAborted();
    this.#started = true;

    return new Promise<WorkflowServerMessage<Result>[]>((resolve, reject) => {
      const onCallerAbort = (): void => {
        clearTimeout(timer);
        this.#touch = undefined;
        this.#pending = undefined;
        reject(signal!.reason);
        void this.close(1000, 'aborted').catch(() => {});
      };
      let timer: ReturnType<typeof setTimeout> | undefined;
      let unsubscribe: (() => void) | undefined;
      const onIdle = (): void => {
        const runId = this.#runIdValue;
        const error = new PyFlueTimeoutError(
          `Workflow socket ${this.#connection.url}: no frame for ${idleTimeoutMs} ms, so the run was given up and the socket closed` +
            (runId ? `; the run may go on on the server: follow it with runs.stream(${JSON.stringify(runId.slice(0, 200))}).` : '.') +
            ' Raise idleTimeoutMs if a step can be that slow.',
          'WEBSOCKET',
          this.#connection.url,
        );
        error.runId = runId;
        void this.#connection.closeWith(error).catch(() => {});
      };
      this.#touch =
        idleTimeoutMs > 0
          ? () => {
              clearTimeout(timer);
              timer = setTimeout(onIdle, idleTimeoutMs);
            }
          : undefined;
      const settle = <T>(fn: (value: T) => void) => (value: T): void => {
        unsubscribe?.();
        clearTimeout(timer);
        this.#touch = undefined;
        this.#pending = undefined;
        fn(value);
      };
      this.#pending = { resolve: settle(resolve), reject: settle(reject) };
      this.#touch?.();
      // One listener per signal however many runs share it (abort.ts).
      if (signal) unsubscribe = onAbort(signal, onCallerAbort);
      this.#connection.send(text);
    });
  }

  /** Runs and resolves with the result and run id; an error frame rejects with PyFlueSocketError carrying `error`. */
  async invoke(...args: WorkflowSocketArgs<Input>): Promise<WorkflowInvokeResult<Result>> {
    const messages = await this.run(...args);
    const last = messages.at(-1);
    if (last && isSocketErrorMessage(last)) {
      // The server's error may echo a secret: masked.
      const { error } = this.#connection.mask(last);
      throw new PyFlueSocketError(
        `Workflow at ${this.#connection.url} failed: ${error.type}: ${error.message}${error.details ? ` (${error.details})` : ''} See the run's events for what happened.`,
        { error },
      );
    }
    if (!last || !isWorkflowResultMessage(last)) {
      throw new PyFlueSocketError(`Workflow socket ${this.#connection.url} ended without a result frame.`);
    }
    return { result: last.result as Result, runId: last.runId };
  }

  /**
   * Calls `listener` with every valid server frame; returns the unsubscribe function.
   * A listener that throws is skipped and its error reported (the client's
   * `onListenerError`, else the platform's uncaught-error report); the socket, the other
   * listeners and the pending run carry on).
   */
  onEvent(listener: (message: WorkflowServerMessage<Result>) => void): () => void {
    return this.#listeners.add(listener);
  }

  /** Closes the socket (a pending run rejects) and resolves once it is closed. */
  close(code?: number, reason?: string): Promise<void> {
    return this.#connection.close(code, reason);
  }

  /** `await using socket = ...` closes it when the scope ends. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** `client.close()`: a pending run rejects with its PyFlueClientClosedError. @internal */
  [closeForClient](error: PyFlueClientClosedError): Promise<void> {
    return this.#connection.closeWith(error);
  }

  /**
   * Dispatches a frame by the workflow channel's table (src/generated/channels.ts): a type it
   * lists must have its shape and comes as itself with its camelCase names; a type it does
   * not list (a newer server's event or frame) comes as an UnknownFrame and breaks nothing.
   * A frame that ends the channel (the spec's `x-ends-channel`: the result or the error)
   * settles the run.
   */
  #onFrame(frame: Record<string, unknown>): void {
    if (this.#terminal) return this.#connection.violation('it sent a frame after the terminal result or error frame');
    const type = typeOf(frame);
    const known = knownFrame('workflow', type);
    if (known !== undefined && !frameGuards[known]!(frame)) {
      return this.#connection.violation(`it sent a "${type}" frame that does not have that frame's shape: ${JSON.stringify(frame).slice(0, 120)}`);
    }
    const message = (known ? withCamelNames(frame, known) : unknownFrame(type ?? 'message', frame)) as WorkflowServerMessage<Result>;
    this.#messages.push(message);
    this.#touch?.();
    const runId = known ? (message as { runId?: unknown }).runId : undefined;
    if (!this.#runIdKnown && typeof runId === 'string') {
      this.#runIdKnown = true;
      this.#runIdValue = runId;
      this.#resolveRunId(runId);
    }
    this.#listeners.emit(message);
    if (known && endsChannel('workflow', type)) {
      this.#terminal = true;
      if (isSocketErrorMessage(message) && !this.#runIdKnown) {
        this.#runIdKnown = true;
        const { error } = this.#connection.mask(message);
        this.#rejectRunId(new PyFlueSocketError(`Workflow socket ${this.#connection.url} sent an error before the run started: ${error.message}`, { error }));
      }
      this.#pending?.resolve([...this.#messages]);
    }
  }

  #onEnd(error: PyFlueSocketError): void {
    this.#endError = error;
    // Whatever ended it (a drop, client.close(), the idle timeout) says which run it left behind.
    (error as PyFlueError).runId ??= this.#runIdValue;
    if (!this.#runIdKnown) {
      this.#runIdKnown = true;
      this.#rejectRunId(
        new PyFlueSocketError(`Workflow socket ${this.#connection.url} ended before a run started, so there is no run id: ${error.message}`, {
          closeCode: error.closeCode,
          closeReason: error.closeReason,
          cause: error,
        }),
      );
    }
    if (!this.#terminal) this.#pending?.reject(error);
  }
}

/**
 * A workflow socket whose payload and result go through a typed app's validators: the
 * payload before the invoke frame is sent (PyFlueInputError), the result when `invoke`
 * resolves (PyFlueResultError). A subclass, so the socket itself stays unaware of apps.
 */
/** The typed app's checks of one workflow (ClientContext.checkPayload / checkResult, bound to its name). */
export interface WorkflowChecks {
  payload(payload: unknown): Promise<unknown>;
  result(value: unknown): Promise<unknown>;
}

export class CheckedWorkflowSocket<Input, Result> extends WorkflowSocket<Input, Result> {
  readonly #checks: WorkflowChecks;

  /** The client creates sockets (`connect`); @internal */
  constructor(init: ConnectionInit, checks: WorkflowChecks) {
    super(init);
    this.#checks = checks;
  }

  override async run(...args: WorkflowSocketArgs<Input>): Promise<WorkflowServerMessage<Result>[]> {
    const [payload, options] = args;
    const checked = await this.#checks.payload(payload ?? {});
    // The validator's output stands for Input; TypeScript cannot follow that through the deferred tuple type.
    return super.run(...([checked, options] as unknown as WorkflowSocketArgs<Input>));
  }

  override async invoke(...args: WorkflowSocketArgs<Input>): Promise<WorkflowInvokeResult<Result>> {
    const { result, runId } = await super.invoke(...args);
    return { result: (await this.#checks.result(result)) as Result, runId };
  }
}
