// The one error type the kernel throws across its API. `code` is what GraphQL puts in `extensions.code`
// (DESIGN.md §4); the message says what is wrong, where, and what to do; `details` carries the machine-readable
// specifics (validation issues with paths, conflicting ids) so callers can act without parsing prose.

export const kernel_error_codes = [
  "INVALID_INPUT",
  "NOT_FOUND",
  "NOT_IMPLEMENTED",
  "CONFLICT",
  "FORBIDDEN",
  "INTERNAL",
] as const;

export type KernelErrorCode = (typeof kernel_error_codes)[number];

export interface KernelErrorIssue {
  /** JSON-pointer-like path into the request, e.g. "/ops/2/input/title". */
  readonly path: string;
  readonly message: string;
}

export interface KernelErrorDetails {
  /** Every problem found, each with the path of the offending value. */
  readonly issues?: readonly KernelErrorIssue[];
  /** Index of the op in the rewrite that was rejected. */
  readonly opIndex?: number;
  /** Record ids involved (e.g. the node that still has edges). */
  readonly ids?: readonly string[];
}

export class KernelError extends Error {
  override readonly name = "KernelError";
  readonly code: KernelErrorCode;
  readonly details: KernelErrorDetails;

  constructor(code: KernelErrorCode, message: string, details: KernelErrorDetails = {}) {
    super(message);
    this.code = code;
    this.details = details;
  }
}

export function isKernelError(value: unknown): value is KernelError {
  return value instanceof KernelError;
}

/** INVALID_INPUT for one value at one path; the message leads with the path so a person finds the spot. */
export function invalidInput(path: string, message: string, details: KernelErrorDetails = {}): KernelError {
  const where = path === "" ? "request" : path;
  return new KernelError("INVALID_INPUT", `${where}: ${message}`, { issues: [{ path, message }], ...details });
}

/**
 * A broken invariant: the kernel's own state is not what it must be. Thrown loudly instead of carrying on,
 * because continuing would write wrong history (TigerBeetle style).
 */
export function internalInvariant(message: string): KernelError {
  return new KernelError("INTERNAL", `kernel invariant violated: ${message}`);
}
