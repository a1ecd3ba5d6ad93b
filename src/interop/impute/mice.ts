/**
 * Multiple imputation by chained equations (van Buuren & Groothuis-Oudshoorn, "mice", J Stat Softw
 * 2011). `m` chains, each seeded from its own stream: missing cells start as random draws from the
 * observed values; each iteration visits the imputed columns in ascending order of missingness and
 * redraws each one's missing cells from a model of it on all other columns' current values:
 *  - numbers: predictive mean matching (Bayesian linear regression draw, then one of the d = 5
 *    observed cases whose fitted value is nearest the drawn prediction gives its observed value);
 *  - two categories: a logistic regression draw; more: baseline-category logits, each level against
 *    the most frequent one fitted as its own logistic regression (Begg & Gray, Biometrika 1984), an
 *    approximation to mice's multinomial `polyreg`.
 * After its last iteration each chain's completed table is held to the schema's rules: a row whose
 * imputed cells break one takes those cells from its nearest donor that fits (`mice-rules.ts`).
 * `deterministic: true` instead fills number columns as scikit-learn's IterativeImputer with
 * BayesianRidge does (see `iterative.ts`; m = 1, category columns read nothing and get their mode).
 */
import { z } from 'zod';
import { Rng } from '../../core/rng.js';
import type { Schema } from '../../data/schema.js';
import { codeColumn, numberColumn, type Table, Table as TableClass } from '../../data/table.js';
import { applyDerivations } from '../../domain/derivations.js';
import { type ChainTraces, traceSummary } from './convergence.js';
import { chainedDesign, linearPredictor } from './design.js';
import { iterativeImpute } from './iterative.js';
import { ruleRepairer } from './mice-rules.js';
import { type ImputationPlan, type PlannedColumn, planImputation } from './plan.js';
import { logisticDraw, normDraw } from './regression-draws.js';
import type { RuleRepair } from './rule-repair.js';

export const MiceOptions = z
  .object({
    m: z.number().int().min(1).default(5),
    maxIter: z.number().int().min(1).default(10),
    /** Donors of predictive mean matching. */
    donors: z.number().int().min(1).default(5),
    seed: z.union([z.number(), z.string()]).default(1),
    deterministic: z.boolean().default(false),
    /** How many nearest donors a row whose imputed cells break a rule may try (`mice-rules.ts`). */
    repairCandidates: z.number().int().min(1).default(50),
  })
  .strict();
export type MiceOptions = z.input<typeof MiceOptions>;

export interface MiceResult {
  /** The m completed tables. */
  imputations: Table[];
  plan: ImputationPlan;
  /** Per column: the mean and sd of its imputed cells per chain per iteration, and R-hat. */
  convergence: ChainTraces[];
  /**
   * Per imputation, the rows whose imputed cells broke a schema check and the donor that repaired
   * each (none: still broken). Deterministic mode lists its breaks without repairing them: its
   * output is scikit-learn's, value for value.
   */
  repairs: RuleRepair[][];
}

/** A column's current values as numbers: the value, or the category code. */
type State = Float64Array[];

