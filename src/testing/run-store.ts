/**
 * The fake's run history, as pyflue.runs.InMemoryRunStore keeps it: records and ordered
 * event logs of the most recent runs (the oldest evicted past `maxRuns`), indexes for
 * the admin app, and live subscribers that get the backlog past `after`, then each new
 * event, and stop after `run_end`. Like the server's asyncio queues, delivery is push
 * with no backpressure.
 */
import type { components } from '../spec.js';

/** The wire shape (both spellings), as the server sends it. */
type ErrorBody = components['schemas']['ErrorBody'];
/** The wire shape (both spellings), as the server sends it. */
type RunEvent = components['schemas']['RunEvent'];
/** The wire shape (both spellings), as the server sends it. */
type RunRecord = components['schemas']['RunRecord'];
import { isoTimestamp, nowSeconds } from './wire.js';

interface StoredRun {
  runId: string;
  agent: string;
  agentId: string;
  startedAt: number;
  endedAt: number | null;
  status: 'running' | 'succeeded' | 'failed';
  isError: boolean;
  error: ErrorBody | null;
  result: unknown;
  events: RunEvent[];
  subscribers: Set<Subscriber>;
}

interface Subscriber {
  onEvent: (event: RunEvent) => void;
  onEnd: () => void;
}

export class RunStore {
  /** Insertion order is start order (a Map keeps it), as the server's OrderedDict. */
  readonly #runs = new Map<string, StoredRun>();
  readonly #byAgent = new Map<string, Set<string>>();
  readonly #byInstance = new Map<string, string[]>();

  constructor(private readonly maxRuns = 1024) {}

  has(runId: string): boolean {
    return this.#runs.has(runId);
  }

  get(runId: string): RunRecord | undefined {
    const run = this.#runs.get(runId);
    return run && recordOf(run);
  }

