import type { Io } from "../../io.js";

/**
 * Where a command's result goes: with --json, the result as JSON on stdout (one document, or one line per event
 * when following); otherwise the human form. Errors always go to stderr, as one JSON line
 * `{"ok":false,"error":{...}}` with --json, so `jitosctl ... --json | jq` never sees an error as data.
 */
export class Output {
  constructor(
    private readonly io: Io,
    readonly json: boolean,
  ) {}

  /** The command's result: `value` as JSON, or `human()` as text. */
  result(value: unknown, human: () => string): void {
    const text = this.json ? JSON.stringify(value, null, 2) : human();
    if (text !== "") this.io.stdout.write(`${text}\n`);
  }

  /** One event of a stream: a JSON line, or `human()` as text. */
  event(value: unknown, human: () => string): void {
    this.io.stdout.write(`${this.json ? JSON.stringify(value) : human()}\n`);
  }

  /** Plain text for people only (a table header before streamed rows); nothing with --json. */
  note(text: string): void {
    if (!this.json) this.io.stdout.write(`${text}\n`);
  }

  /** A failure: `jitosctl: CODE: message` (and a hint line), or `{"ok":false,"error":{...}}`. */
  error(code: string, message: string, exitCode: number, hint?: string): void {
    if (this.json) {
      const error = { code, message, exitCode, ...(hint === undefined ? {} : { hint }) };
      this.io.stderr.write(`${JSON.stringify({ ok: false, error })}\n`);
      return;
    }
    this.io.stderr.write(`jitosctl: ${code}: ${message}\n${hint === undefined ? "" : `  hint: ${hint}\n`}`);
  }
}
