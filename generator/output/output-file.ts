/**
 * One file of a build's output: a path relative to the output folder (always `/`-separated, never absolute, never
 * escaping the folder) and the exact bytes to write. The bytes are kept (not a string) so hashing, comparing and
 * writing never re-encode.
 */
export interface OutputFile {
  readonly path: string;
  readonly bytes: Uint8Array;
}

const textEncoder = new TextEncoder();

export function outputFileFromText(path: string, contents: string): OutputFile {
  return { path, bytes: textEncoder.encode(contents) };
}

/** Byte-order comparison of paths: the same on every machine and locale (unlike `localeCompare`). */
export function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Why a path an emitter produced cannot be written, or undefined when it is fine. Emitters are ours, so a bad path is
 * a generator bug; checking here keeps such a bug from writing outside the output folder.
 */
export function invalidOutputPathReason(path: string): string | undefined {
  if (path.length === 0) return "is empty";
  if (path.includes("\\")) return "contains a backslash (use `/`)";
  if (path.startsWith("/") || /^[A-Za-z]:/.test(path)) return "is absolute";
  if (path.split("/").some((segment) => segment === "" || segment === "." || segment === "..")) {
    return "has an empty, `.` or `..` segment";
  }
  return undefined;
}