  /** Most recent first, optionally filtered. */
  list(filter: { status?: string | undefined; agent?: string | undefined } = {}): RunRecord[] {
    const runs = [...this.#runs.values()].reverse();
    return runs.filter((run) => (filter.status === undefined || run.status === filter.status) && (filter.agent === undefined || run.agent === filter.agent)).map(recordOf);
  }

  /** Agents (and workflows) with at least one kept run, sorted. */
  agents(): string[] {
    return [...this.#byAgent.keys()].sort();
  }

  instances(agent: string): string[] {
    return [...(this.#byAgent.get(agent) ?? [])].sort();
  }

  /** One instance's runs, most recent first. */
  listForInstance(agent: string, agentId: string, status?: string): RunRecord[] {
    const ids = [...(this.#byInstance.get(instanceKey(agent, agentId)) ?? [])].reverse();
    return ids
      .map((id) => this.#runs.get(id))
      .filter((run): run is StoredRun => run !== undefined && (status === undefined || run.status === status))
      .map(recordOf);
  }

  events(runId: string, after = 0, limit = 1000, types?: string[]): RunEvent[] {
    const filter = types && types.length > 0 ? new Set(types) : undefined;
    const out: RunEvent[] = [];
    for (const event of this.#runs.get(runId)?.events ?? []) {
      if (event.event_index <= after || (filter && !filter.has(event.type))) continue;
      out.push(event);
      if (out.length >= limit) break;
    }
    return out;
  }

  start(agent: string, agentId: string, runId: string): void {
    this.#runs.set(runId, {
      runId,
      agent,
      agentId,
      startedAt: nowSeconds(),
      endedAt: null,
      status: 'running',
      isError: false,
      error: null,
      result: null,
      events: [],
      subscribers: new Set(),
    });
    if (!this.#byAgent.has(agent)) this.#byAgent.set(agent, new Set());
    this.#byAgent.get(agent)!.add(agentId);
    const key = instanceKey(agent, agentId);
    if (!this.#byInstance.has(key)) this.#byInstance.set(key, []);
    this.#byInstance.get(key)!.push(runId);
    this.#evict();
    this.append(runId, 'run_start', { agent, agent_id: agentId });
  }

  /** Ends a running run: the record first, then `run_end` (durable before published). */
  end(runId: string, outcome: { error: ErrorBody } | { result: unknown }): void {
    const run = this.#runs.get(runId);
    if (!run || run.status !== 'running') return;
    run.endedAt = nowSeconds();
    const error = 'error' in outcome ? outcome.error : null;
    run.isError = error !== null;
    run.error = error;
    run.result = 'result' in outcome ? (outcome.result ?? null) : null;
    run.status = error ? 'failed' : 'succeeded';
    this.append(runId, 'run_end', { is_error: run.isError, error, status: run.status });
    const subscribers = [...run.subscribers];
    run.subscribers.clear();
    for (const subscriber of subscribers) subscriber.onEnd();
  }

  append(runId: string, type: string, data: Record<string, unknown>): void {
    const run = this.#runs.get(runId);
    if (!run) throw new Error(`Unknown run_id: ${runId}`);
    const index = run.events.length + 1;
    const event = { run_id: runId, runId, event_index: index, eventIndex: index, type, timestamp: nowSeconds(), data } as RunEvent;
    run.events.push(event);
    for (const subscriber of [...run.subscribers]) subscriber.onEvent(event);
  }

  /**
   * Replays the events past `after`, then follows the run live; `onEnd` is called after
   * the last event (at once for a run that has ended). Returns the unsubscribe function.
   */
  subscribe(runId: string, after: number, onEvent: (event: RunEvent) => void, onEnd: () => void): () => void {
    const run = this.#runs.get(runId);
    if (!run) {
      onEnd();
      return () => {};
    }
    let active = true;
    const subscriber: Subscriber = {
      onEvent: (event) => {
        if (active && event.event_index > after) onEvent(event);
      },
      onEnd: () => {
        if (active) {
          active = false;
          onEnd();
        }
      },
    };
    const backlog = [...run.events];
    const terminal = run.status !== 'running';
    if (!terminal) run.subscribers.add(subscriber);
    for (const event of backlog) {
      if (!active) break;
      if (event.event_index > after) onEvent(event);
    }
    if (terminal) subscriber.onEnd();
    return () => {
      active = false;
      run.subscribers.delete(subscriber);
    };
  }

  #evict(): void {
    while (this.#runs.size > this.maxRuns) {
      const [oldId, old] = this.#runs.entries().next().value as [string, StoredRun];
      this.#runs.delete(oldId);
      const key = instanceKey(old.agent, old.agentId);
      const ids = this.#byInstance.get(key);
      if (!ids) continue;
      ids.splice(ids.indexOf(oldId), 1);
      if (ids.length > 0) continue;
      this.#byInstance.delete(key);
      const instances = this.#byAgent.get(old.agent);
      instances?.delete(old.agentId);
      if (instances?.size === 0) this.#byAgent.delete(old.agent);
    }
  }
}

function instanceKey(agent: string, agentId: string): string {
  return `${agent}\u0000${agentId}`;
}

/** FlueRun.to_dict. */
function recordOf(run: StoredRun): RunRecord {
  return {
    run_id: run.runId,
    runId: run.runId,
    agent: run.agent,
    agentName: run.agent,
    agent_id: run.agentId,
    instanceId: run.agentId,
    started_at: run.startedAt,
    startedAt: isoTimestamp(run.startedAt),
    ended_at: run.endedAt,
    endedAt: run.endedAt === null ? null : isoTimestamp(run.endedAt),
    durationMs: run.endedAt === null ? null : Math.max(0, Math.floor((run.endedAt - run.startedAt) * 1000)),
    status: run.status,
    is_error: run.isError,
    isError: run.isError,
    error: run.error,
    result: run.result,
    event_count: run.events.length,
  };
}
