import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLIENT_DIAGNOSTIC_CODES } from "./index.js";
import { CLIENT_VECTORS, loadFixture, REPO_ROOT } from "./testing/client-project.js";

interface ExpectedDiagnostic {
  readonly code: string;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
}
interface DiagnosticCase {
  readonly name: string;
  readonly schema: readonly string[];
  readonly documents: readonly string[];
  readonly diagnostics: readonly ExpectedDiagnostic[];
}

const vectors = JSON.parse(readFileSync(join(REPO_ROOT, CLIENT_VECTORS, "expected-diagnostics.json"), "utf8")) as {
  cases: DiagnosticCase[];
};

describe("operation documents: every error at once, located (test-vectors/client/expected-diagnostics.json)", () => {
  for (const vector of vectors.cases) {
    it(vector.name, async () => {
      const outcome = await loadFixture(vector.schema, vector.documents);
      if (outcome.ok) throw new Error("expected diagnostics, got a valid operation set");
      const found = outcome.diagnostics.map((d) => ({
        code: d.code,
        ...(d.location === undefined
          ? {}
          : { file: d.location.file, line: d.location.line, column: d.location.column }),
      }));
      const byPlace = (a: ExpectedDiagnostic, b: ExpectedDiagnostic) =>
        JSON.stringify([a.file ?? "", a.line ?? 0, a.column ?? 0, a.code]).localeCompare(
          JSON.stringify([b.file ?? "", b.line ?? 0, b.column ?? 0, b.code]),
        );
      expect([...found].sort(byPlace)).toEqual([...vector.diagnostics].sort(byPlace));
      for (const diagnostic of outcome.diagnostics) {
        expect(Object.keys(CLIENT_DIAGNOSTIC_CODES)).toContain(diagnostic.code);
        expect(diagnostic.hint, diagnostic.message).toBeTruthy();
      }
    });
  }

  it("names both operations of a collision and the method they share", async () => {
    const outcome = await loadFixture(
      [`${CLIENT_VECTORS}/collisions/schema.graphql`],
      [`${CLIENT_VECTORS}/collisions/operations.graphql`],
    );
    if (outcome.ok) throw new Error("expected diagnostics");
    expect(outcome.diagnostics.map((d) => d.message)).toContain(
      `Operations "getTask" (${CLIENT_VECTORS}/collisions/operations.graphql:1:1) and "GetTask" both become client.getTask().`,
    );
  });
});
