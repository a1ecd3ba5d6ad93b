/**
 * The audit log: who did what, when, appended in the same transaction as the change it records,
 * so an entry exists exactly when the change does. Append-only in the database (a trigger refuses
 * UPDATE, DELETE and TRUNCATE).
 *
 * What an entry may hold is restricted on purpose: `detail` is flat (strings, numbers, booleans),
 * strings are short, so a vector, a payload or a report cannot be dumped into the log by accident.
 * Entries name nodes, keys, jobs and states; never a token, a payload's bytes or a statistic.
 */
import * as z from 'zod';
import { HubStateError } from './errors.js';
import { integerOf, type Queryable } from './store.js';

const DetailValue = z.union([z.string().max(500), z.number().finite(), z.boolean(), z.null()]);

export const AuditEvent = z
  .object({
    /** The node name, coordinator label or 'hub' that acted. */
    actor: z.string().min(1).max(200),
    /** Dotted, lower-case: `node.enrol`, `job.transition`. */
    action: z.string().regex(/^[a-z][a-z0-9.-]{0,63}$/),
    /** What was acted on: `job 12`, `node centre-a`. */
    subject: z.string().max(200).optional(),
    detail: z.record(z.string(), DetailValue).default({}),
  })
  .strict();

export type AuditEvent = z.input<typeof AuditEvent>;

export interface AuditEntry {
  readonly seq: number;
  readonly at: Date;
  readonly actor: string;
  readonly action: string;
  readonly subject: string | null;
  readonly detail: Record<string, string | number | boolean | null>;
}

export async function appendAudit(db: Queryable, event: AuditEvent, at: Date): Promise<void> {
  const parsed = AuditEvent.safeParse(event);
  if (!parsed.success)
    throw new HubStateError(
      'invalid',
      `audit event refused: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'event'}: ${i.message}`).join('; ')}`,
    );
  const { actor, action, subject, detail } = parsed.data;
  await db.query(
    'INSERT INTO audit_log (at, actor, action, subject, detail) VALUES ($1, $2, $3, $4, $5::jsonb)',
    [at, actor, action, subject ?? null, JSON.stringify(detail)],
  );
}

/** Entries after `afterSeq` (0: from the start), oldest first, at most `limit`. */
export async function readAudit(db: Queryable, afterSeq = 0, limit = 1000): Promise<AuditEntry[]> {
  const { rows } = await db.query<AuditEntry & { seq: unknown }>(
    'SELECT seq, at, actor, action, subject, detail FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2',
    [afterSeq, limit],
  );
  return rows.map((row) => ({ ...row, seq: integerOf(row.seq) }));
}
