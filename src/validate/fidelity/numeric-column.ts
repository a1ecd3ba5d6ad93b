/**
 * One numeric (numeric, integer, date) column: the two-sample Kolmogorov–Smirnov test (score
 * 1 − D, the largest gap between the two empirical distribution functions) and the Wilcoxon
 * rank-sum test (a shift in location), plus a shareable histogram for the chart (histogram.ts).
 */
import { ksTwoSample } from '../../stats/ks-2samp.js';
import { mannWhitneyU } from '../../stats/mann-whitney.js';
import { finiteValues } from '../../stats/ranks.js';
import { axisScale, isDiscrete, shareableHistogram } from './histogram.js';
import type { NumberPair } from './prepare.js';
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
  const missingReal = 1 - real.length / pair.real.length;
  const missingSynthetic = 1 - synthetic.length / pair.synthetic.length;
  const sorted = Float64Array.from(real).sort();
  const discrete = isDiscrete(pair.kind === 'integer', sorted, smallCell);
  const scale = discrete ? 'linear' : axisScale(sorted);
  return {
    name: pair.name,
    kind: pair.kind,
    test: 'ks',
    method: ks.method,
    statistic: ks.statistic,
    p: ks.p,
    score: 1 - ks.statistic,
    wilcoxon: { statistic: wilcoxon.statistic, p: wilcoxon.p },
    missing: {
      real: missingReal,
      synthetic: missingSynthetic,
      difference: Math.abs(missingReal - missingSynthetic),
    },
    n: { real: real.length, synthetic: synthetic.length },
    unit,
    scale,
    discrete,
    histogram: shareableHistogram(sorted, synthetic, { discrete, scale, smallCell }),
  };
}
