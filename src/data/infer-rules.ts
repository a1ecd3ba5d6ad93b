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
import { RuleCountsView, ruleCounts, ruleCountsLayout, schemaShapes, tableShapes } from './rule-counts.js';
import { describeCondition } from './rules.js';
import type { Condition, Rule, Schema } from './schema.js';
import type { Table } from './table.js';

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

/**
 * The rules of a table: its counts (`rule-counts.ts`) laid out on the table's own levels, which
 * are the schema's declared categories once the table is conformed, and also cover categories the
 * schema leaves undeclared; then the decisions of `rulesFromCounts`.
 */
export function inferRules(table: Table, schema: Schema, options: RuleInferenceOptions = {}): RuleInference {
  const layout = ruleCountsLayout(schema, tableShapes(table, schema));
  return decide(new RuleCountsView(ruleCounts(table, schema, layout), layout), schema, options);
}

/**
 * The rules that counts in the schema's layout (`ruleCountsLayout(schema)`) show — e.g. the sum of
 * several sites' `ruleCounts`, which gives the rules of their pooled rows.
 */
export function rulesFromCounts(
  counts: ArrayLike<number>,
  schema: Schema,
  options: RuleInferenceOptions = {},
): RuleInference {
  const layout = ruleCountsLayout(schema, schemaShapes(schema));
  return decide(new RuleCountsView(counts, layout), schema, options);
}

function decide(view: RuleCountsView, schema: Schema, options: RuleInferenceOptions): RuleInference {
  const settings = { ...RULE_DEFAULTS, ...options };
  const discrete = discreteColumns(view);
  const floor = settings.minExpectedBreaks;
  const copies = inferCopies(view, schema, settings.minSupport);
  const found = [
    ...copies,
    ...orderings(view, settings.minSupport),
    ...missingWhen(view, discrete, settings.minSupport, floor),
    ...implications(view, discrete, settings.minSupport, floor),
  ];
  const kept = falseRuleControl(found, candidateTests(view, discrete, settings), settings.falseRuleRate);
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
function candidateTests(view: RuleCountsView, discrete: Levels[], s: Required<RuleInferenceOptions>): number {
  const premiseLevels = discrete.reduce(
    (total, d) => total + d.counts.filter((c) => c >= s.minSupport).length,
    0,
  );
  const withMissing = view.layout.missing.filter((slot) => {
    const missing = view.missingTotal(slot);
    return missing > 0 && missing < view.rows;
  }).length;
  return premiseLevels * (Math.max(discrete.length - 1, 0) + 2 * withMissing);
}

// ——— orderings ———

function orderings(view: RuleCountsView, minSupport: number): Found[] {
  const found: Found[] = [];
  for (const slot of view.layout.orderings) {
    const order = view.ordering(slot);
    if (order.both < minSupport || (order.less > 0 && order.greater > 0)) continue;
    if (order.less === 0 && order.greater === 0) continue;
    const [left, right] = order.greater === 0 ? [slot.left, slot.right] : [slot.right, slot.left];
    found.push({
      rule: { type: 'compare', left, op: '<=', right, inferred: true },
      note: `rule ${left} <= ${right}: holds in all ${order.both} rows with both`,
    });
  }
  return found;
}

// ——— discrete columns ———

/** A discrete column's levels that some row holds, with their counts and slots in the counts. */
interface Levels {
  name: string;
  /** Index of the column among the layout's discrete columns. */
  index: number;
  labels: string[];
  /** Level of each label in the layout (its code). */
  codes: number[];
  counts: number[];
  /** The layout's level for missing. */
  missing: number;
}

/**
 * Category columns that may carry structure: not identifiers, not centres, not derived (they are
 * recomputed), at most 12 levels (`rule-counts.ts`). Integer scores are left out: `ecog = 0 → karno in
 * {80, 90, 100}` learnt from a few dozen patients is a histogram, not a rule.
 */
function discreteColumns(view: RuleCountsView): Levels[] {
  return view.layout.discrete.map((d, index) => {
    // Levels no row holds say nothing; the rest keep the column's order.
    const used = d.labels.flatMap((_, k) => (view.level(index, k) > 0 ? [k] : []));
    return {
      name: d.name,
      index,
      labels: used.map((k) => d.labels[k]),
      codes: used,
      counts: used.map((k) => view.level(index, k)),
      missing: d.labels.length,
    };
  });
}

/** Rows with premise level k (of its used levels) and conclusion level m (a used level, or missing). */
function joint(
  view: RuleCountsView,
  premise: Levels,
  k: number,
  conclusion: Levels,
  m: number | 'missing',
): number {
  return view.joint(
    premise.index,
    premise.codes[k],
    conclusion.index,
    m === 'missing' ? conclusion.missing : conclusion.codes[m],
  );
}

/** The premise `column in levels`, written with `equals` when it is one level. */
function condition(column: string, values: string[]): Condition {
  return values.length === 1 ? { column, equals: values[0] } : { column, in: values };
}

// ——— missing-when ———

function missingWhen(view: RuleCountsView, premises: Levels[], minSupport: number, floor: number): Found[] {
  const found: Found[] = [];
  const n = view.rows;
  for (const slot of view.layout.missing) {
    const nMissing = view.missingTotal(slot);
    if (nMissing === 0 || nMissing === n) continue;
    // The premise column that decides the most rows first: a generator that builds one decider per
    // column into its model takes the first (`relapse` decides all of `relapse_days`, `response` a part).
    const byPremise: Array<{ rules: Found[]; covered: number }> = [];
    for (const premise of premises) {
      if (premise.name === slot.name) continue;
      const entry = { rules: [] as Found[], covered: 0 };
      byPremise.push(entry);
      // "Not missing" only beside "missing": the premise column must decide the missingness
      // (`relapse = 0 → missing`, `relapse = 1 → not missing`), not merely coincide with it.
      let decides = false;
      for (const wantMissing of [true, false]) {
        if (!wantMissing && !decides) continue;
        // Levels whose rows are all missing (or all present) in this column, with enough support.
        const levels = premise.labels.flatMap((_, k) => {
          const inMissing = view.missingAt(slot, premise.index, premise.codes[k]);
          const all = wantMissing ? inMissing === premise.counts[k] : inMissing === 0;
          return all && premise.counts[k] >= minSupport ? [k] : [];
        });
        if (levels.length === 0 || levels.length === premise.labels.length) continue;
        const support = levels.reduce((t, k) => t + premise.counts[k], 0);
        const otherShare = (wantMissing ? n - nMissing : nMissing) / n;
        const expected = support * otherShare;
        if (expected < floor) continue;
        decides = true;
        entry.covered += support;
        const premiseCondition = condition(
          premise.name,
          levels.map((k) => premise.labels[k]),
        );
        const then: Condition = { column: slot.name, missing: wantMissing };
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

// ——— implications between categories ———

function implications(view: RuleCountsView, columns: Levels[], minSupport: number, floor: number): Found[] {
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
        if (joint(view, premise, k, conclusion, 'missing') > 0) return;
        const shown = conclusion.labels.flatMap((_, m) =>
          joint(view, premise, k, conclusion, m) > 0 ? [m] : [],
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
