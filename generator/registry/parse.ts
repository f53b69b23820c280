import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, visit } from "yaml";
import type { Document, Node as YamlNode, Pair, YAMLMap } from "yaml";
import type { Diagnostic } from "../diagnostics/index.js";
import { compareStrings, error } from "../diagnostics/index.js";
import type { RegistryEntry, RegistryIR, RegistryNamespace, RetiredEntry, SourceLocation } from "../ir/types.js";
import {
  GRAPHQL_NAME,
  REGISTRY_ID_MAX,
  REGISTRY_NAMESPACES,
  REGISTRY_TOP_LEVEL_KEYS,
  RETIRED_ENTRY_KEYS,
} from "./limits.js";

/** A registry entry as written, with where it was written (for errors and the SourceIndex). */
export interface LocatedEntry extends RegistryEntry {
  readonly location: SourceLocation;
  /** Where the id value is (errors about the id point here). */
  readonly idLocation: SourceLocation;
}

export interface LocatedRetiredEntry extends RetiredEntry {
  readonly location: SourceLocation;
}

export interface ParsedRegistry {
  readonly registry: RegistryIR;
  readonly entries: Readonly<Record<RegistryNamespace, readonly LocatedEntry[]>>;
  readonly retired: readonly LocatedRetiredEntry[];
  /** `@registry`, `@registry.nodes.Task`, `@registry.retired.nodes.Old`, ... -> location. */
  readonly locations: ReadonlyMap<string, SourceLocation>;
  readonly diagnostics: readonly Diagnostic[];
}

export const EMPTY_REGISTRY: RegistryIR = { name: "", version: 0, nodes: [], edges: [], ops: [], retired: [] };

const FORMAT_HINT = "See docs/registry.md for the kinds.yaml format.";

/**
 * Parses kinds.yaml text into the registry and checks everything that needs only the file itself: YAML syntax,
 * known keys, value shapes, id range, unique ids and names per namespace, retired ids and names never reused.
 * Checks against the schema (every kind has an id, every entry has a kind) live in ./coverage.ts.
 */
export function parseRegistry(text: string, file: string): ParsedRegistry {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number): SourceLocation => {
    const { line, col } = lineCounter.linePos(offset);
    return line === 0 ? { file, line: 1, column: offset + 1 } : { file, line, column: col };
  };
  const nodeAt = (node: YamlNode | null | undefined, fallback = 0): SourceLocation => at(node?.range?.[0] ?? fallback);

  const diagnostics: Diagnostic[] = [];
  for (const e of [...doc.errors, ...doc.warnings]) {
    const duplicate = e.code === "DUPLICATE_KEY";
    diagnostics.push(
      error(
        duplicate ? "WESLEY_REGISTRY_DUPLICATE_NAME" : "WESLEY_REGISTRY_SYNTAX",
        duplicate ? duplicateKeyMessage(doc, e.pos[0]) : `kinds.yaml is not valid YAML: ${firstLine(e.message)}`,
        at(e.pos[0]),
        duplicate ? "Each name may appear once per section; remove or rename the repeated key." : "Fix the YAML at the caret (indentation, a missing colon or an unclosed quote or bracket).",
      ),
    );
  }
  if (diagnostics.length > 0) return failed(diagnostics);

  const reader = new RegistryReader(file, at, nodeAt, diagnostics);
  return reader.read(doc.contents);
}

function failed(diagnostics: readonly Diagnostic[]): ParsedRegistry {
  return {
    registry: EMPTY_REGISTRY,
    entries: { nodes: [], edges: [], ops: [] },
    retired: [],
    locations: new Map(),
    diagnostics,
  };
}

/**
 * "nodes: \"Task\" appears twice" for the repeated key starting at `offset` (the YAML library only says "Map keys
 * must be unique"); the section is the top-level key whose mapping holds it.
 */
function duplicateKeyMessage(doc: Document, offset: number): string {
  let message = "kinds.yaml: a key appears twice in one mapping";
  visit(doc, {
    Pair(_, pair, path) {
      if (!isScalar(pair.key) || pair.key.range?.[0] !== offset) return undefined;
      const section = path.filter(isPair).map((parent) => (isScalar(parent.key) ? String(parent.key.value) : "?"));
      const where = section.length > 0 ? `${section.join(".")}: ` : "";
      message = `kinds.yaml: ${where}${JSON.stringify(String(pair.key.value))} appears twice`;
      return visit.BREAK;
    },
  });
  return message;
}

