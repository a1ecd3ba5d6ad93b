import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  type Stats,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError } from './errors.js';
import {
  releaseTemporary,
  removeStaleTemporaries,
  temporaryPathFor,
  trackTemporary,
} from './temporary-files.js';

export { temporaryPathFor } from './temporary-files.js';

/**
 * Writes a file so that readers see either the old content or the whole new one, never a part:
 * the bytes go to a temporary file beside the target, which is renamed over it on success.
 * Errors name `path`, never the temporary file.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const temporary = prepareTemporary(path);
  try {
    writeFileSync(temporary, data);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw naming(error, temporary, path);
  } finally {
    releaseTemporary(temporary);
  }
}

/**
 * A file written piece by piece, for output too big to build in memory: the bytes go, buffered, to
 * a temporary file beside the target; `commit()` renames it into place, `abort()` removes it.
 */
export class AtomicFileWriter {
  private readonly temporary: string;
  private readonly fd: number;
  private readonly pending: Buffer;
  private used = 0;
  private open = true;

  constructor(
    readonly path: string,
    bufferBytes = 1 << 20,
  ) {
    this.temporary = prepareTemporary(path);
    try {
      this.fd = openSync(this.temporary, 'w');
    } catch (error) {
      releaseTemporary(this.temporary);
      throw naming(error, this.temporary, path);
    }
    this.pending = Buffer.allocUnsafe(bufferBytes);
  }

  /** Copies `bytes` (the caller may reuse them at once). */
  write(bytes: Uint8Array): void {
    try {
      if (this.used + bytes.length > this.pending.length) this.flush();
      if (bytes.length > this.pending.length) writeAll(this.fd, bytes);
      else {
        this.pending.set(bytes, this.used);
        this.used += bytes.length;
      }
    } catch (error) {
      throw naming(error, this.temporary, this.path);
    }
  }

  commit(): void {
    try {
      this.flush();
      this.open = false;
      closeSync(this.fd);
      renameSync(this.temporary, this.path);
    } catch (error) {
      throw naming(error, this.temporary, this.path);
    }
    releaseTemporary(this.temporary);
  }

  /** Leaves nothing behind; safe to call after a failed write or commit. */
  abort(): void {
    // Never close twice: by then the descriptor number may belong to another file.
    if (this.open) closeSync(this.fd);
    this.open = false;
    rmSync(this.temporary, { force: true });
    releaseTemporary(this.temporary);
  }

  private flush(): void {
    writeAll(this.fd, this.pending.subarray(0, this.used));
    this.used = 0;
  }
}

function writeAll(fd: number, bytes: Uint8Array): void {
  for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done);
}

/**
 * Checks the target, makes its folder, clears stale temporary files of killed runs there, and
 * returns a new temporary path, tracked so that an interrupt removes it.
 */
function prepareTemporary(path: string): string {
  refuseNonRegularTarget(path);
  makeFolder(dirname(path));
  removeStaleTemporaries(dirname(path));
  const temporary = temporaryPathFor(path);
  trackTemporary(temporary);
  return temporary;
}

/**
 * Renaming over a device, a FIFO or a socket would replace it with a regular file (as root, even
 * /dev/full), and over a folder fails obscurely: refuse anything but a regular file or nothing.
 */
export function refuseNonRegularTarget(path: string): void {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch {
    return;
  }
  if (!stats.isFile())
    throw new InputError(
      'IO',
      { file: path },
      `is ${describeFileType(stats)}; expected a regular file to write`,
    );
}

/** "a directory", "a character device", … for messages. */
export function describeFileType(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isSocket()) return 'a socket';
  return stats.isFile() ? 'a regular file' : 'not a regular file';
}

/** A file-system error about the temporary file, made to name the user's path instead. */
function naming(error: unknown, temporary: string, path: string): unknown {
  const e = error as NodeJS.ErrnoException & { dest?: string };
  if (!(error instanceof Error)) return error;
  if (e.path === temporary) e.path = path;
  if (e.dest === temporary) e.dest = path;
  e.message = e.message.replaceAll(temporary, path);
  return error;
}

/**
 * `mkdir -p`, one level at a time. Node's `mkdirSync(dir, { recursive: true })` never returns for
 * a folder that cannot be made under /proc (mkdir answers ENOENT for a parent that exists, and
 * Node retries the parent forever); here the first folder that cannot be made throws.
 */
export function makeFolder(dir: string): void {
  const missing: string[] = [];
  for (let folder = resolve(dir); !existsSync(folder); folder = dirname(folder)) {
    missing.push(folder);
    if (dirname(folder) === folder) break;
  }
  for (const folder of missing.reverse()) {
    try {
      mkdirSync(folder);
    } catch (error) {
      // Made meanwhile by another process: fine, as long as it is a folder.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !statSync(folder).isDirectory()) throw error;
    }
  }
}
