/**
 * Rules a clinician takes for granted, found where every real row obeys them:
 *  - copies between time columns of one unit, declared as derived columns (`infer-derived.ts`):
 *    `relapse_days = rfs_days when relapse = 1`, missing otherwise;
 *  - orderings between time columns of one unit (`rfs_days <= os_days`, `ptime <= futime`), dates
 *    and ages (`stroke_age <= age`);
 *  - missing-when: a column missing (or present) for some levels of another
 *    (`relapse = 0 → relapse_days missing`, `response = CR → cr_days not missing`);
 *  - implications between categories and flags (`cyto_t15_17 = 1 → eln2022 = favourable`,
 *    `cyto_normal = 1 → cyto_complex = 0`), mutual exclusivity being `a = 1 → b = 0`.
 *
 * Two thresholds keep chance and disclosure out:
 *  - support: a rule's premise (or, for an ordering, the rows holding both times) covers at least
 *    `minSupport` patients (10 by default). A rule about three patients describes those three — it
 *    is a disclosure, not structure — and is too weak to generalise;
 *  - evidence: were an implication's two columns independent, it would be broken E times on
 *    average, and seeing no break then has probability e^-E (Poisson). A table offers m candidate
 *    implications (premise levels × other columns); of those that hold in every row and have
 *    E ≥ `minExpectedBreaks` (3), the ones kept pass Benjamini–Hochberg at `falseRuleRate` (0.05):
 *    in expectation at most 5 % of the proposed rules are coincidences of independent columns.
 *    Two rare flags never seen together are otherwise just rare: on 2,000 independent flags of 5 %
 *    in 2,500 rows, a fixed bar of 3 would call 3,800 pairs exclusive, this none; where a table has
 *    real structure (a normal karyotype excludes every abnormality) the many clear rules let the
 *    weaker true ones through (cyto_normal = 1 → cyto_t6_9 = 0, 10 breaks expected), which a
 *    family-wise (Bonferroni) bar of about 11 would drop.
 * Every rule is marked `inferred`, so a generator with a formal privacy guarantee can refuse
 * rules learnt from the data, and a user can tell them from the ones they declared.
 */
import { inferCopies } from './infer-derived.js';
import { timeStem } from './infer-endpoints.js';
import { describeCondition } from './rules.js';
import type { Condition, Rule, Schema } from './schema.js';
import { type Column, columnLength, isMissing, type Table } from './table.js';

export interface RuleInferenceOptions {
  /** Fewest rows a rule's premise must cover. */
  minSupport?: number;
  /** Fewest breaks an implication would show, on average, if its columns were independent. */
  minExpectedBreaks?: number;
  /** Expected share of proposed implications that are coincidences (Benjamini–Hochberg). */
  falseRuleRate?: number;
}

export interface RuleInference {
  rules: Rule[];
  /** One line per rule: what holds and on how many rows. */
  notes: string[];
}

export const RULE_DEFAULTS = { minSupport: 10, minExpectedBreaks: 3, falseRuleRate: 0.05 } as const;
/** Columns with more levels than this are not premises or conclusions of implications. */
const MAX_LEVELS = 12;

export function inferRules(table: Table, schema: Schema, options: RuleInferenceOptions = {}): RuleInference {
  const settings = { ...RULE_DEFAULTS, ...options };
  const discrete = discreteColumns(table, schema);
  const floor = settings.minExpectedBreaks;
  const copies = inferCopies(table, schema, timeFamily(table, schema).values(), settings.minSupport);
  const found = [
    ...copies,
    ...orderings(table, schema, settings.minSupport),
    ...missingWhen(table, schema, discrete, settings.minSupport, floor),
    ...implications(discrete, settings.minSupport, floor),
  ];
  const kept = falseRuleControl(
    found,
    candidateTests(table, schema, discrete, settings),
    settings.falseRuleRate,
  );
  return { rules: kept.map((f) => f.rule), notes: kept.map((f) => f.note) };
}

interface Found {
  rule: Rule;
  note: string;
  /** Breaks expected if the columns were independent (implications only; orderings need none). */
  expected?: number;
}

