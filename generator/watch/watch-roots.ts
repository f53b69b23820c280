import { isAbsolute, join } from "node:path";

const GLOB_CHARACTERS = /[*?[\]{}()!]/;

/**
 * The paths to hand to the file watcher for a list of files, folders and globs. chokidar 4 dropped glob support,
 * so a glob is watched through its static base folder (`schema/**\/*.graphql` -> `schema`) and new files matching it
 * are found because the whole folder is watched. Sorted and de-duplicated, absolute.
 */
export function watchRoots(cwd: string, patterns: readonly string[]): string[] {
  const roots = patterns.map((pattern) => {
    const absolute = isAbsolute(pattern) ? pattern : join(cwd, pattern);
    return staticBase(absolute);
  });
  return [...new Set(roots)].sort();
}

function staticBase(path: string): string {
  const segments = path.split(/[\\/]/);
  const firstGlob = segments.findIndex((segment) => GLOB_CHARACTERS.test(segment));
  if (firstGlob === -1) return path;
  const base = segments.slice(0, firstGlob).join("/");
  return base === "" ? "/" : base;
}
