/**
 * A χ² goodness-of-fit test of integer draws against a symmetric probability mass function on the
 * integers, for the sampler tests: one cell per value whose expected count is at least 5, the two
 * tails (|y| ≥ L) folded into the outermost cells, their mass computed from symmetry.
 */
import { chiSquareSf } from '../../stats/distributions.js';

export interface GoodnessOfFit {
  statistic: number;
  df: number;
  p: number;
}

export function symmetricChiSquare(draws: ArrayLike<number>, pmf: (y: number) => number): GoodnessOfFit {
  const n = draws.length;
  let edge = 0;
  while (n * pmf(edge + 1) >= 5) edge++;
  // Cells −edge..edge; the outermost hold the tails beyond them.
  const cells = 2 * edge + 1;
  const observed = new Float64Array(cells);
  for (let i = 0; i < n; i++) {
    const y = Math.max(-edge, Math.min(edge, draws[i]));
    observed[y + edge]++;
  }
  const expected = new Float64Array(cells);
  let inner = 0;
  for (let y = -edge + 1; y <= edge - 1; y++) {
    expected[y + edge] = n * pmf(y);
    inner += pmf(y);
  }
  if (edge === 0) expected[0] = n;
  else {
    expected[0] = (n * (1 - inner)) / 2;
    expected[cells - 1] = expected[0];
  }
  let statistic = 0;
  for (let c = 0; c < cells; c++) statistic += (observed[c] - expected[c]) ** 2 / expected[c];
  const df = cells - 1;
  return { statistic, df, p: chiSquareSf(statistic, df) };
}

/** The mean and variance of a symmetric pmf, summed until its terms vanish. */
export function exactVariance(pmf: (y: number) => number): number {
  let variance = 0;
  for (let y = 1; ; y++) {
    const term = 2 * y * y * pmf(y);
    if (variance + term === variance && y > 10) return variance;
    variance += term;
  }
}

export function sampleMoments(draws: ArrayLike<number>): { mean: number; variance: number } {
  let sum = 0;
  for (let i = 0; i < draws.length; i++) sum += draws[i];
  const mean = sum / draws.length;
  let squares = 0;
  for (let i = 0; i < draws.length; i++) squares += (draws[i] - mean) ** 2;
  return { mean, variance: squares / (draws.length - 1) };
}
