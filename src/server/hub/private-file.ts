/**
 * Files of a state folder (hub or node), written so that a crash leaves the old content or the new,
 * never half a key: the bytes go to a temporary file beside the target, then `rename` replaces it.
 * A private key's temporary file is created with mode 0600, so the key is never readable by other
 * users, not even between the write and the rename.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export function writeStateFile(path: string, data: string, mode: 0o600 | 0o644 = 0o644): void {
  // The suffix is only for uniqueness among concurrent writers, not a secret.
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(temporary, data, { mode, flag: 'wx' });
    // The umask may have removed bits from `mode` at creation; set it exactly.
    chmodSync(temporary, mode);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

export function writePrivateFile(path: string, data: string): void {
  writeStateFile(path, data, 0o600);
}

/** True when `dir` does not exist or holds nothing: a state folder is only ever made in one. */
export function isAbsentOrEmpty(dir: string): boolean {
  try {
    if (!statSync(dir).isDirectory()) return false;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw error;
  }
  return readdirSync(dir).length === 0;
}
