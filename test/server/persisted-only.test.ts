// --persisted-only with a manifest that `wesley build --target client` generates from a client's documents:
// the manifest's operations run (named by id, by source, or both), anything else is FORBIDDEN, over HTTP and
// WebSocket; a manifest that does not check out stops the start.
import { spawnSync } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createClient } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { codes, graphql, removeDir, repo_root, runDaemonToExit, startDaemon, tempDataDir } from "./support/daemon.js";
import type { Daemon } from "./support/daemon.js";

let work: string;
let manifestFile: string;
let manifest: { operations: Record<string, string> };
let daemon: Daemon;

const documents = /* GraphQL */ `
query Info { kernelInfo { version schemaHash } }
mutation OpenSws { createSws { sws { id } } }
subscription Watch($view: ViewInput!, $after: Int) { rewrites(view: $view, after: $after) { idx type } }
`;

beforeAll(async () => {
  work = await tempDataDir();
  await mkdir(join(work, "ops"));
  await writeFile(join(work, "ops/client.graphql"), documents);
  const build = spawnSync(
    process.execPath,
    ["--import", "tsx", "generator/cli/wesley.ts", "build", "--target", "client", "--schema", "runtime/server/schema/api.graphql", "--documents", join(work, "ops"), "--out", join(work, "client")],
    { cwd: repo_root, encoding: "utf8" },
  );
  expect(build.status, build.stderr).toBe(0);
  manifestFile = join(work, "client/persisted-operations.json");
  manifest = JSON.parse(await readFile(manifestFile, "utf8")) as typeof manifest;
  await mkdir(join(work, "data"));
  daemon = await startDaemon(["--persisted-only", manifestFile], join(work, "data"));
});

afterAll(async () => {
  await daemon?.stop();
  await removeDir(work);
});

function idOf(name: string): [string, string] {
  const found = Object.entries(manifest.operations).find(([, source]) => source.includes(name));
  if (found === undefined) throw new Error(`no ${name} in the manifest`);
  return found;
}

describe("--persisted-only", () => {
  it("says so at start and runs the manifest's operations by source, by id, or both", async () => {
    expect(daemon.stdout()).toMatch(new RegExp(`persisted-only: ${Object.keys(manifest.operations).length} operations`));
    for (const name of ["query Info", "mutation OpenSws", "subscription Watch"]) expect(idOf(name)[1]).toContain(name);
    const [infoId, infoSource] = idOf("query Info");
    const bySource = await graphql(daemon.url, infoSource);
    expect(bySource.errors).toBeUndefined();
    const byId = await fetch(daemon.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ extensions: { documentId: infoId }, query: null }) });
    expect(((await byId.json()) as { data: unknown }).data).toEqual(bySource.data);
    const both = await graphql(daemon.url, infoSource, undefined, { extensions: { documentId: infoId } });
    expect(both.data).toEqual(bySource.data);
    const [openId, openSource] = idOf("mutation OpenSws");
    const mutation = await graphql<{ createSws: { sws: { id: string } } }>(daemon.url, openSource, undefined, { extensions: { documentId: openId } });
    expect(mutation.data?.createSws.sws.id).toBe("0");
  });

  it("refuses an operation that is not in the manifest, or a source that differs from its id, with FORBIDDEN naming the manifest", async () => {
    const adHoc = await graphql(daemon.url, "{ kernelInfo { version } }");
    expect(codes(adHoc)).toEqual(["FORBIDDEN"]);
    expect(adHoc.errors?.[0]?.message).toContain(manifestFile);
    expect(adHoc.errors?.[0]?.message).toMatch(/--persisted-only/);
    const [infoId] = idOf("query Info");
    const swapped = await graphql(daemon.url, "{ kernelInfo { version } }", undefined, { extensions: { documentId: infoId } });
    expect(codes(swapped)).toEqual(["FORBIDDEN"]);
    const unknownId = await graphql(daemon.url, "{ kernelInfo { version } }", undefined, { extensions: { documentId: "0".repeat(64) } });
    expect(codes(unknownId)).toEqual(["FORBIDDEN"]);
  });

  it("gates WebSocket operations the same way", async () => {
    const client = createClient({ url: daemon.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0 });
    try {
      const refused = await client
        .iterate({ query: "subscription { rewrites(view: {kind: SYSTEM}) { idx } }" })
        .next()
        .then(
          () => null,
          (errors: unknown) => errors as { extensions?: { code?: string } }[],
        );
      expect(refused?.[0]?.extensions?.code).toBe("FORBIDDEN");
      const [, watchSource] = idOf("subscription Watch");
      const iterator = client.iterate<{ rewrites: { idx: number; type: string } }>({ query: watchSource, variables: { view: { kind: "SWS", swsId: "0" }, after: -1 } });
      const first = await iterator.next();
      expect(first.value).toEqual({ data: { rewrites: { idx: 0, type: "sws.create" } } });
      await iterator.return?.();
    } finally {
      await client.dispose();
    }
  });

  it("refuses to start on a manifest whose ids do not match their sources", async () => {
    const [id, source] = idOf("query Info");
    const tampered = join(work, "tampered.json");
    await writeFile(tampered, JSON.stringify({ ...manifest, operations: { ...manifest.operations, [id]: `${source} ` } }));
    const run = await runDaemonToExit(["--in-memory", "--port", "0", "--persisted-only", tampered]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`operations["${id}"]: the source hashes to`);
  });
});
