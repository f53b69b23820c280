/**
 * A configuration file that cannot be used. It is a usage error (exit code 2): the person must fix how Wesley is
 * invoked, not the schema. Every problem names the file and, where there is one, the key.
 */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(problems.map((problem) => `${file}: ${problem}`).join("\n"));
    this.name = "ConfigError";
  }
}
