// The library example end to end, one command: `npm run example` (or `npx tsx examples/library/run.ts`).
//
//   1. generate: `wesley build` on ./schema -> ./generated (scaffolds in ./schema/folds and ./schema/policy.ts
//      exist already, written by hand, so nothing is overwritten)
//   2. open a durable kernel (WAL in a fresh temp folder, or --data-dir <dir>) with the folds and the policy
//   3. apply ops in an overlay as different principals, collapse it into the system view
//   4. query derived fields (Book.state, Book.borrower, Query.booksOnLoan) in the system view
//   5. show a refused op: FORBIDDEN for the caller, and the policy.deny entry in history
//   6. reopen the kernel from its WAL: the same derived values
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { isKernelError, Kernel, PolicyEngine, PrincipalRegistry } from "../../runtime/index.js";
import type { DomainSpec, FoldRegistration, PolicyBinding } from "../../runtime/index.js";

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "..", "..");
const say = (line = "") => process.stdout.write(`${line}\n`);

// 1. Generate. The CLI runs with the example as working directory, so it reads ./wesley.config.json.
say("$ wesley build   (in examples/library)");
const built = execFileSync(process.execPath, ["--import", "tsx", join(repo, "generator/cli/wesley.ts"), "build"], {
  cwd: here,
  encoding: "utf8",
});
say(built.trim().replace(/ in \d+ ms/, ""));

// Imported after generating, so the run always uses what this build wrote.
const generated = (file: string) => import(pathToFileURL(join(here, "generated", file)).href);
const { domain } = (await generated("domain.js")) as { domain: DomainSpec };
const { folds, policy } = (await generated("bindings.js")) as {
  folds: readonly FoldRegistration[];
  policy: PolicyBinding;
};
const { ops } = (await generated("ops.js")) as {
  ops: Record<string, (input: object) => { op: string; input: object }>;
};

// 2. Principals (in-process API; jitosd reads the same from a token file, docs/policy.md) and a durable kernel.
const principals = new PrincipalRegistry([
  { id: "librarian", capabilities: ["book:admin", "book:borrow"] },
  { id: "alice", capabilities: ["book:borrow"] },
  { id: "bob", capabilities: ["book:borrow"] },
]);
const dataArg = process.argv.indexOf("--data-dir");
const dataDir = dataArg > 0 ? process.argv[dataArg + 1]! : mkdtempSync(join(tmpdir(), "jitos-library-"));
const options = { dataDir, domain, folds, policy: new PolicyEngine(policy, principals), fsync: "group" as const };
const kernel = await Kernel.open(options);
say();
say(`kernel opened on ${dataArg > 0 ? dataDir : "a fresh temp data dir"}; next idx ${kernel.nextIdx}`);

// 3. Work in an overlay, as different principals.
const sws = kernel.createSws({ principal: "librarian" });
const [dune, emma] = kernel
  .apply(sws, [ops.addBook!({ title: "Dune" }), ops.addBook!({ title: "Emma" })], { principal: "librarian" })
  .created.map((record) => record.id);
kernel.apply(sws, ops.lendBook!({ bookId: dune! }), { principal: "alice" });
say(`sws:${sws}: librarian added Dune and Emma; alice borrowed Dune`);
say(
  `  in sws:${sws}: Dune is ${String(kernel.derived(`sws:${sws}`, "Book.state", dune))}, system has ${String(kernel.derived("system", "Query.booksOnLoan"))} books on loan`,
);
const collapse = kernel.collapse(sws, { principal: "librarian" });
say(
  `collapse sws:${sws}: committed=${collapse.committed}, system digest ${collapse.receipt.viewDigest.slice(0, 16)}...`,
);

// 4. Derived fields in the system view.
const show = (k: Kernel) =>
  `Dune ${String(k.derived("system", "Book.state", dune))} (borrower ${JSON.stringify(k.derived("system", "Book.borrower", dune))}), ` +
  `Emma ${String(k.derived("system", "Book.state", emma))}, booksOnLoan ${String(k.derived("system", "Query.booksOnLoan"))}`;
say(`system: ${show(kernel)}`);

// 5. A refused op: bob tries to return alice's book.
const next = kernel.createSws({ principal: "bob" });
try {
  kernel.apply(next, ops.returnBook!({ bookId: dune! }), { principal: "bob" });
  throw new Error("bob's return was allowed; the policy is not enforced");
} catch (error) {
  if (!isKernelError(error)) throw error;
  say(`bob returns Dune in sws:${next}: ${error.code}: ${error.message}`);
}
const denial = kernel.rewrites({ view: `sws:${next}` }).items.find((entry) => entry.type === "policy.deny");
say(`history: ${JSON.stringify(denial)}`);
await kernel.close();

// 6. Restart: the WAL replays, the folds are rebuilt from history alone.
const reopened = await Kernel.open(options);
say(`reopened (next idx ${reopened.nextIdx}): ${show(reopened)}`);
await reopened.close();
