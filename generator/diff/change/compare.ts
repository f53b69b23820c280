/** Locale-independent string order (UTF-16 code units), so output is the same bytes on every machine. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
