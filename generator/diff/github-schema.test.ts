import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildSchema, findBreakingChanges, findDangerousChanges } from "graphql";
import { describe, expect, it } from "vitest";
import { runDiff } from "./testing/run-in-process.js";

const ROOT = join(import.meta.dirname, "../..");
const GITHUB_14 = "node_modules/octokit-schema-14/schema.graphql";
const GITHUB_15 = "node_modules/@octokit/graphql-schema/schema.graphql";

interface Reported {
  type: string;
  severity: string;
  coordinate: string;
  location: { file: string; line: number };
}

/**
 * graphql-js describes changes in prose; its sentences name the coordinate's parts. Each of its findings must be
 * one of ours with the same type and severity, and the coordinate's names must all appear in its description.
 */
function reportedFor(found: { type: string; description: string }, ours: readonly Reported[]): Reported[] {
  return ours.filter(
    (c) =>
      c.type === found.type &&
      c.coordinate
        .split(/[.():@]+/)
        .filter((part) => part !== "")
        .every((part) => found.description.includes(part)),
  );
}

describe("GitHub's public schema, 14.58.0 -> 15.25.0", () => {
  it("reports everything graphql-js findBreakingChanges / findDangerousChanges find, with the same verdict", async () => {
    const before = buildSchema(readFileSync(join(ROOT, GITHUB_14), "utf8"));
    const after = buildSchema(readFileSync(join(ROOT, GITHUB_15), "utf8"));
    const breaking = findBreakingChanges(before, after);
    const dangerous = findDangerousChanges(before, after);
    expect(breaking.length).toBeGreaterThan(0);

    const run = await runDiff(ROOT, { old: GITHUB_14, new: GITHUB_15, format: "json" });
    expect(run.code).toBe(1);
    const ours = (JSON.parse(run.stdout) as { changes: Reported[] }).changes;

    for (const found of breaking) {
      const matches = reportedFor(found, ours);
      expect(matches, found.description).not.toHaveLength(0);
      for (const match of matches) expect(match.severity, found.description).toBe("breaking");
    }
    for (const found of dangerous) {
      const matches = reportedFor(found, ours);
      expect(matches, found.description).not.toHaveLength(0);
      for (const match of matches) expect(match.severity, found.description).toBe("dangerous");
    }
    for (const change of ours) {
      expect([GITHUB_14, GITHUB_15]).toContain(change.location.file);
      expect(change.location.line).toBeGreaterThan(0);
    }
  });
});
