import type { Constraint } from "../../ir/types.js";

/** How one @constraint key moved: tighter rejects values the old rule accepted, looser accepts new ones. */
export interface ConstraintComparison {
  readonly tightened: readonly string[];
  readonly loosened: readonly string[];
}

type ConstraintKey = keyof Constraint;

/** Lower bounds tighten when they rise, upper bounds when they fall. */
const LOWER_BOUNDS: readonly ConstraintKey[] = ["minLength", "min", "minItems"];
const UPPER_BOUNDS: readonly ConstraintKey[] = ["maxLength", "max", "maxItems"];

export function compareConstraints(
  before: Constraint | undefined,
  after: Constraint | undefined,
): ConstraintComparison {
  const tightened: string[] = [];
  const loosened: string[] = [];
  const describe = (key: ConstraintKey) =>
    `${key} ${String(before?.[key] ?? "none")} -> ${String(after?.[key] ?? "none")}`;

  for (const key of [...LOWER_BOUNDS, ...UPPER_BOUNDS]) {
    const was = before?.[key] as number | undefined;
    const now = after?.[key] as number | undefined;
    if (was === now) continue;
    const isLower = LOWER_BOUNDS.includes(key);
    const tighter = was === undefined ? true : now === undefined ? false : isLower ? now > was : now < was;
    (tighter ? tightened : loosened).push(describe(key));
  }
  // Two regular expressions cannot be compared for inclusion cheaply, so any new or different pattern counts as
  // tighter (it may reject old values) and only dropping the pattern counts as looser.
  if (before?.pattern !== after?.pattern) {
    const entry = `pattern ${JSON.stringify(before?.pattern ?? null)} -> ${JSON.stringify(after?.pattern ?? null)}`;
    (after?.pattern === undefined ? loosened : tightened).push(entry);
  }
  return { tightened, loosened };
}
