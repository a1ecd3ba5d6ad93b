/** The obvious O(queries × references) k-NN, to check the tree against and for tiny tables. */
import { rawGower } from './distance.js';
import type { EncodedRows, GowerSpace } from './encoding.js';
import type { Neighbours } from './search.js';

export function bruteForceKNearest(
  space: GowerSpace,
  reference: EncodedRows,
  queries: EncodedRows,
  k: number,
): Neighbours {
  const distances = new Float64Array(queries.n * k).fill(Number.POSITIVE_INFINITY);
  const indices = new Int32Array(queries.n * k).fill(-1);
  for (let q = 0; q < queries.n; q++) {
    const base = q * k;
    for (let r = 0; r < reference.n; r++) {
      const d = rawGower(space, queries, q, reference, r) / space.columns;
      if (!(d < distances[base + k - 1])) continue;
      let j = k - 1;
      while (j > 0 && distances[base + j - 1] > d) {
        distances[base + j] = distances[base + j - 1];
        indices[base + j] = indices[base + j - 1];
        j--;
      }
      distances[base + j] = d;
      indices[base + j] = r;
    }
  }
  return { k, distances, indices };
}
