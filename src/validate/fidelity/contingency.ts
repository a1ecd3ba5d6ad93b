/**
 * Contingency similarity of every pair of category columns, as SDMetrics' ContingencySimilarity:
 * 1 − total variation distance between the real and the synthetic joint distribution of the two
 * columns, missing counted as a category of its own (SDMetrics counts with `dropna=False`).
 * Averaged over all pairs, as SDMetrics does, the similarity is dominated by the marginals: most
 * pairs of rare flags are nearly independent, so a table whose columns were shuffled one by one
 * still scores ≈ 0.99. The mean over the pairs associated in the real table (`isAssociated`) is the
 * number that reacts to lost structure. Pairs with a real joint cell of 1..k − 1 patients are left
 * out of both means and the list (a reported score of a few pairs would give that cell back).
 */
import type { CodePair } from './prepare.js';
import { isSmall } from './small-counts.js';
import type { ContingencyReport } from './types.js';

export function contingencyReport(
  columns: readonly CodePair[],
  isAssociated: (a: string, b: string) => boolean,
  smallCell: number,
): ContingencyReport {
  const similarities: Array<{ a: string; b: string; similarity: number }> = [];
  const associated: number[] = [];
  for (let i = 0; i < columns.length; i++)
    for (let j = i + 1; j < columns.length; j++) {
      const [a, b] = [columns[i].name, columns[j].name];
      const { similarity, small } = contingencySimilarity(columns[i], columns[j], smallCell);
      // With the marginals published, a pair's similarity can give back a joint cell of a few patients.
      if (small) continue;
      similarities.push({ a, b, similarity });
      if (isAssociated(a, b)) associated.push(similarity);
    }
  const mean = (values: number[]) =>
    values.length ? values.reduce((s, x) => s + x, 0) / values.length : null;
  return {
    meanSimilarity: mean(similarities.map((x) => x.similarity)),
    pairs: similarities.length,
    associated: { meanSimilarity: mean(associated), pairs: associated.length },
    lowest: [...similarities].sort((x, y) => x.similarity - y.similarity).slice(0, 10),
  };
}

/** The similarity, and whether a real joint cell (missing included) holds 1..k − 1 patients. */
export function contingencySimilarity(
  a: CodePair,
  b: CodePair,
  smallCell = 1,
): { similarity: number; small: boolean } {
  const ka = a.levels.length + 1;
  const kb = b.levels.length + 1;
  const joint = (x: Int32Array, y: Int32Array): Float64Array => {
    const counts = new Float64Array(ka * kb);
    // Code −1 (missing) lands in the last cell of its row or column.
    for (let r = 0; r < x.length; r++) counts[(x[r] < 0 ? ka - 1 : x[r]) * kb + (y[r] < 0 ? kb - 1 : y[r])]++;
    for (let c = 0; c < counts.length; c++) counts[c] /= x.length;
    return counts;
  };
  const p = joint(a.real, b.real);
  const q = joint(a.synthetic, b.synthetic);
  let tvd = 0;
  for (let c = 0; c < p.length; c++) tvd += Math.abs(p[c] - q[c]);
  const small = p.some((share) => isSmall(Math.round(share * a.real.length), smallCell));
  return { similarity: 1 - tvd / 2, small };
}
