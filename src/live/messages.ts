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

const STATUSES: readonly unknown[] = ['streaming', 'done', 'stopped', 'error'] satisfies ConversationMessageStatus[];

/** @internal The frames a reply grows by. */
export type ReplyFrame = AgentStreamDelta | AgentStreamEnd | AgentStreamToolStart | AgentStreamToolEnd;

/**
 * @internal A reply grown by one of its frames: a `delta` adds to its text and its last
 * text part (or starts one after a tool part); `tool_start` adds a running tool part and
 * `tool_end` finishes it (keeping its `args`; one without its start is added done); `end`
 * has the final text (a text part of it when no delta came).
 */
export function grow(message: ConversationMessage, frame: ReplyFrame): ConversationMessage {
  let { text, parts } = message;
  if (frame.type === 'delta') {
    // The last part grows when it is text; after a tool part (or none), a new text part starts.
    const last = parts.at(-1);
    const grows = last?.type === 'text';
    parts = [...(grows ? parts.slice(0, -1) : parts), { type: 'text', text: (grows ? last.text : '') + frame.text }];
    text += frame.text;
  } else if (frame.type === 'end') {
    if (text === '' && frame.text !== '') parts = [...parts, { type: 'text', text: frame.text }];
    text = frame.text;
  } else {
    const at = parts.findIndex((part) => part.type === 'tool' && part.toolCallId === frame.toolCallId);
    const { toolCallId, toolName: name } = frame;
    const tool: ToolPart =
      frame.type === 'tool_start'
        ? { type: 'tool', toolCallId, name, args: frame.args, state: 'running' }
        : { type: 'tool', toolCallId, name, args: (parts[at] as ToolPart | undefined)?.args, state: 'done', result: frame.result, isError: frame.isError };
    parts = at < 0 ? [...parts, tool] : parts.map((part, index) => (index === at ? tool : part));
  }
  return { ...message, text, parts };
}

/**
 * @internal Checks messages an app passed (`where` names them) and fills in their
 * defaults; `newId` makes the ids not given. A PyFlueInputError says which one is wrong.
 */
export function readMessages(value: unknown, where: string, newId: (role: 'user' | 'assistant') => string): ConversationMessage[] {
  const seen = new Set<unknown>();
  const list: unknown[] = Array.isArray(value) ? value : [value];
  return list.map((item, index) => {
    const { role, id = role && newId(role), text, parts = text ? [{ type: 'text', text }] : [], status = 'done' } = (item ?? {}) as Partial<ConversationMessageInput>;
    if (
      list !== value ||
      (role !== 'user' && role !== 'assistant') ||
      !id ||
      typeof id !== 'string' ||
      seen.has(id) ||
      (text === undefined ? !(item as ConversationMessageInput).parts : typeof text !== 'string') ||
      !Array.isArray(parts) ||
      !parts.every(isPart) ||
      !STATUSES.includes(status)
    ) {
      throw new PyFlueInputError(
        `${where}${list === value ? `[${index}]` : ''} must be an array of messages { role: 'user' | 'assistant', text or parts, id?, status? } with unique ids; got ${describe(item)}.`,
      );
    }
    seen.add(id);
    // Kept mid-reply (the page went away): nothing streams into it any more.
    return { id, role, text: text ?? parts.map((part) => (part.type === 'text' ? part.text : '')).join(''), parts, status: status === 'streaming' ? 'stopped' : status };
  });
}

function isPart(part: unknown): boolean {
  const given = part as { type?: unknown; text?: unknown; toolCallId?: unknown; name?: unknown; state?: unknown } | null;
  return given?.type === 'text' ? typeof given.text === 'string' : given?.type === 'tool' && typeof given.toolCallId === 'string' && typeof given.name === 'string' && (given.state === 'running' || given.state === 'done');
}
