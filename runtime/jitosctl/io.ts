/** Where a command writes: the process in main.ts, a buffer in tests (commands never touch process.stdout). */
export interface Io {
  readonly stdout: { write(text: string): void };
  readonly stderr: { write(text: string): void };
}

export const process_io: Io = { stdout: process.stdout, stderr: process.stderr };
