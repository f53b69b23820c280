/** A cell longer than this is cut (with "..."): attrs JSON can be large, and --json prints it whole. */
export const TABLE_CELL_CHARS_MAX = 72;
/** Space between columns. */
const COLUMN_GAP = "  ";

/**
 * A plain-text table: a header row in capitals, then one row per item, columns padded to their widest cell. No
 * colours or box characters, so it reads the same in a terminal, a log and `grep`.
 */
export function renderTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const cells = [headers.map((header) => header.toUpperCase()), ...rows.map((row) => row.map(clip))];
  const widths = headers.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? "").length)));
  return cells
    .map((row) =>
      row
        .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
        .join(COLUMN_GAP)
        .trimEnd(),
    )
    .join("\n");
}

/** `key  value` lines with the keys aligned, for one record (kernel info, one overlay). */
export function renderFields(fields: readonly (readonly [string, string])[]): string {
  const width = Math.max(...fields.map(([key]) => key.length));
  return fields.map(([key, value]) => `${key.padEnd(width)}  ${value}`).join("\n");
}

/** A cell for a value that may be absent. */
export function orDash(value: string | number | null | undefined): string {
  return value === null || value === undefined ? "-" : String(value);
}

/** JSON on one line, for a table cell. */
export function compactJson(value: unknown): string {
  return JSON.stringify(value) ?? "null";
}

function clip(cell: string): string {
  const flat = cell.replace(/\s+/g, " ");
  return flat.length <= TABLE_CELL_CHARS_MAX ? flat : `${flat.slice(0, TABLE_CELL_CHARS_MAX - 3)}...`;
}
