/**
 * The schema's rules built into the copula, so that sampled rows meet them by construction rather
 * than by the pipeline's rejection, which biases what is accepted (rows that break a rule are not a
 * random subset: a long survival with a relapse-free time is rejected more often than a short one).
 * Three reparameterisations, each generic over the rules and recorded in the parameters:
 *
 * - joint groups (`plan-joint.ts`): small blocks of code columns linked by implications become one
 *   categorical column over their observed combinations;
 * - decided cells (`plan-decided.ts`): where a code column's level decides another column's
 *   missingness or level, that column is modelled on the open rows only and set at sampling;
 * - ratios (`plan-ratios.ts`): a number column bounded by another is modelled as its fraction;
 * - survival times with a marginal per event level (`plan-strata.ts`), from the schema's endpoints;
 * - constant bounds in a subgroup (`plan-bounds.ts`): the bounded latent is redrawn within the bound.
 *
 * Fitting encodes the training table into the modelled columns (this file); sampling decodes
 * (`decode.ts`) and translates conditions (`structure-conditions.ts`).
 */
import type { Schema } from '../../data/schema.js';
import { type Column, codeColumn, isMissing, numberColumn, Table } from '../../data/table.js';
import type { SketchSettings } from './marginal.js';
import type { DecidedColumn, NumberMarginal, Outcome, StratifiedColumn, Structure } from './params.js';
import { planBounds } from './plan-bounds.js';
import { planDecided } from './plan-decided.js';
import { combinationLabels, combineCodes, type JointLimits, planJoint } from './plan-joint.js';
import { fractionOf, planRatios } from './plan-ratios.js';
import { planStrata } from './plan-strata.js';

export function planStructure(
  table: Table,
  schema: Schema,
  options: JointLimits & SketchSettings & { rules: boolean },
): Structure {
  const columns = [...table.names];
  if (!options.rules) return { columns, joint: [], decided: [], ratios: [], strata: [], bounds: [] };
  const joint = planJoint(table, schema.rules, options);
  const members = new Set(joint.flatMap((g) => g.members.map((m) => m.name)));
  const decided = planDecided(table, schema.rules, members);
  const ratios = planRatios(table, schema, options);
  const strata = planStrata(table, schema, { ratios, decided, joint }, options);
  const bounds = planBounds(table, schema.rules, { ratios });
  return { columns, joint, decided, ratios, strata, bounds };
}

/** The training table as the copula models it. */
export interface Encoded {
  readonly table: Table;
  /**
   * Missingness to model where it is not the modelled column's own: 1 missing, 0 present, −1 decided
   * by a rule (not modelled). For columns with decided cells and for fractions (NaN where the bound is).
   */
  readonly indicators: ReadonlyMap<string, Int8Array>;
  /** Modelled columns holding fractions (continuous on [0, 1], whatever the column's kind). */
  readonly fractions: ReadonlySet<string>;
  /**
   * A decided column's latents (value, indicator) whose correlation with their decider's is not
   * estimated but left at 0: those observed on rows where the decider has one level only (the
   * cyto flags beside cyto_normal = 0), where the pairwise estimate would be meaningless.
   */
  readonly unpaired: readonly Unpaired[];
  /** Stratified columns: the stratum (event code) of each row, and the marginal of each stratum. */
  readonly strata: ReadonlyMap<string, Strata>;
}

export interface Strata {
  readonly by: Int32Array;
  readonly marginals: ReadonlyArray<NumberMarginal | undefined>;
}

/** The marginal of each code of the stratifying column (undefined: the pooled marginal). */
export function strataMarginals(
  stratified: StratifiedColumn,
  levels: readonly string[],
): Array<NumberMarginal | undefined> {
  return levels.map((level) => stratified.marginals.find((m) => m.level === level)?.marginal);
}

export interface Unpaired {
  readonly column: string;
  readonly by: string;
  readonly value: boolean;
  readonly indicator: boolean;
}

