import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { typeCheck } from "../../generator/emit/testing/emitted-project.js";
import { runWesley } from "../cli/wesley-process.js";
import { REPO_ROOT } from "./processes.js";

describe("jitosctl's checked-in client (runtime/jitosctl/client, ADR 0111)", () => {
  it("is what wesley builds from jitosd's SDL and runtime/jitosctl/operations (else: npm run gen:jitosctl)", async () => {
    const check = await runWesley(
      [
        "build",
        "--target",
        "client",
        "--schema",
        "runtime/server/schema/api.graphql",
        "--documents",
        "runtime/jitosctl/operations",
        "--out",
        "runtime/jitosctl/client",
        "--check",
      ],
      REPO_ROOT,
    );
    expect(check.stderr + check.stdout, "run `npm run build && npm run gen:jitosctl` and commit the client").toMatch(
      /up to date/,
    );
    expect(check.code).toBe(0);
  });

  it("type-checks on its own under the strictest settings generated code promises (exactOptionalPropertyTypes, noUnused*)", () => {
    const files = ["client.ts", "documents.ts", "domain-types.ts", "domain.ts", "index.ts", "types.ts"];
    expect(typeCheck(join(REPO_ROOT, "runtime/jitosctl/client"), files)).toEqual([]);
  });
});
