/**
 * Sampling side of `structure.ts`: from the modelled columns back to the training columns. In order:
 * missingness from the indicators (except where a rule decides), joint columns split into their
 * members, decided cells set from their decider's level (deciders first), stratified times through
 * their event level's marginal, fractions multiplied by their bound (bounds first). Each step is one pass over typed arrays.
 */
import { type Column, codeColumn, Table } from '../../data/table.js';
import { lowerBound, NumberCdf } from './marginal.js';
import type { ColumnModel, DecidedColumn, RatioColumn, StratifiedColumn, Structure } from './params.js';
import { valueBelow } from './plan-ratios.js';
import { outcomesByCode, strataMarginals } from './structure.js';

/** A block of modelled columns as drawn: values for every row, and 1 where the indicator says missing. */
export interface Drawn {
  readonly values: Column[];
  readonly absent: Array<Uint8Array | undefined>;
}

export class StructureDecoder {
  private readonly structure: Structure;
  private readonly models: readonly ColumnModel[];
  private readonly decided: ReadonlySet<string>;
  private readonly fractionCdf: Map<string, NumberCdf>;
  private readonly fallbackCdf: Map<string, NumberCdf>;
  private readonly pooledCdf: Map<string, NumberCdf>;

  constructor(structure: Structure, models: readonly ColumnModel[]) {
    this.structure = structure;
    this.models = models;
    this.decided = new Set(structure.decided.map((d) => d.column));
    this.fractionCdf = new Map();
    this.fallbackCdf = new Map();
    this.pooledCdf = new Map();
    for (const stratified of structure.strata) {
      const model = models.find((m) => m.name === stratified.column);
      if (model?.marginal.type === 'number')
        this.pooledCdf.set(stratified.column, new NumberCdf(model.marginal));
    }
    for (const ratio of structure.ratios) {
      const model = models.find((m) => m.name === ratio.column);
      if (model?.marginal.type === 'number')
        this.fractionCdf.set(ratio.column, new NumberCdf(model.marginal));
      this.fallbackCdf.set(ratio.column, new NumberCdf(ratio.fallback));
    }
  }

  /**
   * `beforeRatios` may change columns once everything but the fractions is decoded (the survival
   * endpoints are drawn there, so that the columns bounded by a time follow the time drawn); it
   * returns the joint columns it changed, whose members and decided cells are then set again.
   */
  decode(
    { values, absent }: Drawn,
    beforeRatios?: (columns: Map<string, Column>, names: readonly string[]) => readonly string[],
  ): Table {
    const columns = new Map<string, Column>();
    const absentOf = new Map<string, Uint8Array | undefined>();
    this.models.forEach((model, j) => {
      columns.set(model.name, values[j]);
      absentOf.set(model.name, absent[j]);
      if (!this.decided.has(model.name)) blank(values[j], absent[j]);
    });
    const drawn = beforeRatios
      ? new Map(this.structure.decided.map((d) => [d.column, copy(columns.get(d.column)!)]))
      : null;
    this.split(this.structure.joint, columns);
    for (const decided of this.structure.decided) setDecided(decided, columns, absentOf.get(decided.column));
    for (const stratified of this.structure.strata) this.stratify(stratified, columns);
    const changed = beforeRatios?.(columns, this.structure.columns) ?? [];
    if (changed.length > 0 && drawn) {
      const groups = this.structure.joint.filter((g) => changed.includes(g.column));
      this.split(groups, columns);
      const members = new Set(groups.flatMap((g) => g.members.map((m) => m.name)));
      const redecided = new Set<string>();
      for (const decided of this.structure.decided) {
        if (!members.has(decided.by) && !redecided.has(decided.by)) continue;
        columns.set(decided.column, copy(drawn.get(decided.column)!));
        setDecided(decided, columns, absentOf.get(decided.column));
        redecided.add(decided.column);
      }
    }
    for (const ratio of this.structure.ratios) this.multiply(ratio, columns);
    return new Table(this.structure.columns.map((name) => [name, columns.get(name)!] as const));
  }

