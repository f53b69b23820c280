import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import type * as EmitModule from "../index.js";
import { buildProject, REPO_ROOT } from "../testing/emitted-project.js";
import type * as ThreadModule from "./emitter-thread.js";

/** The thread runs compiled code only (a worker cannot load .ts), so this checks the build in dist/, when present. */
const DIST_EMIT = join(REPO_ROOT, "dist/generator/emit");

let kernel: ReturnType<typeof buildProject> | undefined;
function kernelProject(): ReturnType<typeof buildProject> {
  kernel ??= buildProject(
    [join(REPO_ROOT, "schema/ops.graphql"), join(REPO_ROOT, "schema/jitos.graphql")],
    join(REPO_ROOT, "schema/kinds.yaml"),
  );
  return kernel;
}

describe.skipIf(!existsSync(join(DIST_EMIT, "thread/emit-worker.js")))("the emitter thread (dist/)", () => {
  it("emits exactly what the in-process emitter emits, and answers several requests", async () => {
    const { startEmitterThread } = (await import(
      pathToFileURL(join(DIST_EMIT, "thread/emitter-thread.js")).href
    )) as typeof ThreadModule;
    const { emitJitos } = (await import(pathToFileURL(join(DIST_EMIT, "index.js")).href)) as typeof EmitModule;
    const { ir, meta } = await kernelProject();
    const thread = startEmitterThread();
    expect(thread).toBeDefined();
    const [first, second] = await Promise.all([
      thread?.emit(ir, meta),
      thread?.emit(ir, { ...meta, schemaHash: "0".repeat(64) }),
    ]);
    expect(first).toEqual(await emitJitos(ir, meta));
    expect(second?.find((file) => file.path === "types.ts")?.contents).toContain(`Schema hash: ${"0".repeat(64)}`);
  });

  it("reports an emitter error instead of hanging", async () => {
    const { startEmitterThread } = (await import(
      pathToFileURL(join(DIST_EMIT, "thread/emitter-thread.js")).href
    )) as typeof ThreadModule;
    const { ir, meta } = await kernelProject();
    // A field referring to a type the IR does not define: impossible after validation, so an internal error.
    const broken = { ...ir, types: ir.types.filter((type) => type.name !== "Task") };
    await expect(startEmitterThread()?.emit(broken, meta)).rejects.toThrow(/Task/);
  });
});
