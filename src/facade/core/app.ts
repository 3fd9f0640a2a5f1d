/**
 * Typed apps: what a client knows about the agents and workflows of the server it talks
 * to. `createFlueClient<App>()` takes the declaration as a type; the `app` option takes
 * it as Standard Schema validators (zod, valibot, arktype, ...), which both give the
 * types and check payloads before sending and results on arrival.
 *
 *   interface App {
 *     agents: {
 *       assistant: { payload: { message: string; session?: string }; persistent: true };
 *       summarize: { payload: { text: string }; result: { summary: string; words: number } };
 *     };
 *     workflows: { greet: { input: { name: string }; result: { greeting: string } } };
 *   }
 */
import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { ResponseFormat } from './options.js';
import type { AgentInvokeResponse, AgentPromptResponse, AgentStreamEvent, PromptResult, RunEvent, UnknownFrame } from './types.js';

/** What an app declares about one agent: each field a type, or a Standard Schema validator of it. */
export interface AppAgent {
  /** The body the agent takes (`{ message, session? }` for a persistent agent). */
  payload?: unknown;
  /** What a file-based agent's handler returns (a persistent agent always answers a `PromptResult`). */
  result?: unknown;
  /** `true` for a persistent agent (`create_agent`): it answers `{ result: PromptResult }` and creates no run. */
  persistent?: boolean | undefined;
}

/** What an app declares about one workflow: each field a type, or a Standard Schema validator of it. */
export interface AppWorkflow {
  /** The workflow's payload (`ctx.payload`). */
  input?: unknown;
  /** What the workflow returns. */
  result?: unknown;
}

/** The shape of an app declaration: its agents and workflows by name. */
export interface AppDefinition {
  agents?: { [name: string]: AppAgent } | undefined;
  workflows?: { [name: string]: AppWorkflow } | undefined;
}

/**
 * `AppDefinition` itself is the app of a client created without one (the default): any
 * name goes, payloads are objects, results come as the server sends them.
 */
type IsUntyped<App> = AppDefinition extends App ? true : false;
type AgentsOf<App> = App extends { agents?: infer Agents } ? NonNullable<Agents> : never;
type WorkflowsOf<App> = App extends { workflows?: infer Workflows } ? NonNullable<Workflows> : never;
/** A declared type, or what a validator of it accepts. */
type InputOf<T> = T extends StandardSchemaV1 ? StandardSchemaV1.InferInput<T> : T;
/** A declared type, or what a validator of it returns. */
type OutputOf<T> = T extends StandardSchemaV1 ? StandardSchemaV1.InferOutput<T> : T;
type Field<Entry, Key extends string, Missing> = Entry extends { [K in Key]: infer T } ? T : Missing;

/**
 * Declares an app in its own module: returns `app` as it is, with its literal types kept
 * (`persistent: true` stays `true`, where a plain `const` would widen it to `boolean`).
 *
 *   export const app = defineApp({ agents: { assistant: { payload: z.object({ message: z.string() }), persistent: true } } });
 *   export interface SupportApp extends InferApp<typeof app> {}   // a short name for hovers
 *   const client = createFlueClient<SupportApp>({ baseUrl, app });
 */
export function defineApp<const App extends AppDefinition>(app: App): App {
  return app;
}

/** An app's type, for an interface that names it: `interface SupportApp extends InferApp<typeof app> {}`. */
export type InferApp<App extends AppDefinition> = { [Key in keyof App]: App[Key] };

/** The agent names an app declares (any string without an app). */
export type AgentName<App> = IsUntyped<App> extends true ? string : Extract<keyof AgentsOf<App>, string>;
/** The workflow names an app declares (any string without an app). */
export type WorkflowName<App> = IsUntyped<App> extends true ? string : Extract<keyof WorkflowsOf<App>, string>;

type AgentEntry<App, Name> = Name extends keyof AgentsOf<App> ? AgentsOf<App>[Name] : never;
type WorkflowEntry<App, Name> = Name extends keyof WorkflowsOf<App> ? WorkflowsOf<App>[Name] : never;

/** What agent `Name` takes as `payload`. */
export type AgentPayload<App, Name> = IsUntyped<App> extends true
  ? Record<string, unknown>
  : InputOf<Field<AgentEntry<App, Name>, 'payload', Record<string, unknown>>>;
