/**
 * @pyflue/client/vue: the live stores of `@pyflue/client/live` as Vue composables, each
 * snapshot in a `shallowRef`. Vue (3.3 or later) is an optional peer dependency; the main
 * entry never imports it.
 *
 * @module @pyflue/client/vue
 */
export { createPyFlue, providePyFlue } from './provide.js';
export type { PyFluePlugin } from './provide.js';
export { useConversation } from './use-conversation.js';
export type { UseConversationOptions, UseConversationResult } from './use-conversation.js';
export { useRun } from './use-run.js';
export type { UseRunOptions, UseRunResult } from './use-run.js';
export { useWorkflow } from './use-workflow.js';
export type { UseWorkflowOptions, UseWorkflowResult } from './use-workflow.js';
