/**
 * Where a receiver remembers the nonces it has accepted, so that a replayed message is refused.
 *
 * A nonce needs remembering only while its message could still pass the timestamp check: a message
 * stamped t is accepted until the receiver's clock reads t + maxSkewMs, so `verifyMessage` asks the
 * store to keep (key id, nonce) until then, and after that the timestamp check alone refuses a
 * replay. The store therefore holds at most one window's worth of messages.
 */

export interface NonceStore {
  /**
   * Records that `nonce` from `keyId` was accepted, to be kept until `expiresAt` (ms since the
   * epoch). Returns false, recording nothing, if the pair is already held (a replay) or if
   * `expiresAt` is before the store's clock (it could not be held). A pair is held while
   * now <= expiresAt and may be forgotten once expiresAt < now. Must be atomic:
   * of two concurrent calls with the same pair, exactly one returns true (the PostgreSQL store does
   * this with a primary key on (key_id, nonce) and `INSERT … ON CONFLICT DO NOTHING`).
   */
  remember(keyId: string, nonce: string, expiresAt: number): Promise<boolean>;
}

export interface MemoryNonceStoreOptions {
  /** The clock that decides when an entry has expired; tests inject their own. */
  readonly now?: () => number;
}

/**
 * Nonces in a Map, for nodes (which check the hub's responses) and for tests. Not shared between
 * processes and lost on restart: a hub must use its database store, or a restart would reopen the
 * window to replays of everything accepted in the last `maxSkewMs`.
 */
export class MemoryNonceStore implements NonceStore {
  private readonly expiries = new Map<string, number>();
  private readonly now: () => number;
  private nextSweep = 0;

  constructor(options: MemoryNonceStoreOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.expiries.size;
  }

  async remember(keyId: string, nonce: string, expiresAt: number): Promise<boolean> {
    const now = this.now();
    // A pair is held while now <= expiresAt (the verifier accepts a timestamp exactly maxSkewMs
    // old). One already past its window could not be held, so it is refused, as by the hub's store.
    if (expiresAt < now) return false;
    this.sweep(now);
    // Key id and nonce are base64url, so ':' cannot occur in either and the pair maps to one key.
    const key = `${keyId}:${nonce}`;
    const held = this.expiries.get(key);
    if (held !== undefined && held >= now) return false;
    this.expiries.set(key, expiresAt);
    return true;
  }

  /** Drops expired entries, at most once a second, so memory stays bounded by one window of traffic. */
  private sweep(now: number): void {
    if (now < this.nextSweep) return;
    this.nextSweep = now + 1000;
    for (const [key, expiresAt] of this.expiries) if (expiresAt < now) this.expiries.delete(key);
  }
}
