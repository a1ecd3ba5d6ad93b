/**
 * Stratified conclusions: does a categorical column separate survival in the synthetic table as it
 * does in the real one? For each stratifier, a log-rank test across its groups in each table; the
 * conclusion agrees when both are significant at α with the groups in the same order of median
 * survival (1-year survival when a median is not reached), or when neither is significant. "The
 * same order" is read as Kendall's τ > 0 between the two orders: more pairs of groups ordered
 * alike than not, so that two groups with near-equal survival swapping places (which an
 * independent sample of the same population does) does not overturn a three- or four-group result.
 *
 * Shareable: a real group of fewer than max(10, smallCell) patients is summarised by nothing but its
 * level (n, median and 1-year survival null); medians are rounded to the endpoint's grid and null
 * where fewer than smallCell of the group remain; 1-year survival is null below smallCell at risk.
 */
import type { Schema } from '../../data/schema.js';
import type { Table } from '../../data/table.js';
import { kaplanMeier, logRank, survivalAt, survivalInput, survivalQuantile } from '../../survival/index.js';
import { finite, type TimeUnit, yearsIn } from './align.js';
import { STRATIFIER_LEVELS, STRATIFIER_MIN_GROUP } from './constants.js';
import { minimumLevelSize } from './cox-design.js';
import { atRiskAt, gridHorizon, gridTime, type Outcomes, survivalGrid } from './grid-curves.js';
import { outcomeColumns } from './outcomes.js';
import type { Endpoint } from './survival-agreement.js';
import type { GroupSummary, StratifiedComparison, SurvivalGrid } from './types.js';

/** A stratifier column and the real levels (codes) it compares. */
export interface Stratifier {
  readonly column: string;
  readonly levels: readonly number[];
  readonly chisq: number;
}

interface StrataTest {
  readonly chisq: number;
  readonly df: number;
  readonly p: number;
  /** Per group (in the order of the levels): its level, outcomes, exact median and 1-year survival. */
  readonly levels: string[];
  readonly outcomes: Outcomes[];
  readonly median: Float64Array;
  readonly survival1y: Float64Array;
}

/**
 * Every candidate stratifier, strongest real log-rank χ² first (the caller keeps the first
 * MAX_STRATIFIERS): categorical or boolean baseline columns (role feature, not an outcome), 2–6
 * levels held by at least STRATIFIER_MIN_GROUP real rows each (rarer levels are left out of the test).
 */
export function rankStratifiers(
  real: Table,
  schema: Schema,
  endpoint: Endpoint,
  unit: TimeUnit,
): Stratifier[] {
  const candidates: Stratifier[] = [];
  const rows = survivalInput(real, endpoint).rows;
  const outcomes = outcomeColumns(schema);
  for (const spec of schema.columns) {
    if (spec.role !== 'feature' || outcomes.has(spec.name)) continue;
    if (spec.kind !== 'categorical' && spec.kind !== 'boolean') continue;
    if (spec.name === endpoint.event || !real.has(spec.name)) continue;
    const levels = groupLevels(real, spec.name, rows);
    if (!levels) continue;
    const test = strataTest(real, endpoint, spec.name, levels, unit);
    if (test) candidates.push({ column: spec.name, levels, chisq: test.chisq });
  }
  return candidates.sort((a, b) => b.chisq - a.chisq);
}

/** The levels with enough real rows (among `rows`, the endpoint's), when there are 2–6 of them. */
export function groupLevels(real: Table, column: string, rows?: Uint32Array): number[] | undefined {
  const col = real.column(column);
  if (col.type !== 'code') return undefined;
  const counts = new Float64Array(col.levels.length);
  const count = (code: number) => {
    if (code >= 0) counts[code]++;
  };
  if (rows) for (const r of rows) count(col.codes[r]);
  else for (const code of col.codes) count(code);
  const levels = [...counts.keys()].filter((code) => counts[code] >= STRATIFIER_MIN_GROUP);
  return levels.length >= STRATIFIER_LEVELS.min && levels.length <= STRATIFIER_LEVELS.max
    ? levels
    : undefined;
}

