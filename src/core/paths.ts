/**
 * Checks on the files a job reads and writes, before any work: every input is a regular file, no
 * output exists as anything but a regular file, and no output is an input — compared by real path
 * (symbolic links followed) and by device and inode (hard links), so that a job never destroys the
 * data it is made from.
 */
import { realpathSync, type Stats, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { describeFileType } from './atomic-write.js';
import { InputError } from './errors.js';

/** A path as the user gave it, and how to name where it was given (such as `--schema`). */
export interface NamedPath {
  path: string;
  label: string;
}

/** A folder output and the files the job writes into it. */
export interface FolderOutput extends NamedPath {
  files: readonly string[];
}

function problem(path: string, message: string): InputError {
  return new InputError('IO', { file: path }, message);
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ENOTDIR') throw problem(path, 'a part of the path is not a folder');
    if (code === 'ELOOP') throw problem(path, 'symbolic links that loop');
    throw error;
  }
}

/** An input exists and is a regular file (a folder, a FIFO or a device cannot be read as one). */
export function checkInputFile({ path, label }: NamedPath): void {
  const stats = statOrUndefined(path);
  if (!stats) throw problem(path, `no such file or directory (${label})`);
  if (!stats.isFile()) throw problem(path, `is ${describeFileType(stats)}, not a file (${label})`);
}

/** A file output is a path to a regular file or to nothing yet. */
export function checkOutputFile({ path, label }: NamedPath): void {
  if (/[/\\]$/.test(path)) throw problem(path, `ends with a slash, expected a file name (${label})`);
  const stats = statOrUndefined(path);
  if (stats && !stats.isFile())
    throw problem(path, `is ${describeFileType(stats)}, not a file to write (${label})`);
}

/** A folder output is a folder or nothing yet, and every file written into it passes `checkOutputFile`. */
export function checkOutputFolder(folder: FolderOutput): NamedPath[] {
  const stats = statOrUndefined(folder.path);
  if (stats && !stats.isDirectory())
    throw problem(folder.path, `is ${describeFileType(stats)}, not a folder (${folder.label})`);
  const files = folder.files.map((name) => ({ path: join(folder.path, name), label: folder.label }));
  for (const file of files) checkOutputFile(file);
  return files;
}

/** How a path is compared: its real path (links followed, for a file yet to be made its folder's) and inode. */
interface Identity {
  real: string;
  inode?: { dev: number; ino: number };
}

function identityOf(path: string): Identity {
  const stats = statOrUndefined(path);
  if (stats) return { real: realpathSync(path), inode: { dev: stats.dev, ino: stats.ino } };
  const parent = dirname(resolve(path));
  if (parent === resolve(path)) return { real: resolve(path) };
  return { real: join(identityOf(parent).real, basename(path)) };
}

function sameFile(a: Identity, b: Identity): boolean {
  if (a.real === b.real) return true;
  return (
    a.inode !== undefined &&
    b.inode !== undefined &&
    a.inode.dev === b.inode.dev &&
    a.inode.ino === b.inode.ino
  );
}

/**
 * Refuses an output that is one of the inputs: writing it would destroy the input (and the job
 * would read a half-written file if it read the input again).
 */
export function refuseOutputsOverInputs(inputs: readonly NamedPath[], outputs: readonly NamedPath[]): void {
  const known = inputs.map((input) => ({ input, identity: identityOf(input.path) }));
  for (const output of outputs) {
    const identity = identityOf(output.path);
    const hit = known.find((k) => sameFile(k.identity, identity));
    if (!hit) continue;
    const how =
      resolve(hit.input.path) === resolve(output.path)
        ? ''
        : hit.identity.real === identity.real
          ? ' through a symbolic link'
          : ' through a hard link';
    throw problem(
      output.path,
      `${output.label} would overwrite ${hit.input.label} ${hit.input.path}${how}; write the output to another path`,
    );
  }
}
