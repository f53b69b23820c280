/** The process surroundings a command uses, passed in so commands can run in tests without a real process. */
export interface Terminal {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
}

export interface OutputStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/** Colour only for a person at a terminal, and never when NO_COLOR is set to anything non-empty (no-color.org). */
export function wantsColor(terminal: Terminal, stream: OutputStream): boolean {
  const noColor = terminal.env["NO_COLOR"];
  return stream.isTTY === true && (noColor === undefined || noColor === "");
}

export function processTerminal(): Terminal {
  return { cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr };
}
