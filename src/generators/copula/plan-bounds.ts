/**
 * Constant bounds that hold in a subgroup ("os_days <= 42 when response = early_death"). Rejecting
 * the rows that break one drops the subgroup's members whose latent lands beyond the bound, so the
 * subgroup shrinks (here: fewer early deaths, a longer median survival). Instead, a row in the
 * subgroup beyond the bound keeps its other latents and redraws the bounded one from its full
 * conditional distribution given them, truncated at the bound: one Gibbs step (Geweke 1991) towards
 * the copula restricted to the rule, which keeps the subgroup's size and covariates.
 */
import type { Rng } from '../../core/rng.js';
import type { Condition, Rule } from '../../data/schema.js';
import type { Table } from '../../data/table.js';
import { CodeCodec, type NumberCodec } from './codec.js';
import type { ColumnCodecs } from './columns.js';
import { type Constraints, constraintsOf, type LatentInterval } from './conditions.js';
import { inverseColumns, invertSpd } from './linalg.js';
import { NumberCdf } from './marginal.js';
import { normalQuantile, truncatedStandardNormal } from './normal.js';
import type { ConstantBound, Structure } from './params.js';
import { strataMarginals } from './structure.js';
import type { StructureConditions } from './structure-conditions.js';

/** Compare rules with a constant and a `when`, on a number column modelled as itself. */
export function planBounds(
  table: Table,
  rules: readonly Rule[],
  structure: Pick<Structure, 'ratios'>,
): ConstantBound[] {
  const reshaped = new Set(structure.ratios.map((r) => r.column));
  return rules.flatMap((rule): ConstantBound[] => {
    if (rule.type !== 'compare' || typeof rule.right !== 'number' || !rule.when?.length) return [];
    if (rule.op === '==' || reshaped.has(rule.left) || !table.has(rule.left)) return [];
    if (table.column(rule.left).type !== 'number') return [];
    return [{ column: rule.left, op: rule.op, value: rule.right, when: rule.when }];
  });
}

interface LatentBound {
  readonly latent: number;
  /** Upper: z must stay below the threshold; lower: at or above. */
  readonly upper: boolean;
  /** The threshold in each stratum (one, unless the column is stratified by its event level). */
  readonly thresholds: Float64Array;
  readonly stratum: (z: Float64Array, at: number) => number;
  readonly when: Array<[number, LatentInterval[]]>;
}

export class ConditionalBounds {
  private readonly bounds: LatentBound[];
  private readonly d: number;
  /** Row j of the precision matrix, scaled: z_j | rest ~ N(Σ_k weight_jk z_k, sd_j²). */
  private readonly weights = new Map<number, Float64Array>();
  private readonly sd = new Map<number, number>();

  constructor(
    bounds: readonly ConstantBound[],
    columns: readonly ColumnCodecs[],
    conditions: StructureConditions,
    structure: Structure,
    correlation: Float64Array,
    d: number,
  ) {
    this.d = d;
    this.bounds = bounds.flatMap((b) => latentBound(b, columns, conditions, structure) ?? []);
    if (this.bounds.length === 0) return;
    const rows = precisionRows(
      correlation,
      d,
      this.bounds.map((b) => b.latent),
    );
    if (!rows) {
      this.bounds = [];
      return;
    }
    this.bounds.forEach(({ latent: j }, b) => {
      const row = rows[b];
      const pjj = row[j];
      this.sd.set(j, 1 / Math.sqrt(pjj));
      this.weights.set(
        j,
        Float64Array.from({ length: d }, (_, k) => (k === j ? 0 : -row[k] / pjj)),
      );
    });
  }

  get size(): number {
    return this.bounds.length;
  }

  /** Redraws, in rows [0, size) of z, the bounded latents of rows in a bound's subgroup beyond it. */
  apply(z: Float64Array, size: number, pinned: Int32Array, rng: Rng): void {
    const d = this.d;
    for (const bound of this.bounds) {
      const j = bound.latent;
      if (pinned[j] >= 0) continue;
      const weights = this.weights.get(j)!;
      const sd = this.sd.get(j)!;
      for (let row = 0; row < size; row++) {
        const at = row * d;
        const threshold = bound.thresholds[bound.stratum(z, at)];
        const beyond = bound.upper ? z[at + j] >= threshold : z[at + j] < threshold;
        if (!beyond || !Number.isFinite(threshold) || !meets(z, at, bound.when)) continue;
        let mean = 0;
        for (let k = 0; k < d; k++) mean += weights[k] * z[at + k];
        const t = (threshold - mean) / sd;
        const e = bound.upper
          ? truncatedStandardNormal(Number.NEGATIVE_INFINITY, t, rng)
          : truncatedStandardNormal(t, Number.POSITIVE_INFINITY, rng);
        z[at + j] = mean + sd * e;
      }
    }
  }
}

