/** What `pyflue-client doctor` reports: one finding per thing it checked, and the exit code they add up to. */

/**
 * `ok`: holds. `note`: worth knowing, not a failure (an extra route, something the
 * server's description does not state). `drift`: the deployment differs from the
 * contract (exit 1). `unreachable`: the check could not be made, because the server
 * cannot be reached or is not PyFlue (exit 2).
 */
export type Outcome = 'ok' | 'note' | 'drift' | 'unreachable';

export type CheckKind = 'health' | 'description' | 'route' | 'parameter' | 'schema' | 'socket';

export interface Finding {
  outcome: Outcome;
  check: CheckKind;
  /** The route, schema field or channel it is about, e.g. `GET /runs/{run_id} 200 RunRecord.status`. */
  subject: string;
  /** What holds or what differs, and for failures what to check. */
  message: string;
}

export interface DoctorReport {
  baseUrl: string;
  adminBaseUrl: string;
  /** The PyFlue release spec/openapi.yaml follows. */
  contractVersion: string;
  /** 0: everything holds; 1: drift; 2: not reachable or not PyFlue. */
  exitCode: 0 | 1 | 2;
  counts: Record<Outcome, number>;
  durationMs: number;
  findings: Finding[];
}

export function exitCodeOf(findings: readonly Finding[]): 0 | 1 | 2 {
  if (findings.some((finding) => finding.outcome === 'unreachable')) return 2;
  if (findings.some((finding) => finding.outcome === 'drift')) return 1;
  return 0;
}

export function countOutcomes(findings: readonly Finding[]): Record<Outcome, number> {
  const counts: Record<Outcome, number> = { ok: 0, note: 0, drift: 0, unreachable: 0 };
  for (const finding of findings) counts[finding.outcome] += 1;
  return counts;
}
