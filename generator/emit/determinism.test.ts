import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { WesleyIR } from "../ir/types.js";
import { emitJitos } from "./index.js";
import { buildProject, REPO_ROOT } from "./testing/emitted-project.js";

describe("emitJitos determinism", () => {
  it("emits byte-identical files for the same IR, including a structurally cloned one", async () => {
    const { ir, meta, files } = await buildProject(
      [join(REPO_ROOT, "schema/ops.graphql"), join(REPO_ROOT, "schema/jitos.graphql")],
      join(REPO_ROOT, "schema/kinds.yaml"),
    );
    const again = await emitJitos(structuredClone(ir) as WesleyIR, meta);
    expect(again).toEqual(files);
  });

  it("does not depend on schema file order", async () => {
    const registry = join(REPO_ROOT, "schema/kinds.yaml");
    const a = await buildProject(
      [join(REPO_ROOT, "schema/jitos.graphql"), join(REPO_ROOT, "schema/ops.graphql")],
      registry,
    );
    const b = await buildProject(
      [join(REPO_ROOT, "schema/ops.graphql"), join(REPO_ROOT, "schema/jitos.graphql")],
      registry,
    );
    expect(b.files).toEqual(a.files);
  });

  it("returns files sorted by path", async () => {
    const { files } = await buildProject([join(REPO_ROOT, "test-vectors/schemas/adversarial/shapes/schema.graphql")]);
    const paths = files.map((file) => file.path);
    expect(paths).toEqual([...paths].sort());
  });
});
