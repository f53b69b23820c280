import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "../../runtime/jitosctl/client/index.js";
import {
  bundleJitosctl,
  jitosctl,
  PROCESS_TEST_MS_MAX,
  removeDataDir,
  removeJitosctlBundle,
  startJitosd,
  tempDataDir,
} from "./processes.js";
import type { Jitosd } from "./processes.js";

const EXIT_SERVER_ERROR = 1;

let jitosd: Jitosd;
let dataDir: string;

beforeAll(async () => {
  await bundleJitosctl();
  dataDir = await tempDataDir();
  jitosd = await startJitosd(dataDir);
});

afterAll(async () => {
  await jitosd?.stop();
  await removeDataDir(dataDir);
  await removeJitosctlBundle();
});

describe("jitosctl sws collapse when the overlay conflicts with the system graph", () => {
  it(
    "prints the conflicts, exits 1, and leaves the system graph and the overlay as they were",
    async () => {
      // The setup goes through the generated client in this process; only the command under test is a process.
      const client = createClient({ url: jitosd.url });
      const create = async (): Promise<string> => (await client.createSws()).createSws.sws.id;
      const apply = (id: string, ops: object[]) =>
        client.applyRewrite({ view: { kind: "SWS", swsId: id }, rewrite: { ops } });

      // Two nodes in the system graph; then one overlay removes A while another links A -> B.
      const base = await create();
      const made = await apply(base, [
        { op: "AddNode", data: { kind: "A" } },
        { op: "AddNode", data: { kind: "B" } },
      ]);
      const [a, b] = made.applyRewrite.createdIds;
      await client.collapseSws({ id: base });
      const remover = await create();
      const linker = await create();
      await apply(remover, [{ op: "RemoveNode", data: { id: a } }]);
      await apply(linker, [{ op: "AddEdge", data: { kind: "Link", from: a, to: b } }]);
      expect((await client.collapseSws({ id: remover })).collapseSws.committed).toBe(true);
      const systemBefore = (await client.graphDigest({ view: { kind: "SYSTEM" } })).graph.digest;

      const human = await jitosctl(["sws", "collapse", linker, "--url", jitosd.url]);
      expect(human.code).toBe(EXIT_SERVER_ERROR);
      expect(human.stdout).toMatch(
        new RegExp(`^sws ${linker} was not collapsed: 1 conflict\\(s\\); the attempt is history idx \\d+\\n`),
      );
      expect(human.stdout).toMatch(
        new RegExp(`ID\\s+TABLE\\s+REASON\\s+RELATED\\n[0-9a-f]{64}\\s+edge\\s+DANGLING_REFERENCE\\s+${a}\\n$`),
      );
      expect(human.stderr).toMatch(/^jitosctl: CONFLICT: /);

      // --json: the result on stdout (data a script can read), the error line on stderr, the same exit code.
      const json = await jitosctl(["sws", "collapse", linker, "--json", "--url", jitosd.url]);
      expect(json.code).toBe(EXIT_SERVER_ERROR);
      const result = JSON.parse(json.stdout) as {
        committed: boolean;
        code: string;
        conflicts: unknown[];
        sws: { state: string };
      };
      expect(result).toMatchObject({ committed: false, code: "CONFLICT", sws: { state: "OPEN" } });
      expect(result.conflicts).toEqual([
        { id: expect.stringMatching(/^[0-9a-f]{64}$/), table: "edge", reason: "DANGLING_REFERENCE", related: [a] },
      ]);
      expect((JSON.parse(json.stderr) as { ok: boolean; error: { code: string } }).error.code).toBe("CONFLICT");

      expect((await client.graphDigest({ view: { kind: "SYSTEM" } })).graph.digest).toBe(systemBefore);
    },
    PROCESS_TEST_MS_MAX,
  );
});
