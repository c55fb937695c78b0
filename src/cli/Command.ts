/** One `tachyon` sub-command: its own file under commands/, registered in commands/index.ts. */
export interface Command {
  /** Words that select it, e.g. ["book", "verify"]. */
  readonly path: readonly string[];
  readonly summary: string;
  /** Full --help text: usage line, options, an example. */
  readonly help: string;
  /** Runs with the arguments after the command words; resolves to the exit code. */
  run(args: readonly string[], io: CommandIo): Promise<number>;
}

/** Where a command writes: injected so tests capture output without spawning processes. */
export interface CommandIo {
  out(line: string): void;
  err(line: string): void;
  readonly stderrIsTty: boolean;
}

// A reader that stops early (`tachyon … | head`) closes the pipe: that is the end of the output, not a
// crash. Other stdout errors still surface.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

export const processIo: CommandIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  stderrIsTty: Boolean(process.stderr.isTTY),
};

/** Thrown for wrong command-line usage; main prints it with the command's usage and exits 2. */
export class UsageError extends Error {}
