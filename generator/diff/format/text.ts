import { SEVERITIES } from "../change/change-types.js";
import type { Severity } from "../change/change-types.js";
import type { ReportedChange } from "../change/schema-change.js";
import type { DiffReport } from "../report/diff-report.js";

export interface TextStyle {
  readonly color: boolean;
}

const ANSI = {
  red: "\x1b[31m",
  yellow: "\x1b[33m",
  green: "\x1b[32m",
  dim: "\x1b[2m",
  bold: "\x1b[1m",
  reset: "\x1b[0m",
};
const SEVERITY_COLOR: Record<Severity, string> = { breaking: ANSI.red, dangerous: ANSI.yellow, safe: ANSI.green };
const HEADINGS: Record<Severity, string> = { breaking: "Breaking", dangerous: "Dangerous", safe: "Safe" };

/** Human output: one group per severity, each change with its location, then approvals and the verdict. */
export function formatText(report: DiffReport, style: TextStyle): string {
  const paint = (code: string, text: string) => (style.color ? `${code}${text}${ANSI.reset}` : text);
  const approvedReasons = new Map(report.approved.map(({ change, approval }) => [change, approval.reason]));
  const failing = new Set(report.failing);
  const lines: string[] = [];
  for (const severity of SEVERITIES) {
    const group = report.changes.filter((c) => c.severity === severity);
    if (group.length === 0) continue;
    lines.push(paint(ANSI.bold + SEVERITY_COLOR[severity], `${HEADINGS[severity]} changes (${group.length})`));
    for (const c of group) {
      const mark = failing.has(c) ? paint(SEVERITY_COLOR[severity], "✖") : approvedReasons.has(c) ? "✔" : "·";
      lines.push(`  ${mark} ${c.type} ${paint(ANSI.bold, c.coordinate)}  ${paint(ANSI.dim, where(c))}`);
      lines.push(`      ${c.message}`);
      const reason = approvedReasons.get(c);
      if (reason !== undefined) lines.push(`      approved: ${reason}`);
    }
    lines.push("");
  }
  for (const stale of report.staleApprovals) {
    lines.push(
      paint(ANSI.yellow, `Stale approval ${report.approvalsFile ?? ""}:${stale.line}`) +
        ` ${stale.type} ${stale.coordinate} matches no change; delete it.`,
    );
  }
  const { breaking, dangerous, safe } = report.summary;
  const counts = `${breaking} breaking, ${dangerous} dangerous, ${safe} safe`;
  const verdict = report.failed
    ? paint(ANSI.red, `FAIL (${report.strictness}): ${report.failing.length} change(s) need a fix or an approval.`)
    : paint(ANSI.green, `OK (${report.strictness})`);
  lines.push(report.changes.length === 0 ? "No schema changes." : counts, verdict);
  return `${lines.join("\n")}\n`;
}

function where(c: ReportedChange): string {
  return `${c.location.file}:${c.location.line}`;
}
