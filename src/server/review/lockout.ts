/**
 * The account lock-out's bookkeeping: every attempt to prove a password (sign-in, or the current
 * password on a password change) is counted in `review_login_failures` BEFORE the password is
 * checked, so concurrent guesses cannot all pass the check and then all count (check-then-act: 40
 * simultaneous guesses from 10 addresses all reached scrypt, and a right one among them signed in).
 *
 * `begin` takes a per-name advisory lock in a short transaction, counts the name's rows in the
 * window and, below the limit, inserts this attempt's row; at or over it, refuses (429) without a
 * row. The lock is released before scrypt runs (PGlite has one connection: a transaction spanning
 * scrypt would stall every other request). So at most MAX_LOGIN_FAILURES attempts per name per
 * window ever reach scrypt, however many run at once: an in-flight attempt counts as a failure
 * until it is known. A success deletes its own row only; the failures around it stay until they
 * age out, so an attacker gains no fresh guesses each time the account's owner signs in.
 *
 * Growth: refused attempts write no row, rows older than the window are swept (at most once a
 * minute per process, by time: unknown names included), and a lock-out is audited once, when it
 * starts, not once per refused attempt.
 */
import type { Queryable, Store } from '../store/index.js';
import { appendAudit } from '../store/index.js';

export const MAX_LOGIN_FAILURES = 5;
export const LOCKOUT_MINUTES = 15;
const WINDOW_MS = LOCKOUT_MINUTES * 60_000;
const SWEEP_EVERY_MS = 60_000;

/** A 429 whose message says when to try again. */
export class TooManyAttemptsError extends Error {
  readonly statusCode = 429;
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** An attempt counted by `begin`: its row, to delete on success. */
export interface Attempt {
  readonly name: string;
  readonly at: Date;
}

export class LoginAttempts {
  private nextSweep = Number.NEGATIVE_INFINITY;
  /**
   * `what:name` → when the audited lock-out ends. In memory, as the per-address rate limit is:
   * another process, or this one after a restart, audits an ongoing lock-out once more.
   */
  private readonly auditedLocks = new Map<string, number>();

  constructor(private readonly store: Store) {}

  /**
   * Counts an attempt by `name` (as typed) at `now`, or throws a TooManyAttemptsError naming when
   * the account opens again. `what` names the route in the audit log ('login', 'password').
   */
  async begin(name: string, now: Date, what: string): Promise<Attempt> {
    await this.sweep(now);
    const since = new Date(now.getTime() - WINDOW_MS);
    const locked = await this.store.transaction(async (tx) => {
      // Serialises attempts on one name across connections (a server pool); released at commit.
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`synthcohort/review-login/${name}`]);
      const { rows } = await tx.query<{ at: Date }>(
        'SELECT at FROM review_login_failures WHERE user_name = $1 AND at > $2 ORDER BY at',
        [name, since],
      );
      if (rows.length >= MAX_LOGIN_FAILURES)
        // It opens when enough attempts have aged out of the window to leave fewer than the limit.
        return new Date(new Date(rows[rows.length - MAX_LOGIN_FAILURES].at).getTime() + WINDOW_MS);
      await tx.query('INSERT INTO review_login_failures (user_name, at) VALUES ($1, $2)', [name, now]);
      return undefined;
    });
    if (locked === undefined) return { name, at: now };
    await this.auditLockOnce(name, now, what, locked);
    const seconds = Math.max(1, Math.ceil((locked.getTime() - now.getTime()) / 1000));
    throw new TooManyAttemptsError(
      `too many failed sign-ins for this account: try again after ${locked.toISOString().slice(11, 16)} UTC (in ${Math.ceil(seconds / 60)} min)`,
      seconds,
    );
  }

  /**
   * The password was right: this attempt's row goes (through `db`, the transaction that opens the
   * session). Rows of one name and instant are interchangeable, so any one of them is this one's.
   */
  async succeeded(db: Queryable, attempt: Attempt): Promise<void> {
    await db.query(
      `DELETE FROM review_login_failures WHERE ctid = (
         SELECT ctid FROM review_login_failures WHERE user_name = $1 AND at = $2 LIMIT 1)`,
      [attempt.name, attempt.at],
    );
  }

  /** The password was wrong (its row stays, as the failure): audited with the reason. */
  async failed(attempt: Attempt, action: string, reason: string): Promise<void> {
    // The name as typed, never the password: a password typed into the name field is the risk a
    // 64-character cap on the name and the coordinator-only audit view accept.
    await appendAudit(
      this.store,
      { actor: attempt.name, action, subject: `user ${attempt.name}`, detail: { reason } },
      attempt.at,
    );
  }

  private async auditLockOnce(name: string, now: Date, what: string, until: Date): Promise<void> {
    const key = `${what}\0${name}`;
    const audited = this.auditedLocks.get(key);
    // Still inside the lock-out audited before (its end may have moved later: the same episode).
    if (audited !== undefined && audited > now.getTime()) return;
    this.auditedLocks.set(key, until.getTime());
    await appendAudit(
      this.store,
      {
        actor: name,
        action: `review.${what}-locked`,
        subject: `user ${name}`,
        detail: { until: until.toISOString() },
      },
      now,
    );
  }

  /** Rows (and remembered lock-outs) older than the window, at most once a minute. */
  private async sweep(now: Date): Promise<void> {
    if (now.getTime() < this.nextSweep) return;
    this.nextSweep = now.getTime() + SWEEP_EVERY_MS;
    await this.store.query('DELETE FROM review_login_failures WHERE at <= $1', [
      new Date(now.getTime() - WINDOW_MS),
    ]);
    for (const [key, until] of this.auditedLocks) if (until <= now.getTime()) this.auditedLocks.delete(key);
  }
}