function firstLine(message: string): string {
  return message.split("\n")[0] ?? message;
}

class RegistryReader {
  private readonly locations = new Map<string, SourceLocation>();

  constructor(
    private readonly file: string,
    private readonly at: (offset: number) => SourceLocation,
    private readonly nodeAt: (node: YamlNode | null | undefined) => SourceLocation,
    private readonly diagnostics: Diagnostic[],
  ) {}

  read(root: YamlNode | null): ParsedRegistry {
    this.locations.set("@registry", { file: this.file, line: 1, column: 1 });
    if (!isMap(root)) {
      this.report("WESLEY_REGISTRY_INVALID_VALUE", "kinds.yaml must be a mapping with `registry`, `version`, `nodes`, `edges`, `ops` and `retired`.", root, FORMAT_HINT);
      return failed(this.diagnostics);
    }
    const byKey = this.topLevel(root);

    const name = this.readName(byKey.get("registry"), root);
    const version = this.readVersion(byKey.get("version"), root);
    const entries = {
      nodes: this.readNamespace("nodes", byKey.get("nodes")),
      edges: this.readNamespace("edges", byKey.get("edges")),
      ops: this.readNamespace("ops", byKey.get("ops")),
    };
    const retired = this.readRetired(byKey.get("retired"));
    for (const ns of REGISTRY_NAMESPACES) this.checkUnique(ns, entries[ns], retired);

    const registry: RegistryIR = {
      name,
      version,
      nodes: sortEntries(entries.nodes),
      edges: sortEntries(entries.edges),
      ops: sortEntries(entries.ops),
      retired: [...retired]
        .sort((a, b) => compareStrings(a.namespace, b.namespace) || a.id - b.id || compareStrings(a.name, b.name))
        .map(({ namespace, name: n, id, reason }) => (reason === undefined ? { namespace, name: n, id } : { namespace, name: n, id, reason })),
    };
    return { registry, entries, retired, locations: this.locations, diagnostics: this.diagnostics };
  }

