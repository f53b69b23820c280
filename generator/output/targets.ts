/**
 * Build targets `wesley build --target` accepts. A target is a set of emitters over the same IR; adding one means
 * adding its name here and its emitter in `default-ports.ts`. `client` also reads operation documents (--documents).
 */
export const TARGET_NAMES = ["jitos", "client"] as const;

export type TargetName = (typeof TARGET_NAMES)[number];

/** Targets that generate from operation documents besides the schema (`--documents`). */
export function targetReadsDocuments(target: TargetName): boolean {
  return target === "client";
}

export function isTargetName(name: string): name is TargetName {
  return (TARGET_NAMES as readonly string[]).includes(name);
}
