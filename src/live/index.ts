/**
 * @pyflue/client/live: conversations and runs as stores any UI framework can watch
 * (`getSnapshot()` + `subscribe()`, immutable snapshots; a store is a Svelte store as it
 * is). No dependency beyond the client; `@pyflue/client/react` and `@pyflue/client/vue`
 * bind them to React and Vue.
 *
 * @module @pyflue/client/live
 */
export { createConversation } from './conversation.js';
export type {
  Conversation,
  ConversationDefaultPayload,
  ConversationOptions,
  ConversationOptionsFor,
  ConversationSnapshot,
  ConversationStatus,
  SendOptions,
} from './conversation.js';
export type {
  ConversationMessage,
  ConversationMessageInput,
  ConversationMessageStatus,
  LiveStorage,
  MessagePart,
  TextPart,
  ToolPart,
} from './messages.js';
export { watchRun } from './run.js';
export type { RunConnection, RunSnapshot, RunStore, WatchRunOptions } from './run.js';
export { startWorkflow } from './workflow.js';
export type { StartWorkflowOptions } from './workflow.js';
export type { LiveError, LiveErrorKind } from './errors.js';
export type { LiveStore } from './store.js';
export type { AnyPyFlueClient, AppOf } from './client-types.js';
