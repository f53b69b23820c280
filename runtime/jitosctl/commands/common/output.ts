/**
 * Where a command's result goes: with --json, the result as JSON on stdout (one document, or one line per event
 * when following); otherwise the human form. Errors always go to stderr, as one JSON line with --json, so
 * `jitosctl ... --json | jq` never sees an error as data.
 */
export class Output {
  constructor(readonly json: boolean) {}

  /** The command's result: `value` as JSON, or `human()` as text. */
  result(value: unknown, human: () => string): void {
    const text = this.json ? JSON.stringify(value, null, 2) : human();
    if (text !== "") process.stdout.write(`${text}\n`);
  }

  /** One event of a stream: a JSON line, or `human()` as text. */
  event(value: unknown, human: () => string): void {
    process.stdout.write(`${this.json ? JSON.stringify(value) : human()}\n`);
  }

  /** A failure: `jitosctl: CODE: message` (and a hint line), or `{"error":{...}}`. */
  error(code: string, message: string, exitCode: number, hint?: string): void {
    if (this.json) {
      const error = { code, message, exitCode, ...(hint === undefined ? {} : { hint }) };
      process.stderr.write(`${JSON.stringify({ error })}\n`);
      return;
    }
    process.stderr.write(`jitosctl: ${code}: ${message}\n${hint === undefined ? "" : `  hint: ${hint}\n`}`);
  }
}
