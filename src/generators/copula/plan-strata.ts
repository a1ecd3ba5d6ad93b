/**
 * Survival times with a marginal per event level. A Gaussian copula links a time and its 0/1 event
 * only through one latent correlation, which cannot express what censoring does to the data: the
 * patients still alive are those followed up long enough (none alive before the minimum
 * follow-up), the deaths spread by the disease. The smoothed joint distribution moves the
 * Kaplan–Meier curve. So for each endpoint the schema declares, the time column's latent is the
 * time's rank within its event level (F_e(t), a conditional distributional transform), and the
 * event level picks the marginal back at sampling: time | event is kept exactly, and the copula
 * carries the rest of the dependence (within-level ranks with the other columns). When the event is
 * modelled in a joint group, the group's levels are the strata (the ranks must be within the levels
 * of the latent that carries the event, or conditioning on it would shift them).
 */

import { detectDecimals } from '../../data/decimals.js';
import type { Schema } from '../../data/schema.js';
import type { Table } from '../../data/table.js';
import { type SketchSettings, sketchMarginal } from './marginal.js';
import type { JointGroup, StratifiedColumn, Structure } from './params.js';
import { combinationLabels, combineCodes } from './plan-joint.js';

/** Strata smaller than this use the pooled marginal (and so do not put their few values in the file). */
const MIN_STRATUM = 20;
/** A stratum's sketch keeps at most one knot per this many rows. */
const ROWS_PER_KNOT = 10;

/**
 * The endpoints' time columns modelled as themselves, stratified by their event column, or by the
 * event's joint group when it has one (its latent carries the event: ranks must be within its levels).
 */
export function planStrata(
  table: Table,
  schema: Schema,
  structure: Pick<Structure, 'ratios' | 'decided' | 'joint'>,
  settings: SketchSettings,
): StratifiedColumn[] {
  const reshaped = new Set([
    ...structure.ratios.map((r) => r.column),
    ...structure.decided.map((d) => d.column),
  ]);
  const out: StratifiedColumn[] = [];
  for (const { time, event } of schema.endpoints) {
    if (reshaped.has(time) || out.some((s) => s.column === time)) continue;
    if (!table.has(time) || !table.has(event) || table.column(time).type !== 'number') continue;
    if (table.column(event).type !== 'code' || reshaped.has(event)) continue;
    const by = stratumColumn(event, table, structure.joint);
    if (by.codes.some((c) => c < 0)) continue;
    const values = table.numbers(time);
    const kind = schema.columns.find((c) => c.name === time)?.kind;
    const all = values.filter((v) => !Number.isNaN(v)).sort();
    const decimals = kind === 'integer' || kind === 'date' ? 0 : detectDecimals(all);
    const stratified = stratify(time, values, by, decimals, settings);
    if (stratified) out.push(stratified);
  }
  return out;
}

interface StratumColumn {
  readonly name: string;
  readonly codes: Int32Array;
  readonly levels: readonly string[];
}

/** The event column, or its joint group's combined column, or the combined column itself. */
function stratumColumn(name: string, table: Table, joint: readonly JointGroup[]): StratumColumn {
  const group = joint.find((g) => g.column === name || g.members.some((m) => m.name === name));
  return group
    ? { name: group.column, codes: combineCodes(group, table), levels: combinationLabels(group) }
    : { name, ...table.codes(name) };
}

function stratify(
  column: string,
  values: Float64Array,
  by: StratumColumn,
  decimals: number | null,
  settings: SketchSettings,
): StratifiedColumn | undefined {
  const marginals = by.levels.flatMap((level, code) => {
    const sorted = values.filter((v, row) => by.codes[row] === code && !Number.isNaN(v)).sort();
    if (sorted.length < MIN_STRATUM) return [];
    const knots = Math.min(settings.knots, Math.floor(sorted.length / ROWS_PER_KNOT));
    const sketch = sketchMarginal(sorted, { ...settings, knots });
    return [{ level, marginal: { type: 'number' as const, knots: sketch, decimals } }];
  });
  return marginals.length > 1 ? { column, by: by.name, marginals } : undefined;
}
