import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bundleJitosctl,
  jitosctl,
  PROCESS_TEST_MS_MAX,
  removeDataDir,
  removeJitosctlBundle,
  REPO_ROOT,
  startJitosd,
  tempDataDir,
} from "./processes.js";
import type { Jitosd } from "./processes.js";

const MANIFEST = join(REPO_ROOT, "runtime/jitosctl/client/persisted-operations.json");

let jitosd: Jitosd;
let dataDir: string;

beforeAll(async () => {
  await bundleJitosctl();
  dataDir = await tempDataDir();
  jitosd = await startJitosd(dataDir, ["--persisted-only", MANIFEST]);
});

afterAll(async () => {
  await jitosd?.stop();
  await removeDataDir(dataDir);
  await removeJitosctlBundle();
});

describe("jitosctl against jitosd --persisted-only with jitosctl's own manifest", () => {
  it(
    "runs every kind of command, because the client sends exactly the manifest's operations",
    async () => {
      const url = jitosd.url;
      const addNode = JSON.stringify({ op: "AddNode", data: { kind: "demo" } });
      for (const args of [
        ["info"],
        ["graph", "--view", "system", "--digest"],
        ["sws", "create"],
        ["apply", "--view", "sws:0", "--op", addNode],
        ["graph", "--view", "sws:0"],
        ["rewrites", "--view", "sws:0", "--all"],
        ["sws", "list"],
        ["sws", "show", "0"],
        ["sws", "collapse", "0"],
      ]) {
        const result = await jitosctl([...args, "--url", url]);
        expect(result.stderr, args.join(" ")).toBe("");
        expect(result.code, args.join(" ")).toBe(0);
      }
    },
    PROCESS_TEST_MS_MAX,
  );

  it("refuses an operation that is not in the manifest (so the test above proves something)", async () => {
    const response = await fetch(jitosd.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ kernelInfo { version } }" }),
    });
    const body = (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.[0]?.extensions?.code).toBeDefined();
  });
});
