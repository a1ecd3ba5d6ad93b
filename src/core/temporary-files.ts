/**
 * The temporary files of atomic writes: named recognisably beside their target
 * (`.NAME.synthcohort-<pid>-<random>.tmp`), removed when the process is interrupted (SIGINT,
 * SIGTERM) once the CLI asks for it, and — for a run that was killed outright — by the next write
 * to the same folder, once their process is gone.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const TEMPORARY_NAME = /^\..*\.synthcohort-(\d+)-[0-9a-f]{8}\.tmp$/;
/** Past this age a temporary file is stale even if its pid is alive: pids are reused. */
const STALE_AFTER_MS = 6 * 60 * 60 * 1000;
/** Keeps `.NAME.synthcohort-<pid>-<random>.tmp` within the 255 bytes a file name may have. */
const NAME_KEPT = 120;

const pending = new Set<string>();

/** A new temporary path beside `path` (same file system, so the final rename is atomic). */
export function temporaryPathFor(path: string): string {
  const name = basename(path).slice(0, NAME_KEPT);
  return join(dirname(path), `.${name}.synthcohort-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
}

/** True for a name `temporaryPathFor` makes. */
export function isTemporaryName(name: string): boolean {
  return TEMPORARY_NAME.test(name);
}

/** Notes a temporary file as being written: it is removed if the process is interrupted. */
export function trackTemporary(path: string): void {
  pending.add(path);
  if (signals.enabled) signals.listen();
}

/** The temporary file was renamed into place or removed. */
export function releaseTemporary(path: string): void {
  pending.delete(path);
  if (pending.size === 0) signals.unlistenSoon();
}

/** Removes every temporary file still being written (synchronously: it runs in signal handlers). */
export function removePendingTemporaries(): void {
  for (const path of pending) rmSync(path, { force: true });
  pending.clear();
}

/**
 * Removes the temporary files an earlier run left in `dir` when it was killed: those whose process
 * no longer runs, and any older than six hours. Best effort: a file that cannot be removed stays.
 */
export function removeStaleTemporaries(dir: string, now = Date.now()): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const match = TEMPORARY_NAME.exec(name);
    if (!match) continue;
    const path = join(dir, name);
    if (pending.has(path)) continue;
    try {
      const pid = Number(match[1]);
      const old = now - statSync(path).mtimeMs > STALE_AFTER_MS;
      if (old || (pid !== process.pid && !isAlive(pid))) rmSync(path, { force: true });
    } catch {
      // Gone meanwhile, or not ours to remove.
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The conventional exit codes: 128 + the signal's number. */
const EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;
type HandledSignal = keyof typeof EXIT_CODES;
const HANDLED = Object.keys(EXIT_CODES) as HandledSignal[];

/**
 * Signal handling, active only while a temporary file is pending: a JavaScript signal listener
 * delays the signal until the event loop turns, so one installed for the whole run would make a
 * long synchronous fit deaf to Ctrl-C. Outside writes the default disposition (die at once) holds,
 * and no temporary file exists then.
 */
const signals = {
  enabled: false,
  listening: false,
  exit: (code: number): void => process.exit(code),
  handlers: Object.fromEntries(
    HANDLED.map((signal) => [
      signal,
      () => {
        removePendingTemporaries();
        signals.exit(EXIT_CODES[signal]);
      },
    ]),
  ) as Record<HandledSignal, () => void>,
  listen(): void {
    if (signals.listening) return;
    signals.listening = true;
    for (const signal of HANDLED) process.on(signal, signals.handlers[signal]);
    process.on('exit', removePendingTemporaries);
  },
  /**
   * Stops listening two turns of the event loop later, so that a signal that arrived during a
   * synchronous write (queued, not yet dispatched) still reaches its handler instead of being lost.
   */
  unlistenSoon(): void {
    if (!signals.listening) return;
    setImmediate(() =>
      setImmediate(() => {
        if (pending.size > 0 || !signals.listening) return;
        signals.listening = false;
        for (const signal of HANDLED) process.removeListener(signal, signals.handlers[signal]);
        process.removeListener('exit', removePendingTemporaries);
      }),
    );
  },
};

/**
 * Removes pending temporary files on SIGINT and SIGTERM, then exits with 130 or 143. For a process
 * entry point (the CLI); library code never installs signal handlers on its own. `exit` is for tests.
 */
export function removeTemporariesOnSignals(options: { exit?: (code: number) => void } = {}): void {
  signals.enabled = true;
  if (options.exit) signals.exit = options.exit;
  if (pending.size > 0) signals.listen();
}

/** Whether signal listeners are installed right now (for tests). */
export function isListeningForSignals(): boolean {
  return signals.listening;
}
