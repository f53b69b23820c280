// The library example as a user runs it: `npm run example` in a child process, on a data directory the test owns,
// then once more on the same directory (the generate step is a no-op, history is recovered, values are unchanged).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const repo = join(import.meta.dirname, "..", "..");

function runExample(dataDir: string): string {
  return execFileSync("npm", ["run", "--silent", "example", "--", "--data-dir", dataDir], {
    cwd: repo,
    encoding: "utf8",
  });
}

describe("examples/library", () => {
  it("generates, applies ops in an overlay, collapses, queries derived fields and shows a refusal in history", () => {
    const dataDir = mkdtempSync(join(tmpdir(), "jitos-library-test-"));
    const generatedBefore = readFileSync(join(repo, "examples/library/generated/folds.ts"), "utf8");
    const output = runExample(dataDir);
    expect(output).toContain("generated/ is up to date"); // the checked-in output is what the schema gives
    expect(output).toContain("collapse sws:0: committed=true");
    expect(output).toContain('system: Dune ON_LOAN (borrower "alice"), Emma AVAILABLE, booksOnLoan 1');
    expect(output).toMatch(
      /bob returns Dune in sws:1: FORBIDDEN: .*only the borrower \("alice"\) or a librarian may return it \(rule book.borrower-only/,
    );
    const history = /^history: (.*)$/m.exec(output)?.[1];
    expect(JSON.parse(history!)).toMatchObject({
      type: "policy.deny",
      principal: "bob",
      op: "returnBook",
      rule: "book.borrower-only",
      view: "sws:1",
    });
    expect(output).toContain('reopened (next idx 6): Dune ON_LOAN (borrower "alice"), Emma AVAILABLE, booksOnLoan 1');
    expect(readFileSync(join(repo, "examples/library/generated/folds.ts"), "utf8")).toBe(generatedBefore);

    // Again on the same data directory: the kernel recovers the first run's history and builds on it.
    const again = runExample(dataDir);
    expect(again).toContain("kernel opened on");
    expect(again).toMatch(/next idx 6\b/);
    expect(again).toContain("system: Dune ON_LOAN");
  }, 120_000);
});
