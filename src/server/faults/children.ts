/**
 * The fault tests' child processes: the real program (`node bin/synthcohort.js`, which runs dist/),
 * each started with its output captured, every one of them tracked so that a test can kill them all
 * in `afterEach` and check that none is left. A child is what an operator runs: a hub or a node in a
 * process of its own, which a test can SIGKILL or SIGSTOP as a crash or a hang would.
 *
 * `SYNTHCOHORT_PROGRAM` names another build of the same program (a fresh `tsc` output elsewhere)
 * when dist/ is older than the sources on a development machine; CI builds dist/ on `npm ci`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROGRAM =
  process.env.SYNTHCOHORT_PROGRAM ?? fileURLToPath(new URL('../../../bin/synthcohort.js', import.meta.url));

/** Fails at once, saying what to do, when the program's build has no federation commands. */
export function checkProgram(): void {
  const built = join(dirname(PROGRAM), '..', 'dist', 'cli', 'commands', 'node.js');
  if (!existsSync(built))
    throw new Error(
      `${built} is missing: the fault tests run the built program; run npm run build (or set SYNTHCOHORT_PROGRAM to a fresh build's bin/synthcohort.js)`,
    );
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface Child {
  readonly name: string;
  readonly pid: number;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of `pattern` in stdout + stderr, or rejects after `ms` or on exit. */
  waitFor(pattern: RegExp, ms?: number): Promise<RegExpMatchArray>;
  readonly exited: Promise<Exit>;
  isRunning(): boolean;
  /** Ends the process (SIGKILL unless told) and waits for its exit. */
  kill(signal?: NodeJS.Signals): Promise<Exit>;
  /** Freezes the process (SIGSTOP): it keeps its connections open and never answers. */
  freeze(): void;
  thaw(): void;
}

const running = new Set<Child>();

export function startChild(name: string, args: readonly string[]): Child {
  const process_: ChildProcess = spawn(process.execPath, [PROGRAM, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let exit: Exit | undefined;
  const listeners = new Set<() => void>();
  const changed = () => {
    for (const listener of listeners) listener();
  };
  process_.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
    changed();
  });
  process_.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString('utf8');
    changed();
  });
  const exited = new Promise<Exit>((resolve) => {
    process_.on('exit', (code, signal) => {
      exit = { code, signal };
      running.delete(child);
      resolve(exit);
      changed();
    });
  });
  const child: Child = {
    name,
    pid: process_.pid ?? -1,
    stdout: () => out,
    stderr: () => err,
    exited,
    isRunning: () => exit === undefined,
    waitFor(pattern, ms = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = (out + err).match(pattern);
          if (match) return finish(() => resolve(match));
          if (exit)
            finish(() =>
              reject(
                new Error(
                  `${name} exited (${exit?.code ?? exit?.signal}) before printing ${pattern}:\n${out}${err}`,
                ),
              ),
            );
        };
        const timer = setTimeout(
          () => finish(() => reject(new Error(`${name}: no ${pattern} within ${ms} ms:\n${out}${err}`))),
          ms,
        );
        const finish = (settle: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          settle();
        };
        listeners.add(check);
        check();
      });
    },
    async kill(signal = 'SIGKILL') {
      if (exit) return exit;
      // A stopped process only acts on SIGKILL or after SIGCONT.
      if (signal !== 'SIGKILL') process_.kill('SIGCONT');
      process_.kill(signal);
      return exited;
    },
    freeze: () => void process_.kill('SIGSTOP'),
    thaw: () => void process_.kill('SIGCONT'),
  };
  running.add(child);
  return child;
}

/** Runs the program to its end (at most `ms`); its exit code and output. */
export async function runProgram(
  args: readonly string[],
  ms = 60_000,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = startChild(`synthcohort ${args.slice(0, 2).join(' ')}`, args);
  const timer = setTimeout(() => void child.kill(), ms);
  const exit = await child.exited;
  clearTimeout(timer);
  return { code: exit.code, stdout: child.stdout(), stderr: child.stderr() };
}

/** Kills every child still running (SIGKILL) and waits until each has exited. */
export async function killChildren(): Promise<void> {
  await Promise.all([...running].map((child) => child.kill('SIGKILL')));
}

/** The children started by this test file that have not exited. */
export function liveChildren(): string[] {
  return [...running].map((child) => `${child.name} (pid ${child.pid})`);
}

/** Whether process `pid` still exists (a check that a killed child really is gone). */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
