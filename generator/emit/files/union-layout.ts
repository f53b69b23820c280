import { PRINT_WIDTH_CHARS } from "../source/layout.js";

/**
 * `prefix + A | B | C + suffix` on one line when it fits, else prettier's broken union: one member per line,
 * each led by `|`, indented one level below `prefix`. `indent` is the column `prefix` starts at.
 */
export function unionText(prefix: string, members: readonly string[], suffix: string, indent: number): string {
  if (members.length === 0) return `${prefix} never${suffix}`;
  const oneLine = `${prefix} ${members.join(" | ")}${suffix}`;
  if (indent + oneLine.length <= PRINT_WIDTH_CHARS || members.length === 1) return oneLine;
  return `${prefix}\n${members.map((member) => `  | ${member}`).join("\n")}${suffix}`;
}
