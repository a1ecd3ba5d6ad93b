/**
 * A long-running command (hub start, node) run in-process in the background: what it prints is
 * readable while it runs, and `stopAll` (as a SIGTERM would) ends it.
 */
import { main } from '../main.js';

export interface BackgroundRun {
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Resolves with the exit code once the command returns. */
  readonly done: Promise<number>;
  /** Waits until stdout or stderr matches `pattern`; returns the match. */
  waitFor(pattern: RegExp, ms?: number): Promise<RegExpMatchArray>;
}

export function runInBackground(...argv: string[]): BackgroundRun {
  let stdout = '';
  let stderr = '';
  let exited: number | undefined;
  const done = main(argv, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    stderrIsTty: false,
  }).then((code) => {
    exited = code;
    return code;
  });
  return {
    stdout: () => stdout,
    stderr: () => stderr,
    done,
    async waitFor(pattern, ms = 30_000) {
      const until = Date.now() + ms;
      for (;;) {
        const match = (stdout + stderr).match(pattern);
        if (match) return match;
        if (exited !== undefined || Date.now() > until)
          throw new Error(
            `${argv.slice(0, 2).join(' ')} ${exited !== undefined ? `exited with ${exited}` : `timed out`} before printing ${pattern}:\n${stdout}${stderr}`,
          );
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}
