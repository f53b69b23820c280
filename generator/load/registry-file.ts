import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import type { Diagnostic } from "../diagnostics/index.js";
import { error } from "../diagnostics/index.js";
import type { RegistryIR } from "../ir/types.js";
import { REGISTRY_FILE_BYTES_MAX } from "../registry/limits.js";
import type { ParsedRegistry } from "../registry/index.js";

export interface LoadedRegistry {
  readonly parsed: ParsedRegistry;
  /** Relative path of the registry file, or undefined when there is none (the registry is empty). */
  readonly file: string | undefined;
}

/**
 * The registry of a project without kinds.yaml; equal to the registry module's EMPTY_REGISTRY (a test checks it).
 * Spelled out here because importing that module loads the YAML parser, which only a real kinds.yaml needs.
 */
export const NO_REGISTRY_IR: RegistryIR = { name: "", version: 0, nodes: [], edges: [], ops: [], retired: [] };

const NO_REGISTRY: ParsedRegistry = { registry: NO_REGISTRY_IR, entries: { nodes: [], edges: [], ops: [] }, retired: [], locations: new Map(), diagnostics: [] };

/**
 * Reads kinds.yaml. A missing file means an empty registry (a schema without Wesley directives needs none) unless
 * the caller says it is required (the user named it explicitly).
 */
export async function loadRegistryFile(cwd: string, registry: string | undefined, required: boolean): Promise<LoadedRegistry> {
  if (registry === undefined) return { parsed: NO_REGISTRY, file: undefined };
  const absolute = path.resolve(cwd, registry);
  const file = path.relative(cwd, absolute).split(path.sep).join("/");
  const stats = await stat(absolute).catch(() => undefined);
  if (stats === undefined || !stats.isFile()) {
    if (!required) return { parsed: NO_REGISTRY, file: undefined };
    const problem = stats === undefined ? "does not exist" : stats.isDirectory() ? "is a folder, not a file" : "is not a regular file";
    return failed(file, error("WESLEY_REGISTRY_NOT_FOUND", `Registry file "${file}" ${problem}.`, undefined, "Create it (see docs/registry.md) or pass the right path with --registry."));
  }
  if (stats.size > REGISTRY_FILE_BYTES_MAX) {
    return failed(file, error("WESLEY_FILE_UNREADABLE", `Registry file "${file}" is ${stats.size} bytes, more than the ${REGISTRY_FILE_BYTES_MAX} a registry may have.`, { file, line: 1, column: 1 }, "Point --registry at your kinds.yaml."));
  }
  let text: string;
  try {
    text = await readFile(absolute, "utf8");
  } catch (e) {
    return failed(file, error("WESLEY_FILE_UNREADABLE", `Cannot read registry file "${file}": ${(e as Error).message}`, undefined, "Check the file's permissions."));
  }
  const { parseRegistry } = await import("../registry/parse.js");
  return { parsed: parseRegistry(text, file), file };
}

function failed(file: string, diagnostic: Diagnostic): LoadedRegistry {
  return { parsed: { ...NO_REGISTRY, diagnostics: [diagnostic] }, file };
}