export function miceImpute(table: Table, schema: Schema, options: MiceOptions = {}): MiceResult {
  const control = MiceOptions.parse(options);
  const plan = planImputation(table, schema);
  if (control.deterministic) {
    const imputation = deterministic(table, schema, plan, control.maxIter);
    const { repairs } = ruleRepairer(table, schema, plan, 0)(imputation);
    return { imputations: [imputation], plan, convergence: [], repairs: [repairs] };
  }
  const root = Rng.from(control.seed);
  const observed = plan.predictors.map((p) => valuesOf(table, p));
  const levels = Int32Array.from(observed, (values, c) =>
    plan.predictors[c].type === 'code' ? levelCount(values) : 0,
  );
  const order = plan.imputed
    .map((p, j) => ({ j, missing: p.missing }))
    .sort((a, b) => a.missing - b.missing || a.j - b.j)
    .map((o) => o.j);
  // A category's trace is the share of its imputed cells in its most common observed level.
  const modal = plan.imputed.map((p, j) => modalCode(p, observed[j]));
  const chains: State[] = [];
  const traces = plan.imputed.map(() => ({ mean: [] as number[][], sd: [] as number[][] }));
  for (let c = 0; c < control.m; c++) {
    const rng = root.split(`chain-${c}`);
    const state = observed.map((v) => Float64Array.from(v));
    plan.imputed.forEach((_, j) => {
      const present = rowsWhere(observed[j], (v) => !Number.isNaN(v));
      for (const i of rowsWhere(observed[j], Number.isNaN))
        state[j][i] = observed[j][present[rng.int(present.length)]];
    });
    for (const t of traces) {
      t.mean.push([]);
      t.sd.push([]);
    }
    for (let iter = 0; iter < control.maxIter; iter++) {
      for (const j of order) imputeColumn(plan, observed, state, levels, j, control.donors, rng);
      plan.imputed.forEach((_, j) => {
        const { mean, sd } = imputedSummary(observed[j], state[j], modal[j]);
        traces[j].mean[c].push(mean);
        traces[j].sd[c].push(sd);
      });
    }
    chains.push(state);
  }
  const repair = ruleRepairer(table, schema, plan, control.repairCandidates);
  const held = chains.map((state) => repair(completed(table, schema, plan, state)));
  return {
    imputations: held.map((h) => h.table),
    plan,
    convergence: plan.imputed.map((p, j) => {
      const level = modal[j] < 0 ? undefined : table.codes(p.name).levels[modal[j]];
      return traceSummary(p.name, traces[j].mean, traces[j].sd, level);
    }),
    repairs: held.map((h) => h.repairs),
  };
}

function imputeColumn(
  plan: ImputationPlan,
  observed: State,
  state: State,
  levels: Int32Array,
  j: number,
  d: number,
  rng: Rng,
) {
  const target = plan.predictors[j];
  const missing = rowsWhere(observed[j], Number.isNaN);
  const present = rowsWhere(observed[j], (v) => !Number.isNaN(v));
  const x = chainedDesign(plan.predictors, state, levels, j);
  if (target.type === 'number') {
    const { coef, draw } = normDraw(x, state[j], present, rng);
    const fittedObs = Float64Array.from(present, (i) => linearPredictor(x, coef, i));
    const byFit = [...present.keys()].sort((a, b) => fittedObs[a] - fittedObs[b]);
    const sorted = Float64Array.from(byFit, (k) => fittedObs[k]);
    for (const i of missing) {
      const k = byFit[nearestOne(sorted, linearPredictor(x, draw, i), d, rng)];
      state[j][i] = observed[j][present[k]];
    }
    return;
  }
  const codes = observed[j];
  const nLevels = levels[j];
  const counts = new Float64Array(nLevels);
  for (const i of present) counts[codes[i]]++;
  const reference = counts.indexOf(Math.max(...counts));
  const etas = new Float64Array(nLevels * missing.length);
  for (let level = 0; level < nLevels; level++) {
    if (level === reference || counts[level] === 0) {
      if (counts[level] === 0)
        for (let r = 0; r < missing.length; r++) etas[level * missing.length + r] = -Infinity;
      continue;
    }
    const pair = present.filter((i) => codes[i] === level || codes[i] === reference);
    const y = Float64Array.from(codes, (v) => (v === level ? 1 : 0));
    const { draw } = logisticDraw(x, y, pair, rng);
    missing.forEach((i, r) => {
      etas[level * missing.length + r] = linearPredictor(x, draw, i);
    });
  }
  missing.forEach((i, r) => {
    const eta = Array.from({ length: nLevels }, (_, l) => etas[l * missing.length + r]);
    const top = Math.max(...eta);
    state[j][i] = rng.categorical(eta.map((e) => Math.exp(e - top)));
  });
}

