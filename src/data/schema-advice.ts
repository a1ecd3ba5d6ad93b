/**
 * What a schema leaves open that a clinician would not: today, time columns in no order. A
 * generator told nothing about `rfs_days` and `os_days` draws them as two numbers, and a fifth of
 * its patients then relapse after death. The advice is data for the caller to show.
 */
import type { Schema } from './schema.js';

/** A warning when the schema has several time columns and no rule compares any two of them. */
export function unorderedTimesAdvice(schema: Schema): string | undefined {
  const times = schema.columns.filter((c) => c.role === 'time').map((c) => c.name);
  if (times.length < 2) return undefined;
  const isTime = new Set(times);
  const ordered = schema.rules.some(
    (r) => r.type === 'compare' && isTime.has(r.left) && typeof r.right === 'string' && isTime.has(r.right),
  );
  if (ordered) return undefined;
  return `the schema orders none of its time columns (${times.join(', ')}): synthetic patients may have events in an impossible order; add compare rules of the form "earlier <= later" (schema inference proposes the orderings every real row obeys)`;
}
