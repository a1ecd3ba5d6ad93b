/**
 * Cells of a clique's table and the stride tables between a clique and a sub-clique. A clique is a
 * list of attribute indices in increasing order; its table is row-major over them (the first
 * attribute varies slowest), as measurement answers are. Every product and marginalisation in the
 * estimator goes through one precomputed map "cell of the clique → cell of the sub-clique", so the
 * hot loops are a single pass over a typed array.
 */

export type Clique = readonly number[];

export function cellCount(clique: Clique, sizes: readonly number[]): number {
  let n = 1;
  for (const a of clique) n *= sizes[a];
  return n;
}

export function isSubset(sub: Clique, clique: Clique): boolean {
  return sub.every((a) => clique.includes(a));
}

/** For each cell of `clique`, the cell of `sub` (⊆ clique) it falls in. */
export function cellMap(clique: Clique, sub: Clique, sizes: readonly number[]): Int32Array {
  if (!isSubset(sub, clique)) throw new RangeError(`[${sub}] is not part of [${clique}]`);
  // The sub-clique's stride of each of the clique's attributes (0 where the attribute is summed out).
  const strides = clique.map((a) => {
    const at = sub.indexOf(a);
    let stride = 1;
    if (at < 0) return 0;
    for (let k = at + 1; k < sub.length; k++) stride *= sizes[sub[k]];
    return stride;
  });
  const dims = clique.map((a) => sizes[a]);
  const out = new Int32Array(cellCount(clique, sizes));
  const digit = new Int32Array(dims.length);
  let target = 0;
  for (let cell = 0; cell < out.length; cell++) {
    out[cell] = target;
    // Odometer: increment the last digit, carrying leftwards, updating the target incrementally.
    for (let k = dims.length - 1; k >= 0; k--) {
      digit[k]++;
      target += strides[k];
      if (digit[k] < dims[k]) break;
      target -= strides[k] * dims[k];
      digit[k] = 0;
    }
  }
  return out;
}

/** Σ of `values` grouped by `map` into `out` (zeroed first). */
export function sumInto(values: Float64Array, map: Int32Array, out: Float64Array): Float64Array {
  out.fill(0);
  for (let i = 0; i < values.length; i++) out[map[i]] += values[i];
  return out;
}

/** log Σ exp of `values` grouped by `map` into `out`, stable (the group's maximum factored out). */
export function logSumExpInto(values: Float64Array, map: Int32Array, out: Float64Array): Float64Array {
  const max = new Float64Array(out.length).fill(Number.NEGATIVE_INFINITY);
  for (let i = 0; i < values.length; i++) if (values[i] > max[map[i]]) max[map[i]] = values[i];
  out.fill(0);
  for (let i = 0; i < values.length; i++) out[map[i]] += Math.exp(values[i] - max[map[i]]);
  for (let j = 0; j < out.length; j++) out[j] = max[j] + Math.log(out[j]);
  return out;
}

/** `target[i] += sign · source[map[i]]`: a sub-clique's table broadcast onto its clique. */
export function addExpanded(target: Float64Array, source: Float64Array, map: Int32Array, sign = 1): void {
  for (let i = 0; i < target.length; i++) target[i] += sign * source[map[i]];
}

export function logSumExp(values: Float64Array): number {
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) if (v > max) max = v;
  if (max === Number.NEGATIVE_INFINITY) return max;
  let sum = 0;
  for (const v of values) sum += Math.exp(v - max);
  return max + Math.log(sum);
}
