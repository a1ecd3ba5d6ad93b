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
import { coarseStep, missingRates, onGrid, twoDigits } from './small-counts.js';
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
  // A hidden missing count hides the number of real values: shares on a coarse grid, two digits.
  const coarse = missing.real === null;
  const rounded = (x: number) => (coarse ? twoDigits(x) : x);
  const step = coarseStep(pair.real.length, smallCell);
  const sorted = Float64Array.from(real).sort();
  const discrete = isDiscrete(pair.kind === 'integer', sorted, smallCell);
  const scale = discrete ? 'linear' : axisScale(sorted);
  const histogram = shareableHistogram(sorted, synthetic, { discrete, scale, smallCell });
  return {
    name: pair.name,
    kind: pair.kind,
    test: 'ks',
    method: ks.method,
    statistic: rounded(ks.statistic),
    p: rounded(ks.p),
    score: rounded(1 - ks.statistic),
    wilcoxon: { statistic: rounded(wilcoxon.statistic), p: rounded(wilcoxon.p) },
    missing: { real: missing.real, synthetic: missing.synthetic, difference: missing.difference },
    n: { real: coarse ? null : real.length, synthetic: synthetic.length },
    unit,
    scale,
    discrete,
    histogram: coarse ? { ...histogram, real: histogram.real.map((v) => onGrid(v, step)) } : histogram,
  };
}