function meets(z: Float64Array, at: number, when: ReadonlyArray<[number, LatentInterval[]]>): boolean {
  return when.every(([latent, intervals]) => {
    const x = z[at + latent];
    return intervals.some((i) => x >= i.lo && x < i.hi);
  });
}

/** The bound on the latent scale, or undefined when its subgroup is not exactly a set of latent intervals. */
function latentBound(
  bound: ConstantBound,
  columns: readonly ColumnCodecs[],
  conditions: StructureConditions,
  structure: Structure,
): LatentBound | undefined {
  const column = columns.find((c) => c.model.name === bound.column);
  if (column?.model.marginal.type !== 'number') return undefined;
  const translated = conditions.translate(bound.when as Condition[]);
  if (!translated.exact) return undefined;
  let when: Constraints;
  try {
    when = constraintsOf(translated.conditions, columns);
  } catch {
    // A subgroup of probability zero: the model never draws it, so the bound never binds.
    return undefined;
  }
  const pooled = (column.value as NumberCodec).cdf;
  const stratified = structure.strata.find((st) => st.column === bound.column);
  const upper = bound.op[0] === '<';
  if (!stratified)
    return {
      latent: column.model.latent,
      upper,
      thresholds: Float64Array.of(threshold(bound, pooled)),
      stratum: () => 0,
      when: [...when],
    };
  const reader = stratumReader(stratified.by, columns, structure);
  if (!reader) return undefined;
  const thresholds = Float64Array.from(strataMarginals(stratified, reader.levels), (m) =>
    threshold(bound, m ? new NumberCdf(m) : pooled),
  );
  return { latent: column.model.latent, upper, thresholds, stratum: reader.read, when: [...when] };
}

/** z below (upper) or from (lower) this latent value outputs a value within the bound. */
function threshold(bound: ConstantBound, cdf: NumberCdf): number {
  const upper = bound.op[0] === '<';
  const strict = bound.op.length === 1;
  const h = cdf.halfUnit;
  // Values that output within the bound lie below (or above) c ± h on the unrounded scale.
  const edge = upper === strict ? bound.value - h : bound.value + h;
  let u = cdf.below(edge);
  if (h === 0 && upper && !strict) {
    const k = cdf.atomAt(bound.value);
    if (k >= 0) u = cdf.cdf[k + 1];
  }
  return normalQuantile(u);
}

/** The code of a code column read off the latents (through its joint group); not for decided columns. */
function stratumReader(
  name: string,
  columns: readonly ColumnCodecs[],
  structure: Structure,
): { levels: readonly string[]; read: (z: Float64Array, at: number) => number } | undefined {
  if (structure.decided.some((d) => d.column === name)) return undefined;
  const group = structure.joint.find((g) => g.members.some((m) => m.name === name));
  const owner = columns.find((c) => c.model.name === (group ? group.column : name));
  if (!owner || !(owner.value instanceof CodeCodec)) return undefined;
  const codec = owner.value;
  const latent = owner.model.latent;
  if (!group) {
    const levels = owner.model.marginal.type === 'code' ? owner.model.marginal.levels : [];
    return { levels, read: (z, at) => codec.decode(z[at + latent]) };
  }
  const index = group.members.findIndex((m) => m.name === name);
  const codes = group.combinations.map((tuple) => tuple[index]);
  // A missing member (code −1) reads as an out-of-range stratum, whose threshold is undefined (NaN).
  return { levels: group.members[index].levels, read: (z, at) => codes[codec.decode(z[at + latent])] };
}

/**
 * Up to this many latents the whole precision matrix is inverted, as every model of ordinary width
 * was sampled with (so those stay byte-identical); wider, only the rows of the bounded latents.
 */
const FULL_INVERSE_MAX = 160;

/** Rows `latents` of the precision matrix R⁻¹, or undefined when R is not positive definite. */
function precisionRows(
  correlation: Float64Array,
  d: number,
  latents: readonly number[],
): Float64Array[] | undefined {
  if (d > FULL_INVERSE_MAX) return inverseColumns(correlation, d, latents);
  const precision = invertSpd(correlation, d);
  return precision && latents.map((j) => precision.subarray(j * d, (j + 1) * d));
}
