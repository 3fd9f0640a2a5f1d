/**
 * @pyflue/client/react: the live stores of `@pyflue/client/live` as React hooks, over
 * `useSyncExternalStore`. React (18 or later) is an optional peer dependency; the main
 * entry never imports it.
 *
 * @module @pyflue/client/react
 */
export { PyFlueProvider } from './provider.js';
export type { PyFlueProviderProps } from './provider.js';
export { useConversation } from './use-conversation.js';
export type { UseConversationOptions, UseConversationResult } from './use-conversation.js';
export { useRun } from './use-run.js';
export type { UseRunOptions, UseRunResult } from './use-run.js';
export { useWorkflow } from './use-workflow.js';
export type { RunIdStorage, UseWorkflowOptions, UseWorkflowResult } from './use-workflow.js';
