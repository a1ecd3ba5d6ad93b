/**
 * What the review app's plugins share: the store, the clock, the site's real data when the app runs
 * at a site (standalone `synthcohort review --data`), and the signed-in user that the session hook
 * (`auth.ts`) puts on every request under `/review/api` before a route runs.
 */
import type { FastifyRequest } from 'fastify';
import type { Schema } from '../../data/schema.js';
import type { Table } from '../../data/table.js';
import type { RandomBits } from '../../privacy/random-bits.js';
import { RefusedError } from '../hub/http.js';
import type { Store } from '../store/index.js';
import type { User } from './api.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the session hook on every `/review/api` route except login and the session probe. */
    reviewUser?: User;
  }
}

/** The site's real data, in memory only: never written to the database, never sent to the hub. */
export interface SiteData {
  readonly table: Table;
  readonly schema: Schema;
  /** The file it was read from, for messages. */
  readonly file: string;
}

export interface ReviewContext {
  readonly store: Store;
  readonly clock: () => number;
  /** Session tokens, CSRF tokens, blinded decks' order: `secureRandomBits()` unless a test fixes them. */
  readonly bits: RandomBits;
  /** Present only in a site's own app started with its data. */
  readonly site?: SiteData;
  /** Over HTTPS (the hub): cookies get `Secure` and the `__Host-` prefix. */
  readonly https: boolean;
}

/** The signed-in user, or a 401 (the session hook runs first, so this only guards a wiring mistake). */
export function userOf(request: FastifyRequest): User {
  if (!request.reviewUser) throw new RefusedError(401, 'sign in first');
  return request.reviewUser;
}

/** The signed-in user if a coordinator, else a 403. */
export function coordinatorOf(request: FastifyRequest): User {
  const user = userOf(request);
  if (user.role !== 'coordinator') throw new RefusedError(403, 'only a coordinator may do this');
  return user;
}
