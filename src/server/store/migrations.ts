/**
 * The hub's migrations, in order. TypeScript modules rather than `.sql` files so that `tsc` carries
 * them into `dist/`. A migration, once released, is never edited: `migrate` compares a checksum of
 * each applied migration with its text here and refuses a database whose history differs.
 */
import { HUB_STATE } from './migrations/0001-hub-state.js';
import { ROUND_TASKS } from './migrations/0002-round-tasks.js';
import { REVIEW_STATE } from './migrations/0003-review.js';

export interface Migration {
  /** Sortable and unique: `0001-hub-state`. */
  readonly id: string;
  /** A script of statements, run in one transaction with the record of it being applied. */
  readonly sql: string;
}

export const HUB_MIGRATIONS: readonly Migration[] = [
  { id: '0001-hub-state', sql: HUB_STATE },
  { id: '0002-round-tasks', sql: ROUND_TASKS },
  { id: '0003-review', sql: REVIEW_STATE },
];
