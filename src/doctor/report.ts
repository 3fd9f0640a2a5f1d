/** The two ways `doctor` prints its findings: a table for people, JSON for CI. */
import type { DoctorReport, Finding, Outcome } from './findings.js';

const LABEL: Record<Outcome, string> = { ok: 'ok', note: 'note', drift: 'DRIFT', unreachable: 'FAIL' };

export function formatTable(report: DoctorReport): string {
  const rows = report.findings.map((finding) => [LABEL[finding.outcome], finding.check, finding.subject, finding.message]);
  const header = ['result', 'check', 'what', 'detail'];
  const widths = [0, 1, 2].map((column) => Math.max(header[column]!.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column < 3 ? cell.padEnd(widths[column]!) : cell))
      .join('  ')
      .trimEnd();
  const lines = [
    `pyflue-client doctor: ${report.baseUrl} (admin app at ${report.adminBaseUrl}) against the PyFlue ${report.contractVersion} contract`,
    '',
    line(header),
    line(widths.map((width) => '-'.repeat(width)).concat('-'.repeat(6))),
    ...rows.map(line),
    '',
    summaryLine(report),
  ];
  return `${lines.join('\n')}\n`;
}

export function formatJson(report: DoctorReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

function summaryLine(report: DoctorReport): string {
  const { counts } = report;
  const tally = `${counts.ok} ok, ${counts.note} ${counts.note === 1 ? 'note' : 'notes'}, ${counts.drift} drift, ${counts.unreachable} failed, in ${report.durationMs} ms`;
  if (report.exitCode === 2) {
    const first = report.findings.find((finding: Finding) => finding.outcome === 'unreachable');
    return `Could not check this deployment (${tally}): ${first?.subject}: ${first?.message}. Exit 2.`;
  }
  if (report.exitCode === 1) return `The deployment drifted from the contract (${tally}); each DRIFT row names the route or field. Exit 1.`;
  return `Everything the client relies on holds (${tally}). Exit 0.`;
}
