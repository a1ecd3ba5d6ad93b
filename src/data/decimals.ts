/**
 * The fewest decimals (0–6) that write every value exactly, or null for data with more (measured
 * on a continuous scale); synthetic values are rounded to it so they look like the real ones.
 * Missing values (NaN) are ignored.
 */
export function detectDecimals(values: Float64Array): number | null {
  for (let d = 0; d <= 6; d++) {
    const scale = 10 ** d;
    let ok = true;
    for (let i = 0; i < values.length && ok; i++) {
      if (Number.isNaN(values[i])) continue;
      const s = values[i] * scale;
      ok = Math.abs(s - Math.round(s)) <= 1e-7 * Math.max(1, Math.abs(s));
    }
    if (ok) return d;
  }
  return null;
}
