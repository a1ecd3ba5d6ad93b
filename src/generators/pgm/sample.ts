/**
 * Forward sampling from a calibrated junction tree: the root clique's cells drawn from its belief,
 * then each clique's new attributes drawn from its belief given its separator with the parent,
 * p(x_C | x_S) = b_C(x_C) / b_S(x_S). Exact for the model's joint distribution; O(rows × cliques ×
 * log cells) with every conditional table built once.
 */
import type { Rng } from '../../core/rng.js';
import { type Clique, cellCount, cellMap } from './cells.js';
import type { GraphicalModel } from './model.js';

interface Step {
  /** Attributes the clique adds, and the strides of its separator's attributes. */
  readonly fresh: Clique;
  readonly separator: Clique;
  readonly freshCells: number;
  /** Cumulative sums of b_C, one run of `freshCells` per separator cell. */
  readonly cumulative: Float64Array;
}

/** `rows` records as attribute codes, one Int32Array per attribute in domain order. */
export function sampleCodes(model: GraphicalModel, rows: number, rng: Rng): Int32Array[] {
  const sizes = model.compiled.sizes;
  const codes = sizes.map(() => new Int32Array(rows));
  const steps = model.compiled.order.map((c) => stepOf(model, c));
  for (let row = 0; row < rows; row++)
    for (const step of steps) {
      let s = 0;
      for (const a of step.separator) s = s * sizes[a] + codes[a][row];
      let cell = drawFrom(step.cumulative, s * step.freshCells, step.freshCells, rng.uniform());
      for (let k = step.fresh.length - 1; k >= 0; k--) {
        const a = step.fresh[k];
        codes[a][row] = cell % sizes[a];
        cell = Math.floor(cell / sizes[a]);
      }
    }
  return codes;
}

function stepOf(model: GraphicalModel, c: number): Step {
  const { sizes, tree, parent } = model.compiled;
  const clique = tree.cliques[c];
  const separator = parent[c] < 0 ? [] : clique.filter((a) => tree.cliques[parent[c]].includes(a));
  const fresh = clique.filter((a) => !separator.includes(a));
  const freshCells = cellCount(fresh, sizes);
  const toSeparator = cellMap(clique, separator, sizes);
  const toFresh = cellMap(clique, fresh, sizes);
  const table = new Float64Array(cellCount(separator, sizes) * freshCells);
  const belief = model.beliefs[c];
  for (let i = 0; i < belief.length; i++) table[toSeparator[i] * freshCells + toFresh[i]] = belief[i];
  for (let start = 0; start < table.length; start += freshCells)
    for (let j = 1; j < freshCells; j++) table[start + j] += table[start + j - 1];
  return { fresh, separator, freshCells, cumulative: table };
}

/** The first index in [start, start + n) whose cumulative weight exceeds u × the run's total. */
function drawFrom(cumulative: Float64Array, start: number, n: number, u: number): number {
  const target = u * cumulative[start + n - 1];
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[start + mid] > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