  private topLevel(root: YAMLMap): Map<string, Pair> {
    const byKey = new Map<string, Pair>();
    for (const pair of root.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key === undefined || !(REGISTRY_TOP_LEVEL_KEYS as readonly string[]).includes(key)) {
        this.report(
          "WESLEY_REGISTRY_UNKNOWN_KEY",
          `Unknown key ${key === undefined ? "(not a plain key)" : `"${key}"`} in kinds.yaml.`,
          pair.key as YamlNode,
          `The known keys are ${REGISTRY_TOP_LEVEL_KEYS.join(", ")}.`,
        );
        continue;
      }
      byKey.set(key, pair);
    }
    return byKey;
  }

  private readName(pair: Pair | undefined, root: YAMLMap): string {
    if (pair === undefined) {
      this.report("WESLEY_REGISTRY_INVALID_VALUE", "kinds.yaml has no `registry:` name.", root, "Add `registry: <name>` (e.g. `registry: jitos`); it names the domain in generated code.");
      return "";
    }
    const value = pair.value as YamlNode | null;
    if (!isScalar(value) || typeof value.value !== "string" || !GRAPHQL_NAME.test(value.value)) {
      this.report("WESLEY_REGISTRY_INVALID_VALUE", "`registry:` must be a name (letters, digits, underscores; not starting with a digit).", value ?? (pair.key as YamlNode), "Write e.g. `registry: jitos`.");
      return "";
    }
    return value.value;
  }

  private readVersion(pair: Pair | undefined, root: YAMLMap): number {
    if (pair === undefined) {
      this.report("WESLEY_REGISTRY_INVALID_VALUE", "kinds.yaml has no `version:`.", root, "Add `version: 1`.");
      return 0;
    }
    const value = pair.value as YamlNode | null;
    const v = isScalar(value) ? value.value : undefined;
    if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 1) {
      this.report("WESLEY_REGISTRY_INVALID_VALUE", "`version:` must be a positive integer.", value ?? (pair.key as YamlNode), "Write e.g. `version: 1`.");
      return 0;
    }
    return v;
  }

  private readNamespace(ns: RegistryNamespace, pair: Pair | undefined): LocatedEntry[] {
    if (pair === undefined) return [];
    const value = pair.value as YamlNode | null;
    if (value === null || (isScalar(value) && value.value === null)) return [];
    if (!isMap(value)) {
      this.report("WESLEY_REGISTRY_INVALID_VALUE", `\`${ns}:\` must be a mapping of names to ids.`, value, `Write e.g. \`${ns}:\` followed by indented \`Name: 1\` lines, or \`${ns}: {}\`.`);
      return [];
    }
    const out: LocatedEntry[] = [];
    for (const item of value.items) {
      const keyNode = item.key as YamlNode | null;
      const name = isScalar(keyNode) ? keyNode.value : undefined;
      if (typeof name !== "string" || !GRAPHQL_NAME.test(name)) {
        this.report("WESLEY_REGISTRY_INVALID_VALUE", `Entry ${JSON.stringify(name ?? null)} under \`${ns}:\` is not a GraphQL name.`, keyNode, "Registry names are the type names (nodes, edges) or Mutation field names (ops) they stand for.");
        continue;
      }
      const idNode = item.value as YamlNode | null;
      const id = this.readId(idNode ?? keyNode, `${ns}.${name}`);
      const location = this.nodeAt(keyNode);
      this.locations.set(`@registry.${ns}.${name}`, location);
      if (id !== undefined) out.push({ name, id, location, idLocation: this.nodeAt(idNode ?? keyNode) });
    }
    return out;
  }

  private readId(node: YamlNode | null, what: string): number | undefined {
    const v = isScalar(node) ? node.value : undefined;
    if (typeof v === "number" && Number.isInteger(v) && v >= 1 && v <= REGISTRY_ID_MAX) return v;
    this.report(
      "WESLEY_REGISTRY_INVALID_ID",
      `The id of ${what} must be an integer from 1 to ${REGISTRY_ID_MAX}, found ${node === null ? "nothing" : JSON.stringify(isScalar(node) ? node.value : "a collection")}.`,
      node,
      "Give the entry the next unused id of its section; ids are never reused, so do not take a retired one.",
    );
    return undefined;
  }

  private readRetired(pair: Pair | undefined): LocatedRetiredEntry[] {
    if (pair === undefined) return [];
    const value = pair.value as YamlNode | null;
    if (value === null || (isScalar(value) && value.value === null)) return [];
    const example = "`- { namespace: nodes, name: OldKind, id: 3, reason: \"merged into Task\" }`";
    if (!isSeq(value)) {
      this.report("WESLEY_REGISTRY_INVALID_VALUE", "`retired:` must be a list.", value, `Write \`retired: []\`, or one item per retired entry: ${example}.`);
      return [];
    }
    const out: LocatedRetiredEntry[] = [];
    for (const item of value.items as (YamlNode | null)[]) {
      const entry = this.readRetiredEntry(item, example);
      if (entry !== undefined) out.push(entry);
    }
    return out;
  }

  private readRetiredEntry(item: YamlNode | null, example: string): LocatedRetiredEntry | undefined {
    if (!isMap(item)) {
      this.report("WESLEY_REGISTRY_INVALID_VALUE", "A `retired:` item must be a mapping with namespace, name and id.", item, `Write ${example}.`);
      return undefined;
    }
    const fields = new Map<string, YamlNode | null>();
    for (const p of item.items) {
      const key = isScalar(p.key) ? String(p.key.value) : "";
      if (!(RETIRED_ENTRY_KEYS as readonly string[]).includes(key)) {
        this.report("WESLEY_REGISTRY_UNKNOWN_KEY", `Unknown key "${key}" in a \`retired:\` item.`, p.key as YamlNode, `The keys are ${RETIRED_ENTRY_KEYS.join(", ")}.`);
        continue;
      }
      fields.set(key, p.value as YamlNode | null);
    }
    const nsNode = fields.get("namespace");
    const ns = isScalar(nsNode) ? nsNode.value : undefined;
    const nameNode = fields.get("name");
    const name = isScalar(nameNode) ? nameNode.value : undefined;
    const reasonNode = fields.get("reason");
    const reason = isScalar(reasonNode) ? reasonNode.value : undefined;
    let ok = true;
    if (typeof ns !== "string" || !(REGISTRY_NAMESPACES as readonly string[]).includes(ns)) {
      this.report("WESLEY_REGISTRY_INVALID_VALUE", "A `retired:` item needs `namespace:` set to nodes, edges or ops.", nsNode ?? item, `Write ${example}.`);
      ok = false;
    }
    if (typeof name !== "string" || !GRAPHQL_NAME.test(name)) {
      this.report("WESLEY_REGISTRY_INVALID_VALUE", "A `retired:` item needs `name:`, the name the entry had.", nameNode ?? item, `Write ${example}.`);
      ok = false;
    }
    if (reasonNode !== undefined && typeof reason !== "string") {
      this.report("WESLEY_REGISTRY_INVALID_VALUE", "`reason:` of a retired item must be a string.", reasonNode ?? item, "Quote the reason.");
      ok = false;
    }
    const id = this.readId(fields.get("id") ?? item, `retired ${String(ns)}.${String(name)}`);
    if (!ok || id === undefined) return undefined;
    const namespace = ns as RegistryNamespace;
    const location = this.nodeAt(item);
    this.locations.set(`@registry.retired.${namespace}.${name as string}`, location);
    return typeof reason === "string" ? { namespace, name: name as string, id, reason, location } : { namespace, name: name as string, id, location };
  }

  /** Ids unique per namespace; retired ids and names never come back as active entries. */
  private checkUnique(ns: RegistryNamespace, active: readonly LocatedEntry[], retired: readonly LocatedRetiredEntry[]): void {
    const retiredHere = retired.filter((r) => r.namespace === ns);
    const idOwner = new Map<number, LocatedEntry>();
    for (const entry of active) {
      const previous = idOwner.get(entry.id);
      if (previous !== undefined) {
        this.diagnostics.push(
          error(
            "WESLEY_REGISTRY_DUPLICATE_ID",
            `${ns}.${entry.name} has id ${entry.id}, already used by ${ns}.${previous.name} (${fmt(previous.idLocation)}).`,
            entry.idLocation,
            `Ids are unique per section; give ${entry.name} the next unused id (${nextFreeId(active, retiredHere)}).`,
          ),
        );
      } else {
        idOwner.set(entry.id, entry);
      }
    }
    const retiredById = new Map<number, LocatedRetiredEntry>();
    const retiredByName = new Map<string, LocatedRetiredEntry>();
    for (const r of retiredHere) {
      const previous = retiredById.get(r.id);
      if (previous !== undefined && previous.name !== r.name) {
        this.diagnostics.push(error("WESLEY_REGISTRY_DUPLICATE_ID", `Retired ${ns}.${r.name} has id ${r.id}, already retired for ${ns}.${previous.name} (${fmt(previous.location)}).`, r.location, "Each id was held by one entry; keep the retired item that matches history and remove the other."));
      } else if (previous !== undefined) {
        this.diagnostics.push(error("WESLEY_REGISTRY_DUPLICATE_NAME", `${ns}.${r.name} (id ${r.id}) is retired twice.`, r.location, "Remove the repeated `retired:` item."));
      }
      retiredById.set(r.id, r);
      retiredByName.set(r.name, r);
    }
    for (const entry of active) {
      const byId = retiredById.get(entry.id);
      if (byId !== undefined) {
        this.diagnostics.push(
          error(
            "WESLEY_REGISTRY_RETIRED_ID_REUSED",
            `${ns}.${entry.name} uses id ${entry.id}, which was retired with ${ns}.${byId.name} (${fmt(byId.location)}).`,
            entry.idLocation,
            `Retired ids are never reused: history written with id ${entry.id} means ${byId.name}. Use the next unused id (${nextFreeId(active, retiredHere)}).`,
          ),
        );
      }
      const byName = retiredByName.get(entry.name);
      if (byName !== undefined) {
        this.diagnostics.push(
          error(
            "WESLEY_REGISTRY_RETIRED_NAME_REUSED",
            `${ns}.${entry.name} was retired (${fmt(byName.location)}) and cannot come back as an active entry.`,
            entry.location,
            `Old history uses the name ${entry.name} for retired id ${byName.id}; choose a new name for the new ${ns === "ops" ? "op" : "kind"}.`,
          ),
        );
      }
    }
  }

  private report(code: Parameters<typeof error>[0], message: string, node: YamlNode | null | undefined, hint: string): void {
    this.diagnostics.push(error(code, message, this.nodeAt(node), hint));
  }
}

function sortEntries(entries: readonly LocatedEntry[]): RegistryEntry[] {
  return [...entries].sort((a, b) => compareStrings(a.name, b.name)).map(({ name, id }) => ({ name, id }));
}

function nextFreeId(active: readonly RegistryEntry[], retired: readonly RetiredEntry[]): number {
  let max = 0;
  for (const e of active) max = Math.max(max, e.id);
  for (const e of retired) max = Math.max(max, e.id);
  return max + 1;
}

function fmt(l: SourceLocation): string {
  return `${l.file}:${l.line}:${l.column}`;
}
