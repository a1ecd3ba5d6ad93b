/**
 * Whether a column is positive and right-skewed enough to be handled on the log scale (white cell
 * count, LDH, platelets): the validation report draws its axis by this rule and the cart generator
 * smooths on it, so both agree on which columns are "log-like".
 */

/** The 99th percentile must exceed this multiple of the 1st unless a caller sets its own. */
export const LOG_RATIO = 20;

/**
 * Every value is positive, the 99th percentile is more than `logRatio` times the 1st, the values
 * are clearly right-skewed (sample skewness > 1) and their logarithms at most half as skewed.
 * `sorted` ascending, no missing values.
 */
export function positiveSkewed(sorted: ArrayLike<number>, logRatio = LOG_RATIO): boolean {
  const n = sorted.length;
  if (n < 3 || !(sorted[0] > 0)) return false;
  const ratio = sorted[Math.floor(0.99 * (n - 1))] / sorted[Math.floor(0.01 * (n - 1))];
  if (!(ratio > logRatio)) return false;
  const raw = skewness(sorted);
  return raw > 1 && Math.abs(skewness(Array.from(sorted, Math.log))) <= raw / 2;
}

/** Sample skewness g₁ = m₃ / m₂^{3/2} (0 for a constant sample). */
export function skewness(values: ArrayLike<number>): number {
  const n = values.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i] / n;
  let m2 = 0;
  let m3 = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i] - mean;
    m2 += (d * d) / n;
    m3 += (d * d * d) / n;
  }
  return m2 > 0 ? m3 / m2 ** 1.5 : 0;
}