/**
 * Whether the app marks agent `Name` as persistent: `true`, `false`, or `boolean` when its
 * flag reached the type widened (an app declared without `defineApp` or `as const`), in
 * which case the types say either kind may answer.
 */
export type IsPersistentAgent<App, Name> = AgentEntry<App, Name> extends { persistent: infer Flag }
  ? boolean extends Flag
    ? boolean
    : Flag extends true
      ? true
      : false
  : false;
/** What a file-based agent `Name`'s handler returns. */
export type AgentResult<App, Name> = OutputOf<Field<AgentEntry<App, Name>, 'result', unknown>>;
/** What workflow `Name` takes as its payload. */
export type WorkflowInput<App, Name> = IsUntyped<App> extends true
  ? Record<string, unknown>
  : InputOf<Field<WorkflowEntry<App, Name>, 'input', Record<string, unknown>>>;
/** What workflow `Name` returns. */
export type WorkflowResult<App, Name> = IsUntyped<App> extends true ? unknown : OutputOf<Field<WorkflowEntry<App, Name>, 'result', unknown>>;

/** The `_meta` a file-based agent's dict result carries in the raw format. */
export interface FileAgentMeta {
  run_id: string;
  runId: string;
}

/** The Flue SDK's shape of an agent result without an app: `runId` is absent for persistent agents, which create no run. */
export interface FlueAgentResult<Result = unknown> {
  result: Result;
  runId?: string | undefined;
}
/** The Flue shape of a file-based agent's result: every call is a run, so `runId` is always there. */
export interface FlueRunResult<Result = unknown> {
  result: Result;
  runId: string;
}
/** The Flue shape of a persistent agent's reply: no run, so no `runId`. */
export interface FluePromptResult {
  result: PromptResult;
}

/** The raw body of a file-based agent: a dict result gets `_meta` merged in; other values come as they are. */
export type RawFileAgentResult<Result> = Result extends readonly unknown[] ? Result : Result extends object ? Result & { _meta: FileAgentMeta } : Result;
/** The Flue `result` of a file-based agent: the body's `result` when it has one, else the body without run-id keys. */
export type FlueFileAgentValue<Result> = Result extends readonly unknown[]
  ? Result
  : Result extends { result: infer Inner }
    ? Inner
    : [Extract<keyof Result, 'runId' | 'run_id' | '_meta'>] extends [never]
      ? Result
      : Omit<Result, 'runId' | 'run_id' | '_meta'>;

/** What a sync `agents.invoke` resolves to, per response format (and, with an app, per agent). */
export type AgentSyncResult<Format extends ResponseFormat, App = AppDefinition, Name = string> = IsUntyped<App> extends true
  ? Format extends 'flue'
    ? FlueAgentResult
    : AgentInvokeResponse
  : PersistentOrFile<
      IsPersistentAgent<App, Name>,
      Format extends 'flue' ? FluePromptResult : AgentPromptResponse,
      Format extends 'flue' ? FlueRunResult<FlueFileAgentValue<AgentResult<App, Name>>> : RawFileAgentResult<AgentResult<App, Name>>
    >;

/** `Persistent` for a persistent agent, `File` for a file-based one, either for a widened flag. */
type PersistentOrFile<Flag, Persistent, File> = boolean extends Flag ? Persistent | File : Flag extends true ? Persistent : File;

/** The events of `agents.stream`: with an app, a persistent agent's frames or a file-based agent's run events. */
export type AgentStreamEventOf<App, Name> = IsUntyped<App> extends true
  ? AgentStreamEvent | RunEvent | UnknownFrame
  : PersistentOrFile<IsPersistentAgent<App, Name>, AgentStreamEvent, RunEvent> | UnknownFrame;

/** `[options?]` when every field of `Options` is optional, else `[options]`. */
export type OptionsArgs<Options> = {} extends Options ? [options?: Options] : [options: Options];
/** `{ payload?: P }` when `P` may be left out, else `{ payload: P }`. */
export type PayloadField<Payload> = undefined extends Payload ? { payload?: Payload } : {} extends Payload ? { payload?: Payload } : { payload: Payload };
