/**
 * Fleiss' kappa: chance-corrected agreement of several raters who each put a subject into one of
 * k categories (Fleiss JL, "Measuring nominal scale agreement among many raters", Psychological
 * Bulletin 76(5):378–382, 1971). Fleiss assumed the same number of raters n for every subject; the
 * review app has a varying number (whoever looked at a record), so this is the unequal-raters form
 * (Fleiss, Levin & Paik, "Statistical Methods for Rates and Proportions", 3rd ed. 2003, §18.2;
 * the form `irr::kappam.fleiss` and Krippendorff discuss): each subject's agreement is over its
 * own n_i raters, and the category shares are over all ratings,
 *
 *   P_i = Σ_j n_ij (n_ij − 1) / (n_i (n_i − 1)),   P̄ = mean_i P_i,
 *   p_j = Σ_i n_ij / Σ_i n_i,                      P̄e = Σ_j p_j²,
 *   κ   = (P̄ − P̄e) / (1 − P̄e).
 *
 * With equal n_i it is exactly Fleiss (1971). P_i is the share of ordered pairs of distinct raters
 * of subject i who agree, which the brute-force test uses.
 */
import { StatisticsError } from '../core/errors.js';

export interface FleissKappa {
  /** null with fewer than 2 subjects, or when every rating falls in one category (P̄e = 1). */
  kappa: number | null;
  /** P̄, null without subjects. */
  observed: number | null;
  /** P̄e, null without subjects. */
  chance: number | null;
  /** Subjects with at least 2 ratings: the ones counted. */
  subjects: number;
  /** Mean ratings per counted subject (0 without subjects). */
  meanRaters: number;
}

/** `counts[i][j]`: how many raters put subject i in category j. */
export function fleissKappa(counts: readonly (readonly number[])[]): FleissKappa {
  const k = counts[0]?.length ?? 0;
  for (const row of counts) {
    if (row.length !== k)
      throw new StatisticsError('Fleiss kappa: subjects have different numbers of categories');
    if (row.some((v) => !Number.isInteger(v) || v < 0))
      throw new StatisticsError('Fleiss kappa: counts must be whole numbers ≥ 0');
  }
  // A subject seen by one rater has no pair of raters to agree or disagree: it says nothing.
  const rated = counts.filter((row) => sum(row) >= 2);
  const subjects = rated.length;
  if (subjects === 0) return { kappa: null, observed: null, chance: null, subjects: 0, meanRaters: 0 };

  let observedSum = 0;
  let ratings = 0;
  const byCategory = new Array<number>(k).fill(0);
  for (const row of rated) {
    const n = sum(row);
    let agreeing = 0;
    for (let j = 0; j < k; j++) {
      agreeing += row[j] * (row[j] - 1);
      byCategory[j] += row[j];
    }
    observedSum += agreeing / (n * (n - 1));
    ratings += n;
  }
  const observed = observedSum / subjects;
  const chance = byCategory.reduce((s, c) => s + (c / ratings) ** 2, 0);
  const meanRaters = ratings / subjects;
  // One subject gives no between-subject variation to correct for chance against. P̄e = 1 means
  // every rating fell in one category: agreement is then certain by chance alone and κ is 0/0,
  // undefined rather than 1 (reviewers who all said "realistic" to everything told us nothing
  // about whether they could disagree).
  const kappa = subjects < 2 || chance >= 1 ? null : (observed - chance) / (1 - chance);
  return { kappa, observed, chance, subjects, meanRaters };
}

/**
 * Landis & Koch's (1977, Biometrics 33:159–174) verbal bands for kappa — a convention, not a test:
 * < 0 poor, ≤ 0.20 slight, ≤ 0.40 fair, ≤ 0.60 moderate, ≤ 0.80 substantial, else almost perfect.
 */
export function landisKoch(kappa: number): string {
  if (kappa < 0) return 'poor';
  if (kappa <= 0.2) return 'slight';
  if (kappa <= 0.4) return 'fair';
  if (kappa <= 0.6) return 'moderate';
  if (kappa <= 0.8) return 'substantial';
  return 'almost perfect';
}

function sum(row: readonly number[]): number {
  let s = 0;
  for (const v of row) s += v;
  return s;
}
