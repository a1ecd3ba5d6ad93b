/**
 * numpy's `argpartition` (numpy ≤ 1.26 without SIMD dispatch: `introselect_` in
 * numpy/core/src/npysort/selection.cpp), re-implemented so that KNN imputation picks, among donors at
 * exactly the same distance, the ones scikit-learn's KNNImputer picks: it takes the first k entries
 * of `np.argpartition(distances, k - 1)`, and which of several tied donors land there depends on
 * this algorithm's swaps, not on row order. NaN sorts after every number, as in numpy.
 */

/** numpy's `Tag::less` for floating point: NaN is larger than everything. */
function less(a: number, b: number): boolean {
  return a < b || (Number.isNaN(b) && !Number.isNaN(a));
}

/**
 * Indices 0..n-1 permuted so that position `kth` holds the index of the kth smallest value, every
 * index before it a value not larger, every index after it a value not smaller.
 */
export function argpartition(values: ArrayLike<number>, kth: number): Int32Array {
  const n = values.length;
  if (!(kth >= 0 && kth < n)) throw new RangeError(`argpartition: kth ${kth} out of range for ${n} values`);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  introselect(values, order, 0, n, kth);
  return order;
}

function swap(order: Int32Array, i: number, j: number): void {
  const t = order[i];
  order[i] = order[j];
  order[j] = t;
}

/** Partitions order[base .. base+num) around its (kth)-th element, kth relative to base. */
function introselect(v: ArrayLike<number>, order: Int32Array, base: number, num: number, kth: number): void {
  let low = 0;
  let high = num - 1;
  const at = (i: number) => v[order[base + i]];
  if (kth - low < 3) {
    dumbSelect(v, order, base + low, high - low + 1, kth - low);
    return;
  }
  if (kth === num - 1) {
    // numpy's shortcut for the maximum (kept for identical tie order).
    let maxIndex = low;
    let maxValue = at(low);
    for (let k = low + 1; k < num; k++) {
      if (!less(at(k), maxValue)) {
        maxIndex = k;
        maxValue = at(k);
      }
    }
    swap(order, base + kth, base + maxIndex);
    return;
  }
  let depthLimit = 2 * (31 - Math.clz32(num));
  while (low + 1 < high) {
    let ll = low + 1;
    let hh = high;
    if (depthLimit > 0 || hh - ll < 5) {
      median3Swap(v, order, base, low, low + ((high - low) >> 1), high);
    } else {
      const mid = ll + medianOfMedian5(v, order, base + ll, hh - ll);
      swap(order, base + mid, base + low);
      ll--;
      hh++;
    }
    depthLimit--;
    const pivot = at(low);
    // Unguarded partition: the median-of-3 swaps leave sentinels at both ends.
    for (;;) {
      do ll++;
      while (less(at(ll), pivot));
      do hh--;
      while (less(pivot, at(hh)));
      if (hh < ll) break;
      swap(order, base + ll, base + hh);
    }
    swap(order, base + low, base + hh);
    if (hh >= kth) high = hh - 1;
    if (hh <= kth) low = ll;
  }
  if (high === low + 1 && less(at(high), at(low))) swap(order, base + high, base + low);
}

function median3Swap(
  v: ArrayLike<number>,
  order: Int32Array,
  base: number,
  low: number,
  mid: number,
  high: number,
) {
  const at = (i: number) => v[order[base + i]];
  if (less(at(high), at(mid))) swap(order, base + high, base + mid);
  if (less(at(high), at(low))) swap(order, base + high, base + low);
  if (less(at(low), at(mid))) swap(order, base + low, base + mid);
  swap(order, base + mid, base + low + 1);
}

function median5(v: ArrayLike<number>, order: Int32Array, base: number): number {
  const at = (i: number) => v[order[base + i]];
  const sw = (i: number, j: number) => swap(order, base + i, base + j);
  if (less(at(1), at(0))) sw(1, 0);
  if (less(at(4), at(3))) sw(4, 3);
  if (less(at(3), at(0))) sw(3, 0);
  if (less(at(4), at(1))) sw(4, 1);
  if (less(at(2), at(1))) sw(2, 1);
  if (less(at(3), at(2))) return less(at(3), at(1)) ? 1 : 3;
  return 2;
}

function medianOfMedian5(v: ArrayLike<number>, order: Int32Array, base: number, num: number): number {
  const nmed = Math.floor(num / 5);
  for (let i = 0, subleft = 0; i < nmed; i++, subleft += 5) {
    const m = median5(v, order, base + subleft);
    swap(order, base + subleft + m, base + i);
  }
  if (nmed > 2) introselect(v, order, base, nmed, nmed >> 1);
  return nmed >> 1;
}

/** O(n·kth) selection sort of the first kth + 1 places, numpy's path for small kth. */
function dumbSelect(v: ArrayLike<number>, order: Int32Array, base: number, num: number, kth: number): void {
  for (let i = 0; i <= kth; i++) {
    let minIndex = i;
    let minValue = v[order[base + i]];
    for (let k = i + 1; k < num; k++) {
      if (less(v[order[base + k]], minValue)) {
        minIndex = k;
        minValue = v[order[base + k]];
      }
    }
    swap(order, base + i, base + minIndex);
  }
}
