import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CHANGE_TYPES } from "./change/change-types.js";
import { runDiff } from "./testing/run-in-process.js";

const VECTORS = join(import.meta.dirname, "../../test-vectors/diff");
const cases = readdirSync(VECTORS, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

interface Expected {
  changes: { type: string; severity: string }[];
  summary: { breaking: number };
}

function expectedOf(name: string): Expected {
  return JSON.parse(readFileSync(join(VECTORS, name, "expected.json"), "utf8")) as Expected;
}

describe("test-vectors/diff", () => {
  it.each(cases)("%s: output equals expected.json", async (name) => {
    const run = await runDiff(join(VECTORS, name), { old: "old", new: "new", format: "json" });
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual(expectedOf(name));
    expect(run.code).toBe(expectedOf(name).summary.breaking > 0 ? 1 : 0);
  });

  it("a folder named after a change type reports that type", () => {
    for (const name of cases) {
      const type = name.toUpperCase().replace(/-/g, "_");
      if (type in CHANGE_TYPES)
        expect(
          expectedOf(name).changes.map((c) => c.type),
          name,
        ).toContain(type);
    }
  });

  it("every change type is documented in docs/diff.md with its severity", () => {
    const docs = readFileSync(join(VECTORS, "../../docs/diff.md"), "utf8");
    for (const [type, info] of Object.entries(CHANGE_TYPES)) {
      // Table cells may be padded (prettier aligns markdown tables).
      expect(docs, type).toMatch(new RegExp(`\\| \`${type}\` +\\| ${info.severity} +\\| ${info.category} +\\|`));
    }
  });

  it("every change type has a vector", () => {
    const covered = new Set(cases.flatMap((name) => expectedOf(name).changes.map((c) => c.type)));
    expect(Object.keys(CHANGE_TYPES).filter((type) => !covered.has(type))).toEqual([]);
  });
});
