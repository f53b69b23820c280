// The path every repeated request takes against a real jitosd: answers carry Content-Length (no chunked encoding)
// on a kept-alive connection, and a mutation sent over and over (compiled after its first run, ADR 0104) keeps
// answering as the first time did: receipts in order, acknowledged only once durable, errors with the same codes.
import { Agent, request } from "node:http";
import type { IncomingHttpHeaders } from "node:http";
import type { Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { data, removeDir, startDaemon, tempDataDir } from "./support/daemon.js";
import type { Daemon } from "./support/daemon.js";

let daemon: Daemon;
let dataDir: string;
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

beforeAll(async () => {
  dataDir = await tempDataDir();
  daemon = await startDaemon([], dataDir);
  await data(daemon.url, "mutation { createSws { sws { id } } }");
});

afterAll(async () => {
  agent.destroy();
  await daemon?.stop();
  await removeDir(dataDir);
});

interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly socket: Socket;
}

function post(body: string, path = "/graphql"): Promise<Answer> {
  const url = new URL(daemon.url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path,
        method: "POST",
        headers: { "content-type": "application/json" },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, socket: res.socket }),
        );
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

const apply = `mutation Apply($view: ViewInput!, $rewrite: RewriteInput!) { applyRewrite(view: $view, rewrite: $rewrite) { accepted receipt { rewriteIdx idx viewDigest } } }`;
/** The same operation as another text: admission keeps it as a second document, compiled separately. */
const apply_again = `${apply} `;
const add = (view: unknown, kind: unknown, query = apply) =>
  JSON.stringify({ query, variables: { view, rewrite: { ops: [{ op: "AddNode", data: { kind } }] } } });

describe("repeated requests over one kept-alive connection", () => {
  it("answer with Content-Length, not chunked, for results and for errors", async () => {
    const answers = [
      await post(JSON.stringify({ query: "{ kernelInfo { version } }" })),
      await post(add({ kind: "SYSTEM" }, "Note")),
      await post("{not json"),
      await post(JSON.stringify({ query: "{ kernelInfo { version } }" }), "/nowhere"),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 400, 404]);
    for (const answer of answers) {
      expect(answer.headers["transfer-encoding"]).toBeUndefined();
      expect(Number(answer.headers["content-length"])).toBe(Buffer.byteLength(answer.body));
      expect(answer.socket).toBe(answers[0]!.socket);
    }
  });

  it("keep answering a mutation sent again and again as the first time: receipts in order, then the same errors", async () => {
    const view = { kind: "SWS", swsId: "0" };
    const receipts: { rewriteIdx: number; idx: number; viewDigest: string }[] = [];
    for (let n = 0; n < 5; n++) {
      const answer = JSON.parse((await post(add(view, `Note${n}`))).body) as {
        data: { applyRewrite: { accepted: boolean; receipt: (typeof receipts)[number] } };
      };
      expect(answer.data.applyRewrite.accepted).toBe(true);
      receipts.push(answer.data.applyRewrite.receipt);
    }
    expect(receipts.map((receipt) => receipt.rewriteIdx)).toEqual([0, 1, 2, 3, 4]);
    expect(new Set(receipts.map((receipt) => receipt.viewDigest)).size).toBe(5);
    const idxs = receipts.map((receipt) => receipt.idx);
    expect(idxs).toEqual([...idxs].sort((a, b) => a - b));

    // Each answer came after its entry was durable: a restart-free read of history has every one of them.
    const history = await data<{ rewrites: { items: { idx: number }[] } }>(
      daemon.url,
      "{ rewrites(page: {first: 100}) { items { idx } } }",
    );
    expect(history.rewrites.items.map((item) => item.idx)).toEqual(expect.arrayContaining(idxs));

    // A document not sent before, with bad variables, several times: the first run is graphql-js's, the later ones
    // compiled; the codes and messages are the same each time.
    const errors = [];
    for (let n = 0; n < 3; n++) {
      const wrongView = JSON.parse((await post(add({ kind: "SWS", swsId: "9" }, "Note", apply_again))).body) as {
        errors: { message: string; extensions: { code: string } }[];
      };
      const wrongType = JSON.parse((await post(add({ kind: "OTHER" }, "Note", apply_again))).body) as {
        errors: { message: string; extensions: { code: string } }[];
      };
      const wrongOp = JSON.parse((await post(add(view, 7, apply_again))).body) as {
        errors: { message: string; extensions: { code: string } }[];
      };
      errors.push(
        [wrongView, wrongType, wrongOp].map(
          (answer) => `${answer.errors[0]!.extensions.code}: ${answer.errors[0]!.message}`,
        ),
      );
    }
    expect(errors[0]!.map((line) => line.split(":")[0])).toEqual(["NOT_FOUND", "INVALID_INPUT", "INVALID_INPUT"]);
    expect(errors[1]).toEqual(errors[0]);
    expect(errors[2]).toEqual(errors[0]);
  });
});
