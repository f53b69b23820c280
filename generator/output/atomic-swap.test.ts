import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { recoverInterruptedSwap, writeOutDirAtomically } from "./atomic-swap.js";
import { outputFileFromText } from "./output-file.js";

let parent: string;
let out: string;
/** The pid of a process that has exited, as a build killed mid-swap would leave in its folder names. */
let deadPid: number;

beforeEach(async () => {
  parent = await mkdtemp(join(tmpdir(), "wesley-swap-"));
  out = join(parent, "generated");
  deadPid = spawnSync(process.execPath, ["-e", "0"]).pid as number;
});
afterEach(async () => {
  await rm(parent, { recursive: true, force: true });
});

describe("writeOutDirAtomically", () => {
  it("replaces the whole folder, creating nested folders, and leaves no siblings behind", async () => {
    await mkdir(out);
    await writeFile(join(out, "old.ts"), "old\n");
    await writeOutDirAtomically(out, [outputFileFromText("a/b/c.ts", "c\n"), outputFileFromText("index.ts", "i\n")]);
    expect(await readFile(join(out, "a/b/c.ts"), "utf8")).toBe("c\n");
    expect((await readdir(out)).sort()).toEqual(["a", "index.ts"]);
    expect(await readdir(parent)).toEqual(["generated"]);
  });

  it("leaves the existing folder untouched when writing fails part-way", async () => {
    await mkdir(out);
    await writeFile(join(out, "keep.ts"), "keep\n");
    // Two files at one path: the second open fails after the first was written to the temp folder.
    const clash = [outputFileFromText("x.ts", "1\n"), outputFileFromText("x.ts", "2\n")];
    await expect(writeOutDirAtomically(out, clash)).rejects.toThrow(/EEXIST/);
    expect(await readdir(out)).toEqual(["keep.ts"]);
    expect(await readdir(parent)).toEqual(["generated"]);
  });
});

describe("recoverInterruptedSwap", () => {
  it("restores the old folder when a build died between the two renames", async () => {
    const old = join(parent, `.generated.wesley-old-${deadPid}`);
    await mkdir(old);
    await writeFile(join(old, "index.ts"), "last good\n");
    await mkdir(join(parent, `.generated.wesley-tmp-${deadPid}`));
    await recoverInterruptedSwap(out);
    expect(await readFile(join(out, "index.ts"), "utf8")).toBe("last good\n");
    expect(await readdir(parent)).toEqual(["generated"]);
  });

  it("deletes an old folder left after a completed swap, keeping the new output", async () => {
    await mkdir(out);
    await writeFile(join(out, "index.ts"), "new\n");
    await mkdir(join(parent, `.generated.wesley-old-${deadPid}`));
    await recoverInterruptedSwap(out);
    expect(await readdir(parent)).toEqual(["generated"]);
    expect(await readFile(join(out, "index.ts"), "utf8")).toBe("new\n");
  });

  it("leaves the folders of a build that is still running alone", async () => {
    const live = join(parent, `.generated.wesley-tmp-${process.ppid}`);
    await mkdir(live);
    await recoverInterruptedSwap(out);
    expect(await readdir(parent)).toEqual([`.generated.wesley-tmp-${process.ppid}`]);
  });
});
