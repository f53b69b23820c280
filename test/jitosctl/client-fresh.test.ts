import { describe, expect, it } from "vitest";
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
});
