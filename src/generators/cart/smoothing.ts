/**
 * Kernel smoothing of drawn numbers, after synthpop's `syn.smooth` (`smoothing = "density"`): a
 * drawn observed value is replaced by a normal draw centred on it, so synthetic numbers are not
 * verbatim copies; a value held by more than 70 % of the values is left alone (synthpop's rule for
 * spikes such as zeros), and results stay inside the observed range. Unlike synthpop, which takes
 * one Sheather–Jones bandwidth over the whole synthetic column, the bandwidth here is per leaf, by
 * Silverman's rule of thumb (R's `bw.nrd0`): a narrow leaf stays narrow, and five values are too few
 * for Sheather–Jones.
 */
import type { Rng } from '../../core/rng.js';
import type { ValueLeaf } from './params.js';

const ATOM_SHARE = 0.7;

/** The leaf as stored: values sorted, plus its bandwidth (0 = no smoothing) and spike. */
export function valueLeaf(sorted: Float64Array, smooth: boolean): ValueLeaf {
  const values = Array.from(sorted);
  if (!smooth) return { values, bandwidth: 0, atom: null };
  const atom = spike(sorted);
  const rest = atom === null ? sorted : sorted.filter((v) => v !== atom);
  return { values, bandwidth: rest.length > 1 ? nrd0(rest) : 0, atom };
}

/** The value held by more than 70 % of the sorted values, if any. */
function spike(sorted: Float64Array): number | null {
  let run = 1;
  for (let i = 1; i <= sorted.length; i++) {
    if (i < sorted.length && sorted[i] === sorted[i - 1]) run++;
    else {
      if (run > ATOM_SHARE * sorted.length) return sorted[i - 1];
      run = 1;
    }
  }
  return null;
}

/** R's `bw.nrd0`: 0.9 · min(sd, IQR / 1.34) · n^(−1/5), falling back to sd when the IQR is 0. */
function nrd0(sorted: Float64Array): number {
  const n = sorted.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += sorted[i];
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (sorted[i] - mean) ** 2;
  const sd = Math.sqrt(ss / (n - 1));
  const iqr = quantile(sorted, 0.75) - quantile(sorted, 0.25);
  const spread = Math.min(sd, iqr / 1.34) || sd;
  return 0.9 * spread * n ** -0.2;
}

/** R's default (type 7) quantile of sorted values. */
function quantile(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** A smoothed copy of `value` drawn from its leaf, kept in `range` and rounded for integer columns. */
export function smoothed(
  value: number,
  leaf: ValueLeaf,
  rng: Rng,
  range: readonly [number, number],
  integer: boolean,
): number {
  if (leaf.bandwidth === 0 || value === leaf.atom) return value;
  const x = Math.min(range[1], Math.max(range[0], rng.normal(value, leaf.bandwidth)));
  return integer ? Math.round(x) : x;
}
