import {
  KnownDirectivesRule,
  KnownTypeNamesRule,
  LoneSchemaDefinitionRule,
  UniqueArgumentNamesRule,
  UniqueDirectivesPerLocationRule,
  UniqueInputFieldNamesRule,
  UniqueOperationTypesRule,
  visit,
  visitInParallel,
} from "graphql";
import type { ASTNode, ASTVisitor, GraphQLError } from "graphql";
// Not re-exported from graphql's index in v16; both are part of its specifiedSDLRules.
import { KnownArgumentNamesOnDirectivesRule } from "graphql/validation/rules/KnownArgumentNamesRule.js";
import { ProvidedRequiredArgumentsOnDirectivesRule } from "graphql/validation/rules/ProvidedRequiredArgumentsRule.js";
import type { SDLValidationContext } from "graphql/validation/ValidationContext.js";
import type { Diagnostic, DiagnosticCode } from "../diagnostics/index.js";
import { didYouMean, error } from "../diagnostics/index.js";
import type { SchemaModel } from "../load/model.js";
import { locationOf } from "../load/location.js";

type SDLRule = (context: SDLValidationContext) => ASTVisitor;

interface MappedRule {
  readonly rule: SDLRule;
  /** Turns graphql-js's error into a diagnostic with a Wesley code and a hint. */
  readonly toDiagnostic: (e: GraphQLError, model: SchemaModel) => Diagnostic;
}

/**
 * graphql-js's SDL rules (specifiedSDLRules) minus the uniqueness and extension rules, which the schema model
 * checks itself with both locations in the message (load/model.ts). Each rule gets its own context so every
 * error is tagged with the rule (hence the code) that found it, while all rules still share one AST walk.
 */
const RULES: readonly MappedRule[] = [
  { rule: LoneSchemaDefinitionRule, toDiagnostic: simple("WESLEY_SCHEMA_DEFINITION", "Keep a single `schema { ... }` definition; add roots with `extend schema`.") },
  { rule: UniqueOperationTypesRule, toDiagnostic: simple("WESLEY_SCHEMA_DEFINITION", "Name each root operation type once.") },
  { rule: KnownTypeNamesRule, toDiagnostic: unknownType },
  { rule: KnownDirectivesRule, toDiagnostic: knownDirective },
  { rule: UniqueDirectivesPerLocationRule, toDiagnostic: simple("WESLEY_REPEATED_DIRECTIVE", "Use the directive once here, merging the arguments.") },
  { rule: KnownArgumentNamesOnDirectivesRule, toDiagnostic: simple("WESLEY_UNKNOWN_DIRECTIVE_ARGUMENT", "Remove the argument or fix its name; docs/directives.md lists each directive's arguments.") },
  { rule: UniqueArgumentNamesRule, toDiagnostic: simple("WESLEY_REPEATED_ARGUMENT_VALUE", "Give the argument once.") },
  { rule: UniqueInputFieldNamesRule, toDiagnostic: simple("WESLEY_REPEATED_ARGUMENT_VALUE", "Give the field once.") },
  { rule: ProvidedRequiredArgumentsOnDirectivesRule, toDiagnostic: simple("WESLEY_MISSING_DIRECTIVE_ARGUMENT", "Add the missing argument; docs/directives.md lists each directive's arguments.") },
];

export function checkGraphQLSDLRules(model: SchemaModel): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const visitors = RULES.map(({ rule, toDiagnostic }) => {
    const context = {
      getDocument: () => model.document,
      getSchema: () => undefined,
      hideSuggestions: false,
      reportError: (e: GraphQLError) => diagnostics.push(toDiagnostic(e, model)),
    };
    // The rules only use these members of SDLValidationContext; building a real one needs a deep import of a class.
    return rule(context as unknown as SDLValidationContext);
  });
  visit(model.document, visitInParallel(visitors));
  return diagnostics;
}

/** Where graphql-js's error points: the last node it names (the repeated one, for "only once" errors). */
function errorNode(e: GraphQLError): ASTNode | undefined {
  const nodes = e.nodes ?? [];
  return nodes[nodes.length - 1];
}

function simple(code: DiagnosticCode, hint: string) {
  return (e: GraphQLError): Diagnostic => {
    const node = errorNode(e);
    return error(code, e.message, node ? locationOf(node) : undefined, hint);
  };
}

function unknownType(e: GraphQLError, model: SchemaModel): Diagnostic {
  const node = errorNode(e);
  const name = node?.kind === "NamedType" ? node.name.value : undefined;
  if (node === undefined || name === undefined) return simple("WESLEY_UNKNOWN_TYPE", "Define the type or fix the name.")(e);
  const suggestion = didYouMean(name, model.types.keys());
  return error(
    "WESLEY_UNKNOWN_TYPE",
    `Unknown type "${name}".`,
    locationOf(node),
    `${suggestion ? suggestion + " " : ""}Define the type in a schema file, or fix the name.`,
  );
}

function knownDirective(e: GraphQLError, model: SchemaModel): Diagnostic {
  const node = errorNode(e);
  const location = node ? locationOf(node) : undefined;
  // graphql-js reports unknown and misplaced directives from one rule; its message is the only discriminator.
  if (node?.kind === "Directive" && e.message.startsWith("Unknown directive")) {
    const suggestion = didYouMean(node.name.value, [...model.directives.keys(), "deprecated", "specifiedBy", "oneOf"]);
    return error("WESLEY_UNKNOWN_DIRECTIVE", e.message, location, `${suggestion ? suggestion.replace(/"([^"]+)"/g, '"@$1"') + " " : ""}Define the directive (\`directive @name on ...\`) or remove it.`);
  }
  return error("WESLEY_MISPLACED_DIRECTIVE", e.message, location, "Move the directive to a place its definition allows (docs/directives.md lists where each Wesley directive goes).");
}
