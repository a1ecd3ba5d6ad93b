/** The rows of a Cox design sorted by time, stored sparsely (shared by the dense and the wide fit). */

/** Rows sorted by ascending time, each as its non-zero covariates (CSR). */
export interface SparseData {
  readonly n: number;
  readonly p: number;
  readonly time: Float64Array;
  readonly status: Uint8Array;
  readonly start: Uint32Array;
  readonly index: Uint32Array;
  readonly value: Float64Array;
}

export function sparseRows(
  time: Float64Array,
  status: Uint8Array,
  columns: readonly Float64Array[],
): SparseData {
  const n = time.length;
  const p = columns.length;
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => time[a] - time[b]);
  let nonZeros = 0;
  for (const column of columns) for (let i = 0; i < n; i++) if (column[i] !== 0) nonZeros++;
  const start = new Uint32Array(n + 1);
  const index = new Uint32Array(nonZeros);
  const value = new Float64Array(nonZeros);
  let at = 0;
  for (let i = 0; i < n; i++) {
    const row = order[i];
    for (let j = 0; j < p; j++) {
      const x = columns[j][row];
      if (x === 0) continue;
      index[at] = j;
      value[at++] = x;
    }
    start[i + 1] = at;
  }
  return {
    n,
    p,
    time: Float64Array.from(order, (row) => time[row]),
    status: Uint8Array.from(order, (row) => status[row]),
    start,
    index,
    value,
  };
}

/** η = Xβ for every row, and its maximum (the risk weights exp(η − max η) then cannot overflow). */
export function linearPredictor(data: SparseData, beta: Float64Array): { eta: Float64Array; top: number } {
  const { n, start, index, value } = data;
  const eta = new Float64Array(n);
  let top = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    let e = 0;
    for (let k = start[i]; k < start[i + 1]; k++) e += beta[index[k]] * value[k];
    eta[i] = e;
    if (e > top) top = e;
  }
  return { eta, top };
}
