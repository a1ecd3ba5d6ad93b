/**
 * One categorical or boolean column: the proportions of each level among the non-missing values,
 * score 1 − total variation distance (½ Σ |p − q|), and a test of the table × level counts:
 * Pearson's χ² (Yates-corrected for 2 × 2, as scipy), or Fisher's exact test when the column has
 * two levels and an expected count is below 5. Levels absent from both tables are left out.
 */

import { poolRareLevels } from '../../stats/binning.js';
import { chiSquareContingency } from '../../stats/chi2-contingency.js';
import { fisherExact } from '../../stats/fisher-exact.js';
import type { CodePair } from './prepare.js';
import { finite } from './prepare.js';
import { FIDELITY_SETTINGS } from './settings.js';
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
  const used = pair.levels.flatMap((_, i) => (real.counts[i] + synthetic.counts[i] > 0 ? [i] : []));
  const table = [used.map((i) => real.counts[i]), used.map((i) => synthetic.counts[i])];
  const pReal = real.counts.map((c) => c / real.present);
  // Test and score see every level; only the reported shares are pooled (shareableLevels).
  const pSynthetic = synthetic.counts.map((c) => c / synthetic.present);
  const tvd = totalVariation(pReal, pSynthetic);
  const missingReal = 1 - real.present / pair.real.length;
  const missingSynthetic = 1 - synthetic.present / pair.synthetic.length;
  const base = {
    name: pair.name,
    kind: pair.kind,
    score: 1 - tvd,
    tvd,
    ...shareableLevels(pair.levels, real.counts, synthetic.counts, smallCell),
    missing: {
      real: missingReal,
      synthetic: missingSynthetic,
      difference: Math.abs(missingReal - missingSynthetic),
    },
    n: { real: real.present, synthetic: synthetic.present },
  };
  const chi = chiSquareContingency(table);
  if (used.length === 2 && chi.diagnostics.minExpected < FIDELITY_SETTINGS.minExpectedForChiSquare) {
    const fisher = fisherExact(table);
    return { ...base, test: 'fisher', statistic: finite(fisher.statistic), p: fisher.p };
  }
  return { ...base, test: 'chi-square', statistic: chi.statistic, p: chi.p, df: chi.df };
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
): Pick<CategoricalColumnFidelity, 'levels' | 'proportions' | 'pooled'> {
  const groups = poolRareLevels(real, smallCell);
  const isPooled = groups.length > 0 && groups.at(-1)!.some((i) => real[i] > 0 && real[i] < smallCell);
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
  };
}

function pooledLabel(levels: readonly string[], k: number): string {
  return levels.length <= 3
    ? `${levels.join(' or ')} (pooled: < ${k})`
    : `other (${levels.length} levels, < ${k} each)`;
}
