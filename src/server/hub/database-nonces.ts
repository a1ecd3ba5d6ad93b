/**
 * The wire's `NonceStore` over the hub's database (`seen_nonces`): accepted nonces survive a restart
 * and are shared by every hub process on one PostgreSQL server, so a message accepted before a
 * restart cannot be replayed after it (the in-memory store would forget it).
 */
import type { NonceStore } from '../../federation/wire/nonce-store.js';
import { forgetExpiredNonces, rememberNonce, type Store } from '../store/index.js';

export class DatabaseNonceStore implements NonceStore {
  constructor(
    private readonly store: Store,
    private readonly clock: () => number,
  ) {}

  remember(keyId: string, nonce: string, expiresAt: number): Promise<boolean> {
    return rememberNonce(this.store, {
      keyId,
      nonce,
      expiresAt: new Date(expiresAt),
      now: new Date(this.clock()),
    });
  }

  /** Drops nonces whose timestamps the verifier refuses anyway. */
  forgetExpired(): Promise<number> {
    return forgetExpiredNonces(this.store, new Date(this.clock()));
  }
}
