// Which generated code a command runs ops with. The WAL pins the schema and registry hashes, so replaying a data
// directory needs the generated package it was written with: by default the kernel's own (generated/ next to
// runtime/, also in dist/), or any package given with --generated (a module exporting `domain`).
import { isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
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
      `cannot load the generated package ${url}: ${error instanceof Error ? error.message : error}`,
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
