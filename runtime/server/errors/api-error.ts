// Errors across the API carry extensions.code (DESIGN.md §4). Kernel errors keep their code and details; errors
// graphql-js or graphql-http raise for a malformed request become INVALID_INPUT; anything unexpected is INTERNAL
// with a message that hides internals and is logged in full on stderr.
import { GraphQLError } from "graphql";
import type { GraphQLFormattedError } from "graphql";
import { KernelError, isKernelError, kernel_error_codes } from "../../errors/index.js";
import type { KernelErrorCode, KernelErrorDetails } from "../../errors/index.js";

export type ApiErrorCode = KernelErrorCode;

/** An error for the client: the code, a message a person can act on, and optional machine-readable details. */
export function apiError(code: ApiErrorCode, message: string, details: KernelErrorDetails = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...detailsExtension(details) } });
}

function detailsExtension(details: KernelErrorDetails): { details?: KernelErrorDetails } {
  return Object.keys(details).length === 0 ? {} : { details };
}

function isKnownCode(value: unknown): value is ApiErrorCode {
  return typeof value === "string" && (kernel_error_codes as readonly string[]).includes(value);
}

/** Where unexpected errors are reported (stderr by default; tests may capture it). */
export type ErrorLog = (message: string) => void;

/**
 * The formatted error the client receives. Idempotent: an error already carrying a known code passes through.
 * `log` sees INTERNAL errors in full.
 */
export function formatApiError(error: unknown, log: ErrorLog): GraphQLFormattedError {
  if (error instanceof GraphQLError) {
    const original = error.originalError;
    if (isKernelError(original)) return withCode(error, original.code, original.message, original.details);
    if (isKnownCode(error.extensions["code"])) return error.toJSON();
    if (original === undefined || original === null || original instanceof GraphQLError) {
      // Parse and validation errors, and our own GraphQLErrors without a code: the request is at fault.
      return withCode(error, "INVALID_INPUT", error.message);
    }
    return internal(error, original, log);
  }
  if (isKernelError(error)) return { message: error.message, extensions: { code: error.code, ...detailsExtension(error.details) } };
  if (error instanceof Error && !(error instanceof KernelError)) {
    // graphql-http's request errors ("Missing query", "Unparsable JSON body") are plain Errors about the request.
    if (request_error_messages.has(error.message)) {
      return { message: `${error.message}: ${request_error_hints.get(error.message)}`, extensions: { code: "INVALID_INPUT" } };
    }
  }
  return internal(null, error, log);
}

const request_error_hints = new Map([
  ["Missing body", 'POST a JSON object: {"query": "...", "variables": {...}}'],
  ["Unparsable JSON body", 'the body must be JSON: {"query": "...", "variables": {...}}'],
  ["JSON body must be an object", 'send {"query": "...", "variables": {...}}'],
  ["Missing query", 'the request needs "query" (a GraphQL document)'],
  ["Invalid query", '"query" must be a string'],
  ["Invalid variables", '"variables" must be a JSON object'],
  ["Invalid operationName", '"operationName" must be a string'],
  ["Invalid extensions", '"extensions" must be a JSON object'],
  ["Unparsable URL", "GET parameters query, variables (JSON) and extensions (JSON) must be URL-encoded"],
]);
const request_error_messages = new Set(request_error_hints.keys());

function withCode(error: GraphQLError, code: ApiErrorCode, message: string, details: KernelErrorDetails = {}): GraphQLFormattedError {
  const json = error.toJSON();
  return { ...json, message, extensions: { ...json.extensions, code, ...detailsExtension(details) } };
}

function internal(error: GraphQLError | null, original: unknown, log: ErrorLog): GraphQLFormattedError {
  const stack = original instanceof Error ? (original.stack ?? original.message) : String(original);
  log(`jitosd: internal error${error?.path === undefined ? "" : ` at ${error.path.join(".")}`}: ${stack}`);
  const base = error?.toJSON() ?? { message: "" };
  return {
    ...base,
    message: "internal error in jitosd; the daemon's log (stderr) has the details. This is a bug; please report it.",
    extensions: { code: "INTERNAL" },
  };
}
