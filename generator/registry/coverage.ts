import type { Diagnostic } from "../diagnostics/index.js";
import { didYouMean, error } from "../diagnostics/index.js";
import type { RegistryNamespace, SourceLocation } from "../ir/types.js";
import type { ParsedRegistry } from "./parse.js";

/** The kinds and verbs the schema declares, each with where it was declared. */
export interface DeclaredKinds {
  readonly nodes: ReadonlyMap<string, SourceLocation>;
  readonly edges: ReadonlyMap<string, SourceLocation>;
  readonly ops: ReadonlyMap<string, SourceLocation>;
}

const WHAT: Record<RegistryNamespace, { singular: string; directive: string }> = {
  nodes: { singular: "Node kind", directive: "type marked @node" },
  edges: { singular: "Edge kind", directive: "type marked @edge" },
  ops: { singular: "Op", directive: "Mutation field marked @op" },
};

/**
 * Every declared kind and op has an id, and every active entry names something declared. A removed kind keeps
 * its id forever under `retired:` so old history still decodes.
 */
export function checkRegistryCoverage(parsed: ParsedRegistry, declared: DeclaredKinds, registryFile: string | undefined): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const ns of ["nodes", "edges", "ops"] as const) {
    const entries = parsed.entries[ns];
    const entryNames = new Set(entries.map((e) => e.name));
    const retiredHere = parsed.retired.filter((r) => r.namespace === ns);
    const nextId = 1 + Math.max(0, ...entries.map((e) => e.id), ...retiredHere.map((r) => r.id));
    const missing = [...declared[ns].entries()].filter(([name]) => !entryNames.has(name)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    missing.forEach(([name, location], i) => {
      const retired = retiredHere.find((r) => r.name === name);
      diagnostics.push(
        error(
          "WESLEY_REGISTRY_MISSING_ID",
          `${WHAT[ns].singular} "${name}" has no id in ${registryFile ?? "kinds.yaml (there is no registry file)"}.`,
          location,
          retired !== undefined
            ? `"${name}" was retired (id ${retired.id}) and its name cannot come back; rename the ${ns === "ops" ? "op" : "type"}.`
            : registryFile === undefined
              ? `Create kinds.yaml next to the schema with \`registry: <name>\`, \`version: 1\` and \`${ns}: { ${name}: ${nextId + i} }\` (see docs/registry.md).`
              : `Add \`${name}: ${nextId + i}\` under \`${ns}:\` in ${registryFile}. Ids are permanent: never reuse or change one.`,
        ),
      );
    });
    for (const entry of entries) {
      if (declared[ns].has(entry.name)) continue;
      const elsewhere = (["nodes", "edges", "ops"] as const).find((other) => other !== ns && declared[other].has(entry.name));
      const suggestion = didYouMean(entry.name, declared[ns].keys());
      diagnostics.push(
        error(
          "WESLEY_REGISTRY_ORPHAN_ENTRY",
          `${ns}.${entry.name} (id ${entry.id}) does not name a ${WHAT[ns].directive}.`,
          entry.location,
          elsewhere !== undefined
            ? parsed.entries[elsewhere].some((e) => e.name === entry.name)
              ? `"${entry.name}" is one of the ${elsewhere} and already listed there; remove this entry (or retire it if it was ever used).`
              : `"${entry.name}" is one of the ${elsewhere}; move the entry under \`${elsewhere}:\` (with a new id there).`
            : `${suggestion ? suggestion + " " : ""}If the ${ns === "ops" ? "op" : "kind"} was removed, move the entry to \`retired:\` keeping its id: \`- { namespace: ${ns}, name: ${entry.name}, id: ${entry.id} }\`.`,
        ),
      );
    }
  }
  return diagnostics;
}
