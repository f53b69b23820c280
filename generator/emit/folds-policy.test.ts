// folds.ts, policy.ts and bindings.ts together with the scaffolds they bind: on the kernel schema and on a corpus
// of hostile fold and op names, the output plus the untouched scaffolds type-check under --strict, bindings.ts
// registers every fold with the specs the runtime expects, and the scaffold stubs run (and fail clearly).
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { FoldRunner } from "../../runtime/fold/index.js";
import type { FoldRegistration } from "../../runtime/fold/index.js";
import type { DomainSpec } from "../../runtime/domain/spec.js";
import { emitScaffolds } from "./index.js";
import { buildProject, importEmitted, REPO_ROOT, typeCheck, writeProject } from "./testing/emitted-project.js";
import { emitJitos } from "./index.js";

const layout = { scaffoldsFromOut: "../user", outFromScaffolds: "../out" };

/** Emits with a scaffold layout into <name>/out and the scaffolds into <name>/user. */
async function emitWithScaffolds(name: string, schema: string, registry: string) {
  const project = await buildProject([schema], registry);
  const files = await emitJitos(project.ir, { ...project.meta, scaffolds: layout });
  const root = writeProject(name, []);
  const out = join(root, "out");
  mkdirSync(out);
  for (const file of files) writeFileSync(join(out, file.path), file.contents);
  const scaffolds = emitScaffolds(project.ir, layout);
  for (const file of scaffolds) {
    mkdirSync(dirname(join(root, "user", file.path)), { recursive: true });
    writeFileSync(join(root, "user", file.path), file.contents);
  }
  return { root, files, scaffolds, ir: project.ir };
}

describe("folds, policy and bindings with their scaffolds", () => {
  it("compile under --strict with hostile fold and op names, and bind every fold", async () => {
    const dir = join(REPO_ROOT, "test-vectors/schemas/adversarial/fold-and-policy-names");
    const { root, files, scaffolds } = await emitWithScaffolds(
      "folds-hostile",
      join(dir, "schema.graphql"),
      join(dir, "kinds.yaml"),
    );
    expect(files.map((file) => file.path)).toEqual(expect.arrayContaining(["bindings.ts", "folds.ts", "policy.ts"]));
    expect(scaffolds.map((file) => file.path)).toEqual([
      "folds/__proto__.ts",
      "folds/await.ts",
      "folds/constructor.ts",
      "folds/delete.ts",
      "folds/eventOf.ts",
      "folds/foldReducer.ts",
      "folds/foldSpecs.ts",
      "folds/folds.ts",
      "folds/policyTable.ts",
      "policy.ts",
    ]);
    expect(typeCheck(root, ["out/index.ts", "out/bindings.ts"])).toEqual([]);

    const { folds, policy } = await importEmitted<{
      folds: FoldRegistration[];
      policy: { table: Record<string, string[]> };
    }>(root, "out/bindings.ts");
    expect(folds.map((fold) => [fold.name, fold.scope, fold.reads])).toEqual([
      ["__proto__", "record", ["class", "default", "predicates"]],
      ["await", "view", ["class", "default", "predicates"]],
      ["constructor", "record", ["class", "default", "predicates"]],
      ["delete", "record", ["class", "default", "predicates"]],
      ["eventOf", "record", ["class", "default", "predicates"]],
      ["foldReducer", "record", ["class", "default", "predicates"]],
      ["foldSpecs", "record", ["class", "default", "predicates"]],
      ["folds", "view", ["class", "default", "predicates"]],
      ["policyTable", "view", ["class", "default", "predicates"]],
    ]);
    expect(Object.getPrototypeOf(policy.table)).toBe(Object.prototype);
    expect(policy.table).toEqual({
      class: ["delete:write"],
      default: [],
      predicates: ["delete:admin", "delete:write"],
    });
  });

  it("scaffold stubs count events and say, naming the fold, that result() is still to write", async () => {
    const { root } = await emitWithScaffolds(
      "folds-kernel",
      join(REPO_ROOT, "schema"),
      join(REPO_ROOT, "schema/kinds.yaml"),
    );
    expect(typeCheck(root, ["out/index.ts", "out/bindings.ts"])).toEqual([]);
    const { folds } = await importEmitted<{ folds: FoldRegistration[] }>(root, "out/bindings.ts");
    const { domain } = await importEmitted<{ domain: DomainSpec }>(root, "out/domain.ts");
    const runner = new FoldRunner({ domain, folds, development: true });
    runner.ingest({ idx: 0, type: "sws.create", view: "sws:0", receipt: { viewDigest: "0".repeat(64) } });
    const input = { title: "t", intent: "i", priority: 50 };
    runner.ingest({
      idx: 1,
      type: "rewrite",
      view: "sws:0",
      ops: [{ op: "createTask", input }],
      meta: {},
      receipt: { viewDigest: "1".repeat(64) },
    });
    const [task] = runner.records("sws:0", "taskState");
    expect(() => runner.field("sws:0", "Task.state", task)).toThrow(
      /fold taskState: result threw: fold taskState: write result\(\) in its scaffold file \(1 events seen\)/,
    );
  });
});
