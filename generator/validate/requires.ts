import type { ConstDirectiveNode } from "graphql";
import type { Diagnostic } from "../diagnostics/index.js";
import { error } from "../diagnostics/index.js";
import { locationOf } from "../load/location.js";
import type { SchemaModel } from "../load/model.js";
import { findDirective, stringListArgument } from "./ast.js";

/** @requires(caps:) must name at least one non-empty capability: an empty list would read as "anyone may". */
export function checkRequires(model: SchemaModel): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const check = (directive: ConstDirectiveNode | undefined, where: string) => {
    if (directive === undefined) return;
    const caps = stringListArgument(directive, "caps");
    if (caps === undefined) return;
    if (caps.value.length === 0) {
      diagnostics.push(error("WESLEY_REQUIRES_CAPS", `@requires on ${where} lists no capability.`, locationOf(directive), 'Name the capabilities needed, e.g. @requires(caps: ["task:write"]), or remove the directive.'));
    }
    for (const cap of caps.value) {
      if (cap.value.trim() === "") diagnostics.push(error("WESLEY_REQUIRES_CAPS", `@requires on ${where} names an empty capability.`, cap.location, 'Write the capability name, e.g. "task:write".'));
    }
  };
  for (const type of model.types.values()) {
    if (type.kind !== "object" && type.kind !== "interface") continue;
    check(findDirective(type.directives, "requires"), `"${type.name}"`);
    for (const field of type.fields.values()) check(findDirective(field.directives, "requires"), `"${type.name}.${field.name.value}"`);
  }
  return diagnostics;
}
