/**
 * A conversation's messages: their shape (text and tool parts, as the AI SDK's UI
 * messages have them), how a reply's frames grow them, and how messages an app kept
 * (`initialMessages`, `setMessages`, a `storage`) are checked and read back.
 */
import { PyFlueInputError } from '../index.js';
import { describe } from '../facade/internal/checks.js';

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
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const STATUSES: readonly ConversationMessageStatus[] = ['streaming', 'done', 'stopped', 'error'];

/** @internal The text parts of `parts`, joined. */
export const textOf = (parts: readonly MessagePart[]): string => parts.map((part) => (part.type === 'text' ? part.text : '')).join('');

/** @internal `parts` with `text` added to its last text part (or a new one after a tool part). */
export function withText(parts: readonly MessagePart[], text: string): MessagePart[] {
  const last = parts[parts.length - 1];
  if (last?.type === 'text') return [...parts.slice(0, -1), { type: 'text', text: last.text + text }];
  return [...parts, { type: 'text', text }];
}

/**
 * @internal `parts` with the tool call `toolCallId` changed by `change` (a `tool_end` keeps
 * its start's `args`), or added (a `tool_end` without its start has no `args`).
 */
export function withTool(parts: readonly MessagePart[], toolCallId: string, change: Pick<ToolPart, 'name' | 'state'> & Partial<ToolPart>): MessagePart[] {
  const index = parts.findIndex((part) => part.type === 'tool' && part.toolCallId === toolCallId);
  if (index < 0) return [...parts, { args: undefined, ...change, type: 'tool', toolCallId }];
  return parts.map((part, at): MessagePart => (at === index && part.type === 'tool' ? { ...part, ...change } : part));
}

/**
 * @internal Checks messages an app passed (`where` names the option) and fills in their
 * defaults; `newId` makes the ids not given. A PyFlueInputError says what is wrong.
 */
export function readMessages(value: unknown, where: string, newId: (role: 'user' | 'assistant') => string): ConversationMessage[] {
  if (!Array.isArray(value)) throw new PyFlueInputError(`${where} must be an array of messages such as { role: 'user', text: 'Hi' }; got ${describe(value)}.`);
  const seen = new Set<string>();
  return value.map((item: unknown, index) => {
    const at = `${where}[${index}]`;
    const given = item as Partial<ConversationMessageInput> | null;
    if (given === null || typeof given !== 'object') throw new PyFlueInputError(`${at} must be a message object; got ${describe(item)}.`);
    if (given.role !== 'user' && given.role !== 'assistant') throw new PyFlueInputError(`${at}.role must be 'user' or 'assistant'; got ${describe(given.role)}.`);
    if (given.text !== undefined && typeof given.text !== 'string') throw new PyFlueInputError(`${at}.text must be a string; got ${describe(given.text)}.`);
    if (given.parts !== undefined && !(Array.isArray(given.parts) && given.parts.every(isPart))) {
      throw new PyFlueInputError(`${at}.parts must be an array of { type: 'text', text } and { type: 'tool', toolCallId, name, args, state } parts.`);
    }
    if (given.text === undefined && given.parts === undefined) throw new PyFlueInputError(`${at} needs its text (or parts).`);
    if (given.status !== undefined && !STATUSES.includes(given.status)) throw new PyFlueInputError(`${at}.status must be one of ${STATUSES.join(', ')}; got ${describe(given.status)}.`);
    if (given.id !== undefined && (typeof given.id !== 'string' || given.id === '')) throw new PyFlueInputError(`${at}.id must be a non-empty string; got ${describe(given.id)}.`);
    const id = given.id ?? newId(given.role);
    if (seen.has(id)) throw new PyFlueInputError(`${at}.id ${JSON.stringify(id)} is used twice; ids are list keys and must be unique.`);
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
  if (given?.type === 'text') return typeof given.text === 'string';
  return given?.type === 'tool' && typeof given.toolCallId === 'string' && typeof given.name === 'string' && (given.state === 'running' || given.state === 'done');
}
