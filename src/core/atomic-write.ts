import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/**
 * Writes a file so that readers see either the old content or the whole new one, never a part:
 * the bytes go to a temporary file beside the target, which is renamed over it on success.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  makeFolder(dirname(path));
  const temporary = temporaryPathFor(path);
  try {
    writeFileSync(temporary, data);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
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
    makeFolder(dirname(path));
    this.temporary = temporaryPathFor(path);
    this.fd = openSync(this.temporary, 'w');
    this.pending = Buffer.allocUnsafe(bufferBytes);
  }

  /** Copies `bytes` (the caller may reuse them at once). */
  write(bytes: Uint8Array): void {
    if (this.used + bytes.length > this.pending.length) this.flush();
    if (bytes.length > this.pending.length) writeAll(this.fd, bytes);
    else {
      this.pending.set(bytes, this.used);
      this.used += bytes.length;
    }
  }

  commit(): void {
    this.flush();
    this.open = false;
    closeSync(this.fd);
    renameSync(this.temporary, this.path);
  }

  /** Leaves nothing behind; safe to call after a failed write or commit. */
  abort(): void {
    // Never close twice: by then the descriptor number may belong to another file.
    if (this.open) closeSync(this.fd);
    this.open = false;
    rmSync(this.temporary, { force: true });
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

/** A unique temporary path in the target's folder (same file system, so rename is atomic). */
export function temporaryPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}