export function compareStrata(
  real: Table,
  synthetic: Table,
  endpoint: Endpoint,
  stratifier: Pick<Stratifier, 'column' | 'levels'>,
  alpha: number,
  unit: TimeUnit,
  smallCell: number,
): StratifiedComparison | undefined {
  const r = strataTest(real, endpoint, stratifier.column, stratifier.levels, unit);
  const s = strataTest(synthetic, endpoint, stratifier.column, stratifier.levels, unit);
  if (!r || !s) return undefined;
  const significantReal = r.p < alpha;
  const significantSynthetic = s.p < alpha;
  const orderConcordance = rankConcordance(r, s);
  const sameOrder = orderConcordance !== null && orderConcordance > 0;
  const grid = survivalGrid(survivalInput(real, endpoint), unit, smallCell);
  const oneYear = yearsIn(unit, 1);
  return {
    endpoint: endpoint.name,
    column: stratifier.column,
    real: {
      chisq: r.chisq,
      df: r.df,
      p: r.p,
      groups: summaries(r, grid, oneYear, smallCell, minimumLevelSize(smallCell)),
    },
    synthetic: { chisq: s.chisq, df: s.df, p: s.p, groups: summaries(s, grid, oneYear, smallCell, 0) },
    significantReal,
    significantSynthetic,
    orderConcordance,
    sameOrder,
    agrees: significantReal === significantSynthetic && (!significantReal || sameOrder),
  };
}

/**
 * What the report shows of each group: nothing but the level when the group is smaller than
 * `smallest`; else its size (null below smallCell), its median rounded to the grid (null where fewer
 * than smallCell of the group remain) and its 1-year survival (null below smallCell at risk).
 */
function summaries(
  test: StrataTest,
  grid: SurvivalGrid,
  oneYear: number,
  smallCell: number,
  smallest: number,
): GroupSummary[] {
  return test.levels.map((level, g): GroupSummary => {
    const outcomes = test.outcomes[g];
    const n = outcomes.time.length;
    if (n < smallest) return { level, n: null, median: null, survival1y: null };
    return {
      level,
      n: n < smallCell ? null : n,
      median: gridTime(test.median[g], grid, gridHorizon(outcomes, grid, smallCell)),
      survival1y: atRiskAt(outcomes.time, oneYear) < smallCell ? null : finite(test.survival1y[g]),
    };
  });
}

/** Log-rank across the given levels of `column`; undefined when the table has no events to test. */
function strataTest(
  table: Table,
  endpoint: Endpoint,
  column: string,
  levels: readonly number[],
  unit: TimeUnit,
): StrataTest | undefined {
  let input: ReturnType<typeof survivalInput>;
  try {
    input = survivalInput(table, { ...endpoint, others: [column] });
  } catch {
    return undefined;
  }
  const codes = table.codes(column);
  const slot = new Int32Array(codes.levels.length).fill(-1);
  levels.forEach((code, i) => {
    slot[code] = i;
  });
  const keep: number[] = [];
  for (let i = 0; i < input.rows.length; i++) if (slot[codes.codes[input.rows[i]]] >= 0) keep.push(i);
  const time = Float64Array.from(keep, (i) => input.time[i]);
  const status = Uint8Array.from(keep, (i) => input.status[i]);
  const group = Int32Array.from(keep, (i) => slot[codes.codes[input.rows[i]]]);
  if (!status.includes(1)) return undefined;
  const test = logRank(time, status, group, levels.length);
  const median = new Float64Array(levels.length).fill(Number.NaN);
  const survival1y = new Float64Array(levels.length).fill(Number.NaN);
  const oneYear = yearsIn(unit, 1);
  const outcomes = levels.map((_, g): Outcomes => {
    const rows = [...group.keys()].filter((i) => group[i] === g);
    const out = {
      time: Float64Array.from(rows, (i) => time[i]),
      status: Uint8Array.from(rows, (i) => status[i]),
    };
    if (rows.length > 0) {
      const km = kaplanMeier(out.time, out.status);
      median[g] = survivalQuantile(km).quantile;
      survival1y[g] = survivalAt(km, [oneYear])[0].survival;
    }
    return out;
  });
  return {
    chisq: test.statistic,
    df: test.df,
    p: test.p,
    levels: levels.map((code) => codes.levels[code]),
    outcomes,
    median,
    survival1y,
  };
}

/**
 * Kendall's τ between the groups' order in the two tables, by median survival, or by 1-year survival
 * when a median is not reached; null when neither is available for every group in both tables.
 */
function rankConcordance(r: StrataTest, s: StrataTest): number | null {
  const complete = (a: Float64Array, b: Float64Array) => a.every(Number.isFinite) && b.every(Number.isFinite);
  const [a, b] = complete(r.median, s.median)
    ? [r.median, s.median]
    : complete(r.survival1y, s.survival1y)
      ? [r.survival1y, s.survival1y]
      : [undefined, undefined];
  if (!a || !b) return null;
  let sum = 0;
  let pairs = 0;
  for (let i = 0; i < a.length; i++)
    for (let j = i + 1; j < a.length; j++) {
      sum += Math.sign(a[i] - a[j]) * Math.sign(b[i] - b[j]);
      pairs++;
    }
  return pairs ? sum / pairs : null;
}