export function encodeTable(table: Table, structure: Structure): Encoded {
  const columns = new Map<string, Column>(table.columns());
  const indicators = new Map<string, Int8Array>();
  for (const decided of structure.decided) {
    const { column, indicator } = maskDecided(table, decided);
    columns.set(decided.column, column);
    indicators.set(decided.column, indicator);
  }
  for (const ratio of structure.ratios) {
    const value = (columns.get(ratio.column) as Extract<Column, { type: 'number' }>).values;
    const bound = table.numbers(ratio.bound);
    if (!indicators.has(ratio.column))
      indicators.set(
        ratio.column,
        Int8Array.from(value, (v) => (Number.isNaN(v) ? 1 : 0)),
      );
    columns.set(ratio.column, numberColumn(Float64Array.from(value, (v, i) => fractionOf(v, bound[i]))));
  }
  const groupOf = new Map<string, string>();
  for (const group of structure.joint) {
    columns.set(group.column, codeColumn(combineCodes(group, table), combinationLabels(group)));
    for (const m of group.members) groupOf.set(m.name, group.column);
  }
  const modelled = (name: string) => groupOf.get(name) ?? name;
  const names = [...new Set(structure.columns.map(modelled))];
  return {
    table: new Table(names.map((name) => [name, columns.get(name)!] as const)),
    indicators,
    fractions: new Set(structure.ratios.map((r) => r.column)),
    strata: new Map(
      structure.strata.map((st) => {
        const by = columns.get(st.by) as Extract<Column, { type: 'code' }>;
        return [st.column, { by: by.codes, marginals: strataMarginals(st, by.levels) }] as const;
      }),
    ),
    unpaired: structure.decided.map((d) => {
      const by = table.codes(d.by).codes;
      const values = columns.get(d.column)!;
      const indicator = indicators.get(d.column)!;
      return {
        column: modelled(d.column),
        by: modelled(d.by),
        value: !varies(by, (row) => !isMissing(values, row)),
        indicator: !varies(by, (row) => indicator[row] >= 0),
      };
    }),
  };
}

/** Outcome by decider code (undefined: the rules leave the row open). */
export function outcomesByCode(
  decided: DecidedColumn,
  levels: readonly string[],
): Array<Outcome | undefined> {
  const out: Array<Outcome | undefined> = levels.map(() => undefined);
  for (const { when, then } of decided.outcomes)
    for (const level of when) {
      const code = levels.indexOf(level);
      if (code >= 0) out[code] = then;
    }
  return out;
}

/** The column with its decided cells blanked (they are set at sampling), and its missingness where open. */
function maskDecided(table: Table, decided: DecidedColumn): { column: Column; indicator: Int8Array } {
  const by = table.codes(decided.by);
  const outcomes = outcomesByCode(decided, by.levels);
  const source = table.column(decided.column);
  const indicator = new Int8Array(table.nRows);
  const values = source.type === 'number' ? Float64Array.from(source.values) : Int32Array.from(source.codes);
  const blank = source.type === 'number' ? Number.NaN : -1;
  for (let row = 0; row < table.nRows; row++) {
    const outcome = by.codes[row] >= 0 ? outcomes[by.codes[row]] : undefined;
    if (!outcome) indicator[row] = isMissing(source, row) ? 1 : 0;
    else {
      indicator[row] = -1;
      if (!('missing' in outcome && !outcome.missing)) values[row] = blank;
    }
  }
  const column =
    source.type === 'number'
      ? numberColumn(values as Float64Array)
      : codeColumn(values as Int32Array, source.levels);
  return { column, indicator };
}

/** Whether the decider takes at least two levels on the rows kept. */
function varies(by: Int32Array, kept: (row: number) => boolean): boolean {
  let first = -2;
  for (let row = 0; row < by.length; row++) {
    if (!kept(row) || by[row] < 0) continue;
    if (first === -2) first = by[row];
    else if (by[row] !== first) return true;
  }
  return false;
}
