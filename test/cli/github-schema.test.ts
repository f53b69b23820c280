import { mkdtemp, readdir, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importEmitted, typeCheck } from "../../generator/emit/testing/emitted-project.js";
import { REPO_ROOT, runWesley } from "./wesley-process.js";

// The issue's own acceptance run: a team adopting Wesley on an SDL it already has (GitHub's public schema, no Wesley
// directives, ~1,900 types) gets output that compiles under the strictest settings and validators that work.
const GITHUB_SCHEMA = join(REPO_ROOT, "node_modules/@octokit/graphql-schema/schema.graphql");

type Validate = (value: unknown) => { ok: boolean; errors?: readonly { path: string; message: string }[] };

let out: string;
beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), "wesley-github-"));
  // An ES-module package that can resolve @sinclair/typebox, as an adopting project would be.
  await writeFile(join(out, "package.json"), '{ "type": "module" }\n');
  await symlink(join(REPO_ROOT, "node_modules"), join(out, "node_modules"), "dir");
});
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

describe("wesley build on GitHub's public schema (@octokit/graphql-schema 15.25.0)", () => {
  it("writes output that type-checks under --strict and validates inputs", { timeout: 120_000 }, async () => {
    const result = await runWesley(["build", "--target", "jitos", "--schema", GITHUB_SCHEMA, "--out", join(out, "gen")], REPO_ROOT);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);

    const files = (await readdir(join(out, "gen"))).filter((name) => name.endsWith(".ts")).sort();
    expect(files).toEqual(["domain.ts", "index.ts", "ops.ts", "registry.ts", "types.ts", "validators.ts"]);
    expect(typeCheck(join(out, "gen"), files)).toEqual([]);

    const validators = await importEmitted<Record<string, Validate>>(join(out, "gen"), "validators.ts");
    const validate = validators["validateAddCommentInput"];
    expect(validate).toBeTypeOf("function");
    expect(validate!({ subjectId: "I_1", body: "LGTM" }).ok).toBe(true);
    const rejected = validate!({ subjectId: "I_1", body: 42, extra: true });
    expect(rejected.ok).toBe(false);
    expect(rejected.errors?.map((e) => e.path).sort()).toEqual(["/body", "/extra"]);
  });
});
