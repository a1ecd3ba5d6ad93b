/**
 * One writer at a time: a lock file beside the ledger, created with O_CREAT | O_EXCL (`wx`), which
 * the file system grants to exactly one process, also over NFSv3+ and on Windows. A writer holds it
 * only while it reads, checks and rewrites the ledger (milliseconds), so waiting is short; a lock
 * left by a killed process is never broken automatically, because two waiters could both decide it
 * is stale and one would delete the other's fresh lock: the error says which file to remove.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { InputError } from '../core/errors.js';

const POLL_MS = 25;

export function withLedgerLock<T>(ledgerPath: string, timeoutMs: number, work: () => T): T {
  const lock = `${ledgerPath}.lock`;
  acquire(lock, ledgerPath, timeoutMs);
  try {
    return work();
  } finally {
    rmSync(lock, { force: true });
  }
}

function acquire(lock: string, ledgerPath: string, timeoutMs: number): void {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const fd = openSync(lock, 'wx');
      try {
        writeSync(
          fd,
          JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }),
        );
      } finally {
        closeSync(fd);
      }
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (Date.now() >= deadline)
        throw new InputError(
          'IO',
          { file: ledgerPath },
          `the privacy ledger is locked by another writer (${holder(lock)}); if no other synthcohort ` +
            `process is running, the lock was left by one that was killed: remove ${lock}`,
        );
      sleep(POLL_MS);
    }
  }
}

function holder(lock: string): string {
  try {
    const { pid, host, since } = JSON.parse(readFileSync(lock, 'utf8'));
    return `process ${pid} on ${host} since ${since}`;
  } catch {
    return 'a process that left no details';
  }
}

/** A synchronous pause: the ledger's API is synchronous, like the rest of the file handling. */
function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
