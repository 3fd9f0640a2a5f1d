/**
 * The runtime scenario: one pass over the client's surface against the real PyFlue server,
 * written for any runtime with fetch and WebSocket (it imports nothing of Node). Bundled
 * with esbuild per runtime (runtime-bundle.ts); its summary is compared, field by field, to
 * `expectedSummary` by each test under test/runtimes/.
 */
import { PyFlueClient, PyFlueClientClosedError, PyFlueNotFoundError, createFlueClient } from '../../src/index.js';

export interface ScenarioSummary {
  health: boolean;
  agents: string[];
  invoke: { summaryHasRunId: boolean; replyText: string };
  agentStream: string[];
  workflowStream: { types: string[]; runIdMatches: boolean };
  runStatus: string;
  firstReplayed: string;
  adminPage: { runs: number; hasCursor: boolean };
  socketReply: string;
  notFound: { typed: boolean; status: number; type: string };
  abort: { rejectedWithReason: boolean };
  close: { closedError: boolean };
  unhandledRejections: string[];
}

export const expectedSummary = (instance: string): ScenarioSummary => ({
  health: true,
  agents: ['assistant', 'internal', 'narrator', 'summarize', 'support.billing'],
  invoke: { summaryHasRunId: true, replyText: `echo[${instance}:runtime]#1: Hello` },
  agentStream: ['start', 'delta', 'end'],
  workflowStream: { types: ['run_start', 'log', 'log', 'log', 'run_end'], runIdMatches: true },
  runStatus: 'succeeded',
  firstReplayed: 'run_start',
  adminPage: { runs: 1, hasCursor: true },
  // The stream's prompt was the default session's first turn, so the socket's is its second.
  socketReply: `echo[${instance}:default]#2: over a socket`,
  notFound: { typed: true, status: 404, type: 'run_not_found' },
  abort: { rejectedWithReason: true },
  close: { closedError: true },
  unhandledRejections: [],
});

/** `onUnhandled` is how the runtime reports an unhandled rejection: each report lands in the summary. */
export async function runScenario(baseUrl: string, instance: string, onUnhandled: (record: (reason: unknown) => void) => void): Promise<ScenarioSummary> {
  const unhandledRejections: string[] = [];
  onUnhandled((reason) => unhandledRejections.push(String((reason as Error)?.stack ?? reason)));
  const client = new PyFlueClient(baseUrl);
  const flue = createFlueClient({ baseUrl });
  try {
    const health = (await client.health()).ok === true;
    const agents = (await client.agents.list()).map((agent) => agent.name).sort();
    const summary = await flue.agents.invoke('summarize', instance, { payload: { text: 'one two three' } });
    const reply = await client.agents.invoke('assistant', instance, { payload: { message: 'Hello', session: 'runtime' } });
    const replyText = (reply as { result: { text: string } }).result.text;

    const agentStream: string[] = [];
    for await (const frame of client.agents.stream('assistant', instance, { payload: { message: 'Stream it' } })) {
      if (agentStream.at(-1) !== frame.type) agentStream.push(frame.type); // deltas collapse to one
    }

    const stream = client.workflows.stream('greet', { name: instance });
    const types: string[] = [];
    let lastRunId = '';
    for await (const event of stream) {
      types.push(event.type);
      if (event.type !== 'unknown') lastRunId = event.runId;
    }
    const runId = await stream.runId;
    const runStatus = (await client.runs.get(runId!)).status;
    // Leaving a for await early cancels the reader while a read() may be pending (no unhandled rejection may follow).
    let firstReplayed = '';
    for await (const event of client.runs.stream(runId!)) {
      firstReplayed = event.type;
      break;
    }

    const page = await client.admin.runs.list({ limit: 1 });

    await using socket = client.agents.connect('assistant', instance);
    const socketReply = (await socket.prompt('over a socket')).result.text;

    let notFound = { typed: false, status: 0, type: '' };
    try {
      await client.runs.get('run_00000000000000000000000000');
    } catch (error) {
      if (error instanceof PyFlueNotFoundError) notFound = { typed: true, status: error.status, type: error.type };
    }

    // An abort while a slow run streams: the iteration throws the signal's reason.
    const controller = new AbortController();
    const reason = new Error('stopped by the scenario');
    let rejectedWithReason = false;
    try {
      for await (const event of client.workflows.stream('slow', { count: 20, delay_ms: 100 }, { signal: controller.signal })) {
        if (event.type === 'log') controller.abort(reason);
      }
    } catch (error) {
      rejectedWithReason = error === reason;
    }

    // close() while a slow call is in flight settles it with PyFlueClientClosedError.
    const pending = client.workflows.invoke('slow', { count: 5, delay_ms: 200 }, { wait: true }).then(
      () => false,
      (error: unknown) => error instanceof PyFlueClientClosedError,
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    await client.close();
    const closedError = await pending;

    // Rejections the runtime reports late (a cancelled reader's read(), a socket's close) have had time to land.
    await new Promise((resolve) => setTimeout(resolve, 200));
    return {
      health,
      agents,
      invoke: { summaryHasRunId: typeof summary.runId === 'string' && summary.runId.length > 0, replyText },
      agentStream,
      workflowStream: { types, runIdMatches: runId === lastRunId },
      runStatus,
      firstReplayed,
      adminPage: { runs: page.items.length, hasCursor: typeof page.nextCursor === 'string' },
      socketReply,
      notFound,
      abort: { rejectedWithReason },
      close: { closedError },
      unhandledRejections,
    };
  } finally {
    await client.close();
    await flue.close();
  }
}
