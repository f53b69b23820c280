import type { DiffReport } from "../report/diff-report.js";

/**
 * `{"changes":[{type,severity,coordinate,message,location:{file,line}}],"summary":{breaking,dangerous,safe}}`, keys
 * in that order, changes already sorted. An `approvals` key is added only when an approvals file is in use, so
 * consumers of the base shape never see it change.
 */
export function formatJson(report: DiffReport): string {
  const output: Record<string, unknown> = {
    changes: report.changes.map((c) => ({
      type: c.type,
      severity: c.severity,
      coordinate: c.coordinate,
      message: c.message,
      location: { file: c.location.file, line: c.location.line },
    })),
    summary: { breaking: report.summary.breaking, dangerous: report.summary.dangerous, safe: report.summary.safe },
  };
  if (report.approvalsFile !== undefined) {
    output.approvals = {
      file: report.approvalsFile,
      applied: report.approved.map(({ change, approval }) => ({
        type: change.type,
        coordinate: change.coordinate,
        reason: approval.reason,
      })),
      stale: report.staleApprovals.map((a) => ({ type: a.type, coordinate: a.coordinate, line: a.line })),
    };
  }
  return `${JSON.stringify(output, null, 2)}\n`;
}
