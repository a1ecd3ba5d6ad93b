import type { ProgressEvent, ProgressHook } from '../core/progress.js';

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

/**
 * Progress on stderr while long work runs; silent when not a terminal or with --quiet. `step` is a
 * phase on its own line; `hook` receives the library's events and shows them on one line updated
 * in place ("fitting cart: column 23/67 os_days, 12.3 s"), at most every `interval` ms.
 */
export interface Progress {
  step(message: string): void;
  readonly hook: ProgressHook;
  /** Ends a line left open by `hook`, so that what is printed next starts on its own line. */
  end(): void;
}

/** A redraw at most ten times a second: faster is flicker, and costs the work it reports on. */
const REDRAW_MS = 100;

export function progressFor(
  io: CliIo,
  quiet: boolean,
  now: () => number = () => performance.now(),
): Progress {
  if (!io.stderrIsTty || quiet) return { step: () => {}, hook: () => {}, end: () => {} };
  let open = false;
  let task = '';
  let started = 0;
  let drawn = Number.NEGATIVE_INFINITY;
  const end = () => {
    if (open) io.stderr('\n');
    open = false;
  };
  return {
    step(message) {
      end();
      io.stderr(`… ${message}\n`);
    },
    hook(event: ProgressEvent) {
      const time = now();
      if (event.task !== task) {
        end();
        task = event.task;
        started = time;
        drawn = Number.NEGATIVE_INFINITY;
      }
      const last = event.done >= event.total;
      if (!last && time - drawn < REDRAW_MS) return;
      drawn = time;
      io.stderr(`\r\x1b[K… ${progressLine(event, (time - started) / 1000)}`);
      open = true;
    },
    end,
  };
}

/** "fitting cart: column 23/67 os_days, 12.3 s". */
export function progressLine(event: ProgressEvent, seconds: number): string {
  const item = event.item ? ` ${event.item}` : '';
  return `${event.task}: ${event.unit} ${event.done}/${event.total}${item}, ${seconds.toFixed(1)} s`;
}

/** What every command receives besides its own options. */
export interface CommandContext {
  io: CliIo;
  progress: Progress;
}
