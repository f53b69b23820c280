import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigError } from "./config-error.js";
import { resolveSettings } from "./resolve-settings.js";

let cwd: string;

beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), "wesley-config-"));
});
afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

async function problemsOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return (error as ConfigError).message;
}

describe("resolveSettings", () => {
  it("uses the conventional paths when nothing is configured, with an optional registry", async () => {
    expect(await resolveSettings(cwd, {})).toEqual({
      cwd,
      schema: ["schema"],
      registry: "schema/kinds.yaml",
      registryRequired: false,
      out: "generated",
      scaffolds: "schema",
    });
  });

  it("takes defaults from wesley.config.json and lets the command line override them key by key", async () => {
    const config = { schema: ["sdl/*.graphql"], registry: "sdl/kinds.yaml", out: "src/gen", target: "jitos" };
    await writeFile(join(cwd, "wesley.config.json"), JSON.stringify(config));
    expect(await resolveSettings(cwd, { out: "elsewhere" })).toEqual({
      cwd,
      configFile: "wesley.config.json",
      schema: ["sdl/*.graphql"],
      registry: "sdl/kinds.yaml",
      registryRequired: true,
      out: "elsewhere",
      target: "jitos",
      scaffolds: "sdl",
    });
  });

  it("reads an ES module config's default export", async () => {
    await writeFile(join(cwd, "wesley.config.mjs"), `export default { out: ["gen", "erated"].join("") };\n`);
    expect((await resolveSettings(cwd, {})).out).toBe("generated");
  });

  it("drops the conventional and configured registry when --schema names another schema", async () => {
    await writeFile(join(cwd, "wesley.config.json"), JSON.stringify({ registry: "kinds.yaml" }));
    const settings = await resolveSettings(cwd, { schema: ["other.graphql"] });
    expect(settings.registry).toBeUndefined();
    expect(settings.schema).toEqual(["other.graphql"]);
  });

  it("resolves paths in a config file named with --config relative to that file's folder", async () => {
    await mkdir(join(cwd, "project"));
    await writeFile(join(cwd, "project/w.json"), JSON.stringify({ schema: "sdl", out: "gen" }));
    const settings = await resolveSettings(cwd, { config: "project/w.json" });
    expect(settings).toMatchObject({ schema: ["project/sdl"], out: "project/gen", configFile: "project/w.json" });
  });

  it("names the file and every bad key at once", async () => {
    await writeFile(join(cwd, "wesley.config.json"), JSON.stringify({ shema: "x", out: 3, target: "python" }));
    const message = await problemsOf(resolveSettings(cwd, {}));
    expect(message).toContain(`wesley.config.json: unknown key "shema"`);
    expect(message).toContain(`wesley.config.json: "out" must be a non-empty string`);
    expect(message).toContain(`wesley.config.json: "target" must be one of jitos, client`);
  });

  it("rejects invalid JSON, a module without a default export, and two config files at once", async () => {
    await writeFile(join(cwd, "wesley.config.json"), "{ out: generated }");
    expect(await problemsOf(resolveSettings(cwd, {}))).toMatch(/^wesley\.config\.json: is not valid JSON/);
    await writeFile(join(cwd, "wesley.config.js"), "export const out = 'x';\n");
    expect(await problemsOf(resolveSettings(cwd, {}))).toContain("found several config files");
    expect(await problemsOf(resolveSettings(cwd, { config: "wesley.config.js" }))).toContain("has no default export");
  });

  it("reports a --config file that does not exist", async () => {
    expect(await problemsOf(resolveSettings(cwd, { config: "nope.json" }))).toBe("nope.json: no such file.");
  });
});
