import { PRINT_WIDTH_CHARS } from "../source/layout.js";

/**
 * `prefix + A | B | C + suffix` laid out as prettier does: on one line when it fits, else the members on the next
 * line, else one member per line led by `|`, indented one level below `prefix`. `indent` is the column `prefix` starts at.
 */
export function unionText(prefix: string, members: readonly string[], suffix: string, indent: number): string {
  if (members.length === 0) return `${prefix} never${suffix}`;
  const oneLine = `${prefix} ${members.join(" | ")}${suffix}`;
  if (indent + oneLine.length <= PRINT_WIDTH_CHARS || members.length === 1) return oneLine;
  // Prettier first moves the whole union to the next line; only if it still does not fit, one member per line.
  const nextLine = `  ${members.join(" | ")}${suffix}`;
  if (indent + nextLine.length <= PRINT_WIDTH_CHARS) return `${prefix}\n${nextLine}`;
  return `${prefix}\n${members.map((member) => `  | ${member}`).join("\n")}${suffix}`;
}
