import { isEnumType, isInputObjectType, isInterfaceType, isObjectType } from "graphql";
import type { ASTNode, GraphQLSchema, NameNode } from "graphql";
import type { SourceIndex } from "../../ir/types.js";
import type { ChangeLocation } from "../change/schema-change.js";
import { parentCoordinate } from "../change/coordinates.js";

/** Finds where a coordinate is written in one schema version. */
export type Locator = (coordinate: string) => ChangeLocation | undefined;

/**
 * Looks a coordinate up in the loader's source index first (it knows kinds.yaml lines too), then in the schema's
 * AST, then tries the enclosing coordinate, so `T.f(a:)` falls back to `T.f` and `T`.
 */
export function createLocator(schema: GraphQLSchema, sources: SourceIndex | undefined, registryFile?: string): Locator {
  const locate = (coordinate: string): ChangeLocation | undefined => {
    const indexed = sources?.get(coordinate) ?? sources?.get(retiredCoordinate(coordinate));
    if (indexed !== undefined) return { file: indexed.file, line: indexed.line };
    const fromAst = locateInAst(schema, coordinate);
    if (fromAst !== undefined) return fromAst;
    if (coordinate.startsWith("@registry") && registryFile !== undefined) return { file: registryFile, line: 1 };
    const parent = parentCoordinate(coordinate);
    return parent === undefined ? undefined : locate(parent);
  };
  return locate;
}

/** A registry entry that was retired is found on its `retired:` line (`@registry.retired.ops.archiveTask`). */
function retiredCoordinate(coordinate: string): string {
  return coordinate.replace(/^@registry\./, "@registry.retired.");
}

const COORDINATE = /^(@?)([_A-Za-z][_0-9A-Za-z]*)(?:\.([_A-Za-z][_0-9A-Za-z]*))?(?:\(([_A-Za-z][_0-9A-Za-z]*):\))?$/;

function locateInAst(schema: GraphQLSchema, coordinate: string): ChangeLocation | undefined {
  const match = COORDINATE.exec(coordinate);
  if (match === null) return undefined;
  const [, at, name = "", member, argName] = match;
  if (at === "@") {
    const directive = schema.getDirective(name);
    const arg = argName === undefined ? undefined : directive?.args.find((a) => a.name === argName);
    return nodeLocation(arg?.astNode ?? directive?.astNode);
  }
  const type = schema.getType(name);
  if (type === undefined || type === null) return undefined;
  if (member === undefined) return nodeLocation(type.astNode);
  if (isEnumType(type)) return nodeLocation(type.getValue(member)?.astNode);
  if (isObjectType(type) || isInterfaceType(type)) {
    const field = type.getFields()[member];
    const arg = argName === undefined ? undefined : field?.args.find((a) => a.name === argName);
    return nodeLocation(arg?.astNode ?? field?.astNode);
  }
  if (isInputObjectType(type)) return nodeLocation(type.getFields()[member]?.astNode);
  return undefined;
}

/** The line of the definition's name (not of its description), in the file its source was read from. */
function nodeLocation(node: (ASTNode & { readonly name?: NameNode }) | null | undefined): ChangeLocation | undefined {
  const loc = node?.name?.loc ?? node?.loc;
  if (loc === undefined) return undefined;
  return { file: loc.source.name, line: loc.startToken.line };
}
