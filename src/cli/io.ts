/** Where a command's output and progress go: the process streams, or buffers in tests. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stderr is a terminal (progress is shown only there). */
  stderrIsTty: boolean;
}

export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stderrIsTty: Boolean(process.stderr.isTTY),
};

/** Progress on stderr while long work runs; silent when not a terminal or with --quiet. */
export interface Progress {
  step(message: string): void;
}

export function progressFor(io: CliIo, quiet: boolean): Progress {
  const active = io.stderrIsTty && !quiet;
  return { step: (message) => active && io.stderr(`… ${message}\n`) };
}

/** What every command receives besides its own options. */
export interface CommandContext {
  io: CliIo;
  progress: Progress;
}
