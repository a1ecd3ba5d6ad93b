import type { Schema } from '../../data/schema.js';

/**
 * Outcome columns are measured after baseline (response, relapse): conditioning a survival analysis
 * on them is immortal-time bias, so they are neither stratifiers nor Cox terms by default.
 */
/** Target columns, and columns an `implies` rule links to a time or event column. */
export function outcomeColumns(schema: Schema): Set<string> {
  const role = new Map(schema.columns.map((c) => [c.name, c.role]));
  const isOutcome = (name: string) => role.get(name) === 'time' || role.get(name) === 'event';
  const out = new Set(schema.columns.filter((c) => c.role === 'target').map((c) => c.name));
  for (const rule of schema.rules) {
    if (rule.type !== 'implies') continue;
    const names = [...rule.if.map((c) => c.column), rule.then.column];
    if (names.some(isOutcome)) for (const name of names) if (!isOutcome(name)) out.add(name);
  }
  return out;
}