/** Index into `sorted` of one of the d values nearest `target`, picked at random. */
function nearestOne(sorted: Float64Array, target: number, d: number, rng: Rng): number {
  let hi = 0;
  let lo = sorted.length;
  while (hi < lo) {
    const mid = (hi + lo) >> 1;
    if (sorted[mid] < target) hi = mid + 1;
    else lo = mid;
  }
  let left = hi - 1;
  let right = hi;
  const take = Math.min(d, sorted.length);
  const chosen: number[] = [];
  while (chosen.length < take) {
    if (right >= sorted.length || (left >= 0 && target - sorted[left] <= sorted[right] - target))
      chosen.push(left--);
    else chosen.push(right++);
  }
  return chosen[rng.int(take)];
}

function deterministic(table: Table, schema: Schema, plan: ImputationPlan, maxIter: number): Table {
  const numbers = plan.predictors.flatMap((p, j) => (p.type === 'number' ? [j] : []));
  const result = iterativeImpute(
    numbers.map((j) => valuesOf(table, plan.predictors[j])),
    { maxIter, tol: 1e-3 },
  );
  const state = plan.predictors.map((p) => valuesOf(table, p));
  numbers.forEach((j, k) => {
    state[j] = result.columns[k];
  });
  plan.imputed.forEach((p, j) => {
    if (p.type === 'code') {
      const counts = new Float64Array(levelCount(state[j]));
      for (const v of state[j]) if (!Number.isNaN(v)) counts[v]++;
      const mode = counts.indexOf(Math.max(...counts));
      state[j] = state[j].map((v) => (Number.isNaN(v) ? mode : v));
    } else if (p.integer)
      // observed cells are integers already: rounding touches the imputed ones only
      state[j] = state[j].map((v) => Math.round(v));
  });
  return completed(table, schema, plan, state);
}

function completed(table: Table, schema: Schema, plan: ImputationPlan, state: State): Table {
  const replaced = new Map(
    plan.imputed.map((p, j) => {
      const column = table.column(p.name);
      return [
        p.name,
        column.type === 'number'
          ? numberColumn(Float64Array.from(state[j]))
          : codeColumn(Int32Array.from(state[j]), column.levels),
      ] as const;
    }),
  );
  return applyDerivations(
    new TableClass(table.columns().map(([name, c]) => [name, replaced.get(name) ?? c] as const)),
    schema,
  );
}

/** The most common observed code of a category column; -1 for a number column. */
function modalCode(p: PlannedColumn, observed: Float64Array): number {
  if (p.type !== 'code') return -1;
  const counts = new Float64Array(levelCount(observed));
  for (const v of observed) if (!Number.isNaN(v)) counts[v]++;
  return counts.indexOf(Math.max(...counts));
}

/** Mean and sd of the imputed cells: their values, or for a category (`modal` ≥ 0) 1 where they hold its modal code. */
function imputedSummary(observed: Float64Array, current: Float64Array, modal: number) {
  const values: number[] = [];
  for (let i = 0; i < observed.length; i++)
    if (Number.isNaN(observed[i])) values.push(modal < 0 ? current[i] : current[i] === modal ? 1 : 0);
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(values.length - 1, 1));
  return { mean, sd };
}

function valuesOf(table: Table, p: PlannedColumn): Float64Array {
  const column = table.column(p.name);
  if (column.type === 'number') return Float64Array.from(column.values);
  return Float64Array.from(column.codes, (c) => (c < 0 ? Number.NaN : c));
}

function levelCount(codes: Float64Array): number {
  let max = -1;
  for (const v of codes) if (v > max) max = v;
  return max + 1;
}

function rowsWhere(values: Float64Array, test: (v: number) => boolean): Int32Array {
  const rows: number[] = [];
  for (let i = 0; i < values.length; i++) if (test(values[i])) rows.push(i);
  return Int32Array.from(rows);
}
