// Scaffolded user files (ADR 0090) through the real build: created once, never overwritten, ignored by --check,
// recreated when deleted (even on the no-op fast path), an orphaned reducer stops the build naming the file, and
// the output plus the scaffolds type-check under --strict.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { REPO_ROOT, typeCheck } from "../emit/testing/emitted-project.js";
import { buildOutput } from "./build-output.js";
import type { BuildRequest } from "./build-output.js";
import { defaultGeneratorPorts } from "./default-ports.js";

const cwd = join(REPO_ROOT, ".tmp", "scaffold-tests");

const SCHEMA = `
type Item @node {
  id: ID!
  name: String!
  state: ItemState! @derived(fold: "itemState")
}
enum ItemState { NEW DONE }
input AddItemInput { name: String! }
input ItemRefInput { itemId: ID! }
type Query { items: Int! @derived(fold: "itemCount") }
type Mutation {
  addItem(input: AddItemInput!): Item! @op(creates: "Item") @requires(caps: ["item:write"])
  finishItem(input: ItemRefInput!): Item! @op(updates: "Item", id: "itemId")
}
`;
const KINDS =
  "registry: demo\nversion: 1\nnodes: { Item: 1 }\nedges: {}\nops: { addItem: 1, finishItem: 2 }\nretired: []\n";

beforeEach(() => {
  rmSync(cwd, { recursive: true, force: true });
  mkdirSync(join(cwd, "sdl"), { recursive: true });
  writeFileSync(join(cwd, "sdl/schema.graphql"), SCHEMA);
  writeFileSync(join(cwd, "sdl/kinds.yaml"), KINDS);
});

function request(overrides: Partial<BuildRequest> = {}): BuildRequest {
  return {
    cwd,
    schema: ["sdl/schema.graphql"],
    registry: "sdl/kinds.yaml",
    registryRequired: true,
    target: "jitos",
    out: "gen",
    mode: "write",
    useStamp: false,
    scaffoldDir: "sdl",
    ...overrides,
  };
}

const read = (path: string) => readFileSync(join(cwd, path), "utf8");

describe("scaffolds", () => {
  it("are created once next to the schema, listed in the outcome, and bound by gen/bindings.ts", async () => {
    const outcome = await buildOutput(request(), defaultGeneratorPorts);
    expect(outcome).toMatchObject({
      kind: "written",
      scaffoldsCreated: ["sdl/folds/itemCount.ts", "sdl/folds/itemState.ts", "sdl/policy.ts"],
    });
    expect(read("gen/bindings.ts")).toContain(
      `import { reducer as itemStateReducer } from "../sdl/folds/itemState.js";`,
    );
    expect(read("sdl/folds/itemState.ts")).toContain(`from "../../gen/folds.js"`);
    expect(read("gen/folds.ts")).toContain(`scope: "view"`); // itemCount derives a Query field
    expect(typeCheck(cwd, ["gen/index.ts", "gen/bindings.ts"])).toEqual([]);
  });

  it("survive rebuilds and schema changes byte for byte, and are never part of the manifest", async () => {
    await buildOutput(request(), defaultGeneratorPorts);
    const mine = "// my reducer, hand written\nexport const reducer = 42;\n";
    writeFileSync(join(cwd, "sdl/folds/itemState.ts"), mine);
    writeFileSync(join(cwd, "sdl/policy.ts"), "// my rules\nexport const predicates = {};\n");
    writeFileSync(
      join(cwd, "sdl/schema.graphql"),
      SCHEMA.replace("name: String!\n  state", "name: String!\n  note: String\n  state"),
    );
    const again = await buildOutput(request(), defaultGeneratorPorts);
    expect(again).toMatchObject({ kind: "written", scaffoldsCreated: [] });
    expect(read("sdl/folds/itemState.ts")).toBe(mine);
    expect(read("sdl/policy.ts")).toBe("// my rules\nexport const predicates = {};\n");
    expect(read("gen/manifest.json")).not.toContain("itemState.ts");
  });

  it("are ignored by --check: missing or edited scaffolds do not make the output stale, and --check creates none", async () => {
    await buildOutput(request(), defaultGeneratorPorts);
    rmSync(join(cwd, "sdl/folds/itemCount.ts"));
    writeFileSync(join(cwd, "sdl/policy.ts"), "// edited\n");
    const checked = await buildOutput(request({ mode: "check" }), defaultGeneratorPorts);
    expect(checked).toMatchObject({ kind: "checked", difference: { stale: [], missing: [], extra: [] } });
    expect(existsSync(join(cwd, "sdl/folds/itemCount.ts"))).toBe(false);
  });

  it("are recreated when deleted, even when the build stamp would otherwise skip the build", async () => {
    await buildOutput(request({ useStamp: true }), defaultGeneratorPorts);
    expect((await buildOutput(request({ useStamp: true }), defaultGeneratorPorts)).kind).toBe("unchanged");
    rmSync(join(cwd, "sdl/folds/itemState.ts"));
    const outcome = await buildOutput(request({ useStamp: true }), defaultGeneratorPorts);
    expect(outcome).toMatchObject({ fromStamp: false, scaffoldsCreated: ["sdl/folds/itemState.ts"] });
  });

  it("stop the build when a fold is removed but its reducer file remains, naming the orphan; nothing is written", async () => {
    await buildOutput(request(), defaultGeneratorPorts);
    const before = read("gen/folds.ts");
    writeFileSync(
      join(cwd, "sdl/schema.graphql"),
      SCHEMA.replace(`  state: ItemState! @derived(fold: "itemState")\n`, ""),
    );
    const outcome = await buildOutput(request(), defaultGeneratorPorts);
    expect(outcome).toEqual({
      kind: "invalid",
      diagnostics: [
        {
          code: "WESLEY_ORPHAN_FOLD",
          severity: "error",
          message:
            'sdl/folds/itemState.ts is the reducer of fold "itemState", but no @derived(fold: "itemState") is left in the schema.',
          hint: "Delete sdl/folds/itemState.ts if the fold is gone for good (move its logic elsewhere first if you need it), or restore the @derived field.",
          location: { file: "sdl/folds/itemState.ts", line: 1, column: 1 },
        },
      ],
    });
    expect(read("gen/folds.ts")).toBe(before);
    expect((await buildOutput(request({ mode: "check" }), defaultGeneratorPorts)).kind).toBe("invalid");
    rmSync(join(cwd, "sdl/folds/itemState.ts"));
    expect((await buildOutput(request(), defaultGeneratorPorts)).kind).toBe("written");
  });

  it("are announced by the CLI, which exits 1 on an orphan (real process, default paths from the registry)", () => {
    const wesley = (args: string[]) =>
      execFileSync(process.execPath, ["--import", "tsx", join(REPO_ROOT, "generator/cli/wesley.ts"), ...args], {
        cwd,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      });
    const args = [
      "build",
      "--target",
      "jitos",
      "--schema",
      "sdl/schema.graphql",
      "--registry",
      "sdl/kinds.yaml",
      "--out",
      "gen",
    ];
    expect(wesley(args)).toContain("created sdl/folds/itemState.ts (yours to edit; never overwritten)");
    writeFileSync(join(cwd, "sdl/folds/gone.ts"), "export const reducer = {};\n");
    let status = 0;
    let stderr = "";
    try {
      wesley(args);
    } catch (error) {
      status = (error as { status: number }).status;
      stderr = (error as { stderr: string }).stderr;
    }
    expect(status).toBe(1);
    expect(stderr).toContain('sdl/folds/gone.ts is the reducer of fold "gone"');
  }, 30_000);
});
