import type { DiffReport } from "../report/diff-report.js";

/**
 * GitHub Actions workflow commands: `::error` for changes that fail the check, `::warning` for other breaking or
 * dangerous ones and for stale approvals. Safe changes are summed up in one `::notice` (GitHub caps annotations
 * per step, and they should go to what needs a look).
 */
export function formatGithub(report: DiffReport): string {
  const failing = new Set(report.failing);
  const lines: string[] = [];
  for (const c of report.changes) {
    if (c.severity === "safe" && !failing.has(c)) continue;
    const level = failing.has(c) ? "error" : "warning";
    const properties = [
      `file=${property(c.location.file)}`,
      `line=${c.location.line}`,
      `title=${property(`${c.type} ${c.coordinate}`)}`,
    ];
    if (c.location.line === 0) properties.splice(0, 2);
    lines.push(`::${level} ${properties.join(",")}::${data(c.message)}`);
  }
  for (const stale of report.staleApprovals) {
    const level = report.failed && report.strictness === "strict" ? "error" : "warning";
    lines.push(
      `::${level} file=${property(report.approvalsFile ?? "")},line=${stale.line},title=Stale approval::${data(`${stale.type} ${stale.coordinate} matches no change; delete it.`)}`,
    );
  }
  const { breaking, dangerous, safe } = report.summary;
  lines.push(
    `::notice title=wesley diff::${data(`${breaking} breaking, ${dangerous} dangerous, ${safe} safe (${report.strictness}: ${report.failed ? "fails" : "passes"})`)}`,
  );
  return `${lines.join("\n")}\n`;
}

/** Escaping defined by the Actions toolkit (`@actions/core` command.ts). */
function data(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function property(text: string): string {
  return data(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