  /** Each joint column's members from its combination codes. */
  private split(groups: readonly Structure['joint'][number][], columns: Map<string, Column>): void {
    for (const group of groups) {
      const combined = (columns.get(group.column) as Extract<Column, { type: 'code' }>).codes;
      group.members.forEach((member, i) => {
        const codes = Int32Array.from(combined, (k) => group.combinations[k][i]);
        columns.set(member.name, codeColumn(codes, member.levels));
      });
    }
  }

  /** Φ(z) through the marginal of the row's event level. */
  private stratify(stratified: StratifiedColumn, columns: ReadonlyMap<string, Column>): void {
    const values = (columns.get(stratified.column) as Extract<Column, { type: 'number' }>).values;
    const by = columns.get(stratified.by) as Extract<Column, { type: 'code' }>;
    const pooled = this.pooledCdf.get(stratified.column)!;
    const cdfs = strataMarginals(stratified, by.levels).map((m) => (m ? new NumberCdf(m) : pooled));
    for (let row = 0; row < values.length; row++) {
      const u = values[row];
      if (Number.isNaN(u)) continue;
      values[row] = (by.codes[row] >= 0 ? cdfs[by.codes[row]] : pooled).output(u);
    }
  }

  /** fraction × bound; where the bound is missing, the column's own marginal at the fraction's quantile. */
  private multiply(ratio: RatioColumn, columns: ReadonlyMap<string, Column>): void {
    const values = (columns.get(ratio.column) as Extract<Column, { type: 'number' }>).values;
    const bound = (columns.get(ratio.bound) as Extract<Column, { type: 'number' }>).values;
    const fraction = this.fractionCdf.get(ratio.column)!;
    const fallback = this.fallbackCdf.get(ratio.column)!;
    for (let row = 0; row < values.length; row++) {
      const f = values[row];
      if (Number.isNaN(f)) continue;
      values[row] = Number.isNaN(bound[row])
        ? fallback.output(midProbability(fraction, f))
        : valueBelow(f, bound[row], ratio.strict, ratio.decimals);
    }
  }
}

function copy(column: Column): Column {
  return column.type === 'number'
    ? { type: 'number', values: Float64Array.from(column.values) }
    : { type: 'code', codes: Int32Array.from(column.codes), levels: column.levels };
}

function blank(column: Column, absent: Uint8Array | undefined): void {
  if (!absent) return;
  for (let row = 0; row < absent.length; row++) {
    if (!absent[row]) continue;
    if (column.type === 'number') column.values[row] = Number.NaN;
    else column.codes[row] = -1;
  }
}

/** Cells the decider's level decides; elsewhere the indicator's draw. */
function setDecided(
  decided: DecidedColumn,
  columns: Map<string, Column>,
  absent: Uint8Array | undefined,
): void {
  const by = columns.get(decided.by) as Extract<Column, { type: 'code' }>;
  const outcomes = outcomesByCode(decided, by.levels);
  const column = columns.get(decided.column)!;
  const levels = column.type === 'code' ? column.levels : [];
  for (let row = 0; row < by.codes.length; row++) {
    const outcome = by.codes[row] >= 0 ? outcomes[by.codes[row]] : undefined;
    const missing = outcome
      ? 'missing' in outcome && outcome.missing
      : absent !== undefined && absent[row] === 1;
    if (column.type === 'number') {
      if (missing) column.values[row] = Number.NaN;
    } else if (missing) column.codes[row] = -1;
    else if (outcome && 'equals' in outcome) column.codes[row] = levels.indexOf(outcome.equals);
  }
}

/** The probability at a fraction: the middle of its atom, or the interpolated CDF. */
function midProbability(cdf: NumberCdf, x: number): number {
  const k = cdf.atomAt(x);
  if (k >= 0) return (cdf.cdf[k] + cdf.cdf[k + 1]) / 2;
  return cdf.belowAt(x, lowerBound(cdf.value, x));
}
