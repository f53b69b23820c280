import { UsageError } from "./usage-error.js";

/** A positive integer flag value (`--first 10`), up to `max`. */
export function parsePositiveInteger(flag: string, text: string, max: number): number {
  if (!/^[1-9][0-9]*$/.test(text) || Number(text) > max) {
    throw new UsageError(`${flag} must be a whole number from 1 to ${max}; got "${text}".`);
  }
  return Number(text);
}

/** A non-negative integer flag value (`--after 3`, a history idx). */
export function parseIndex(flag: string, text: string): number {
  if (!/^(0|[1-9][0-9]*)$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new UsageError(`${flag} must be a history idx (0, 1, 2, ...); got "${text}".`);
  }
  return Number(text);
}
