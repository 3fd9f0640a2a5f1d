/**
 * A conversation's messages: their shape (text and tool parts, as the AI SDK's UI
 * messages have them), how a reply's frames grow them, and how messages an app kept
 * (`initialMessages`, `setMessages`, a `storage`) are checked and read back.
 */
import type { AgentStreamDelta, AgentStreamEnd, AgentStreamToolEnd, AgentStreamToolStart } from '../facade/core/types.js';
import { PyFlueInputError, describe } from './deps.js';

/** Where a message is: a reply still coming, finished, stopped (or never sent), or failed. */
export type ConversationMessageStatus = 'streaming' | 'done' | 'stopped' | 'error';

/** Text of a message; a reply's text part grows with each `delta` frame. */
export interface TextPart {
  readonly type: 'text';
  readonly text: string;
}

/**
 * A tool call of a reply, from the agent's `tool_start` and `tool_end` frames (their field
 * names kept: `toolCallId`, `isError`; `name` is the frame's `toolName`).
 */
export interface ToolPart {
  readonly type: 'tool';
  readonly toolCallId: string;
  readonly name: string;
  /** The tool's input, as the harness sent it. */
  readonly args: unknown;
  /** `running` from `tool_start`, `done` from `tool_end`. */
  readonly state: 'running' | 'done';
  /** The tool's output (an exception's text when `isError`), once `done`. */
  readonly result?: unknown;
  readonly isError?: boolean;
}

/** One part of a message, in the order its frames came. */
export type MessagePart = TextPart | ToolPart;

/**
 * One message of a conversation. A user's message is `streaming` while it waits or its reply
 * is coming, then takes the reply's outcome (`error` when its send failed, `stopped` when it
 * was stopped or never went out, else `done`).
 */
export interface ConversationMessage {
  /** Unique within the conversation (`u1`, `a2`, ...): a list key. */
  readonly id: string;
  readonly role: 'user' | 'assistant';
  /** The whole text (its text parts joined; a reply's `end` frame has the last word). */
  readonly text: string;
  /** Text and tool parts, in order. */
  readonly parts: readonly MessagePart[];
  readonly status: ConversationMessageStatus;
}

/** A message as an app kept it (`initialMessages`, `setMessages`): `text` or `parts` (or both); the rest has defaults. */
export interface ConversationMessageInput {
  /** Default: a new id. */
  id?: string | undefined;
  role: 'user' | 'assistant';
  text?: string | undefined;
  parts?: readonly MessagePart[] | undefined;
  /** Default `done`; a saved `streaming` one (the page went away mid-reply) reads back as `stopped`. */
  status?: ConversationMessageStatus | undefined;
}

/** The part of the Web Storage API a store keeps things in (`sessionStorage`, `localStorage`, or your own). */
export interface LiveStorage {
  /** The saved value, or null. */
  getItem(key: string): string | null;
  /** Saves `value` under `key`. */
  setItem(key: string, value: string): void;
  /** Forgets what is saved under `key`. */
  removeItem(key: string): void;
}

const STATUSES: readonly ConversationMessageStatus[] = ['streaming', 'done', 'stopped', 'error'];

/** @internal The text parts of `parts`, joined. */
export const textOf = (parts: readonly MessagePart[]): string => parts.map((part) => (part.type === 'text' ? part.text : '')).join('');

/**
 * @internal A reply grown by one of its frames: a `delta` adds to its last text part (or
 * starts one after a tool part); `tool_start` adds a running tool part and `tool_end`
 * finishes it (keeping its `args`; one without its start is added done); `end` has the
 * final text (a text part of it when no delta came).
 */
export function grow(message: ConversationMessage, frame: AgentStreamDelta | AgentStreamEnd | AgentStreamToolStart | AgentStreamToolEnd): Partial<ConversationMessage> {
  const { parts } = message;
  if (frame.type === 'end') return { text: frame.text, parts: textOf(parts) === '' && frame.text !== '' ? [...parts, { type: 'text', text: frame.text }] : parts };
  if (frame.type === 'delta') {
    const last = parts[parts.length - 1];
    const next: MessagePart[] = last?.type === 'text' ? [...parts.slice(0, -1), { type: 'text', text: last.text + frame.text }] : [...parts, { type: 'text', text: frame.text }];
    return { parts: next, text: textOf(next) };
  }
  const tool: ToolPart =
    frame.type === 'tool_start'
      ? { type: 'tool', toolCallId: frame.toolCallId, name: frame.toolName, args: frame.args, state: 'running' }
      : { type: 'tool', toolCallId: frame.toolCallId, name: frame.toolName, args: undefined, state: 'done', result: frame.result, isError: frame.isError };
  const index = parts.findIndex((part) => part.type === 'tool' && part.toolCallId === frame.toolCallId);
  return { parts: index < 0 ? [...parts, tool] : parts.map((part, at) => (at === index ? { ...tool, args: (part as ToolPart).args } : part)) };
}

/**
 * @internal Checks messages an app passed (`where` names the option) and fills in their
 * defaults; `newId` makes the ids not given. A PyFlueInputError says which one is wrong.
 */
export function readMessages(value: unknown, where: string, newId: (role: 'user' | 'assistant') => string): ConversationMessage[] {
  const seen = new Set<string>();
  const list = Array.isArray(value) ? value : [value];
  return list.map((item: unknown, index) => {
    const given = item as Partial<ConversationMessageInput> | null;
    const id = given?.id ?? (given?.role === 'user' || given?.role === 'assistant' ? newId(given.role) : '');
    if (
      !Array.isArray(value) ||
      (given?.role !== 'user' && given?.role !== 'assistant') ||
      id === '' ||
      typeof id !== 'string' ||
      seen.has(id) ||
      !(typeof given.text === 'string' || (given.text === undefined && Array.isArray(given.parts))) ||
      !(given.parts === undefined || (Array.isArray(given.parts) && given.parts.every(isPart))) ||
      !(given.status === undefined || STATUSES.includes(given.status))
    ) {
      throw new PyFlueInputError(
        `${where}${Array.isArray(value) ? `[${index}]` : ''} must be an array of messages { role: 'user' | 'assistant', text or parts, id?, status? } with unique ids; got ${describe(item)}.`,
      );
    }
    seen.add(id);
    const parts: readonly MessagePart[] = given.parts ?? (given.text ? [{ type: 'text', text: given.text }] : []);
    return {
      id,
      role: given.role,
      text: given.text ?? textOf(parts),
      parts,
      // Kept mid-reply: nothing streams into it any more.
      status: given.status === undefined ? 'done' : given.status === 'streaming' ? 'stopped' : given.status,
    };
  });
}

function isPart(part: unknown): part is MessagePart {
  const given = part as { type?: unknown; text?: unknown; toolCallId?: unknown; name?: unknown; state?: unknown } | null;
  return given?.type === 'text' ? typeof given.text === 'string' : given?.type === 'tool' && typeof given.toolCallId === 'string' && typeof given.name === 'string' && (given.state === 'running' || given.state === 'done');
}
