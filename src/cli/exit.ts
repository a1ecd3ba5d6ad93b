/**
 * The one place where errors become exit codes and messages. Library code throws typed errors and
 * never prints; the CLI reports them here.
 */
import { InputError, SynthcohortError } from '../core/errors.js';

export const EXIT_OK = 0;
const EXIT_FAILURE = 1;
export const EXIT_BAD_INPUT = 2;

export function exitCodeFor(error: unknown): number {
  if (error instanceof InputError) return EXIT_BAD_INPUT;
  if (isCommanderUsageError(error) || isFileSystemError(error)) return EXIT_BAD_INPUT;
  return EXIT_FAILURE;
}

/** One line for the user; the stack only with --debug. */
export function messageFor(error: unknown, debug: boolean): string {
  const text =
    error instanceof SynthcohortError || isCommanderUsageError(error)
      ? (error as Error).message
      : nodeErrorMessage(error);
  const line = `synthcohort: ${text.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ')}`;
  return debug && error instanceof Error && error.stack ? `${line}\n${error.stack}` : line;
}

/** File-system errors are the user's to fix too: name the file and what went wrong. */
function isFileSystemError(error: unknown): error is NodeJS.ErrnoException {
  return (
    error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && 'path' in error
  );
}

function nodeErrorMessage(error: unknown): string {
  if (isFileSystemError(error)) {
    const reason: Record<string, string> = {
      ENOENT: 'no such file or directory',
      EACCES: 'permission denied',
      EISDIR: 'is a directory, expected a file',
      ENOTDIR: 'a part of the path is not a directory',
    };
    return `${error.path}: ${reason[error.code!] ?? error.message}`;
  }
  return error instanceof Error ? `internal error: ${error.message}` : `internal error: ${String(error)}`;
}

function isCommanderUsageError(error: unknown): boolean {
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('commander.');
}
