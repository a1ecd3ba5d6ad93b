/**
 * Kernel smoothing of drawn numbers, after synthpop's `syn.smooth` (`smoothing = "density"`): a
 * drawn observed value is replaced by a normal draw centred on it, so synthetic numbers are not
 * verbatim copies; a value held by more than 70 % of the values is left alone (synthpop's rule for
 * spikes such as zeros). Unlike synthpop, which takes one Sheather–Jones bandwidth over the whole
 * synthetic column, the bandwidth here is per leaf, by Silverman's rule of thumb (R's `bw.nrd0`): a
 * narrow leaf stays narrow, and five values are too few for Sheather–Jones.
 *
 * Two departures from synthpop, both against spikes at the edge of the observed range. A positive,
 * right-skewed column (white cell count, LDH: `stats/skew.ts`) is smoothed on the log scale, where
 * the kernel has the shape of the data; on the linear scale a wide leaf's bandwidth is tens of
 * 10^9/L and much of the kernel lies below 0. And a draw outside the observed range (or the row's
 * bounds) is drawn again, then given up for the unsmoothed value, never clamped: clamping piled 16 %
 * of synthetic white counts on the observed minimum. A floor the data itself has (several patients at
 * the minimum) is kept as a value, as the atom is.
 */
import type { Rng } from '../../core/rng.js';
import { positiveSkewed } from '../../stats/skew.js';
import type { ValueLeaf } from './params.js';

const ATOM_SHARE = 0.7;
/** Kernel draws tried before a value is kept unsmoothed. */
const TRIES = 5;

export type SmoothingScale = ValueLeaf['scale'];

/** The scale a column is smoothed on, from its observed values (sorted, no missing). */
export function smoothingScale(sortedObserved: Float64Array): SmoothingScale {
  return positiveSkewed(sortedObserved) ? 'log' : 'linear';
}

/** The leaf as stored: values sorted, plus its bandwidth on `scale` (0 = no smoothing) and spike. */
export function valueLeaf(
  sorted: Float64Array,
  smooth: boolean,
  scale: SmoothingScale = 'linear',
): ValueLeaf {
  const values = Array.from(sorted);
  if (!smooth) return { values, bandwidth: 0, atom: null, scale: 'linear' };
  const atom = spike(sorted);
  const rest = atom === null ? sorted : sorted.filter((v) => v !== atom);
  const onScale = scale === 'log' ? rest.map(Math.log) : rest;
  return { values, bandwidth: rest.length > 1 ? nrd0(onScale) : 0, atom, scale };
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

/**
 * A smoothed copy of `value` drawn from its leaf, rounded for integer columns, inside `range` and
 * accepted by `allowed` (the row's bounds); `value` itself when no draw in `TRIES` is.
 */
export function smoothed(
  value: number,
  leaf: ValueLeaf,
  rng: Rng,
  range: readonly [number, number],
  integer: boolean,
  allowed?: (x: number) => boolean,
): number {
  if (leaf.bandwidth === 0 || value === leaf.atom || tiedAtEdge(value, leaf.values, range)) return value;
  const log = leaf.scale === 'log';
  const { mean, shrink } = moments(leaf);
  const y = log ? Math.log(value) : value;
  for (let t = 0; t < TRIES; t++) {
    const z = mean + shrink * (rng.normal(y, leaf.bandwidth) - mean);
    const x = integer ? Math.round(log ? Math.exp(z) : z) : log ? Math.exp(z) : z;
    if (x >= range[0] && x <= range[1] && (!allowed || allowed(x))) return x;
  }
  return value;
}

/**
 * A value on the edge of the observed range that the leaf holds more than once: a floor or ceiling
 * such as a lab's reporting limit (LDH 80 U/L), which real patients share and a kernel can only
 * move inwards. (A single extreme value is smoothed like any other.)
 */
function tiedAtEdge(value: number, sorted: readonly number[], range: readonly [number, number]): boolean {
  const n = sorted.length;
  return (value === range[0] && sorted[1] === value) || (value === range[1] && sorted[n - 2] === value);
}

const leafMoments = new WeakMap<ValueLeaf, { mean: number; shrink: number }>();

/**
 * The leaf's mean on its scale and the factor 1/√(1 + h²/σ²) that gives smoothed draws the leaf's
 * own variance (Silverman 1986, "Density estimation", §6.4.1, the shrunk smoothed bootstrap): a
 * kernel alone adds h² to it, which on the log scale of a skewed lab stretched the upper tail.
 */
function moments(leaf: ValueLeaf): { mean: number; shrink: number } {
  let found = leafMoments.get(leaf);
  if (!found) {
    const rest = leaf.values.filter((v) => v !== leaf.atom).map(leaf.scale === 'log' ? Math.log : Number);
    let mean = 0;
    for (const v of rest) mean += v / rest.length;
    let variance = 0;
    for (const v of rest) variance += (v - mean) ** 2 / rest.length;
    found = { mean, shrink: variance > 0 ? 1 / Math.sqrt(1 + leaf.bandwidth ** 2 / variance) : 1 };
    leafMoments.set(leaf, found);
  }
  return found;
}
