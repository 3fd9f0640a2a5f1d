/**
 * Generated from spec/openapi.yaml by `npm run generate` (openapi-typescript).
 * Do not edit: change the spec and regenerate.
 */

/** Every route of spec/openapi.yaml, by path and method (the type openapi-fetch works from). */
export interface paths {
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness check. */
        get: operations["health"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/agents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the agent routes discovered in the project. */
        get: operations["listAgents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/agents/{name}/{agent_id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The agent's name, from its file path; nested folders give dotted names (`support.billing`). */
                name: components["parameters"]["AgentName"];
                /** @description The instance id. Each id is one instance of the agent. */
                agent_id: components["parameters"]["AgentId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Prompt a persistent agent instance, or run a file-based agent.
         * @description A persistent agent (module default is `create_agent(...)`) takes `{message, session?}` and
         *     answers `{result: {text, metadata, usage, model}}`; it creates no run. With
         *     `Accept: text/event-stream` it streams `start`, `delta`, `end` (and `tool_start`,
         *     `tool_end`, `error`) frames without ids.
         *
         *     A file-based agent (module default is a handler `default(context)`) runs once per call:
         *     the response is the handler's return value (a dict gets `_meta: {run_id, runId}` merged
         *     in) with the run id in `X-Flue-Run-Id`. With `x-webhook: true` it answers 202 at once;
         *     with `Accept: text/event-stream` it streams the run's events with `id: <event_index>`.
         *     A module with `triggers = {"webhook": False}` answers 404 `agent_not_webhook`.
         *     Other methods on this path answer 405 `method_not_allowed` with `meta.allowed: ["POST"]`.
         */
        post: operations["invokeAgent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/agents/{name}/{agent_id}/dispatch": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The agent's name, from its file path; nested folders give dotted names (`support.billing`). */
                name: components["parameters"]["AgentName"];
                /** @description The instance id. Each id is one instance of the agent. */
                agent_id: components["parameters"]["AgentId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Hand input to a persistent agent instance for asynchronous processing.
         * @description Returns at once with a receipt; the agent processes `input` as a prompt in the given
         *     session (default `default`). It creates no run. A file-based agent answers 400
         *     `invalid_request`; an unknown agent 404 `not_found`. A `session` that is not a non-empty
         *     string fails inside the server (500 `internal_error`).
         */
        post: operations["dispatchAgent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workflows/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The workflow's name, from its file path (dotted when nested). */
                name: components["parameters"]["WorkflowName"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start a workflow run; optionally wait for its result or stream its events.
         * @description Without options the run starts in the background and the answer is 202 with its run id
         *     (`workflow:<name>:run_<ULID>`). `?wait=result` answers when the run has ended: 200 with
         *     the result, or 500 `internal_error` when the workflow raised. With
         *     `Accept: text/event-stream` the run's events stream with `id: <event_index>` until
         *     `run_end`.
         */
        post: operations["invokeWorkflow"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/runs/{run_id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A run id, `run_<ULID>` or `workflow:<name>:run_<ULID>` (percent-encode the colons' segment as a whole). */
                run_id: components["parameters"]["RunIdPath"];
            };
            cookie?: never;
        };
        /** One run's record. */
        get: operations["getRun"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/runs/{run_id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A run id, `run_<ULID>` or `workflow:<name>:run_<ULID>` (percent-encode the colons' segment as a whole). */
                run_id: components["parameters"]["RunIdPath"];
            };
            cookie?: never;
        };
        /** A page of a run's recorded events. */
        get: operations["listRunEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/runs/{run_id}/stream": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A run id, `run_<ULID>` or `workflow:<name>:run_<ULID>` (percent-encode the colons' segment as a whole). */
                run_id: components["parameters"]["RunIdPath"];
            };
            cookie?: never;
        };
        /**
         * Replay a run's events, then tail it live until `run_end`.
         * @description Each frame carries `id: <event_index>`. Resume after a dropped connection with
         *     `?after=N` or `Last-Event-ID: N` (the query wins; a non-integer value counts as 0).
         *     A `: heartbeat` comment is sent every 15 s while the run is quiet. The stream ends after
         *     `run_end`; for a run that has already ended it replays and ends at once.
         */
        get: operations["streamRun"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/prompt/{agent_id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The default agent's session id. */
                agent_id: components["parameters"]["SessionIdForPrompt"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Prompt the project's default agent in a session (legacy route). */
        post: operations["prompt"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/prompt/{agent_id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The default agent's session id. */
                agent_id: components["parameters"]["SessionIdForPrompt"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Prompt the default agent and stream the reply (legacy route).
         * @description Frames are `start`, `delta`, `end` (and `tool_start`, `tool_end`, `error`); unlike the agent route, the data has no `type` key.
         */
        post: operations["promptEvents"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sessions/{session_id}/abort": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The default agent's session id. */
                session_id: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Abort the operation running in a default-agent session. */
        post: operations["abortSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/__pyflue/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Development status of the project the server serves. */
        get: operations["devStatus"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/__pyflue": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The development dashboard page. */
        get: operations["devDashboard"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/agents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Agents (and workflows) that have at least one recorded run. */
        get: operations["adminListAgents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/agents/{name}/instances": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The agent's name, from its file path; nested folders give dotted names (`support.billing`). */
                name: components["parameters"]["AgentName"];
            };
            cookie?: never;
        };
        /** The instance ids seen for one agent. */
        get: operations["adminListInstances"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/agents/{name}/instances/{agent_id}/runs": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The agent's name, from its file path; nested folders give dotted names (`support.billing`). */
                name: components["parameters"]["AgentName"];
                /** @description The instance id. Each id is one instance of the agent. */
                agent_id: components["parameters"]["AgentId"];
            };
            cookie?: never;
        };
        /** One instance's runs, most recent first. */
        get: operations["adminListInstanceRuns"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** All recorded runs, most recent first. */
        get: operations["adminListRuns"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/runs/{run_id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A run id, `run_<ULID>` or `workflow:<name>:run_<ULID>` (percent-encode the colons' segment as a whole). */
                run_id: components["parameters"]["RunIdPath"];
            };
            cookie?: never;
        };
        /** One run's record, from the admin app. */
        get: operations["adminGetRun"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
/** The spec declares no webhooks. */
export type webhooks = Record<string, never>;
/** The spec's reusable schemas, responses, parameters and examples. */
export interface components {
    schemas: {
        /**
         * @description `run_<26 ULID chars>` for agent runs, `workflow:<name>:run_<26 ULID chars>` for workflow runs.
         * @example run_01M85FRCNCXV4JZ2ECRDXWZA51
         * @example workflow:greet:run_01M85FRCNVCVF7N1B5ZG0JRSR7
         */
        RunId: string;
        /**
         * @description One error, wherever the server reports it: the body of every HTTP error envelope, of an
         *     `event: error` stream frame, of a socket error frame, and a failed run's recorded error.
         *     HTTP envelopes always carry `details`; a socket's `not_found` frame has only `type` and
         *     `message`. `type` is one of the server's own codes (see `ErrorType`) or the code of a
         *     `PyFlueError` a handler raised.
         */
        ErrorBody: {
            /**
             * @description A stable machine-readable code: `invalid_request`, `invalid_json`, `invalid_query_param`,
             *     `agent_not_found`, `agent_not_webhook`, `not_found`, `run_not_found`,
             *     `instance_not_found`, `method_not_allowed`, `unsupported_media_type`, `internal_error`,
             *     or one a handler chose.
             */
            type: string;
            /** @description What went wrong, for people. */
            message: string;
            /** @description What to do about it (always present on HTTP errors). */
            details?: string;
            /** @description Developer detail (an exception's text); only present when non-empty. */
            dev?: string;
            /** @description Structured detail: `{param, value}` for query errors, `{allowed}` for 405, `{received}` for 415. */
            meta?: {
                [key: string]: unknown;
            };
        };
        /**
         * @description The codes the server sends with 400.
         * @enum {string}
         */
        BadRequestErrorType: "invalid_request" | "invalid_json" | "invalid_query_param";
        /**
         * @description The codes the server sends with 404.
         * @enum {string}
         */
        NotFoundErrorType: "agent_not_found" | "agent_not_webhook" | "not_found" | "run_not_found" | "instance_not_found";
        /**
         * @description The code the server sends with 405.
         * @enum {string}
         */
        MethodNotAllowedErrorType: "method_not_allowed";
        /**
         * @description The code the server sends with 415.
         * @enum {string}
         */
        UnsupportedMediaTypeErrorType: "unsupported_media_type";
        /**
         * @description The code the server sends with 500.
         * @enum {string}
         */
        ServerErrorType: "internal_error";
        /** @description Every code the server itself sends (handlers may raise `PyFlueError`s with codes of their own). */
        ErrorType: components["schemas"]["BadRequestErrorType"] | components["schemas"]["NotFoundErrorType"] | components["schemas"]["MethodNotAllowedErrorType"] | components["schemas"]["UnsupportedMediaTypeErrorType"] | components["schemas"]["ServerErrorType"];
        ErrorEnvelope: {
            error: components["schemas"]["ErrorBody"];
        };
        InvalidQueryParamEnvelope: {
            error: components["schemas"]["ErrorBody"] & ({
                /** @constant */
                type?: "invalid_query_param";
                meta: {
                    param: string;
                    value: string;
                };
            } & {
                [key: string]: unknown;
            });
        };
        HealthResponse: {
            ok: boolean;
            /** @description Always `pyflue`. */
            framework: string;
        };
        AgentManifestEntry: {
            name: string;
            /** @description The route template, `/agents/<name>/{agent_id}`. */
            path: string;
            /** @description The module's `triggers`; `webhook` false hides it from HTTP. */
            triggers: {
                webhook?: boolean;
            } & {
                [key: string]: unknown;
            };
        };
        AgentListResponse: {
            agents: components["schemas"]["AgentManifestEntry"][];
        };
        /**
         * @description For a persistent agent: `message` (or `prompt`) and `session`. For a file-based agent: any
         *     object, handed to the handler as `context.payload`. A top-level `payload` object is unwrapped.
         */
        AgentInvokeRequest: {
            payload?: {
                [key: string]: unknown;
            } | null;
            message?: string;
            prompt?: string;
            session?: string;
        } & {
            [key: string]: unknown;
        };
        /**
         * @description A persistent agent's `{result}`; or a file-based handler's return value: a dict with `_meta`
         *     merged in, or any other JSON value as the handler returned it.
         */
        AgentInvokeResponse: components["schemas"]["AgentPromptResponse"] | components["schemas"]["FileAgentResult"] | (unknown[] | string | number | boolean | null);
        AgentPromptResponse: {
            result: components["schemas"]["PromptResult"];
        };
        FileAgentResult: {
            _meta: {
                run_id: components["schemas"]["RunId"];
                runId: components["schemas"]["RunId"];
            } & {
                [key: string]: unknown;
            };
        } & {
            [key: string]: unknown;
        };
        WebhookAcceptedResponse: {
            /** @constant */
            status: "accepted";
            run_id: components["schemas"]["RunId"];
            runId: components["schemas"]["RunId"];
        };
        DispatchRequest: {
            /** @description Any JSON value; a string is the prompt, anything else is sent as its JSON text. */
            input?: unknown;
            /** @description The session in the instance (default `default`). */
            session?: string;
        } & {
            [key: string]: unknown;
        };
        DispatchAcceptedResponse: {
            /** @constant */
            status: "accepted";
            dispatch_id: string;
            dispatchId: string;
            /** Format: date-time */
            accepted_at: string;
            /** Format: date-time */
            acceptedAt: string;
        };
        /** @description The workflow's payload, as `{payload: {...}}` or the object itself. */
        WorkflowInvokeRequest: {
            payload?: {
                [key: string]: unknown;
            } | null;
        } & {
            [key: string]: unknown;
        };
        WorkflowCompletedResponse: {
            /** @constant */
            status: "completed";
            run_id: components["schemas"]["RunId"];
            runId: components["schemas"]["RunId"];
            /** @description The workflow's return value (any JSON). */
            result: unknown;
        };
        /** @enum {string} */
        RunStatus: "running" | "succeeded" | "failed";
        /** @enum {string} */
        RunStatusQuery: "active" | "completed" | "errored" | "running" | "succeeded" | "failed";
        RunRecord: {
            run_id: components["schemas"]["RunId"];
            runId: components["schemas"]["RunId"];
            /** @description The agent's or workflow's name. */
            agent: string;
            agentName: string;
            /** @description The instance id; for a workflow run, the run id. */
            agent_id: string;
            instanceId: string;
            /** @description Epoch seconds. */
            started_at: number;
            /** Format: date-time */
            startedAt: string;
            /** @description Epoch seconds; null while running. */
            ended_at: number | null;
            /** Format: date-time */
            endedAt: string | null;
            durationMs: number | null;
            status: components["schemas"]["RunStatus"];
            is_error: boolean;
            isError: boolean;
            error: components["schemas"]["ErrorBody"] | null;
            /** @description The run's result (any JSON); null while running or when it failed. */
            result: unknown;
            event_count: number;
        };
        /**
         * @description One event of a run. PyFlue 0.2.0 records exactly three types (`pyflue/runs.py`,
         *     `pyflue/routing.py`): `run_start` first, any number of `log`, and `run_end` last.
         */
        RunEvent: components["schemas"]["RunStartEvent"] | components["schemas"]["LogEvent"] | components["schemas"]["RunEndEvent"];
        /** @description The first event of every run. */
        RunStartEvent: {
            /** @constant */
            type: "run_start";
            run_id: components["schemas"]["RunId"];
            runId: components["schemas"]["RunId"];
            /** @description Counts from 1 within the run. */
            event_index: number;
            eventIndex: number;
            /** @description Epoch seconds. */
            timestamp: number;
            data: components["schemas"]["RunStartData"];
        };
        /** @description A `ctx.log.info/warn/error` call. */
        LogEvent: {
            /** @constant */
            type: "log";
            run_id: components["schemas"]["RunId"];
            runId: components["schemas"]["RunId"];
            /** @description Counts from 1 within the run. */
            event_index: number;
            eventIndex: number;
            /** @description Epoch seconds. */
            timestamp: number;
            data: components["schemas"]["LogEventData"];
        };
        /** @description The last event of every run, with its status and error. */
        RunEndEvent: {
            /** @constant */
            type: "run_end";
            run_id: components["schemas"]["RunId"];
            runId: components["schemas"]["RunId"];
            /** @description Counts from 1 within the run. */
            event_index: number;
            eventIndex: number;
            /** @description Epoch seconds. */
            timestamp: number;
            data: components["schemas"]["RunEndData"];
        };
        RunStartData: {
            agent: string;
            agent_id: string;
        };
        RunEndData: {
            is_error: boolean;
            error: components["schemas"]["ErrorBody"] | null;
            /** @enum {string} */
            status: "succeeded" | "failed";
        };
        LogEventData: {
            /** @enum {string} */
            level: "info" | "warn" | "error";
            message: string;
        } & {
            [key: string]: unknown;
        };
        RunEventListResponse: {
            run_id: components["schemas"]["RunId"];
            runId: components["schemas"]["RunId"];
            events: components["schemas"]["RunEvent"][];
            next_after: number;
            nextAfter: number;
        };
        PromptCost: {
            input: number;
            output: number;
            cache_read: number;
            cache_write: number;
            total: number;
        };
        PromptUsage: {
            input: number;
            output: number;
            cache_read: number;
            cache_write: number;
            total_tokens: number;
            cost: components["schemas"]["PromptCost"];
        };
        PromptModel: {
            id: string | null;
        };
        PromptResult: {
            text: string;
            metadata: {
                [key: string]: unknown;
            };
            usage: components["schemas"]["PromptUsage"];
            model: components["schemas"]["PromptModel"];
        };
        /** @description `{payload: {prompt}}` or `{prompt}`. */
        PromptRequest: {
            payload?: ({
                prompt?: string;
            } & {
                [key: string]: unknown;
            }) | null;
            prompt?: string;
        } & {
            [key: string]: unknown;
        };
        /** @description One server-sent event as it arrives; `data` is one line of JSON. */
        SseFrame: {
            /** @description The event name (`message` when the frame names none). */
            event: string;
            data: string;
            /** @description The event index, on run events. */
            id?: string;
            retry?: number;
        };
        /** @description A frame of a run stream, always with its event index as `id`. */
        RunSseFrame: components["schemas"]["SseFrame"] & {
            [key: string]: unknown;
        };
        /**
         * @description A persistent agent's stream frame; `type` repeats the SSE event name. These are the
         *     frames PyFlue 0.2.0's session and harnesses send (`pyflue/core.py`,
         *     `pyflue/harnesses/`); a custom harness may add others (`AgentStreamOtherFrame`).
         */
        AgentStreamEvent: components["schemas"]["AgentStreamStart"] | components["schemas"]["AgentStreamDelta"] | components["schemas"]["AgentStreamEnd"] | components["schemas"]["AgentStreamToolStart"] | components["schemas"]["AgentStreamToolEnd"];
        /** @description A frame a custom harness adds beyond the known ones; `type` repeats the SSE event name. */
        AgentStreamOtherFrame: {
            type: string;
        } & {
            [key: string]: unknown;
        };
        AgentStreamStart: {
            /** @constant */
            type: "start";
            /** @description The session, `<instance>:<session>`. */
            session_id: string;
        };
        AgentStreamDelta: {
            /** @constant */
            type: "delta";
            text: string;
            /** @description The harness's own event (deepagents), any JSON. */
            raw?: unknown;
        };
        AgentStreamEnd: {
            /** @constant */
            type: "end";
            text: string;
            metadata: {
                [key: string]: unknown;
            };
            /** @description The harness's final output (deepagents), any JSON. */
            raw?: unknown;
        };
        AgentStreamToolStart: {
            /** @constant */
            type: "tool_start";
            toolName: string;
            toolCallId: string;
            /** @description The tool's input, any JSON. */
            args: unknown;
            /** @description The harness's own event, any JSON. */
            raw?: unknown;
        };
        AgentStreamToolEnd: {
            /** @constant */
            type: "tool_end";
            toolName: string;
            toolCallId: string;
            isError: boolean;
            /** @description The tool's output, any JSON (an exception's text when it failed). */
            result: unknown;
            /** @description The harness's own event, any JSON. */
            raw?: unknown;
        };
        PromptStreamStart: {
            /** @description The default agent's session id. */
            session_id: string;
        };
        PromptStreamDelta: {
            text: string;
            /** @description The harness's own event (deepagents), any JSON. */
            raw?: unknown;
        };
        PromptStreamEnd: {
            text: string;
            metadata: {
                [key: string]: unknown;
            };
            /** @description The harness's final output (deepagents), any JSON. */
            raw?: unknown;
        };
        PromptStreamToolStart: {
            toolName: string;
            toolCallId: string;
            /** @description The tool's input, any JSON. */
            args: unknown;
            /** @description The harness's own event, any JSON. */
            raw?: unknown;
        };
        PromptStreamToolEnd: {
            toolName: string;
            toolCallId: string;
            isError: boolean;
            /** @description The tool's output, any JSON (an exception's text when it failed). */
            result: unknown;
            /** @description The harness's own event, any JSON. */
            raw?: unknown;
        };
        /**
         * @description The data of an `event: error` frame: the error envelope. (A harness error inside an agent
         *     stream is first reported as a frame `{type: <exception class>, message}` under
         *     `event: error`, then as the envelope.)
         */
        StreamErrorData: components["schemas"]["ErrorEnvelope"] | {
            type?: string;
            message: string;
        };
        AbortSessionResponse: {
            aborted: boolean;
            session_id: string;
        };
        DevStatusResponse: {
            ok: boolean;
            generated_at: number;
            root: string;
            config_path: string;
            config_mtime: number | null;
            harness: string;
            sandbox: string;
            route_count: number;
            routes: {
                name: string;
                path: string;
                source: string;
                mtime: number | null;
                triggers: {
                    [key: string]: unknown;
                };
            }[];
            agents: string[];
            skills: components["schemas"]["MarkdownStatus"][];
            roles: components["schemas"]["MarkdownStatus"][];
            active_sessions: {
                session_id: string;
                operation: string;
            }[];
        };
        MarkdownStatus: {
            name: string;
            path: string;
            mtime: number | null;
        };
        /** @description The cursor of the next page; null on the last page. */
        NextCursor: string | null;
        AdminAgent: {
            name: string;
            /** @description Always null in 0.2.0 (the admin history does not load the module); kept by the response model. */
            triggers: {
                [key: string]: unknown;
            } | null;
        };
        AdminAgentsPage: {
            agents: components["schemas"]["AdminAgent"][];
            items: components["schemas"]["AdminAgent"][];
            nextCursor: components["schemas"]["NextCursor"];
        };
        AdminInstance: {
            agent_id: string;
            instanceId: string;
        };
        AdminInstancesPage: {
            agent: string;
            agentName: string;
            instances: components["schemas"]["AdminInstance"][];
            items: components["schemas"]["AdminInstance"][];
            nextCursor: components["schemas"]["NextCursor"];
        };
        AdminRunsPage: {
            runs: components["schemas"]["RunRecord"][];
            items: components["schemas"]["RunRecord"][];
            nextCursor: components["schemas"]["NextCursor"];
        };
        AdminInstanceRunsPage: {
            agent: string;
            agentName: string;
            agent_id: string;
            instanceId: string;
            runs: components["schemas"]["RunRecord"][];
            items: components["schemas"]["RunRecord"][];
            nextCursor: components["schemas"]["NextCursor"];
        };
        /**
         * @description Client → server on the agent socket. The server reads `message` (falling back to
         *     `prompt` when `message` is missing or empty) and `session` (default `default`); it does
         *     not check `type`.
         */
        AgentPromptMessage: {
            /**
             * @description Frame type.
             * @constant
             */
            type: "prompt";
            /** @description The prompt text. */
            message: string;
            /** @description Session (conversation) name inside the instance; the server uses `default` when it is absent. */
            session?: string;
            /** @description Fallback alias for `message`, read only when `message` is missing or empty. */
            prompt?: string;
        };
        /** @description Server → client on the agent socket. The result of one prompt, sent in prompt order. */
        AgentResultMessage: {
            /**
             * @description Frame type.
             * @constant
             */
            type: "result";
            result: components["schemas"]["PromptResult"];
        };
        /**
         * @description Server → client on either socket: an error, after which the server closes. Sent on the
         *     agent socket when the agent is unknown or not persistent, and on the workflow socket
         *     when the workflow is unknown or its run failed (then `error` is the run's error).
         */
        SocketErrorMessage: {
            /**
             * @description Frame type.
             * @constant
             */
            type: "error";
            error: components["schemas"]["ErrorBody"];
        };
        /**
         * @description Client → server on the workflow socket. The server uses `payload` when present,
         *     otherwise the whole frame, as the workflow payload. Only the first frame is read.
         */
        WorkflowInvokeMessage: {
            /** @description The workflow payload (`ctx.payload`). */
            payload: {
                [key: string]: unknown;
            };
        };
        /** @description Server → client on the workflow socket. The run succeeded; sent after `run_end`, then the server closes. */
        WorkflowResultMessage: {
            /**
             * @description Frame type.
             * @constant
             */
            type: "result";
            run_id: components["schemas"]["RunId"];
            runId: components["schemas"]["RunId"];
            /** @description The workflow's return value (any JSON value). */
            result: unknown;
        };
    };
    responses: {
        /** @description `invalid_request` (body or payload not an object, or a file-based agent sent to dispatch) or `invalid_json`. */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "type": "invalid_json",
                 *         "message": "Request body is not valid JSON.",
                 *         "details": "Send a valid JSON object with an optional payload field.",
                 *         "dev": "Expecting value: line 1 column 1 (char 0)"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
        /** @description A query parameter out of bounds or malformed; `meta` names it. */
        InvalidQueryParam: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "type": "invalid_query_param",
                 *         "message": "Invalid value for query parameter \"limit\".",
                 *         "details": "Must be an integer in [1, 1000].",
                 *         "meta": {
                 *           "param": "limit",
                 *           "value": "0"
                 *         }
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["InvalidQueryParamEnvelope"];
            };
        };
        /** @description `not_found`: no such agent or workflow. */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "type": "not_found",
                 *         "message": "Unknown workflow: nope.",
                 *         "details": "Available workflows: burst, explode, greet, slow."
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
        /** @description `agent_not_found` (no such agent) or `agent_not_webhook` (the agent hides itself from HTTP). */
        AgentNotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "type": "agent_not_found",
                 *         "message": "Agent \"nope\" is not registered.",
                 *         "details": "Verify the agent name is correct.",
                 *         "dev": "Available agents: assistant, internal, summarize, support.billing."
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
        /** @description `run_not_found`: unknown run, or evicted from the in-memory history. */
        RunNotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "type": "run_not_found",
                 *         "message": "Run \"run_01M85FRCNCXV4JZ2ECRDXWZA51\" is not known to this server.",
                 *         "details": "Run history is kept in process memory and may have been evicted."
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
        /** @description `agent_not_found`, `instance_not_found` or `run_not_found` in the admin history. */
        AdminNotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "type": "agent_not_found",
                 *         "message": "Agent \"nope\" is not known to this server.",
                 *         "details": "Admin lookups use in-process run history that may have been evicted."
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
        /** @description `unsupported_media_type`: a non-empty body without `Content-Type: application/json`. */
        UnsupportedMediaType: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "type": "unsupported_media_type",
                 *         "message": "Request body must use application/json.",
                 *         "details": "Send a JSON body or omit the body entirely.",
                 *         "meta": {
                 *           "received": "text/plain"
                 *         }
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
        /**
         * @description `internal_error`: an exception in the server, a handler or a workflow; `dev` carries its text.
         *     PyFlue 0.2.0 (under uvicorn) closes the connection after this answer without a
         *     `Connection: close` header, once it has logged the exception: a request sent on that
         *     pooled connection in the next few milliseconds fails as a dropped connection. Clients
         *     may send a GET again; a POST may not be repeated, as the server cannot say whether it ran.
         */
        InternalError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "type": "internal_error",
                 *         "message": "An internal error occurred.",
                 *         "details": "The server encountered an unexpected error while handling this request.",
                 *         "dev": "boom"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
    };
    parameters: {
        /** @description The agent's name, from its file path; nested folders give dotted names (`support.billing`). */
        AgentName: string;
        /** @description The instance id. Each id is one instance of the agent. */
        AgentId: string;
        /** @description The workflow's name, from its file path (dotted when nested). */
        WorkflowName: string;
        /** @description A run id, `run_<ULID>` or `workflow:<name>:run_<ULID>` (percent-encode the colons' segment as a whole). */
        RunIdPath: components["schemas"]["RunId"];
        /** @description The default agent's session id. */
        SessionIdForPrompt: string;
        /** @description The opaque `nextCursor` of the previous page. */
        Cursor: string;
        /** @description Page size (default 100). */
        AdminLimit: number;
        /** @description `active`, `completed` or `errored` (the stored names `running`, `succeeded`, `failed` work too). */
        RunStatusFilter: components["schemas"]["RunStatusQuery"];
    };
    requestBodies: never;
    headers: never;
    pathItems: never;
}
/** The spec declares no $defs. */
export type $defs = Record<string, never>;
/** Every operation of spec/openapi.yaml, by operationId. */
export interface operations {
    health: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The server is up. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "ok": true,
                     *       "framework": "pyflue"
                     *     }
                     */
                    "application/json": components["schemas"]["HealthResponse"];
                };
            };
            500: components["responses"]["InternalError"];
        };
    };
    listAgents: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every discovered agent, persistent and file-based, webhook-enabled or not. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "agents": [
                     *         {
                     *           "name": "assistant",
                     *           "path": "/agents/assistant/{agent_id}",
                     *           "triggers": {
                     *             "webhook": true
                     *           }
                     *         },
                     *         {
                     *           "name": "internal",
                     *           "path": "/agents/internal/{agent_id}",
                     *           "triggers": {
                     *             "webhook": false
                     *           }
                     *         },
                     *         {
                     *           "name": "summarize",
                     *           "path": "/agents/summarize/{agent_id}",
                     *           "triggers": {
                     *             "webhook": true
                     *           }
                     *         },
                     *         {
                     *           "name": "support.billing",
                     *           "path": "/agents/support.billing/{agent_id}",
                     *           "triggers": {
                     *             "webhook": true
                     *           }
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["AgentListResponse"];
                };
            };
            500: components["responses"]["InternalError"];
        };
    };
    invokeAgent: {
        parameters: {
            query?: never;
            header?: {
                /** @description `true` runs a file-based agent in the background and answers 202 with its run id. */
                "x-webhook"?: "true";
            };
            path: {
                /** @description The agent's name, from its file path; nested folders give dotted names (`support.billing`). */
                name: components["parameters"]["AgentName"];
                /** @description The instance id. Each id is one instance of the agent. */
                agent_id: components["parameters"]["AgentId"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["AgentInvokeRequest"];
            };
        };
        responses: {
            /** @description The persistent agent's reply or the file-based handler's result; or a stream. */
            200: {
                headers: {
                    /** @description The run id of a file-based agent call (absent for persistent agents). */
                    "X-Flue-Run-Id"?: components["schemas"]["RunId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentInvokeResponse"];
                    /**
                     * @example {
                     *       "event": "start",
                     *       "data": "{\"type\": \"start\", \"session_id\": \"inst-1:default\"}"
                     *     }
                     */
                    "text/event-stream": components["schemas"]["SseFrame"];
                };
            };
            /** @description A file-based agent call accepted with `x-webhook true`; it runs in the background. */
            202: {
                headers: {
                    /** @description The run id, also in the body. */
                    "X-Flue-Run-Id"?: components["schemas"]["RunId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": "accepted",
                     *       "run_id": "run_01M85FRCNCXV4JZ2ECRDXWZA51",
                     *       "runId": "run_01M85FRCNCXV4JZ2ECRDXWZA51"
                     *     }
                     */
                    "application/json": components["schemas"]["WebhookAcceptedResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            404: components["responses"]["AgentNotFound"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["InternalError"];
        };
    };
    dispatchAgent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The agent's name, from its file path; nested folders give dotted names (`support.billing`). */
                name: components["parameters"]["AgentName"];
                /** @description The instance id. Each id is one instance of the agent. */
                agent_id: components["parameters"]["AgentId"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                /**
                 * @example {
                 *       "input": {
                 *         "ticket": 4521,
                 *         "text": "Refund please"
                 *       },
                 *       "session": "billing"
                 *     }
                 */
                "application/json": components["schemas"]["DispatchRequest"];
            };
        };
        responses: {
            /** @description Input accepted. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": "accepted",
                     *       "dispatch_id": "dispatch_abe4d8beec9641b5ae94aeed7fd388e6",
                     *       "dispatchId": "dispatch_abe4d8beec9641b5ae94aeed7fd388e6",
                     *       "accepted_at": "2026-11-24T00:37:10.083921+00:00",
                     *       "acceptedAt": "2026-11-24T00:37:10.083921+00:00"
                     *     }
                     */
                    "application/json": components["schemas"]["DispatchAcceptedResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            404: components["responses"]["NotFound"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["InternalError"];
        };
    };
    invokeWorkflow: {
        parameters: {
            query?: {
                /** @description `result` waits for the run to end and answers with its result. */
                wait?: "result";
            };
            header?: never;
            path: {
                /** @description The workflow's name, from its file path (dotted when nested). */
                name: components["parameters"]["WorkflowName"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                /**
                 * @example {
                 *       "payload": {
                 *         "name": "Ada"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["WorkflowInvokeRequest"];
            };
        };
        responses: {
            /** @description The completed run (`?wait=result`), or the run's event stream. */
            200: {
                headers: {
                    /** @description The run id. */
                    "X-Flue-Run-Id"?: components["schemas"]["RunId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": "completed",
                     *       "run_id": "workflow:greet:run_01M85FRCNVCVF7N1B5ZG0JRSR7",
                     *       "runId": "workflow:greet:run_01M85FRCNVCVF7N1B5ZG0JRSR7",
                     *       "result": {
                     *         "greeting": "Hello, Ada!",
                     *         "runId": "workflow:greet:run_01M85FRCNVCVF7N1B5ZG0JRSR7"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["WorkflowCompletedResponse"];
                    /**
                     * @example {
                     *       "id": "1",
                     *       "event": "run_start",
                     *       "data": "{\"run_id\": \"workflow:greet:run_01M85FRCP7SSASY3EAYEEFE82K\", \"runId\": \"workflow:greet:run_01M85FRCP7SSASY3EAYEEFE82K\", \"event_index\": 1, \"eventIndex\": 1, \"type\": \"run_start\", \"timestamp\": 1795480629.9802883, \"data\": {\"agent\": \"greet\", \"agent_id\": \"workflow:greet:run_01M85FRCP7SSASY3EAYEEFE82K\"}}"
                     *     }
                     */
                    "text/event-stream": components["schemas"]["SseFrame"];
                };
            };
            /** @description The run started in the background. */
            202: {
                headers: {
                    /** @description The run id, also in the body. */
                    "X-Flue-Run-Id"?: components["schemas"]["RunId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": "accepted",
                     *       "run_id": "workflow:greet:run_01M85FRCNVCVF7N1B5ZG0JRSR7",
                     *       "runId": "workflow:greet:run_01M85FRCNVCVF7N1B5ZG0JRSR7"
                     *     }
                     */
                    "application/json": components["schemas"]["WebhookAcceptedResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            404: components["responses"]["NotFound"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["InternalError"];
        };
    };
    getRun: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A run id, `run_<ULID>` or `workflow:<name>:run_<ULID>` (percent-encode the colons' segment as a whole). */
                run_id: components["parameters"]["RunIdPath"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The run record. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunRecord"];
                };
            };
            404: components["responses"]["RunNotFound"];
            500: components["responses"]["InternalError"];
        };
    };
    listRunEvents: {
        parameters: {
            query?: {
                /** @description Only events with `event_index` greater than this (default 0). */
                after?: number;
                /** @description At most this many events (default 1000). */
                limit?: number;
                /** @description A comma-separated list of event types to keep, e.g. `log,run_end`. */
                types?: string;
            };
            header?: never;
            path: {
                /** @description A run id, `run_<ULID>` or `workflow:<name>:run_<ULID>` (percent-encode the colons' segment as a whole). */
                run_id: components["parameters"]["RunIdPath"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The events; `next_after` is the last returned index (or `after` when none). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "run_id": "workflow:greet:run_01M85FRCP7SSASY3EAYEEFE82K",
                     *       "runId": "workflow:greet:run_01M85FRCP7SSASY3EAYEEFE82K",
                     *       "events": [
                     *         {
                     *           "run_id": "workflow:greet:run_01M85FRCP7SSASY3EAYEEFE82K",
                     *           "runId": "workflow:greet:run_01M85FRCP7SSASY3EAYEEFE82K",
                     *           "event_index": 2,
                     *           "eventIndex": 2,
                     *           "type": "log",
                     *           "timestamp": 1795480629.980397,
                     *           "data": {
                     *             "level": "info",
                     *             "message": "starting",
                     *             "step": 1
                     *           }
                     *         }
                     *       ],
                     *       "next_after": 2,
                     *       "nextAfter": 2
                     *     }
                     */
                    "application/json": components["schemas"]["RunEventListResponse"];
                };
            };
            400: components["responses"]["InvalidQueryParam"];
            404: components["responses"]["RunNotFound"];
            500: components["responses"]["InternalError"];
        };
    };
    streamRun: {
        parameters: {
            query?: {
                /** @description Replay only events with `event_index` greater than this. */
                after?: number;
            };
            header?: {
                /** @description The standard SSE resume header; same meaning as `after`. */
                "Last-Event-ID"?: string;
            };
            path: {
                /** @description A run id, `run_<ULID>` or `workflow:<name>:run_<ULID>` (percent-encode the colons' segment as a whole). */
                run_id: components["parameters"]["RunIdPath"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The run's event stream. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "4",
                     *       "event": "log",
                     *       "data": "{\"run_id\": \"workflow:greet:run_01M85FRCP7SSASY3EAYEEFE82K\", \"runId\": \"workflow:greet:run_01M85FRCP7SSASY3EAYEEFE82K\", \"event_index\": 4, \"eventIndex\": 4, \"type\": \"log\", \"timestamp\": 1795480629.9804163, \"data\": {\"level\": \"info\", \"message\": \"done\", \"step\": 3}}"
                     *     }
                     */
                    "text/event-stream": components["schemas"]["RunSseFrame"];
                };
            };
            404: components["responses"]["RunNotFound"];
            500: components["responses"]["InternalError"];
        };
    };
    prompt: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The default agent's session id. */
                agent_id: components["parameters"]["SessionIdForPrompt"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                /**
                 * @example {
                 *       "payload": {
                 *         "prompt": "What is on the agenda?"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["PromptRequest"];
            };
        };
        responses: {
            /** @description The reply. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "text": "echo[standup]#1: What is on the agenda?",
                     *       "metadata": {
                     *         "harness": "echo",
                     *         "turn": 1
                     *       },
                     *       "usage": {
                     *         "input": 5,
                     *         "output": 7,
                     *         "cache_read": 0,
                     *         "cache_write": 0,
                     *         "total_tokens": 12,
                     *         "cost": {
                     *           "input": 0,
                     *           "output": 0,
                     *           "cache_read": 0,
                     *           "cache_write": 0,
                     *           "total": 0
                     *         }
                     *       },
                     *       "model": {
                     *         "id": "echo/deterministic"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["PromptResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["InternalError"];
        };
    };
    promptEvents: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The default agent's session id. */
                agent_id: components["parameters"]["SessionIdForPrompt"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                /**
                 * @example {
                 *       "payload": {
                 *         "prompt": "What is on the agenda?"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["PromptRequest"];
            };
        };
        responses: {
            /** @description The reply as a stream. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "event": "start",
                     *       "data": "{\"session_id\": \"standup\"}"
                     *     }
                     */
                    "text/event-stream": components["schemas"]["SseFrame"];
                };
            };
            400: components["responses"]["BadRequest"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["InternalError"];
        };
    };
    abortSession: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The default agent's session id. */
                session_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description `aborted` is true when an operation was running and was cancelled. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "aborted": false,
                     *       "session_id": "standup"
                     *     }
                     */
                    "application/json": components["schemas"]["AbortSessionResponse"];
                };
            };
            500: components["responses"]["InternalError"];
        };
    };
    devStatus: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The status. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "ok": true,
                     *       "generated_at": 1795480629.99,
                     *       "root": "/srv/project",
                     *       "config_path": "/srv/project/pyflue.toml",
                     *       "config_mtime": 1795480600.12,
                     *       "harness": "echo",
                     *       "sandbox": "virtual",
                     *       "route_count": 1,
                     *       "routes": [
                     *         {
                     *           "name": "assistant",
                     *           "path": "/agents/assistant/{agent_id}",
                     *           "source": "/srv/project/agents/assistant.py",
                     *           "mtime": 1795480600.12,
                     *           "triggers": {
                     *             "webhook": true
                     *           }
                     *         }
                     *       ],
                     *       "agents": [
                     *         "assistant"
                     *       ],
                     *       "skills": [],
                     *       "roles": [],
                     *       "active_sessions": []
                     *     }
                     */
                    "application/json": components["schemas"]["DevStatusResponse"];
                };
            };
            500: components["responses"]["InternalError"];
        };
    };
    devDashboard: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An HTML page listing routes and skills. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example <!doctype html><html><head><title>PyFlue Dev</title></head><body><h1>PyFlue Dev</h1></body></html> */
                    "text/html": string;
                };
            };
            500: components["responses"]["InternalError"];
        };
    };
    adminListAgents: {
        parameters: {
            query?: {
                /** @description The opaque `nextCursor` of the previous page. */
                cursor?: components["parameters"]["Cursor"];
                /** @description Page size (default 100). */
                limit?: components["parameters"]["AdminLimit"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "agents": [
                     *         {
                     *           "name": "greet",
                     *           "triggers": null
                     *         },
                     *         {
                     *           "name": "summarize",
                     *           "triggers": null
                     *         }
                     *       ],
                     *       "items": [
                     *         {
                     *           "name": "greet",
                     *           "triggers": null
                     *         },
                     *         {
                     *           "name": "summarize",
                     *           "triggers": null
                     *         }
                     *       ],
                     *       "nextCursor": "eyJvZmZzZXQiOjJ9"
                     *     }
                     */
                    "application/json": components["schemas"]["AdminAgentsPage"];
                };
            };
            400: components["responses"]["InvalidQueryParam"];
            500: components["responses"]["InternalError"];
        };
    };
    adminListInstances: {
        parameters: {
            query?: {
                /** @description The opaque `nextCursor` of the previous page. */
                cursor?: components["parameters"]["Cursor"];
                /** @description Page size (default 100). */
                limit?: components["parameters"]["AdminLimit"];
            };
            header?: never;
            path: {
                /** @description The agent's name, from its file path; nested folders give dotted names (`support.billing`). */
                name: components["parameters"]["AgentName"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "agent": "summarize",
                     *       "agentName": "summarize",
                     *       "instances": [
                     *         {
                     *           "agent_id": "inst-1",
                     *           "instanceId": "inst-1"
                     *         }
                     *       ],
                     *       "items": [
                     *         {
                     *           "agent_id": "inst-1",
                     *           "instanceId": "inst-1"
                     *         }
                     *       ],
                     *       "nextCursor": null
                     *     }
                     */
                    "application/json": components["schemas"]["AdminInstancesPage"];
                };
            };
            400: components["responses"]["InvalidQueryParam"];
            404: components["responses"]["AdminNotFound"];
            500: components["responses"]["InternalError"];
        };
    };
    adminListInstanceRuns: {
        parameters: {
            query?: {
                /** @description The opaque `nextCursor` of the previous page. */
                cursor?: components["parameters"]["Cursor"];
                /** @description Page size (default 100). */
                limit?: components["parameters"]["AdminLimit"];
                /** @description `active`, `completed` or `errored` (the stored names `running`, `succeeded`, `failed` work too). */
                status?: components["parameters"]["RunStatusFilter"];
            };
            header?: never;
            path: {
                /** @description The agent's name, from its file path; nested folders give dotted names (`support.billing`). */
                name: components["parameters"]["AgentName"];
                /** @description The instance id. Each id is one instance of the agent. */
                agent_id: components["parameters"]["AgentId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "agent": "summarize",
                     *       "agentName": "summarize",
                     *       "agent_id": "inst-1",
                     *       "instanceId": "inst-1",
                     *       "runs": [
                     *         {
                     *           "run_id": "run_01M85FRCNCXV4JZ2ECRDXWZA51",
                     *           "runId": "run_01M85FRCNCXV4JZ2ECRDXWZA51",
                     *           "agent": "summarize",
                     *           "agentName": "summarize",
                     *           "agent_id": "inst-1",
                     *           "instanceId": "inst-1",
                     *           "started_at": 1795480629.9601,
                     *           "startedAt": "2026-11-24T00:37:09.960100Z",
                     *           "ended_at": 1795480629.9612,
                     *           "endedAt": "2026-11-24T00:37:09.961200Z",
                     *           "durationMs": 1,
                     *           "status": "succeeded",
                     *           "is_error": false,
                     *           "isError": false,
                     *           "error": null,
                     *           "result": {
                     *             "summary": "Quarterly numbers are up three percent.",
                     *             "words": 6,
                     *             "instance": "inst-1"
                     *           },
                     *           "event_count": 3
                     *         }
                     *       ],
                     *       "items": [
                     *         {
                     *           "run_id": "run_01M85FRCNCXV4JZ2ECRDXWZA51",
                     *           "runId": "run_01M85FRCNCXV4JZ2ECRDXWZA51",
                     *           "agent": "summarize",
                     *           "agentName": "summarize",
                     *           "agent_id": "inst-1",
                     *           "instanceId": "inst-1",
                     *           "started_at": 1795480629.9601,
                     *           "startedAt": "2026-11-24T00:37:09.960100Z",
                     *           "ended_at": 1795480629.9612,
                     *           "endedAt": "2026-11-24T00:37:09.961200Z",
                     *           "durationMs": 1,
                     *           "status": "succeeded",
                     *           "is_error": false,
                     *           "isError": false,
                     *           "error": null,
                     *           "result": {
                     *             "summary": "Quarterly numbers are up three percent.",
                     *             "words": 6,
                     *             "instance": "inst-1"
                     *           },
                     *           "event_count": 3
                     *         }
                     *       ],
                     *       "nextCursor": null
                     *     }
                     */
                    "application/json": components["schemas"]["AdminInstanceRunsPage"];
                };
            };
            400: components["responses"]["InvalidQueryParam"];
            404: components["responses"]["AdminNotFound"];
            500: components["responses"]["InternalError"];
        };
    };
    adminListRuns: {
        parameters: {
            query?: {
                /** @description The opaque `nextCursor` of the previous page. */
                cursor?: components["parameters"]["Cursor"];
                /** @description Page size (default 100). */
                limit?: components["parameters"]["AdminLimit"];
                /** @description `active`, `completed` or `errored` (the stored names `running`, `succeeded`, `failed` work too). */
                status?: components["parameters"]["RunStatusFilter"];
                /** @description Only this agent's (or workflow's) runs; an unknown name answers 404 `agent_not_found`. `agent_name` is accepted too. */
                agentName?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "runs": [
                     *         {
                     *           "run_id": "workflow:explode:run_01M85FRCQ74FD80ZY8RDBNFYTJ",
                     *           "runId": "workflow:explode:run_01M85FRCQ74FD80ZY8RDBNFYTJ",
                     *           "agent": "explode",
                     *           "agentName": "explode",
                     *           "agent_id": "workflow:explode:run_01M85FRCQ74FD80ZY8RDBNFYTJ",
                     *           "instanceId": "workflow:explode:run_01M85FRCQ74FD80ZY8RDBNFYTJ",
                     *           "started_at": 1795480629.9917192,
                     *           "startedAt": "2026-11-24T00:37:09.991719Z",
                     *           "ended_at": 1795480629.9918063,
                     *           "endedAt": "2026-11-24T00:37:09.991806Z",
                     *           "durationMs": 0,
                     *           "status": "failed",
                     *           "is_error": true,
                     *           "isError": true,
                     *           "error": {
                     *             "type": "internal_error",
                     *             "message": "An internal error occurred.",
                     *             "details": "boom"
                     *           },
                     *           "result": null,
                     *           "event_count": 3
                     *         }
                     *       ],
                     *       "items": [
                     *         {
                     *           "run_id": "workflow:explode:run_01M85FRCQ74FD80ZY8RDBNFYTJ",
                     *           "runId": "workflow:explode:run_01M85FRCQ74FD80ZY8RDBNFYTJ",
                     *           "agent": "explode",
                     *           "agentName": "explode",
                     *           "agent_id": "workflow:explode:run_01M85FRCQ74FD80ZY8RDBNFYTJ",
                     *           "instanceId": "workflow:explode:run_01M85FRCQ74FD80ZY8RDBNFYTJ",
                     *           "started_at": 1795480629.9917192,
                     *           "startedAt": "2026-11-24T00:37:09.991719Z",
                     *           "ended_at": 1795480629.9918063,
                     *           "endedAt": "2026-11-24T00:37:09.991806Z",
                     *           "durationMs": 0,
                     *           "status": "failed",
                     *           "is_error": true,
                     *           "isError": true,
                     *           "error": {
                     *             "type": "internal_error",
                     *             "message": "An internal error occurred.",
                     *             "details": "boom"
                     *           },
                     *           "result": null,
                     *           "event_count": 3
                     *         }
                     *       ],
                     *       "nextCursor": "eyJvZmZzZXQiOjF9"
                     *     }
                     */
                    "application/json": components["schemas"]["AdminRunsPage"];
                };
            };
            400: components["responses"]["InvalidQueryParam"];
            404: components["responses"]["AdminNotFound"];
            500: components["responses"]["InternalError"];
        };
    };
    adminGetRun: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A run id, `run_<ULID>` or `workflow:<name>:run_<ULID>` (percent-encode the colons' segment as a whole). */
                run_id: components["parameters"]["RunIdPath"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The run record. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunRecord"];
                };
            };
            404: components["responses"]["AdminNotFound"];
            500: components["responses"]["InternalError"];
        };
    };
}
