/**
 * User files the build creates once and never overwrites (docs/adr/0090-fold-and-policy-scaffolds.md): reducer
 * files under `<scaffolds>/folds/` and the predicate file `<scaffolds>/policy.ts`. `--check` neither creates nor
 * compares them. A reducer file whose fold left the schema is an orphan: the build stops and names it, because
 * silently keeping dead user code (or deleting user code) are both worse than asking.
 */
import { constants } from "node:fs";
import { link, mkdir, open, readdir, unlink } from "node:fs/promises";
import { dirname, join, posix, relative, resolve, sep } from "node:path";
import type { Diagnostic } from "./generator-ports.js";
import { withInterruptsHeld } from "./interrupt-guard.js";
import type { InterruptGuard } from "./interrupt-guard.js";

/** The folder holding reducer files inside the scaffold folder. */
export const FOLD_SCAFFOLD_DIR = "folds";

export interface ScaffoldFileText {
  readonly path: string;
  readonly contents: string;
}

/** Relative import paths between the output folder and the scaffold folder (always starting with "./" or "../"). */
export function scaffoldLayout(
  outDir: string,
  scaffoldDir: string,
): { scaffoldsFromOut: string; outFromScaffolds: string } {
  return { scaffoldsFromOut: importPath(outDir, scaffoldDir), outFromScaffolds: importPath(scaffoldDir, outDir) };
}

function importPath(from: string, to: string): string {
  const path = relative(from, to).split(sep).join(posix.sep);
  if (path === "") return ".";
  return path.startsWith("../") || path === ".." ? path : `./${path}`;
}

/** Reducer files in `<scaffoldDir>/folds/` that no fold of the schema calls for, as located errors. */
export async function findOrphanScaffolds(
  scaffoldDir: string,
  expected: readonly ScaffoldFileText[],
  shown: (path: string) => string,
): Promise<Diagnostic[]> {
  const foldDir = join(scaffoldDir, FOLD_SCAFFOLD_DIR);
  const names = await readdir(foldDir).catch(() => [] as string[]);
  const wanted = new Set(expected.map((file) => file.path));
  return names
    .filter((name) => name.endsWith(".ts") && !name.endsWith(".d.ts") && !wanted.has(`${FOLD_SCAFFOLD_DIR}/${name}`))
    .sort()
    .map((name) => {
      const fold = name.slice(0, -".ts".length);
      const file = shown(join(foldDir, name));
      return {
        code: "WESLEY_ORPHAN_FOLD",
        severity: "error" as const,
        message: `${file} is the reducer of fold "${fold}", but no @derived(fold: "${fold}") is left in the schema.`,
        hint: `Delete ${file} if the fold is gone for good (move its logic elsewhere first if you need it), or restore the @derived field.`,
        location: { file, line: 1, column: 1 },
      };
    });
}

/**
 * Creates each scaffold that does not exist yet (write to a temp file, fsync, then link it into place only if the
 * name is still free), and returns the paths it created. An existing file is never touched, whatever it holds.
 */
export async function createMissingScaffolds(
  scaffoldDir: string,
  files: readonly ScaffoldFileText[],
): Promise<string[]> {
  // Ctrl-C between two files stops here; within one, that file's temp is linked or removed first (never left over).
  return withInterruptsHeld((guard) => createScaffoldFiles(scaffoldDir, files, guard));
}

async function createScaffoldFiles(
  scaffoldDir: string,
  files: readonly ScaffoldFileText[],
  guard: InterruptGuard,
): Promise<string[]> {
  const created: string[] = [];
  for (const file of files) {
    if (guard.interrupted()) break;
    const target = resolve(scaffoldDir, file.path);
    await mkdir(dirname(target), { recursive: true });
    const temp = `${target}.wesley-new-${process.pid}`;
    const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC, 0o644);
    try {
      await handle.writeFile(file.contents);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      // O_EXCL semantics for a rename: link fails with EEXIST when the user's file is there.
      await link(temp, target);
      created.push(file.path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") {
        await unlink(temp).catch(() => undefined);
        throw error;
      }
    }
    await unlink(temp).catch(() => undefined);
  }
  return created;
}

/** Listing of the scaffold folder's files for the build stamp: a deleted or added scaffold forces a full build. */
export async function scaffoldListing(scaffoldDir: string): Promise<string> {
  const folds = await readdir(join(scaffoldDir, FOLD_SCAFFOLD_DIR)).catch(() => [] as string[]);
  const policy = await readdir(scaffoldDir).then(
    (names) => names.includes("policy.ts"),
    () => false,
  );
  return `${[...folds].sort().join(",")};policy=${policy}`;
}
