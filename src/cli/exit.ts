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
  if (isCommanderUsageError(error) || isFileSystemError(error) || isTooBig(error)) return EXIT_BAD_INPUT;
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

const FILE_SYSTEM_REASONS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory, expected a file',
  ENOTDIR: 'a part of the path is not a directory',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  ENAMETOOLONG: 'file name too long',
  ELOOP: 'too many levels of symbolic links',
  EMFILE: 'too many open files',
  EEXIST: 'already exists',
  ENOTEMPTY: 'a folder that is not empty is in the way',
  EXDEV: 'cannot move a file across file systems',
  EIO: 'input/output error',
};

/**
 * File-system errors are the user's to fix too: name the file and what went wrong. (Some, such as
 * reading a folder, carry no path; the command's own checks name the file before they can happen.)
 */
function isFileSystemError(error: unknown): error is NodeJS.ErrnoException {
  if (!(error instanceof Error)) return false;
  const code = (error as NodeJS.ErrnoException).code;
  return typeof code === 'string' && ('path' in error || code in FILE_SYSTEM_REASONS);
}

/** A request bigger than the machine's memory (a huge row count, say) is the user's to scale down. */
function isTooBig(error: unknown): error is RangeError {
  return (
    error instanceof RangeError &&
    /Array buffer allocation failed|Invalid typed array length|Invalid string length/.test(error.message)
  );
}

function nodeErrorMessage(error: unknown): string {
  if (isFileSystemError(error)) {
    const reason = FILE_SYSTEM_REASONS[error.code!] ?? error.message;
    return error.path ? `${error.path}: ${reason}` : reason;
  }
  if (isTooBig(error))
    return `the job needs more memory than this machine can give (${error.message}); ask for fewer rows`;
  return error instanceof Error ? `internal error: ${error.message}` : `internal error: ${String(error)}`;
}

function isCommanderUsageError(error: unknown): boolean {
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('commander.');
}
