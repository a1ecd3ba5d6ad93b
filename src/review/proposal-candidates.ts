/**
 * Candidate rules from what reviewers blamed on the records they found not realistic (see
 * `proposals.ts`, which keeps only the candidates the evidence supports). Three shapes, each a rule
 * the schema already speaks (src/data/schema.ts), so the sampler enforces an accepted one as is:
 *  - ordering: two number columns blamed for an impossible timeline or inconsistent fields →
 *    `left <= right`, in the direction the flagged records break;
 *  - bound: an implausible value in one number column → `col <= c` or `col >= c`, c a round number
 *    between what reviewers accepted and what they flagged;
 *  - implication: two category columns blamed as inconsistent or unlikely for the subgroup →
 *    `if A = a then B in {every level but the flagged b}`.
 */
import type { Rule } from '../data/schema.js';
import type { Table } from '../data/table.js';
import type { Finding } from './types.js';

export type ProposalKind = 'bound' | 'ordering' | 'implication';

export interface Candidate {
  kind: ProposalKind;
  rule: Rule;
}

export interface Evidence {
  table: Table;
  /** Not-realistic findings of the records whose status is not realistic. */
  flagged: ReadonlyMap<number, readonly Finding[]>;
  /** Records whose status is realistic. */
  realistic: ReadonlySet<number>;
  /** Columns with role `time`, or of kind date: a timeline. */
  timeColumns: readonly string[];
}

const ORDERING_ISSUES = new Set(['impossible-timeline', 'inconsistent-fields']);
const IMPLICATION_ISSUES = new Set(['inconsistent-fields', 'unlikely-for-subgroup']);

export function candidates(evidence: Evidence): Candidate[] {
  return [...orderings(evidence), ...bounds(evidence), ...implications(evidence)];
}

function isNumber(table: Table, name: string): boolean {
  return table.has(name) && table.column(name).type === 'number';
}

function isCode(table: Table, name: string): boolean {
  return table.has(name) && table.column(name).type === 'code';
}

function orderings({ table, flagged, timeColumns }: Evidence): Candidate[] {
  const out: Candidate[] = [];
  for (const [record, findings] of flagged)
    for (const f of findings) {
      if (!f.issues.some((i) => ORDERING_ISSUES.has(i))) continue;
      const blamed = [...new Set(f.columns)].filter((c) => isNumber(table, c));
      // One time column blamed for an impossible timeline: it is out of order with another one.
      const others =
        blamed.length === 1 && f.issues.includes('impossible-timeline')
          ? timeColumns.filter((c) => c !== blamed[0] && isNumber(table, c))
          : [];
      const pairs: [string, string][] = [];
      for (let i = 0; i < blamed.length; i++) {
        for (let j = i + 1; j < blamed.length; j++) pairs.push([blamed[i], blamed[j]]);
        for (const other of others) pairs.push([blamed[i], other]);
      }
      for (const [a, b] of pairs) {
        const x = table.numbers(a)[record];
        const y = table.numbers(b)[record];
        if (Number.isNaN(x) || Number.isNaN(y) || x === y) continue;
        // The record has the larger one first: the rule it breaks puts it second.
        const [left, right] = x > y ? [a, b] : [b, a];
        out.push({ kind: 'ordering', rule: { type: 'compare', left, op: '<=', right } });
      }
    }
  return out;
}

function bounds({ table, flagged, realistic }: Evidence): Candidate[] {
  const blamedRecords = new Map<string, number[]>();
  for (const [record, findings] of flagged)
    for (const f of findings) {
      if (!f.issues.includes('implausible-value')) continue;
      for (const column of new Set(f.columns))
        if (isNumber(table, column))
          blamedRecords.set(column, [...(blamedRecords.get(column) ?? []), record]);
    }
  const out: Candidate[] = [];
  for (const [column, records] of blamedRecords) {
    const values = table.numbers(column);
    const flaggedValues = records.map((r) => values[r]).filter((v) => !Number.isNaN(v));
    if (flaggedValues.length === 0) continue;
    const accepted = acceptedRange(values, flagged, realistic);
    if (!accepted) continue;
    const whole = Number.isInteger(accepted.high) && Number.isInteger(accepted.low);
    const above = flaggedValues.filter((v) => v > accepted.high);
    if (above.length) {
      const c = roundestIn(accepted.high, Math.min(...above), 'upper', whole);
      out.push({ kind: 'bound', rule: { type: 'compare', left: column, op: '<=', right: c } });
    }
    const below = flaggedValues.filter((v) => v < accepted.low);
    if (below.length) {
      const c = roundestIn(Math.max(...below), accepted.low, 'lower', whole);
      out.push({ kind: 'bound', rule: { type: 'compare', left: column, op: '>=', right: c } });
    }
  }
  return out;
}

