import { appendFile, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { collect, kernelSchemaProject, snapshotFolder, startWesley } from "./wesley-process.js";

/** Longest we wait for one status line; a rebuild of the kernel schema takes well under a second. */
const STATUS_LINE_WAIT_MS = 30_000;

let project: string;

beforeEach(async () => {
  project = await kernelSchemaProject();
});
afterEach(async () => {
  await rm(project, { recursive: true, force: true });
});

/** Resolves with everything read so far once `pattern` appears in the stream after `from` characters. */
function waitFor(stream: Readable, pattern: RegExp, seen: { text: string }, from: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (pattern.test(seen.text.slice(from))) {
        clearTimeout(timer);
        stream.off("data", check);
        resolve(seen.text);
      }
    };
    const timer = setTimeout(() => {
      stream.off("data", check);
      reject(new Error(`no ${pattern} within ${STATUS_LINE_WAIT_MS} ms; output so far:\n${seen.text}`));
    }, STATUS_LINE_WAIT_MS);
    stream.on("data", check);
    check();
  });
}

describe("wesley build --watch (end to end)", () => {
  it("rebuilds on change, keeps the last good output while the schema is broken, and stops on SIGINT", async () => {
    const child = startWesley(["build", "--target", "jitos", "--watch"], project);
    const done = collect(child);
    const seen = { text: "" };
    const both = [child.stdout, child.stderr] as Readable[];
    for (const stream of both) stream.on("data", (chunk: Buffer) => (seen.text += chunk.toString("utf8")));
    const stdout = child.stdout as Readable;
    try {
      await waitFor(stdout, /watching .*schema.* for changes/, seen, 0);
      expect(seen.text).toMatch(/^wrote \d+ files to generated\//);

      // A valid change: rebuilt, with a status line naming the file and the timing.
      let mark = seen.text.length;
      await appendFile(join(project, "schema/jitos.graphql"), '\n"A note."\ntype Note { id: ID! text: String! }\n');
      await waitFor(stdout, /wrote \d+ files to generated\/ in \d+ ms/, seen, mark);
      expect(seen.text.slice(mark)).toContain("change in schema/jitos.graphql; rebuilding");
      expect(await readFile(join(project, "generated/types.ts"), "utf8")).toContain("Note");
      const good = await snapshotFolder(join(project, "generated"));

      // A broken change: errors printed, output kept as it was.
      mark = seen.text.length;
      await writeFile(join(project, "schema/ops.graphql"), "type Broken {\n");
      await waitFor(child.stderr as Readable, /kept the last good output in generated\//, seen, mark);
      expect(seen.text.slice(mark)).toMatch(/schema\/ops\.graphql:\d+:\d+: error WESLEY_SYNTAX_ERROR/);
      expect(await snapshotFolder(join(project, "generated"))).toEqual(good);
    } finally {
      child.kill("SIGINT");
    }
    const result = await done;
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/stopped watching\n$/);
  });
});
