import { UsageError } from "./usage-error.js";

/** A JSON command-line value longer than this is a mistake (a file pasted whole); ops go in several --op flags. */
export const JSON_ARGUMENT_CHARS_MAX = 1024 * 1024;

/** Parses a JSON flag value, naming the flag and the parse error's position when it is not JSON. */
export function parseJsonArgument(flag: string, text: string): unknown {
  if (text.length > JSON_ARGUMENT_CHARS_MAX) {
    throw new UsageError(`${flag} has ${text.length} characters, more than ${JSON_ARGUMENT_CHARS_MAX}.`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UsageError(`${flag} is not valid JSON (${reason}): ${abbreviate(text)}`);
  }
}

/** A JSON object flag value (meta): anything else is a usage error. */
export function parseJsonObjectArgument(flag: string, text: string): Record<string, unknown> {
  const value = parseJsonArgument(flag, text);
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new UsageError(`${flag} must be a JSON object, e.g. ${flag} '{"by":"ops"}'; got ${abbreviate(text)}`);
  }
  return value as Record<string, unknown>;
}

/**
 * The `--meta <json>` option as the variables fragment every recording mutation takes: `{ meta }` when given, `{}`
 * when not (the operations' `meta` variable is optional, and an explicit undefined is not the same to exact types).
 */
export function metaVariables(options: { readonly meta?: string }): { meta?: Record<string, unknown> } {
  return options.meta === undefined ? {} : { meta: parseJsonObjectArgument("--meta", options.meta) };
}

function abbreviate(text: string): string {
  const SHOWN_CHARS_MAX = 80;
  return text.length <= SHOWN_CHARS_MAX ? text : `${text.slice(0, SHOWN_CHARS_MAX)}...`;
}
