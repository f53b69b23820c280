/** A mistake in how `wesley` was invoked (exit code 2). The message says what to type instead. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}
