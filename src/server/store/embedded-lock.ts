/**
 * One hub per embedded database. PGlite runs PostgreSQL inside this process and, unlike a server,
 * takes no lock on its data directory: two processes opening the same folder would both write its
 * files and corrupt it. So the embedded store holds a lock file beside the folder for as long as it
 * is open, created with O_CREAT | O_EXCL (`wx`), which the file system grants to one process.
 *
 * A lock left by a killed hub must not stop the next start (a restart after a crash is the normal
 * way to resume a job), so a lock whose process is gone on this host is taken over. The takeover
 * has a small window (two starters that both saw the dead lock); two hubs started on one folder at
 * the same instant after a crash is an operator error this does not fully cover.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { HubStateError } from './errors.js';

interface LockHolder {
  pid: number;
  host: string;
  since: string;
}

/** Takes the lock or throws naming the live holder; returns the function that releases it. */
export function lockDatabaseFolder(dir: string): () => void {
  const lock = `${dir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lock, 'wx');
      try {
        const holder: LockHolder = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
        writeSync(fd, JSON.stringify(holder));
      } finally {
        closeSync(fd);
      }
      return () => rmSync(lock, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readHolder(lock);
      if (holder && isDeadHere(holder)) {
        rmSync(lock, { force: true });
        continue;
      }
      throw new HubStateError(
        'unavailable',
        `the embedded database ${dir} is open in another process (${describe(holder)}); ` +
          `stop that hub first, or remove ${lock} if it was left by a hub on another machine`,
      );
    }
  }
  throw new HubStateError('unavailable', `could not take the lock ${lock} on the embedded database ${dir}`);
}

function readHolder(lock: string): LockHolder | undefined {
  try {
    const value = JSON.parse(readFileSync(lock, 'utf8'));
    return Number.isInteger(value?.pid) && typeof value?.host === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Only a process on this host can be checked; a holder elsewhere (a shared disk) counts as alive. */
function isDeadHere(holder: LockHolder): boolean {
  if (holder.host !== hostname() || holder.pid === process.pid) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function describe(holder: LockHolder | undefined): string {
  return holder
    ? `process ${holder.pid} on ${holder.host} since ${holder.since}`
    : 'a process that left no details';
}
