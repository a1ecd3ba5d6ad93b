/**
 * The fewest decimals (0–6) that write every value exactly, or null for data with more (measured
 * on a continuous scale); synthetic values are rounded to it so they look like the real ones.
 * Missing values (NaN) are ignored.
 */
export function detectDecimals(values: Float64Array): number | null {
  for (let d = 0; d <= 6; d++) {
    let ok = true;
    for (let i = 0; i < values.length && ok; i++) {
      if (Number.isNaN(values[i])) continue;
      ok = writesWithDecimals(values[i], d);
    }
    if (ok) return d;
  }
  return null;
}

/** Whether `value` is written exactly with `decimals` decimal places (up to binary rounding). */
export function writesWithDecimals(value: number, decimals: number): boolean {
  const s = value * 10 ** decimals;
  return Math.abs(s - Math.round(s)) <= 1e-7 * Math.max(1, Math.abs(s));
}
