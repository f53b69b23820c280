// Ctrl-C (or `kill`) while `wesley build` writes its output: the real CLI is interrupted at the moment its temp
// folder appears, and must leave the previous output exactly as it was and no temp folder behind.
import { once } from "node:events";
import { existsSync, readdirSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collect, runWesley, snapshotFolder, startWesley } from "../../test/cli/wesley-process.js";

/** Enough types that writing the output (a few MB, each file fsynced) takes tens of milliseconds, not microseconds. */
const BIG_SCHEMA_TYPES = 2_500;
/** How often the test looks for the build's temp folder. */
const POLL_INTERVAL_MS = 1;
const TEST_TIMEOUT_MS = 120_000;

let project: string;

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), "wesley-interrupt-"));
  await mkdir(join(project, "schema"));
});
afterAll(async () => {
  await rm(project, { recursive: true, force: true });
});

function bigSchema(): string {
  let sdl = "type Query { hello: String }\n";
  for (let i = 0; i < BIG_SCHEMA_TYPES; i += 1) {
    sdl += `type Thing${i} { id: ID!, name: String! @constraint(minLength: 1), tags: [String!], score: Float }\n`;
    sdl += `input ThingInput${i} { name: String!, count: Int }\n`;
  }
  return sdl;
}

/** Every file the manifest lists is there and nothing else: a finished build, not a mix of two. */
async function isCompleteOutput(): Promise<boolean> {
  const out = join(project, "generated");
  const manifest = JSON.parse(await readFile(join(out, "manifest.json"), "utf8")) as { files: { path: string }[] };
  const listed = [...manifest.files.map((file) => file.path), "manifest.json"].sort();
  return JSON.stringify(readdirSync(out).sort()) === JSON.stringify(listed);
}

const leftovers = (): string[] => readdirSync(project).filter((name) => name.includes(".wesley-"));

describe("interrupting wesley build while it writes", () => {
  it(
    "SIGINT and SIGTERM leave the previous output untouched and no temp folder",
    async () => {
      await writeFile(join(project, "schema/app.graphql"), "type Query { hello: String }\n");
      expect((await runWesley(["build", "--target", "jitos"], project)).code).toBe(0);
      const before = await snapshotFolder(join(project, "generated"));
      await writeFile(join(project, "schema/app.graphql"), bigSchema());

      for (const signal of ["SIGINT", "SIGTERM"] as const) {
        const child = startWesley(["build", "--target", "jitos", "--no-cache"], project);
        const result = collect(child);
        const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
        let sent = false;
        const poll = setInterval(() => {
          if (!sent && leftovers().some((name) => name.includes("wesley-tmp"))) {
            sent = child.kill(signal);
          }
        }, POLL_INTERVAL_MS);
        const [code, killedBy] = await exited;
        clearInterval(poll);
        await result;
        expect(sent, "the temp folder never appeared").toBe(true);
        expect({ code, killedBy }).toEqual({ code: null, killedBy: signal });
        expect(leftovers()).toEqual([]);
        expect(existsSync(join(project, "generated"))).toBe(true);
        const after = await snapshotFolder(join(project, "generated"));
        // A signal landing during the renames lets the swap finish: then the new output is there, complete.
        if (JSON.stringify(after) !== JSON.stringify(before)) expect(await isCompleteOutput()).toBe(true);
      }
    },
    TEST_TIMEOUT_MS,
  );
});

/** Folds enough that creating their reducer scaffolds (one fsynced file each) takes a second or more. */
const MANY_FOLDS = 600;
/** Interrupt once this many scaffolds exist: mid-way through creating them. */
const SCAFFOLDS_BEFORE_SIGNAL = 50;

describe("interrupting wesley build while it creates fold scaffolds", () => {
  it(
    "leaves no half-created scaffold temp file in the user's schema folder",
    async () => {
      const dir = await mkdtemp(join(tmpdir(), "wesley-interrupt-scaffolds-"));
      try {
        await mkdir(join(dir, "schema"));
        let fields = "";
        for (let i = 0; i < MANY_FOLDS; i += 1) fields += `  f${i}: Int @derived(fold: "fold${i}")\n`;
        await writeFile(
          join(dir, "schema/app.graphql"),
          `type Query { x: Int }\ntype Task @node {\n  id: ID!\n${fields}}\n`,
        );
        await writeFile(join(dir, "schema/kinds.yaml"), "registry: many\nversion: 1\nnodes:\n  Task: 1\n");
        const folds = join(dir, "schema/folds");

        const child = startWesley(["build", "--target", "jitos", "--no-cache"], dir);
        const result = collect(child);
        const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
        let sent = false;
        const poll = setInterval(() => {
          if (!sent && existsSync(folds) && readdirSync(folds).length >= SCAFFOLDS_BEFORE_SIGNAL) {
            sent = child.kill("SIGINT");
          }
        }, POLL_INTERVAL_MS);
        const [code, killedBy] = await exited;
        clearInterval(poll);
        await result;
        expect(sent, "scaffolds were never being created").toBe(true);
        expect({ code, killedBy }).toEqual({ code: null, killedBy: "SIGINT" });
        expect(readdirSync(folds).filter((name) => !/^fold\d+\.ts$/.test(name))).toEqual([]);
        expect(readdirSync(folds).length).toBeLessThan(MANY_FOLDS);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
    TEST_TIMEOUT_MS,
  );
});
