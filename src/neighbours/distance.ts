/**
 * The Gower distance on encoded rows: per column, numbers contribute min(1, |a − b| in range
 * units), categories and flags 0 on a match and 1 on a mismatch, missing against present 1 and
 * missing against missing 0; the sum is divided by the number of columns.
 *
 * Each column's term is a metric bounded by 1 (a truncated metric is a metric; "missing" is one
 * more point at distance 1 from every value), so the sum is a metric and the triangle inequality
 * holds. The search works on the undivided sum, `rawGower`; both the search and brute force call
 * the same function, so their distances agree to the last bit.
 */
import type { EncodedRows, GowerSpace } from './encoding.js';

/** Bits set in a 32-bit integer. */
export function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) | 0;
}

/** Number of mismatching categorical and flag columns between row i of a and row j of b. */
function mismatches(space: GowerSpace, a: EncodedRows, i: number, b: EncodedRows, j: number): number {
  const words = space.words;
  const nCat = space.categorical.length;
  let m = 0;
  const fa = a.flags;
  const fb = b.flags;
  for (let w = 0, ia = i * words, ib = j * words; w < words; w++) m += popcount(fa[ia + w] ^ fb[ib + w]);
  const ca = a.codes;
  const cb = b.codes;
  for (let c = 0, ia = i * nCat, ib = j * nCat; c < nCat; c++) if (ca[ia + c] !== cb[ib + c]) m++;
  return m;
}

/** Sum of the numeric columns' terms between row i of a and row j of b. */
function numericTerms(space: GowerSpace, a: EncodedRows, i: number, b: EncodedRows, j: number): number {
  const nNum = space.numeric.length;
  const xa = a.numeric;
  const xb = b.numeric;
  let s = 0;
  for (let c = 0, ia = i * nNum, ib = j * nNum; c < nNum; c++) {
    const u = xa[ia + c];
    const v = xb[ib + c];
    if (!Number.isNaN(u)) {
      if (!Number.isNaN(v)) {
        let d = u - v;
        if (d < 0) d = -d;
        s += d > 1 ? 1 : d;
      } else s += 1;
    } else if (!Number.isNaN(v)) s += 1;
  }
  return s;
}

/** The Gower distance times the number of columns (the search's working unit). */
export function rawGower(space: GowerSpace, a: EncodedRows, i: number, b: EncodedRows, j: number): number {
  return numericTerms(space, a, i, b, j) + mismatches(space, a, i, b, j);
}

/** The Gower distance in 0..1 between row i of a and row j of b. */
export function gowerDistance(
  space: GowerSpace,
  a: EncodedRows,
  i: number,
  b: EncodedRows,
  j: number,
): number {
  return rawGower(space, a, i, b, j) / space.columns;
}
