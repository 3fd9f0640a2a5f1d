/**
 * @pyflue/client/live: conversations and runs as stores any UI framework can watch
 * (`getSnapshot()` + `subscribe()`, immutable snapshots). No dependency beyond the client;
 * `@pyflue/client/react` binds them to React.
 *
 * @module @pyflue/client/live
 */
export { createConversation } from './conversation.js';
export type {
  Conversation,
  ConversationMessage,
  ConversationDefaultPayload,
  ConversationMessageStatus,
  ConversationOptions,
  ConversationOptionsFor,
  ConversationSnapshot,
  SendOptions,
} from './conversation.js';
export { watchRun } from './run.js';
export type { RunSnapshot, RunStore, WatchRunOptions } from './run.js';
export { startWorkflow } from './workflow.js';
export type { StartWorkflowOptions } from './workflow.js';
export type { LiveStore } from './store.js';
export type { AnyPyFlueClient, AppOf } from './client-types.js';
