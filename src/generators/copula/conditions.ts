/**
 * Conditions (`where`) as constraints on the latent normals. Every condition the schema allows is an
 * interval, or a union of intervals, of one latent variable: a category is the interval its
 * frequency spans; an integer value is the interval of the probability scale that rounds to it;
 * "missing" is the upper interval of the column's missingness indicator, and any value condition
 * implies its lower ("observed") interval. Sampling then draws the latent normals truncated to
 * these intervals (`truncated-mvn.ts`), which is drawing from the conditional distribution, at the
 * same cost for a rare subgroup as for a common one.
 */
import { InputError } from '../../core/errors.js';
import type { Condition } from '../../data/schema.js';
import { CodeCodec, type NumberCodec } from './codec.js';
import type { ColumnCodecs } from './columns.js';
import { normalQuantile } from './normal.js';

/** A latent interval [lo, hi) and the value a row drawn in it takes (a code, a number, 0/1 missing). */
export interface LatentInterval {
  readonly lo: number;
  readonly hi: number;
  readonly mass: number;
  readonly value: number;
}

/** Allowed intervals by latent index. */
export type Constraints = Map<number, LatentInterval[]>;

export function constraintsOf(where: readonly Condition[], columns: readonly ColumnCodecs[]): Constraints {
  const constraints: Constraints = new Map();
  for (const condition of where) {
    const column = columns.find((c) => c.model.name === condition.column);
    if (!column)
      throw new InputError(
        'USAGE',
        { column: condition.column },
        'a condition names a column the model does not have',
      );
    for (const [latent, intervals] of intervalsOf(condition, column)) {
      const previous = constraints.get(latent);
      const merged = previous ? intersect(previous, intervals) : intervals;
      if (merged.length === 0)
        throw impossible(condition.column, 'the conditions on this column contradict each other');
      constraints.set(latent, merged);
    }
  }
  return constraints;
}

function intervalsOf(condition: Condition, column: ColumnCodecs): Array<[number, LatentInterval[]]> {
  const { model, missing } = column;
  if (condition.missing !== undefined) {
    if (!missing) {
      if (!condition.missing) return [];
      throw impossible(model.name, 'no training row has it missing, so the model never leaves it missing');
    }
    return [[model.missingLatent!, [indicatorInterval(missing, condition.missing ? 1 : 0)]]];
  }
  const values = condition.in ?? [condition.equals!];
  const intervals = values.flatMap((v) => valueIntervals(v, column));
  if (intervals.length === 0) {
    const shown = values.map((v) => `'${v}'`).join(', ');
    throw impossible(model.name, `no training row has ${shown}, so the model gives it probability zero`);
  }
  const out: Array<[number, LatentInterval[]]> = [[model.latent, intervals]];
  if (missing) out.push([model.missingLatent!, [indicatorInterval(missing, 0)]]);
  return out;
}

function indicatorInterval(codec: CodeCodec, value: 0 | 1): LatentInterval {
  const atom = codec.atoms[codec.position[value]];
  return { lo: atom.lo, hi: atom.hi, mass: atom.mass, value };
}

/** The latent intervals of one value with positive probability (none when it has none). */
function valueIntervals(value: string | number, column: ColumnCodecs): LatentInterval[] {
  const { model, value: codec } = column;
  if (codec instanceof CodeCodec) {
    if (model.marginal.type !== 'code') return [];
    const code = model.marginal.levels.indexOf(String(value));
    if (code < 0)
      throw new InputError(
        'USAGE',
        { column: model.name },
        `'${value}' is not one of its categories (${model.marginal.levels.join(', ')})`,
      );
    const atom = codec.atoms[codec.position[code]];
    return atom.mass > 0 ? [{ lo: atom.lo, hi: atom.hi, mass: atom.mass, value: code }] : [];
  }
  const x = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(x))
    throw new InputError(
      'USAGE',
      { column: model.name },
      `'${value}' is not a number; this column holds numbers`,
    );
  const interval = numberInterval(codec, x);
  return interval ? [interval] : [];
}

/**
 * The values that output as x: those that round to it, [x − h, x + h), or the atom at x when the
 * column is not rounded. On the probability scale that is [P(X < x − h), P(X < x + h)).
 */
function numberInterval(codec: NumberCodec, x: number): LatentInterval | undefined {
  const h = codec.cdf.halfUnit;
  let uLo: number;
  let uHi: number;
  if (h > 0) {
    uLo = codec.cdf.below(x - h);
    uHi = codec.cdf.below(x + h);
  } else {
    const k = codec.cdf.atomAt(x);
    if (k < 0) return undefined;
    uLo = codec.cdf.cdf[k];
    uHi = codec.cdf.cdf[k + 1];
  }
  if (!(uHi > uLo)) return undefined;
  return { lo: normalQuantile(uLo), hi: normalQuantile(uHi), mass: uHi - uLo, value: x };
}

function intersect(a: readonly LatentInterval[], b: readonly LatentInterval[]): LatentInterval[] {
  const out: LatentInterval[] = [];
  for (const x of a)
    for (const y of b) {
      const lo = Math.max(x.lo, y.lo);
      const hi = Math.min(x.hi, y.hi);
      if (hi > lo && x.value === y.value)
        out.push({ lo, hi, mass: Math.min(x.mass, y.mass), value: x.value });
    }
  return out;
}

function impossible(column: string, why: string): InputError {
  return new InputError('USAGE', { column }, `impossible condition: ${why}; drop or change the condition`);
}
