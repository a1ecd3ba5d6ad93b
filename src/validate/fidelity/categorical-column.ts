/**
 * One categorical or boolean column: the proportions of each level among the non-missing values,
 * score 1 − total variation distance (½ Σ |p − q|), and a test of the table × level counts:
 * Pearson's χ² (Yates-corrected for 2 × 2, as scipy), or Fisher's exact test when the column has
 * two levels and an expected count is below 5. Levels absent from both tables are left out.
 */
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

export function categoricalColumnFidelity(pair: CodePair): CategoricalColumnFidelity {
  const k = pair.levels.length;
  const real = levelCounts(pair.real, k);
  const synthetic = levelCounts(pair.synthetic, k);
  const used = pair.levels.flatMap((_, i) => (real.counts[i] + synthetic.counts[i] > 0 ? [i] : []));
  const table = [used.map((i) => real.counts[i]), used.map((i) => synthetic.counts[i])];
  const pReal = real.counts.map((c) => c / real.present);
  const pSynthetic = synthetic.counts.map((c) => c / synthetic.present);
  const tvd = totalVariation(pReal, pSynthetic);
  const missingReal = 1 - real.present / pair.real.length;
  const missingSynthetic = 1 - synthetic.present / pair.synthetic.length;
  const base = {
    name: pair.name,
    kind: pair.kind,
    score: 1 - tvd,
    tvd,
    levels: [...pair.levels],
    proportions: { real: pReal, synthetic: pSynthetic },
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
