// tsc writes dist/ files as 0644. npm marks a package's bin targets executable only when it links them, which for
// this repository's own bins happens before `prepare` has compiled them, so `npx wesley` (or jitosd, jitosctl) in a
// fresh clone would fail with "Permission denied". Mark every bin executable after each build.
import { chmodSync, readFileSync } from "node:fs";

const { bin } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
for (const file of Object.values(bin)) chmodSync(new URL(`../${file}`, import.meta.url), 0o755);
