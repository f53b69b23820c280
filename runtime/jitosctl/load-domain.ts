// Which generated code a command runs ops with. The WAL pins the schema and registry hashes, so replaying a data
// directory needs the generated package it was written with: by default the kernel's own (generated/ next to
// runtime/, also in dist/), or any package given with --generated (a module exporting `domain`).
import { existsSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { DomainSpec } from "../domain/spec.js";

export class DomainLoadError extends Error {
  override readonly name = "DomainLoadError";
}

export async function loadDomain(
  modulePath: string | undefined,
  cwd: string,
): Promise<{ domain: DomainSpec; from: string }> {
  const url =
    modulePath === undefined
      ? new URL("../../generated/index.js", import.meta.url).href
      : pathToFileURL(isAbsolute(modulePath) ? modulePath : resolve(cwd, modulePath)).href;
  let loaded: { domain?: unknown };
  try {
    loaded = (await import(url)) as { domain?: unknown };
  } catch (error) {
    throw new DomainLoadError(
      `cannot load the generated package ${url}: ${error instanceof Error ? error.message : error}${typeScriptHint(url, error)}`,
    );
  }
  const domain = loaded.domain as DomainSpec | undefined;
  if (typeof domain !== "object" || domain === null || typeof domain.schemaHash !== "string") {
    throw new DomainLoadError(
      `${url} does not export a generated \`domain\` (wesley build --target jitos writes it to <out>/index.ts)`,
    );
  }
  return { domain, from: url };
}

/**
 * wesley writes generated packages as TypeScript, which the compiled jitosctl cannot import by itself: given
 * `index.ts`, or `index.js` where only `index.ts` exists, say how to run it.
 */
function typeScriptHint(url: string, error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const path = fileURLToPath(url);
  const typeScript =
    code === "ERR_UNKNOWN_FILE_EXTENSION" ||
    (code === "ERR_MODULE_NOT_FOUND" && path.endsWith(".js") && existsSync(path.replace(/\.js$/, ".ts")));
  if (!typeScript) return "";
  return (
    '. The package is TypeScript: run jitosctl with a TypeScript loader (NODE_OPTIONS="--import tsx" jitosctl ' +
    "replay ...), or give --generated the compiled .js"
  );
}
