import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** A schema is a handful of files; a ref that lists more under the schema paths is almost surely a wrong path. */
const SCHEMA_FILES_MAX = 10_000;
/** Upper bound on one `git` answer (listing or blob), in bytes. */
const GIT_OUTPUT_BYTES_MAX = 256 * 1024 * 1024;

/** A problem reading the base from git; the CLI reports it as an input error (exit 2). */
export class GitRefError extends Error {
  override readonly name = "GitRefError";
}

export interface MaterializedRef {
  /** A temp folder holding the ref's copies of `paths`, at the same relative paths as in the working tree. */
  readonly dir: string;
  /** How many files were copied. */
  readonly files: number;
  readonly dispose: () => Promise<void>;
}

/**
 * Copies the files under `paths` (relative to `cwd`) as they are at `ref` into a temp folder, reading blobs with
 * `git ls-tree` + `git show` so the working tree, the index and HEAD stay untouched (CI checkouts are often
 * shallow or detached; a checkout would also race the person's editor).
 */
export async function materializeRef(cwd: string, ref: string, paths: readonly string[]): Promise<MaterializedRef> {
  const commit = await git(cwd, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]).catch(async (error) => {
    throw new GitRefError(await whyRefIsUnreadable(cwd, ref, error));
  });
  const listing = await git(cwd, ["ls-tree", "-r", "-z", "--name-only", commit.trim(), "--", ...paths]);
  const files = listing.split("\0").filter((name) => name !== "");
  if (files.length > SCHEMA_FILES_MAX) {
    throw new GitRefError(
      `${files.length} files under ${paths.join(", ")} at ${ref}; at most ${SCHEMA_FILES_MAX} are read.`,
    );
  }
  const dir = await mkdtemp(join(tmpdir(), "wesley-diff-base-"));
  try {
    for (const file of files) {
      // ls-tree prints paths relative to cwd; `<commit>:./<path>` resolves them the same way.
      const blob = await gitBytes(cwd, ["show", `${commit.trim()}:./${file}`]);
      await mkdir(dirname(join(dir, file)), { recursive: true });
      await writeFile(join(dir, file), blob);
    }
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return { dir, files: files.length, dispose: () => rm(dir, { recursive: true, force: true }) };
}

/** "Ref not found" is only right inside a repository; outside one, or without git, say what is really wrong. */
async function whyRefIsUnreadable(cwd: string, ref: string, error: unknown): Promise<string> {
  if ((error as NodeJS.ErrnoException).code === "ENOENT") {
    return `--base needs git, which is not installed or not on PATH. Compare two folders instead: wesley diff <old> <new>.`;
  }
  const inRepository = await git(cwd, ["rev-parse", "--git-dir"]).then(
    () => true,
    () => false,
  );
  if (!inRepository) {
    return `${cwd} is not inside a git repository, so --base ${ref} has nothing to read. Run it from your repository, or compare two folders: wesley diff <old> <new>.`;
  }
  return `git ref "${ref}" not found in ${cwd}. ${await howToFetch(cwd, ref)}`;
}

/** The fetch that would bring `ref` in: `origin/main` is branch main of remote origin, not a ref to fetch. */
async function howToFetch(cwd: string, ref: string): Promise<string> {
  if (/[~^@:]/.test(ref)) {
    return "Fetch more history first (in CI: actions/checkout with fetch-depth: 0, or git fetch --unshallow).";
  }
  const remotes = (await git(cwd, ["remote"]).catch(() => "")).split("\n").filter((name) => name !== "");
  const slash = ref.indexOf("/");
  const remote = slash > 0 ? ref.slice(0, slash) : undefined;
  const fetch =
    remote !== undefined && (remotes.includes(remote) || remote === "origin")
      ? `git fetch ${remote} ${ref.slice(slash + 1)}`
      : `git fetch origin ${ref}`;
  return `Fetch it first (in CI: actions/checkout with fetch-depth: 0, or ${fetch}).`;
}

async function git(cwd: string, args: readonly string[]): Promise<string> {
  const { stdout } = await run("git", args, { cwd, maxBuffer: GIT_OUTPUT_BYTES_MAX, encoding: "utf8" });
  return stdout;
}

async function gitBytes(cwd: string, args: readonly string[]): Promise<Buffer> {
  const { stdout } = await run("git", args, { cwd, maxBuffer: GIT_OUTPUT_BYTES_MAX, encoding: "buffer" });
  return stdout;
}
