// jitosd's command line: --help documents the flags, usage errors exit 2 naming the problem, and the package's
// bin points at the compiled entry point.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { server_version } from "../../runtime/server/version.js";
import { repo_root, runDaemonToExit } from "./support/daemon.js";

describe("jitosd command line", () => {
  it("--help lists every flag with its default", async () => {
    const help = await runDaemonToExit(["--help"]);
    expect(help.code).toBe(0);
    for (const flag of ["--data-dir", "--in-memory", "--host", "--port", "--persisted-only", "--auth", "--fsync", "--body-bytes-max", "--query-depth-max", "--query-cost-max", "--page-size-max", "--subscriptions-per-connection-max", "--connections-max", "--shutdown-grace-ms"]) {
      expect(help.stdout).toContain(flag);
    }
    expect(help.stdout).toMatch(/default: "127\.0\.0\.1"/);
    expect(help.stdout).toMatch(/default: 8080/);
  });

  it("usage errors exit 2 and say what is wrong", async () => {
    const neither = await runDaemonToExit(["--port", "0"]);
    expect(neither.code).toBe(2);
    expect(neither.stderr).toMatch(/give --data-dir <dir> \(durable\), or --in-memory/);
    const badLimit = await runDaemonToExit(["--in-memory", "--page-size-max", "5000"]);
    expect(badLimit.code).toBe(2);
    expect(badLimit.stderr).toMatch(/--page-size-max must be from 1 to 1000, got 5000/);
    const badPort = await runDaemonToExit(["--in-memory", "--port", "http"]);
    expect(badPort.code).toBe(2);
    expect(badPort.stderr).toMatch(/--port must be a whole number/);
  });

  it("the package declares the jitosd bin at the compiled main, with the package's version", () => {
    const pkg = JSON.parse(readFileSync(join(repo_root, "package.json"), "utf8")) as { version: string; bin: Record<string, string> };
    expect(pkg.bin["jitosd"]).toBe("dist/runtime/server/main.js");
    expect(server_version).toBe(pkg.version);
  });
});
