/**
 * One numeric (numeric, integer, date) column: the two-sample Kolmogorov–Smirnov test (score
 * 1 − D, the largest gap between the two empirical distribution functions) and the Wilcoxon
 * rank-sum test (a shift in location), plus a shareable histogram for the chart (histogram.ts).
 * A column whose real missing count is 1..k − 1 publishes neither that count nor anything that
 * gives it back (small-counts.ts).
 */
import { ksTwoSample } from '../../stats/ks-2samp.js';
import { mannWhitneyU } from '../../stats/mann-whitney.js';
import { finiteValues } from '../../stats/ranks.js';
import { axisScale, isDiscrete, shareableHistogram } from './histogram.js';
import type { NumberPair } from './prepare.js';
import { coarseStep, missingRates, onGrid } from './small-counts.js';
import type { NumericColumnFidelity } from './types.js';

export function numericColumnFidelity(
  pair: NumberPair,
  unit: string | null,
  smallCell: number,
): NumericColumnFidelity {
  const real = finiteValues(pair.real);
  const synthetic = finiteValues(pair.synthetic);
  const ks = ksTwoSample(real, synthetic);
  const wilcoxon = mannWhitneyU(real, synthetic);
  const missing = missingRates(
    real.length,
    pair.real.length,
    synthetic.length,
    pair.synthetic.length,
    smallCell,
  );
  const coarse = missing.real === null;
  const step = coarseStep(pair.real.length, smallCell);
  const sorted = Float64Array.from(real).sort();
  const discrete = isDiscrete(pair.kind === 'integer', sorted, smallCell);
  const scale = discrete ? 'linear' : axisScale(sorted);
  const exact = shareableHistogram(sorted, synthetic, { discrete, scale, smallCell });
  // A hidden missing count hides the number of real values, which any test on them would give
  // back: the shares go on a coarse grid, no test is published, and the score is the largest gap
  // of the two cumulative histograms as published (a binned KS statistic).
  const histogram = coarse ? { ...exact, real: exact.real.map((v) => onGrid(v, step)) } : exact;
  const distance = coarse ? binnedGap(histogram.real, histogram.synthetic) : ks.statistic;
  return {
    name: pair.name,
    kind: pair.kind,
    test: 'ks',
    method: ks.method,
    statistic: coarse ? null : ks.statistic,
    p: coarse ? null : ks.p,
    score: 1 - distance,
    wilcoxon: coarse ? null : { statistic: wilcoxon.statistic, p: wilcoxon.p },
    missing: { real: missing.real, synthetic: missing.synthetic, difference: missing.difference },
    n: { real: coarse ? null : real.length, synthetic: synthetic.length },
    unit,
    scale,
    discrete,
    histogram,
  };
}

/** The largest gap between two cumulative histograms on the same bins, at most 1. */
function binnedGap(real: readonly number[], synthetic: readonly number[]): number {
  let gap = 0;
  let cumulative = 0;
  real.forEach((share, i) => {
    cumulative += share - synthetic[i];
    gap = Math.max(gap, Math.abs(cumulative));
  });
  return Math.min(1, gap);
}
