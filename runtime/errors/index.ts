// Errors the kernel reports across its API.
export { KernelError, isKernelError, invalidInput, internalInvariant, kernel_error_codes } from "./kernel-error.js";
export type { KernelErrorCode, KernelErrorDetails, KernelErrorIssue } from "./kernel-error.js";
