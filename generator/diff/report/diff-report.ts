import { SEVERITIES, severityOf } from "../change/change-types.js";
import type { Severity } from "../change/change-types.js";
import type { ReportedChange, SchemaChange } from "../change/schema-change.js";
import { compareCodeUnits } from "../change/compare.js";
import type { Locator } from "../locate/schema-locator.js";
import { approvalMatches } from "../policy/approvals.js";
import type { Approval, ApprovalsFile } from "../policy/approvals.js";
import { failsAt, staleApprovalsFail } from "../policy/strictness.js";
import type { Strictness } from "../policy/strictness.js";

export interface DiffReport {
  /** Every change, sorted by severity, coordinate, type, message; duplicates removed. */
  readonly changes: readonly ReportedChange[];
  readonly summary: Readonly<Record<Severity, number>>;
  readonly strictness: Strictness;
  /** Changes that fail the chosen strictness and no approval covers. */
  readonly failing: readonly ReportedChange[];
  readonly approved: readonly { readonly change: ReportedChange; readonly approval: Approval }[];
  /** Approvals that match no change: reported so they get deleted. */
  readonly staleApprovals: readonly Approval[];
  readonly approvalsFile?: string;
  /** True when the check fails (exit code 1). */
  readonly failed: boolean;
}

export interface ReportOptions {
  readonly locateOld: Locator;
  readonly locateNew: Locator;
  readonly strictness: Strictness;
  readonly approvals?: ApprovalsFile;
}

/** Where a change could not be pinned to a line (built-ins): shown, never dropped. */
const UNLOCATED = { file: "<built-in>", line: 0 } as const;

export function buildDiffReport(found: readonly SchemaChange[], options: ReportOptions): DiffReport {
  const changes = dedupe(found.map((c) => locateChange(c, options)).sort(compareReported));
  const approvals = options.approvals?.approvals ?? [];
  const approved: { change: ReportedChange; approval: Approval }[] = [];
  const failing: ReportedChange[] = [];
  for (const reported of changes) {
    const approval = approvals.find((candidate) => approvalMatches(candidate, reported));
    if (approval !== undefined) approved.push({ change: reported, approval });
    else if (failsAt(options.strictness, reported)) failing.push(reported);
  }
  const usedApprovals = new Set(approved.map(({ approval }) => approval));
  const staleApprovals = approvals.filter((approval) => !usedApprovals.has(approval));
  const summary = { breaking: 0, dangerous: 0, safe: 0 };
  for (const reported of changes) summary[reported.severity]++;
  return {
    changes,
    summary,
    strictness: options.strictness,
    failing,
    approved,
    staleApprovals,
    ...(options.approvals ? { approvalsFile: options.approvals.file } : {}),
    failed: failing.length > 0 || (staleApprovals.length > 0 && staleApprovalsFail(options.strictness)),
  };
}

function locateChange(found: SchemaChange, options: ReportOptions): ReportedChange {
  const primary = found.side === "old" ? options.locateOld : options.locateNew;
  const secondary = found.side === "old" ? options.locateNew : options.locateOld;
  const location = primary(found.coordinate) ?? secondary(found.coordinate) ?? UNLOCATED;
  return {
    type: found.type,
    severity: severityOf(found.type),
    coordinate: found.coordinate,
    message: found.message,
    location,
  };
}

export function compareReported(a: ReportedChange, b: ReportedChange): number {
  return (
    SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
    compareCodeUnits(a.coordinate, b.coordinate) ||
    compareCodeUnits(a.type, b.type) ||
    compareCodeUnits(a.message, b.message)
  );
}

function dedupe(sorted: ReportedChange[]): ReportedChange[] {
  return sorted.filter((c, i) => i === 0 || compareReported(sorted[i - 1] as ReportedChange, c) !== 0);
}