/**
 * Benjamini–Hochberg over the implications' p-values e^-E, with the m tests a table offers (a
 * test whose rule was broken has p = 1 and is counted, not listed); orderings pass as they are.
 */
function falseRuleControl(found: Found[], tests: number, rate: number): Found[] {
  const p = found
    .flatMap((f) => (f.expected === undefined ? [] : [Math.exp(-f.expected)]))
    .sort((a, b) => a - b);
  let threshold = -1;
  p.forEach((value, k) => {
    if (value <= ((k + 1) * rate) / Math.max(tests, p.length)) threshold = value;
  });
  return found.filter((f) => f.expected === undefined || Math.exp(-f.expected) <= threshold);
}

/** m: the candidate implications a table offers (see the header). */
function candidateTests(
  table: Table,
  schema: Schema,
  discrete: Levels[],
  s: Required<RuleInferenceOptions>,
): number {
  const premiseLevels = discrete.reduce(
    (total, d) => total + d.counts.filter((c) => c >= s.minSupport).length,
    0,
  );
  const withMissing = schema.columns.filter(
    (c) => c.role !== 'id' && table.has(c.name) && hasSomeMissing(table.column(c.name)),
  ).length;
  return premiseLevels * (Math.max(discrete.length - 1, 0) + 2 * withMissing);
}

function hasSomeMissing(column: Column): boolean {
  const n = columnLength(column);
  let missing = 0;
  for (let r = 0; r < n; r++) if (isMissing(column, r)) missing++;
  return missing > 0 && missing < n;
}

// ——— orderings ———

const AGE_NAME = /^age$|^age[_.]|[_.]age$/i;

/**
 * Columns that can be ordered, by family: times of one unit (`days` with `days`, `time` with
 * `time`), dates with dates, ages with ages (`stroke_age <= age`).
 */
function timeFamily(table: Table, schema: Schema): Map<string, string[]> {
  const families = new Map<string, string[]>();
  for (const spec of schema.columns) {
    if (!table.has(spec.name) || table.column(spec.name).type !== 'number') continue;
    const family =
      spec.kind === 'date'
        ? 'date'
        : spec.role === 'time'
          ? (spec.unit ?? timeStem(spec.name)?.unit ?? 'time')
          : AGE_NAME.test(spec.name)
            ? 'age'
            : undefined;
    if (family) families.set(family, [...(families.get(family) ?? []), spec.name]);
  }
  return families;
}

function orderings(table: Table, schema: Schema, minSupport: number): Found[] {
  const found: Found[] = [];
  for (const names of timeFamily(table, schema).values())
    for (let i = 0; i < names.length; i++)
      for (let j = i + 1; j < names.length; j++) {
        const [a, b] = [table.numbers(names[i]), table.numbers(names[j])];
        const order = compareAll(a, b);
        if (order.both < minSupport || (order.less > 0 && order.greater > 0)) continue;
        if (order.less === 0 && order.greater === 0) continue;
        const [left, right] = order.greater === 0 ? [names[i], names[j]] : [names[j], names[i]];
        found.push({
          rule: { type: 'compare', left, op: '<=', right, inferred: true },
          note: `rule ${left} <= ${right}: holds in all ${order.both} rows with both`,
        });
      }
  return found;
}

function compareAll(a: Float64Array, b: Float64Array): { both: number; less: number; greater: number } {
  let both = 0;
  let less = 0;
  let greater = 0;
  for (let r = 0; r < a.length; r++) {
    if (Number.isNaN(a[r]) || Number.isNaN(b[r])) continue;
    both++;
    if (a[r] < b[r]) less++;
    else if (a[r] > b[r]) greater++;
  }
  return { both, less, greater };
}

// ——— discrete columns as level bitsets ———

/** A category column as one bitset per level (and one for missing), for fast cross-counts. */
interface Levels {
  name: string;
  labels: string[];
  bits: Uint32Array[];
  counts: number[];
  missing: Uint32Array;
  nMissing: number;
}

