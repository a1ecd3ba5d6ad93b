/**
 * One numeric (numeric, integer, date) column: the two-sample Kolmogorov–Smirnov test (score
 * 1 − D, the largest gap between the two empirical distribution functions) and the Wilcoxon
 * rank-sum test (a shift in location), plus a shared-bin histogram for the chart.
 */
import { ksTwoSample } from '../../stats/ks-2samp.js';
import { mannWhitneyU } from '../../stats/mann-whitney.js';
import { finiteValues } from '../../stats/ranks.js';
import type { NumberPair } from './prepare.js';
import { finite } from './prepare.js';
import { FIDELITY_SETTINGS } from './settings.js';
import type { NumericColumnFidelity } from './types.js';

export function numericColumnFidelity(pair: NumberPair): NumericColumnFidelity {
  const real = finiteValues(pair.real);
  const synthetic = finiteValues(pair.synthetic);
  const ks = ksTwoSample(real, synthetic);
  const wilcoxon = mannWhitneyU(real, synthetic);
  const missingReal = 1 - real.length / pair.real.length;
  const missingSynthetic = 1 - synthetic.length / pair.synthetic.length;
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
    histogram: sharedHistogram(real, synthetic, pair.kind === 'integer'),
  };
}

/**
 * Proportions of each sample in shared bins over the pooled range: unit bins centred on the
 * integers when an integer column spans at most `histogramBins` values, else equal-width bins.
 */
export function sharedHistogram(
  real: Float64Array,
  synthetic: Float64Array,
  integer: boolean,
): { edges: number[]; real: number[]; synthetic: number[] } {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const sample of [real, synthetic])
    for (const v of sample) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  const bins = FIDELITY_SETTINGS.histogramBins;
  let edges: number[];
  if (integer && hi - lo < bins) edges = Array.from({ length: hi - lo + 2 }, (_, i) => lo - 0.5 + i);
  else if (hi === lo) edges = [lo - 0.5, hi + 0.5];
  else edges = Array.from({ length: bins + 1 }, (_, i) => lo + ((hi - lo) * i) / bins);
  const count = (sample: Float64Array): number[] => {
    const counts = new Array<number>(edges.length - 1).fill(0);
    const width = edges[1] - edges[0];
    for (const v of sample) {
      const bin = Math.min(counts.length - 1, Math.max(0, Math.floor((v - edges[0]) / width)));
      counts[bin]++;
    }
    return counts.map((c) => c / sample.length);
  };
  return { edges: edges.map((e) => finite(e) ?? 0), real: count(real), synthetic: count(synthetic) };
}
