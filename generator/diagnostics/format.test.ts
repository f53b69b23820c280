import { describe, expect, it } from "vitest";
import { error, warning } from "./diagnostic.js";
import { formatDiagnostics } from "./format.js";
import { didYouMean } from "./suggest.js";

const SOURCE = ["type Task {", "  id: ID!", "\ttitle: Strng", "}"].join("\n");
const read = (file: string) => (file === "schema/a.graphql" ? SOURCE : undefined);

describe("formatDiagnostics", () => {
  it("prints file:line:col, the code, a frame with a caret under the column, and the hint", () => {
    const out = formatDiagnostics([error("WESLEY_UNKNOWN_TYPE", 'Unknown type "Strng".', { file: "schema/a.graphql", line: 3, column: 9 }, 'Did you mean "String"?')], read);
    expect(out).toBe(
      [
        'schema/a.graphql:3:9: error WESLEY_UNKNOWN_TYPE: Unknown type "Strng".',
        "  2 |   id: ID!",
        "> 3 | \ttitle: Strng",
        "    | \t       ^",
        "  4 | }",
        '  hint: Did you mean "String"?',
        "",
      ].join("\n"),
    );
  });

  it("sorts by place, leaves out the frame when the source is unknown, and separates entries", () => {
    const out = formatDiagnostics(
      [
        warning("WESLEY_INVALID_SCHEMA", "later", { file: "schema/b.graphql", line: 1, column: 1 }),
        error("WESLEY_DUPLICATE_TYPE", "earlier", { file: "schema/a.graphql", line: 1, column: 6 }),
        error("WESLEY_NO_SCHEMA_FILES", "nowhere"),
      ],
      read,
    );
    const blocks = out.trimEnd().split("\n\n");
    expect(blocks.map((b) => b.split("\n")[0])).toEqual([
      "error WESLEY_NO_SCHEMA_FILES: nowhere",
      "schema/a.graphql:1:6: error WESLEY_DUPLICATE_TYPE: earlier",
      "schema/b.graphql:1:1: warning WESLEY_INVALID_SCHEMA: later",
    ]);
    expect(blocks[2]).toBe("schema/b.graphql:1:1: warning WESLEY_INVALID_SCHEMA: later");
  });

  it("colours only when asked", () => {
    const d = [error("WESLEY_DUPLICATE_TYPE", "x", { file: "schema/a.graphql", line: 1, column: 1 }, "fix it")];
    expect(formatDiagnostics(d, read)).not.toContain("\x1b[");
    expect(formatDiagnostics(d, read, { color: true })).toContain("\x1b[31m");
  });

  it("returns an empty string for no diagnostics", () => {
    expect(formatDiagnostics([], read)).toBe("");
  });
});

describe("didYouMean", () => {
  it("suggests close names, counting a swap of neighbours as one edit", () => {
    expect(didYouMean("Tsak", ["Task", "Project"])).toBe('Did you mean "Task"?');
    expect(didYouMean("strng", ["String", "Int"])).toBe('Did you mean "String"?');
    expect(didYouMean("Zebra", ["Task", "Project"])).toBe("");
  });
});