/**
 * The range a bound must keep: every value reviewers marked realistic, and at least the middle
 * half of the records nobody flagged (so that one reviewer's flag on an ordinary value does not
 * become a bound through the middle of the cohort).
 */
function acceptedRange(
  values: Float64Array,
  flagged: ReadonlyMap<number, unknown>,
  realistic: ReadonlySet<number>,
): { low: number; high: number } | null {
  const unflagged: number[] = [];
  for (let r = 0; r < values.length; r++)
    if (!flagged.has(r) && !Number.isNaN(values[r])) unflagged.push(values[r]);
  if (unflagged.length === 0) return null;
  unflagged.sort((a, b) => a - b);
  let low = unflagged[Math.floor((unflagged.length - 1) * 0.25)];
  let high = unflagged[Math.ceil((unflagged.length - 1) * 0.75)];
  for (const r of realistic) {
    const v = values[r];
    if (Number.isNaN(v)) continue;
    if (v < low) low = v;
    if (v > high) high = v;
  }
  return { low, high };
}

/**
 * A round number in [from, to) for an upper bound (`col <= c` keeps `from`, breaks `to`), or in
 * (from, to] for a lower one: a clinician accepts "age <= 90" more readily than "age <= 93.7". The
 * coarsest step (5, 2 or 1 × 10^k) with a multiple in the half of the gap next to `to` (for a lower
 * bound: next to `from`), so the bound removes little beyond the flagged values; failing that, any
 * multiple in the gap; failing that, the accepted value itself.
 */
export function roundestIn(from: number, to: number, side: 'upper' | 'lower', whole: boolean): number {
  const span = to - from;
  const fallback = side === 'upper' ? from : to;
  if (!(span > 0)) return fallback;
  const middle = from + span / 2;
  const near = (c: number) => (side === 'upper' ? c >= middle : c <= middle);
  for (const wantNear of [true, false]) {
    let power = 10 ** Math.ceil(Math.log10(Math.max(Math.abs(from), Math.abs(to), span)));
    for (; power >= span * 1e-6 && (!whole || power >= 1); power /= 10)
      for (const m of [5, 2, 1]) {
        const step = Number((m * power).toPrecision(12));
        const c = Number(
          (side === 'upper'
            ? Math.ceil((to - step * 1e-9) / step - 1) * step
            : Math.floor(from / step + 1) * step
          ).toPrecision(12),
        );
        const inside = side === 'upper' ? c >= from && c < to : c > from && c <= to;
        if (inside && (!wantNear || near(c))) return c;
      }
  }
  return fallback;
}

function implications({ table, flagged }: Evidence): Candidate[] {
  const bad = new Map<string, { a: string; av: string; b: string; bad: Set<string> }>();
  for (const [record, findings] of flagged)
    for (const f of findings) {
      if (!f.issues.some((i) => IMPLICATION_ISSUES.has(i))) continue;
      const blamed = [...new Set(f.columns)].filter((c) => isCode(table, c));
      for (const a of blamed)
        for (const b of blamed) {
          if (a === b) continue;
          const av = table.cell(a, record);
          const bv = table.cell(b, record);
          if (av === undefined || bv === undefined) continue;
          const key = JSON.stringify([a, av, b]);
          const entry = bad.get(key) ?? { a, av: String(av), b, bad: new Set<string>() };
          entry.bad.add(String(bv));
          bad.set(key, entry);
        }
    }
  const out: Candidate[] = [];
  for (const { a, av, b, bad: excluded } of bad.values()) {
    const allowed = table.codes(b).levels.filter((level) => !excluded.has(level));
    if (allowed.length === 0) continue;
    out.push({
      kind: 'implication',
      rule: {
        type: 'implies',
        if: [{ column: a, equals: av }],
        then: allowed.length === 1 ? { column: b, equals: allowed[0] } : { column: b, in: allowed },
      },
    });
  }
  return out;
}
