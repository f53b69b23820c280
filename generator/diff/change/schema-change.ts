import type { ChangeType, Severity } from "./change-types.js";

/**
 * Which schema a change points into: removals are shown where the thing was (the old schema), everything else
 * where it is now (the new schema).
 */
export type ChangeSide = "old" | "new";

/** A change as the finders produce it: data only, located later from its coordinate. */
export interface SchemaChange {
  readonly type: ChangeType;
  /** GraphQL schema coordinate (`Type`, `Type.field`, `Type.field(arg:)`, `Enum.VALUE`, `@dir(arg:)`), or
   * `@registry.<namespace>.<Name>` for kinds.yaml entries. */
  readonly coordinate: string;
  readonly message: string;
  readonly side: ChangeSide;
}

/** Where a change is shown: path relative to the working directory, 1-based line (0 when nothing was written). */
export interface ChangeLocation {
  readonly file: string;
  readonly line: number;
}

/** The public shape of one reported change (the JSON output's `changes[]` entries, in this key order). */
export interface ReportedChange {
  readonly type: ChangeType;
  readonly severity: Severity;
  readonly coordinate: string;
  readonly message: string;
  readonly location: ChangeLocation;
}

export function change(type: ChangeType, coordinate: string, message: string, side: ChangeSide = "new"): SchemaChange {
  return { type, coordinate, message, side };
}
