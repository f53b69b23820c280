import { SEVERITIES } from "../change/change-types.js";
import type { Severity } from "../change/change-types.js";
import type { DiffReport } from "../report/diff-report.js";

const HEADINGS: Record<Severity, string> = {
  breaking: "🔴 Breaking",
  dangerous: "🟡 Dangerous",
  safe: "🟢 Safe",
};

/** A pull-request comment: verdict first, then one table per severity (safe changes folded away). */
export function formatMarkdown(report: DiffReport): string {
  const { breaking, dangerous, safe } = report.summary;
  const approvedReasons = new Map(report.approved.map(({ change, approval }) => [change, approval.reason]));
  const failing = new Set(report.failing);
  const out: string[] = [
    `### wesley diff: ${report.failed ? "❌ fails" : "✅ passes"} (${report.strictness})`,
    "",
    `**${breaking}** breaking · **${dangerous}** dangerous · **${safe}** safe`,
    "",
  ];
  for (const severity of SEVERITIES) {
    const group = report.changes.filter((c) => c.severity === severity);
    if (group.length === 0) continue;
    const title = `${HEADINGS[severity]} (${group.length})`;
    if (severity === "safe") out.push("<details>", `<summary>${title}</summary>`, "");
    else out.push(`#### ${title}`, "");
    out.push("| | Change | Coordinate | Message | Location |", "|---|---|---|---|---|");
    for (const c of group) {
      const reason = approvedReasons.get(c);
      const status = failing.has(c) ? "❌" : reason !== undefined ? "✔️" : "";
      const message = reason === undefined ? c.message : `${c.message}<br>**Approved:** ${reason}`;
      out.push(
        `| ${status} | \`${c.type}\` | \`${c.coordinate}\` | ${cell(message)} | \`${c.location.file}:${c.location.line}\` |`,
      );
    }
    out.push("");
    if (severity === "safe") out.push("</details>", "");
  }
  if (report.staleApprovals.length > 0) {
    out.push("#### Stale approvals", "");
    for (const stale of report.staleApprovals) {
      out.push(
        `- \`${report.approvalsFile ?? ""}:${stale.line}\` ${stale.type} \`${stale.coordinate}\` matches no change; delete it.`,
      );
    }
    out.push("");
  }
  return `${out.join("\n")}`;
}

/** Table cells cannot hold raw pipes or newlines. */
function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, "<br>");
}
