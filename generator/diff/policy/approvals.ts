import { LineCounter, parseDocument } from "yaml";
import { isChangeType } from "../change/change-types.js";
import type { ChangeType } from "../change/change-types.js";
import type { ReportedChange } from "../change/schema-change.js";

/** One accepted change: reviewed in the same pull request as the change itself. */
export interface Approval {
  readonly type: ChangeType;
  readonly coordinate: string;
  readonly reason: string;
  /** Line of the entry in the approvals file, so stale approvals point at what to delete. */
  readonly line: number;
}

export interface ApprovalsFile {
  readonly file: string;
  readonly approvals: readonly Approval[];
}

/** A problem in the approvals file; the CLI reports these as input errors (exit 2). */
export interface ApprovalsProblem {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

/**
 * Reads
 * ```yaml
 * approvals:
 *   - type: FIELD_REMOVED
 *     coordinate: Task.title
 *     reason: Replaced by Task.name; every client moved in #123.
 * ```
 */
export function parseApprovals(
  file: string,
  text: string,
): { approvals: ApprovalsFile } | { problems: ApprovalsProblem[] } {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines });
  const lineAt = (offset: number) => lines.linePos(offset).line;
  const problems: ApprovalsProblem[] = document.errors.map((e) => ({
    file,
    line: e.linePos?.[0]?.line ?? 1,
    message: e.message,
  }));
  if (problems.length > 0) return { problems };
  const root: unknown = document.toJS();
  const entries = (root as { approvals?: unknown } | null)?.approvals ?? [];
  if (!Array.isArray(entries)) return { problems: [{ file, line: 1, message: "`approvals` must be a list." }] };
  const rangeOf = (index: number) => {
    const node = document.getIn(["approvals", index], true) as { range?: [number, number, number] } | undefined;
    return lineAt(node?.range?.[0] ?? 0);
  };
  const approvals: Approval[] = [];
  entries.forEach((entry: unknown, index) => {
    const line = rangeOf(index);
    const { type, coordinate, reason } = (entry ?? {}) as Record<string, unknown>;
    if (typeof type !== "string" || !isChangeType(type)) {
      problems.push({
        file,
        line,
        message: `Unknown change type ${JSON.stringify(type)}; use a type name from docs/diff.md.`,
      });
    } else if (typeof coordinate !== "string" || coordinate === "") {
      problems.push({ file, line, message: "`coordinate` is required (e.g. Task.title)." });
    } else if (typeof reason !== "string" || reason.trim() === "") {
      problems.push({
        file,
        line,
        message: `Approval of ${type} at ${coordinate} needs a \`reason\` reviewers can judge.`,
      });
    } else {
      approvals.push({ type, coordinate, reason, line });
    }
  });
  return problems.length > 0 ? { problems } : { approvals: { file, approvals } };
}

export function approvalMatches(approval: Approval, reported: ReportedChange): boolean {
  return approval.type === reported.type && approval.coordinate === reported.coordinate;
}
