import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DIAGNOSTIC_CODES, formatLocation } from "../diagnostics/index.js";
import { loadProject } from "../load/index.js";

/**
 * One fixture per validation rule: test-vectors/schemas/broken/<case>/ holds the schema files, usually a
 * kinds.yaml, and expected.json listing every diagnostic (code + file:line:col, optionally text the hint or
 * message must contain). Loading must report exactly those, all at once.
 */
const BROKEN = path.resolve(import.meta.dirname, "../../test-vectors/schemas/broken");

interface Expected {
  diagnostics: { code: string; at: string | null; hintIncludes?: string; messageIncludes?: string }[];
}

const cases = readdirSync(BROKEN).sort();

describe("broken schemas", () => {
  it.each(cases)("%s", async (name) => {
    const cwd = path.join(BROKEN, name);
    const expected = JSON.parse(readFileSync(path.join(cwd, "expected.json"), "utf8")) as Expected;
    const result = await loadProject({ cwd, schema: ["."], registry: "kinds.yaml" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnostics.map((d) => ({ code: d.code, at: d.location ? formatLocation(d.location) : null }))).toEqual(
      expected.diagnostics.map(({ code, at }) => ({ code, at })),
    );
    result.diagnostics.forEach((d, i) => {
      const want = expected.diagnostics[i];
      expect(d.severity).toBe("error");
      expect(d.hint, `${d.code} needs a hint saying what to do`).toBeTruthy();
      if (want?.hintIncludes) expect(d.hint).toContain(want.hintIncludes);
      if (want?.messageIncludes) expect(d.message).toContain(want.messageIncludes);
    });
  });

  it("covers every rule that can fire on files (the rest are covered in load.test.ts)", () => {
    const covered = new Set(
      cases.flatMap((name) => (JSON.parse(readFileSync(path.join(BROKEN, name, "expected.json"), "utf8")) as Expected).diagnostics.map((d) => d.code)),
    );
    const notFileRules = ["WESLEY_NO_SCHEMA_FILES", "WESLEY_SCHEMA_PATTERN_UNMATCHED", "WESLEY_FILE_UNREADABLE", "WESLEY_REGISTRY_NOT_FOUND"];
    const uncovered = Object.keys(DIAGNOSTIC_CODES).filter((code) => !covered.has(code) && !notFileRules.includes(code));
    expect(uncovered).toEqual([]);
  });
});
