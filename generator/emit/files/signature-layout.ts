import { PRINT_WIDTH_CHARS } from "../source/layout.js";

/**
 * A function or method head with one parameter, `head(param): returns {`, on one line when it fits, else with the
 * parameter on its own line as prettier breaks it. `indent` is the column the head starts at.
 */
export function signatureLines(head: string, param: string, returns: string, indent: number): string[] {
  const oneLine = `${head}(${param}): ${returns} {`;
  if (indent + oneLine.length <= PRINT_WIDTH_CHARS) return [oneLine];
  return [`${head}(`, `  ${param},`, `): ${returns} {`];
}
