/**
 * What a user reads when a generated validator rejects a value: one issue per missing property, and a failed
 * union (nullable field, enum, GraphQL union or interface, @oneOf input) saying what it accepts instead of TypeBox's
 * bare "Expected union value". Other TypeBox messages pass through unchanged.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buildProject, importEmitted, REPO_ROOT, writeProject } from "./testing/emitted-project.js";

interface ValidationIssue {
  readonly path: string;
  readonly message: string;
}
type Validate = (value: unknown) => { ok: true } | { ok: false; errors: readonly ValidationIssue[] };
type ValidatorsModule = Readonly<Record<string, Validate>>;

const SHAPES_DIR = join(REPO_ROOT, "test-vectors/schemas/adversarial/shapes");
const LONG_ENUM = "EnumWithManyValuesSoThatTheGeneratedUnionOfStringLiterals" + "MustBreakAcrossSeveralLines";

/** More values than an issue names (the emitted $ALTERNATIVES_NAMED_MAX is 10). */
const MANY_VALUES = Array.from({ length: 13 }, (_, i) => `V${String(i).padStart(2, "0")}`);

let kernel: ValidatorsModule;
let shapes: ValidatorsModule;
let manyValues: ValidatorsModule;

beforeAll(async () => {
  const kernelProject = await buildProject(
    [join(REPO_ROOT, "schema/jitos.graphql"), join(REPO_ROOT, "schema/ops.graphql")],
    join(REPO_ROOT, "schema/kinds.yaml"),
  );
  kernel = await importEmitted(writeProject("validator-messages-kernel", kernelProject.files), "validators.ts");
  const shapesProject = await buildProject([join(SHAPES_DIR, "schema.graphql")], join(SHAPES_DIR, "kinds.yaml"));
  shapes = await importEmitted(writeProject("validator-messages-shapes", shapesProject.files), "validators.ts");
  const schemaDir = join(REPO_ROOT, ".tmp", "validator-messages-schema");
  mkdirSync(schemaDir, { recursive: true });
  const schemaPath = join(schemaDir, "schema.graphql");
  writeFileSync(schemaPath, `enum Many {\n  ${MANY_VALUES.join("\n  ")}\n}\n\ntype Query {\n  many: Many\n}\n`);
  const manyProject = await buildProject([schemaPath]);
  manyValues = await importEmitted(writeProject("validator-messages-many", manyProject.files), "validators.ts");
});

function issues(validators: ValidatorsModule, name: string, value: unknown): readonly ValidationIssue[] {
  const validate = validators[name];
  if (validate === undefined) throw new Error(`no ${name} in validators.ts`);
  const result = validate(value);
  return result.ok ? [] : result.errors;
}

/** A Person every field of which is valid; tests break one field at a time. */
function person(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: "p1",
    name: "Ada",
    friends: [],
    employer: null,
    matrix: null,
    age: null,
    score: null,
    tags: null,
    ...overrides,
  };
}

describe("generated validator messages", () => {
  it("reports a missing required property once, at its path", () => {
    expect(issues(kernel, "validateCreateTaskInput", { title: "x" })).toEqual([
      { path: "/intent", message: "Required property is missing" },
    ]);
    expect(issues(kernel, "validateCreateTaskInput", {})).toEqual([
      { path: "/intent", message: "Required property is missing" },
      { path: "/title", message: "Required property is missing" },
    ]);
    // A nullable field of an object type must be present (it may be null): missing, it is still one issue.
    const { employer: _omitted, ...withoutEmployer } = person();
    expect(issues(shapes, "validatePerson", withoutEmployer)).toEqual([
      { path: "/employer", message: "Required property is missing" },
    ]);
  });

  it("names the accepted type and range of a nullable field given a wrong value", () => {
    const priority = (value: unknown) =>
      issues(kernel, "validateCreateTaskInput", { title: "x", intent: "y", priority: value });
    expect(priority("high")).toEqual([{ path: "/priority", message: "Expected integer, or null" }]);
    expect(priority(1.5)).toEqual([{ path: "/priority", message: "Expected integer, or null" }]);
    expect(priority(101)).toEqual([
      { path: "/priority", message: "Expected integer to be less or equal to 100, or null" },
    ]);
    expect(priority(-1)).toEqual([
      { path: "/priority", message: "Expected integer to be greater or equal to 0, or null" },
    ]);
    expect(priority(null)).toEqual([]);
  });

  it("reports the inner issues of a nullable object at their own paths", () => {
    expect(issues(shapes, "validatePerson", person({ employer: "Acme" }))).toEqual([
      { path: "/employer", message: "Expected object, or null" },
    ]);
    const company = { id: "c1", employees: [], parent: null, founded: 1900 };
    expect(issues(shapes, "validatePerson", person({ employer: company }))).toEqual([
      { path: "/employer/founded", message: "Unexpected property" },
    ]);
    expect(issues(shapes, "validatePerson", person({ tags: ["a", 7] }))).toEqual([
      { path: "/tags/1", message: "Expected string" },
    ]);
  });

  it("lists an enum's values, the first ten of a long one", () => {
    expect(issues(shapes, `validate${LONG_ENUM}`, "ZULU")).toEqual([
      {
        path: "",
        message:
          'Expected one of "ALPHA_VALUE_NUMBER_ONE", "BRAVO_VALUE_NUMBER_TWO", "CHARLIE_VALUE_NUMBER_THREE", ' +
          '"DELTA_VALUE_NUMBER_FOUR", "ECHO_VALUE_NUMBER_FIVE"',
      },
    ]);
    expect(issues(kernel, "validateTaskState", "queued")).toEqual([
      { path: "", message: 'Expected one of "CANCELLED", "DONE", "FAILED", "QUEUED", "RUNNING"' },
    ]);
    const named = MANY_VALUES.slice(0, 10).map((value) => JSON.stringify(value));
    expect(issues(manyValues, "validateMany", "V99")).toEqual([
      { path: "", message: `Expected one of ${named.join(", ")} and 3 more` },
    ]);
  });

  it("names the member types of a union and the implementations of an interface", () => {
    expect(issues(shapes, "validateEntity", 42)).toEqual([
      { path: "", message: "Expected one of the types Company, Person" },
    ]);
    expect(issues(shapes, "validateNode", { id: "n" })).toEqual([
      { path: "", message: "Expected one of the types Company, Person" },
    ]);
  });

  it("explains a @oneOf input: the one field given, or which fields it may have", () => {
    const oneOf = "Expected an object with exactly one of the properties byId, byName";
    expect(issues(shapes, "validateLookup", {})).toEqual([{ path: "", message: oneOf }]);
    expect(issues(shapes, "validateLookup", { byId: "a", byName: "b" })).toEqual([{ path: "", message: oneOf }]);
    expect(issues(shapes, "validateLookup", { byEmail: "a" })).toEqual([{ path: "", message: oneOf }]);
    expect(issues(shapes, "validateLookup", { byId: 7 })).toEqual([{ path: "/byId", message: "Expected string" }]);
  });

  it("passes other TypeBox messages through unchanged, in TypeBox's order", () => {
    expect(issues(kernel, "validateCreateTaskInput", { title: 3, intent: "", extra: 1 })).toEqual([
      { path: "/extra", message: "Unexpected property" },
      { path: "/intent", message: "Expected string length greater or equal to 1" },
      { path: "/title", message: "Expected string" },
    ]);
    expect(issues(kernel, "validateCreateTaskInput", null)).toEqual([{ path: "", message: "Expected object" }]);
  });
});
