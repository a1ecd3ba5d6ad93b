/**
 * The exact distribution of a sum of discrete Gaussians, for checking the sampler and the privacy
 * bound against brute force: a convolution of truncated pmfs, the Rényi divergence of the sum from
 * itself shifted by one (the privacy loss of a count that one patient moves by 1), and the total
 * variation distance between two pmfs.
 */
import { UsageError } from '../../core/errors.js';
import { checkShare } from './distributed-gaussian.js';

/** A pmf on the integers offset, offset+1, …, offset+mass.length−1. */
export interface IntegerPmf {
  readonly offset: number;
  readonly mass: Float64Array;
  /** An upper bound on the total variation distance to the untruncated distribution. */
  readonly truncationError: number;
}

/**
 * Each share is truncated at |y| ≤ L with exp(−L²/(2σ²)) ≤ e^−800, so every probability a double
 * can hold is kept. The sum of truncated shares differs from the true sum only when some share fell
 * outside, so the error is at most n times one share's tail, Σ_{|y|>L} e^{−y²/(2σ²)} / Z with Z ≥ 1,
 * bounded by a geometric series.
 */
export function discreteGaussianSumPmf(sigma2: number, nodes: number): IntegerPmf {
  checkShare(sigma2, nodes);
  const reach = Math.ceil(Math.sqrt(2 * sigma2 * 800));
  const one = discreteGaussianTruncated(sigma2, reach);
  let mass = one;
  for (let i = 1; i < nodes; i++) mass = convolve(mass, one);
  const next = reach + 1;
  const tail = (2 * Math.exp((-next * next) / (2 * sigma2))) / -Math.expm1(-next / sigma2);
  return { offset: -reach * nodes, mass, truncationError: nodes * tail };
}

/** N_Z(0, variance) on −reach..reach, normalised there. */
export function discreteGaussianTruncated(variance: number, reach: number): Float64Array {
  const mass = new Float64Array(2 * reach + 1);
  let total = 0;
  for (let y = -reach; y <= reach; y++) {
    mass[y + reach] = Math.exp((-y * y) / (2 * variance));
    total += mass[y + reach];
  }
  for (let i = 0; i < mass.length; i++) mass[i] /= total;
  return mass;
}

function convolve(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length - 1);
  for (let i = 0; i < a.length; i++) for (let j = 0; j < b.length; j++) out[i + j] += a[i] * b[j];
  return out;
}

/**
 * D_α(P ‖ P(· − 1)) = log Σ_z P(z)^α P(z−1)^{1−α} / (α − 1), summed in log space; cells where
 * either mass underflowed are left out (their true contribution is below what a double resolves).
 */
export function renyiDivergenceOfShift(pmf: IntegerPmf, alpha: number): number {
  if (!(alpha > 1) || !Number.isFinite(alpha))
    throw new UsageError(`alpha (the Rényi order) must be a finite number > 1, got ${alpha}`, 'alpha');
  const logs: number[] = [];
  const { mass } = pmf;
  for (let z = 1; z < mass.length; z++)
    if (mass[z] > 0 && mass[z - 1] > 0)
      logs.push(alpha * Math.log(mass[z]) + (1 - alpha) * Math.log(mass[z - 1]));
  const top = Math.max(...logs);
  let sum = 0;
  for (const l of logs) sum += Math.exp(l - top);
  return (top + Math.log(sum)) / (alpha - 1);
}

/** ½ Σ |P(z) − Q(z)| over the union of the supports. */
export function totalVariation(p: IntegerPmf, q: IntegerPmf): number {
  const low = Math.min(p.offset, q.offset);
  const high = Math.max(p.offset + p.mass.length, q.offset + q.mass.length);
  const at = (r: IntegerPmf, z: number) => {
    const i = z - r.offset;
    return i >= 0 && i < r.mass.length ? r.mass[i] : 0;
  };
  let sum = 0;
  for (let z = low; z < high; z++) sum += Math.abs(at(p, z) - at(q, z));
  return sum / 2;
}
