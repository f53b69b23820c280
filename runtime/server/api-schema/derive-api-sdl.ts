// The whole API SDL: the hand-written control plane plus the typed half derived from the domain, checked for name
// collisions, validated by graphql-js and printed in graphql-js's canonical form with types sorted by name, so the
// text depends only on the domain (docs/adr/0100-api-schema-derivation.md).
import { buildSchema, parse, printSchema } from "graphql";
import type { DefinitionNode } from "graphql";
import { control_plane_sdl } from "./control-plane-sdl.js";
import { ApiDerivationError, deriveTypedSdl } from "./derive-typed-sdl.js";
import type { TypedVerb } from "./derive-typed-sdl.js";
import type { ApiDomain, ApiDomainHashes } from "./domain-model.js";

/** Bumped when the derivation changes shape, so a stale checked-in SDL is recognisable from its header. */
export const api_derivation_version = "jitosd-api/v1";

export const v0_deprecation_placeholder = "__V0_DEPRECATION_REASON__";

export function deriveApiSdl(domain: ApiDomain, hashes: ApiDomainHashes): string {
  const typed = deriveTypedSdl(domain);
  checkNoCollisions(typed.sdl, typed.verbs.map((verb) => verb.name));
  const example = replacementExample(domain, typed.verbs);
  const reason =
    `Use the typed mutations, one per domain verb (e.g. ${example.name}(view, input)), or applyOps(view, ops) ` +
    `for several typed ops in one rewrite.`;
  const joined = `${control_plane_sdl.replace(v0_deprecation_placeholder, reason)}\n\n${typed.sdl}\n`;
  let printed: string;
  try {
    // Document order, not sorted: the control plane first, then the typed half, each in a fixed order.
    printed = printSchema(buildSchema(joined));
  } catch (error) {
    throw new ApiDerivationError(`the derived API SDL is not a valid schema: ${(error as Error).message}`);
  }
  return `${apiSdlHeader(hashes)}\n\n${printed}\n`;
}

export function apiSdlHeader(hashes: ApiDomainHashes): string {
  return [
    `# jitosd GraphQL API (${api_derivation_version}). Derived from the domain; DO NOT EDIT.`,
    `# Domain schema hash: ${hashes.schemaHash}`,
    `# Domain registry hash: ${hashes.registryHash}`,
    `# Regenerate with \`npm run gen:api\` after \`wesley build --target jitos\`.`,
  ].join("\n");
}

function definedNames(sdl: string): Set<string> {
  const names = new Set<string>();
  for (const definition of parse(sdl).definitions) {
    const name = nameOf(definition);
    if (name !== null && !definition.kind.endsWith("Extension")) names.add(name);
  }
  return names;
}

function nameOf(definition: DefinitionNode): string | null {
  return "name" in definition && definition.name !== undefined ? definition.name.value : null;
}

function checkNoCollisions(typedSdl: string, verbNames: readonly string[]): void {
  const controlPlane = definedNames(control_plane_sdl);
  const clashes = [...definedNames(typedSdl)].filter((name) => controlPlane.has(name)).sort();
  if (clashes.length > 0) {
    throw new ApiDerivationError(
      `the domain defines ${clashes.join(", ")}, which the control plane API defines too; rename ${clashes.length === 1 ? "it" : "them"} in the schema`,
    );
  }
  const controlMutations = new Set<string>();
  for (const definition of parse(control_plane_sdl).definitions) {
    if (definition.kind === "ObjectTypeDefinition" && definition.name.value === "Mutation") {
      for (const field of definition.fields ?? []) controlMutations.add(field.name.value);
    }
  }
  const verbClashes = verbNames.filter((name) => controlMutations.has(name));
  if (verbClashes.length > 0) {
    throw new ApiDerivationError(`the domain verbs ${verbClashes.join(", ")} clash with control plane mutations; rename them`);
  }
}

/** The verb the v0 deprecation names: the oldest (lowest registry id) verb creating a node, as AddNode does. */
function replacementExample(domain: ApiDomain, verbs: readonly TypedVerb[]): TypedVerb {
  const registryId = new Map((domain.registry?.ops ?? []).map((entry) => [entry.name, entry.id]));
  const nodeKinds = new Set(domain.types.filter((type) => type.kind === "object" && type.node === true).map((type) => type.name));
  const creating = verbs.filter((verb) => verb.effect === "creates" && nodeKinds.has(verb.target));
  const candidates = creating.length > 0 ? creating : verbs;
  const rank = (verb: TypedVerb): number => registryId.get(verb.name) ?? Number.MAX_SAFE_INTEGER;
  return [...candidates].sort((a, b) => rank(a) - rank(b))[0]!;
}
