/**
 * Replay protection: every signed message carries a nonce, and the hub accepts a (key, nonce) pair
 * once. The insert is the check (`ON CONFLICT DO NOTHING`), so two copies of a message arriving at
 * once cannot both pass. Nonces are forgotten after `expiresAt`; the message verifier must refuse
 * any message whose timestamp is older than that window, or a replay after cleanup would pass.
 */
import type { Queryable } from './store.js';

export interface SeenNonce {
  keyId: string;
  nonce: string;
  /** When the message's timestamp stops being accepted: the nonce is kept at least until then. */
  expiresAt: Date;
  now?: Date;
}

/**
 * True the first time a (key, nonce) pair is seen; false for a replay, and false for a nonce whose
 * window has already passed (`expiresAt` before `now`): it could not be held, so accepting it would
 * let the same message through twice; refusing is the replay-safe answer. A pair is held while
 * `now <= expiresAt`, as in the wire's memory store.
 */
export async function rememberNonce(db: Queryable, seen: SeenNonce): Promise<boolean> {
  const now = seen.now ?? new Date();
  if (seen.expiresAt < now) return false;
  const { rowCount } = await db.query(
    `INSERT INTO seen_nonces (key_id, nonce, seen_at, expires_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (key_id, nonce) DO NOTHING`,
    [seen.keyId, seen.nonce, now, seen.expiresAt],
  );
  return rowCount === 1;
}

/** Deletes nonces whose window has passed at `now` (`expiresAt < now`); returns how many. */
export async function forgetExpiredNonces(db: Queryable, now = new Date()): Promise<number> {
  const { rowCount } = await db.query('DELETE FROM seen_nonces WHERE expires_at < $1', [now]);
  return rowCount;
}