function levelsOf(name: string, column: Column, nRows: number): Levels | undefined {
  if (column.type !== 'code' || column.levels.length > MAX_LEVELS) return undefined;
  const words = Math.ceil(nRows / 32);
  const bits = column.levels.map(() => new Uint32Array(words));
  const counts = column.levels.map(() => 0);
  const missing = new Uint32Array(words);
  let nMissing = 0;
  for (let r = 0; r < nRows; r++) {
    const code = column.codes[r];
    const target = code < 0 ? missing : bits[code];
    target[r >>> 5] |= 1 << (r & 31);
    if (code < 0) nMissing++;
    else counts[code]++;
  }
  // Levels no row holds say nothing; the rest keep the column's order.
  const used = column.levels.flatMap((_, k) => (counts[k] > 0 ? [k] : []));
  return {
    name,
    labels: used.map((k) => column.levels[k]),
    bits: used.map((k) => bits[k]),
    counts: used.map((k) => counts[k]),
    missing,
    nMissing,
  };
}

function overlap(a: Uint32Array, b: Uint32Array): number {
  let n = 0;
  for (let w = 0; w < a.length; w++) {
    let x = a[w] & b[w];
    x -= (x >>> 1) & 0x55555555;
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
    n += (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
  }
  return n;
}

/** The premise `column in levels`, written with `equals` when it is one level. */
function condition(column: string, values: string[]): Condition {
  return values.length === 1 ? { column, equals: values[0] } : { column, in: values };
}

/**
 * Category columns that may carry structure: not identifiers, not centres, not derived (they are
 * recomputed). Integer scores are left out: `ecog = 0 → karno in {80, 90, 100}` learnt from a
 * few dozen patients is a histogram, not a rule.
 */
function discreteColumns(table: Table, schema: Schema): Levels[] {
  const derived = new Set(schema.rules.flatMap((r) => (r.type === 'derived' ? [r.column] : [])));
  return schema.columns
    .filter((s) => s.role !== 'id' && s.role !== 'centre' && s.kind !== 'date' && table.has(s.name))
    .filter((s) => !derived.has(s.name))
    .flatMap((s) => levelsOf(s.name, table.column(s.name), table.nRows) ?? []);
}

// ——— missing-when ———

function missingWhen(
  table: Table,
  schema: Schema,
  premises: Levels[],
  minSupport: number,
  floor: number,
): Found[] {
  const found: Found[] = [];
  for (const spec of schema.columns) {
    if (spec.role === 'id' || !table.has(spec.name)) continue;
    const column = table.column(spec.name);
    const missing = missingBits(column, table.nRows);
    const nMissing = overlap(missing, missing);
    if (nMissing === 0 || nMissing === table.nRows) continue;
    // The premise column that decides the most rows first: a generator that builds one decider per
    // column into its model takes the first (`relapse` decides all of `relapse_days`, `response` a part).
    const byPremise: Array<{ rules: Found[]; covered: number }> = [];
    for (const premise of premises) {
      if (premise.name === spec.name) continue;
      const entry = { rules: [] as Found[], covered: 0 };
      byPremise.push(entry);
      // "Not missing" only beside "missing": the premise column must decide the missingness
      // (`relapse = 0 → missing`, `relapse = 1 → not missing`), not merely coincide with it.
      let decides = false;
      for (const wantMissing of [true, false]) {
        if (!wantMissing && !decides) continue;
        // Levels whose rows are all missing (or all present) in this column, with enough support.
        const levels = premise.labels.flatMap((_, k) => {
          const inMissing = overlap(premise.bits[k], missing);
          const all = wantMissing ? inMissing === premise.counts[k] : inMissing === 0;
          return all && premise.counts[k] >= minSupport ? [k] : [];
        });
        if (levels.length === 0 || levels.length === premise.labels.length) continue;
        const support = levels.reduce((t, k) => t + premise.counts[k], 0);
        const otherShare = (wantMissing ? table.nRows - nMissing : nMissing) / table.nRows;
        const expected = support * otherShare;
        if (expected < floor) continue;
        decides = true;
        entry.covered += support;
        const premiseCondition = condition(
          premise.name,
          levels.map((k) => premise.labels[k]),
        );
        const then: Condition = { column: spec.name, missing: wantMissing };
        entry.rules.push({
          rule: { type: 'implies', if: [premiseCondition], then, inferred: true },
          note: `rule if ${describeCondition(premiseCondition)} then ${describeCondition(then)}: holds in all ${support} rows`,
          expected,
        });
      }
    }
    byPremise.sort((a, b) => b.covered - a.covered);
    found.push(...byPremise.flatMap((entry) => entry.rules));
  }
  return found;
}

function missingBits(column: Column, nRows: number): Uint32Array {
  const bits = new Uint32Array(Math.ceil(nRows / 32));
  for (let r = 0; r < nRows; r++) if (isMissing(column, r)) bits[r >>> 5] |= 1 << (r & 31);
  return bits;
}

// ——— implications between categories ———

function implications(columns: Levels[], minSupport: number, floor: number): Found[] {
  const found: Found[] = [];
  const seen = new Set<string>();
  for (const premise of columns)
    for (const conclusion of columns) {
      if (premise === conclusion) continue;
      const known = conclusion.counts.reduce((a, b) => a + b, 0);
      // premise level → the conclusion levels its rows show; premises with the same set are merged.
      const bySet = new Map<string, number[]>();
      const expectedOf = new Map<string, number>();
      premise.labels.forEach((_, k) => {
        if (premise.counts[k] < minSupport) return;
        // The most breaks any excluded set could expect: all but the largest level's rows.
        if ((premise.counts[k] * (known - Math.max(...conclusion.counts))) / known < floor) return;
        if (overlap(premise.bits[k], conclusion.missing) > 0) return;
        const shown = conclusion.labels.flatMap((_, m) =>
          overlap(premise.bits[k], conclusion.bits[m]) > 0 ? [m] : [],
        );
        if (shown.length === conclusion.labels.length) return;
        const outside = conclusion.counts.reduce((t, c, m) => (shown.includes(m) ? t : t + c), 0);
        const expected = (premise.counts[k] * outside) / known;
        if (expected < floor) return;
        const key = shown.join(',');
        bySet.set(key, [...(bySet.get(key) ?? []), k]);
        expectedOf.set(key, (expectedOf.get(key) ?? 0) + expected);
      });
      for (const [key, levels] of bySet) {
        if (levels.length === premise.labels.length) continue;
        const shown = key.split(',').map(Number);
        const ifCondition = condition(
          premise.name,
          levels.map((k) => premise.labels[k]),
        );
        const then = condition(
          conclusion.name,
          shown.map((m) => conclusion.labels[m]),
        );
        const id = contrapositiveKey(premise, levels, conclusion, shown);
        if (seen.has(id)) continue;
        seen.add(id);
        const support = levels.reduce((t, k) => t + premise.counts[k], 0);
        found.push({
          rule: { type: 'implies', if: [ifCondition], then, inferred: true },
          note: `rule if ${describeCondition(ifCondition)} then ${describeCondition(then)}: holds in all ${support} rows`,
          expected: expectedOf.get(key)!,
        });
      }
    }
  return found;
}

/**
 * One key for a rule and its contrapositive: `a in P → b in S` and `b in (not S) → a in (not P)`
 * (complements over the levels the data shows) say the same, and only the first met is kept.
 */
function contrapositiveKey(premise: Levels, levels: number[], conclusion: Levels, shown: number[]): string {
  const key = (a: Levels, as: number[], b: Levels, bs: number[]) =>
    `${a.name}=${as.join('|')}>${b.name}=${bs.join('|')}`;
  const complement = (of: Levels, picked: number[]) =>
    of.labels.flatMap((_, m) => (picked.includes(m) ? [] : [m]));
  return [
    key(premise, levels, conclusion, shown),
    key(conclusion, complement(conclusion, shown), premise, complement(premise, levels)),
  ].sort()[0];
}
