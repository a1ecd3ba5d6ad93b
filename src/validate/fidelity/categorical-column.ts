/**
 * One categorical or boolean column: the proportions of each level among the non-missing values,
 * score 1 − total variation distance (½ Σ |p − q|), and a test of the table × level counts:
 * Pearson's χ² (Yates-corrected for 2 × 2, as scipy), or Fisher's exact test when the column has
 * two levels and an expected count is below 5. Levels absent from both tables are left out.
 * Statistics and score are computed on the counts a reader may know (small-counts.ts): a level
 * held by 1..k − 1 real patients counts as its stand-in, so nothing published gives its count back.
 */

import { poolRareLevels } from '../../stats/binning.js';
import { chiSquareContingency } from '../../stats/chi2-contingency.js';
import { fisherExact } from '../../stats/fisher-exact.js';
import type { CodePair } from './prepare.js';
import { finite } from './prepare.js';
import { FIDELITY_SETTINGS } from './settings.js';
import {
  coarseStep,
  isSmall,
  missingRates,
  onGrid,
  publishedLevelCounts,
  twoDigits,
} from './small-counts.js';
import type { CategoricalColumnFidelity } from './types.js';

export function levelCounts(codes: Int32Array, nLevels: number): { counts: number[]; present: number } {
  const counts = new Array<number>(nLevels).fill(0);
  let present = 0;
  for (const code of codes)
    if (code >= 0) {
      counts[code]++;
      present++;
    }
  return { counts, present };
}

export function totalVariation(p: readonly number[], q: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < p.length; i++) sum += Math.abs(p[i] - q[i]);
  return sum / 2;
}

export function categoricalColumnFidelity(pair: CodePair, smallCell: number): CategoricalColumnFidelity {
  const k = pair.levels.length;
  const real = levelCounts(pair.real, k);
  const synthetic = levelCounts(pair.synthetic, k);
  const missing = missingRates(
    real.present,
    pair.real.length,
    synthetic.present,
    pair.synthetic.length,
    smallCell,
  );
  const coarse = missing.real === null;
  const shown = shareableLevels(pair.levels, real.counts, synthetic.counts, smallCell);
  const step = coarseStep(pair.real.length, smallCell);
  const realShares = coarse ? shown.proportions.real.map((v) => onGrid(v, step)) : undefined;
  // Tests and score see the counts as published: a rare level's count is its stand-in; with the
  // number of real values hidden, the reported levels' coarse shares at its stand-in.
  const [seen, syntheticSeen] = realShares
    ? [
        realShares.map((share) => Math.round(share * missing.present)),
        shown.proportions.synthetic.map((share) => Math.round(share * synthetic.present)),
      ]
    : [publishedLevelCounts(real.counts, synthetic.counts, smallCell, real.present), synthetic.counts];
  const seenTotal = seen.reduce((s, c) => s + c, 0);
  const used = seen.flatMap((c, i) => (c + syntheticSeen[i] > 0 ? [i] : []));
  const table = [used.map((i) => seen[i]), used.map((i) => syntheticSeen[i])];
  const tvd = totalVariation(
    seen.map((c) => (seenTotal ? c / seenTotal : 0)),
    syntheticSeen.map((c) => c / synthetic.present),
  );
  const rounded = (x: number) => (coarse ? twoDigits(x) : x);
  const base = {
    name: pair.name,
    kind: pair.kind,
    score: rounded(1 - tvd),
    tvd: rounded(tvd),
    ...shown,
    ...(realShares ? { proportions: { ...shown.proportions, real: realShares } } : {}),
    missing: { real: missing.real, synthetic: missing.synthetic, difference: missing.difference },
    n: { real: coarse ? null : real.present, synthetic: synthetic.present },
  };
  const chi = chiSquareContingency(table);
  if (used.length === 2 && chi.diagnostics.minExpected < FIDELITY_SETTINGS.minExpectedForChiSquare) {
    const fisher = fisherExact(table);
    return {
      ...base,
      test: 'fisher',
      statistic: nullable(finite(fisher.statistic), rounded),
      p: rounded(fisher.p),
    };
  }
  // One level left (every real value in one pooled level, say): nothing to test.
  if (used.length < 2) return { ...base, test: 'chi-square', statistic: null, p: null, df: 0 };
  return { ...base, test: 'chi-square', statistic: rounded(chi.statistic), p: rounded(chi.p), df: chi.df };
}

function nullable(x: number | null, f: (v: number) => number): number | null {
  return x === null ? null : f(x);
}

/**
 * The levels as reported: those held by 1..k − 1 real patients pooled into one level (with the
 * least frequent other level while the pool is still below k), so no share is a few patients.
 */
export function shareableLevels(
  levels: readonly string[],
  real: readonly number[],
  synthetic: readonly number[],
  smallCell: number,
): Pick<CategoricalColumnFidelity, 'levels' | 'proportions' | 'pooled' | 'rare'> {
  const groups = poolRareLevels(real, smallCell);
  const isPooled = groups.length > 0 && groups.at(-1)!.some((i) => isSmall(real[i], smallCell));
  const totalReal = real.reduce((s, c) => s + c, 0);
  const totalSynthetic = synthetic.reduce((s, c) => s + c, 0);
  const share = (counts: readonly number[], group: number[], total: number) =>
    total > 0 ? group.reduce((s, i) => s + counts[i], 0) / total : 0;
  return {
    levels: groups.map((group, g) =>
      isPooled && g === groups.length - 1
        ? pooledLabel(
            group.map((i) => levels[i]),
            smallCell,
          )
        : levels[group[0]],
    ),
    proportions: {
      real: groups.map((group) => share(real, group, totalReal)),
      synthetic: groups.map((group) => share(synthetic, group, totalSynthetic)),
    },
    pooled: isPooled ? groups.at(-1)!.map((i) => levels[i]) : [],
    rare: isPooled ? groups.at(-1)!.flatMap((i) => (isSmall(real[i], smallCell) ? [levels[i]] : [])) : [],
  };
}

function pooledLabel(levels: readonly string[], k: number): string {
  return levels.length <= 3
    ? `${levels.join(' or ')} (pooled: < ${k})`
    : `other (${levels.length} levels, < ${k} each)`;
}
