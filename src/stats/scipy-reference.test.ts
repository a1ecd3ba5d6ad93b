/**
 * Level 2 of the reference tests: src/stats against scipy 1.10 and scikit-learn 1.2 at 1e-6
 * relative (1e-12 absolute near 0). The numbers come from tools/reference/scipy_reference.py, which
 * wrote fixtures/scipy.json (inputs included; large samples as an LCG recipe, see test-support/lcg.ts).
 */
import { describe, expect, it } from 'vitest';
import { expectClose } from '../survival/test-support/expect-close.js';
import { cramersV } from './association.js';
import { rocAuc } from './auc.js';
import { chiSquareContingency } from './chi2-contingency.js';
import { pearson, spearman } from './correlation.js';
import { fisherExact } from './fisher-exact.js';
import reference from './fixtures/scipy.json' with { type: 'json' };
import { regularizedBeta } from './incomplete-beta.js';
import { kolmogorovSf } from './kolmogorov.js';
import { ksTwoSample } from './ks-2samp.js';
import { mannWhitneyU } from './mann-whitney.js';
import { pcaFit } from './pca.js';
import { type LcgSpec, lcgSample } from './test-support/lcg.js';

const REL = 1e-6;
const ABS = 1e-12;

interface TwoSampleCase {
  name: string;
  x?: number[];
  y?: number[];
  xLcg?: LcgSpec;
  yLcg?: LcgSpec;
  statistic: number;
  p: number;
}

function samples(c: TwoSampleCase): [ArrayLike<number>, ArrayLike<number>] {
  return [c.x ?? lcgSample(c.xLcg!), c.y ?? lcgSample(c.yLcg!)];
}

const nan = (v: number | null): number => (v === null ? Number.NaN : v);

describe('ksTwoSample matches scipy.stats.ks_2samp', () => {
  it.each((reference.ks2samp as TwoSampleCase[]).map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const result = ksTwoSample(...samples(c));
    expectClose(result.statistic, c.statistic, REL, ABS, 'statistic');
    expectClose(result.p, c.p, REL, ABS, 'p');
  });
});

describe('kolmogorovSf matches scipy.stats.kstwo.sf', () => {
  it.each(reference.kolmogorov.map((c) => [c.n, c.d, c] as const))('n=%d, d=%d', (_n, _d, c) => {
    expectClose(kolmogorovSf(c.n, c.d), c.sf, REL, ABS, 'sf');
  });
});

describe('mannWhitneyU matches scipy.stats.mannwhitneyu (asymptotic, continuity)', () => {
  it.each((reference.mannWhitney as TwoSampleCase[]).map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const result = mannWhitneyU(...samples(c));
    expectClose(result.statistic, c.statistic, REL, ABS, 'U');
    expectClose(result.p, c.p, REL, ABS, 'p');
  });
});

describe('chiSquareContingency and cramersV match scipy', () => {
  it.each(reference.chi2Contingency.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const result = chiSquareContingency(c.table);
    expectClose(result.statistic, c.statistic, REL, ABS, 'chi2');
    expectClose(result.p, c.p, REL, ABS, 'p');
    expect(result.df).toBe(c.df);
    c.expected.forEach((row, i) => {
      row.forEach((e, j) => {
        expectClose(result.expected[i][j], e, REL, ABS, 'expected');
      });
    });
    if (c.cramersV !== null) expectClose(cramersV(c.table), c.cramersV, REL, ABS, 'V');
  });
});

describe('fisherExact matches scipy.stats.fisher_exact', () => {
  it.each(reference.fisherExact.map((c) => [JSON.stringify(c.table), c] as const))('%s', (_name, c) => {
    const result = fisherExact(c.table);
    if (c.oddsRatioInfinite) expect(result.statistic).toBe(Number.POSITIVE_INFINITY);
    else expectClose(result.statistic, c.oddsRatio, REL, ABS, 'odds ratio');
    expectClose(result.p, c.p, REL, ABS, 'p');
  });
});

describe('pearson and spearman match scipy (NaN pairs dropped)', () => {
  it.each(reference.correlation.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const x = c.x.map(nan);
    const y = c.y.map(nan);
    const p = pearson(x, y);
    const s = spearman(x, y);
    expect(p.n).toBe(c.n);
    expectClose(p.statistic, c.pearson.statistic, REL, ABS, 'pearson r');
    expectClose(p.p, c.pearson.p, REL, ABS, 'pearson p');
    expectClose(s.statistic, c.spearman.statistic, REL, ABS, 'spearman rho');
    expectClose(s.p, c.spearman.p, REL, ABS, 'spearman p');
  });
});

describe('regularizedBeta matches scipy.special.betainc', () => {
  it.each(reference.incompleteBeta.map((c) => [c.x, c.a, c.b, c] as const))(
    'I_%d(%d, %d)',
    (_x, _a, _b, c) => {
      expectClose(regularizedBeta(c.x, c.a, c.b), c.value, REL, ABS, 'I');
    },
  );
});

describe('pcaFit matches sklearn PCA on standardised data', () => {
  it.each(reference.pca.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const n = c.data.length;
    const p = c.data[0].length;
    const fit = pcaFit(Float64Array.from(c.data.flat()), n, p);
    c.explainedVarianceRatio.forEach((v, k) => {
      expectClose(fit.explainedVarianceRatio[k], v, REL, ABS, 'ratio');
    });
    c.explainedVariance.forEach((v, k) => {
      expectClose(fit.explainedVariance[k], v, REL, ABS, 'variance');
    });
    c.components.forEach((axis, k) => {
      // Components are defined up to sign: align ours with scikit-learn's before comparing.
      const dot = axis.reduce((s, v, j) => s + v * fit.components[k][j], 0);
      const sign = Math.sign(dot);
      axis.forEach((v, j) => {
        expectClose(sign * fit.components[k][j], v, REL, 1e-9, `component ${k}`);
      });
    });
  });
});

describe('rocAuc matches sklearn.metrics.roc_auc_score', () => {
  it.each(reference.auc.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expectClose(rocAuc(c.scores, c.labels), c.auc, REL, ABS, 'auc');
  });
});
