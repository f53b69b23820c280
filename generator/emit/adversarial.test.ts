import { readdirSync } from "node:fs";
import { join } from "node:path";
import * as prettier from "prettier";
import { describe, expect, it } from "vitest";
import { buildProject, importEmitted, REPO_ROOT, typeCheck, writeProject } from "./testing/emitted-project.js";

const CORPUS_DIR = join(REPO_ROOT, "test-vectors/schemas/adversarial");
const cases = readdirSync(CORPUS_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

interface ValidatorsModule {
  readonly [name: string]: unknown;
}
type Validate = (value: unknown) => { ok: boolean; errors?: readonly { path: string; message: string }[] };

describe.each(cases)("adversarial schema %s", (name) => {
  it("emits code that type-checks under --strict, is prettier-formatted, and validates at runtime", async () => {
    const dir = join(CORPUS_DIR, name);
    const { ir, files } = await buildProject([join(dir, "schema.graphql")], join(dir, "kinds.yaml"));
    const out = writeProject(`adversarial-${name}`, files);

    expect(
      typeCheck(
        out,
        files.map((file) => file.path),
      ),
    ).toEqual([]);

    const prettierOptions = {
      ...(await prettier.resolveConfig(join(REPO_ROOT, "package.json"))),
      parser: "typescript",
    };
    for (const file of files) {
      expect(await prettier.check(file.contents, prettierOptions), `${file.path} is prettier-formatted`).toBe(true);
    }

    // Every validator runs; each rejects a value no GraphQL type admits, with a reason. Custom scalars are
    // `unknown` by design (ADR 0042), so they accept it.
    const validators = await importEmitted<ValidatorsModule>(out, "validators.ts");
    const customScalars = new Set(
      ir.types.filter((type) => type.kind === "scalar" && type.builtin !== true).map((type) => `validate${type.name}`),
    );
    const validatorNames = Object.keys(validators)
      .filter((key) => key.startsWith("validate") && !customScalars.has(key))
      .sort();
    expect(validatorNames.length).toBeGreaterThan(0);
    for (const validatorName of validatorNames) {
      const result = (validators[validatorName] as Validate)(Symbol("not a GraphQL value"));
      expect(result.ok, validatorName).toBe(false);
      expect(result.errors?.length, validatorName).toBeGreaterThan(0);
    }
  });
});
