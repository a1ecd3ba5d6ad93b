/**
 * Exact inference on a junction tree: log-space sum-product (Shafer–Shenoy), one pass from the
 * leaves to the root and one back, then every clique's belief normalised to the model's total.
 * The structure (tree, pass order, stride maps) is compiled once per set of cliques and reused by
 * every iteration of the estimator.
 */
import { addExpanded, type Clique, cellCount, cellMap, isSubset, logSumExp, logSumExpInto } from './cells.js';
import { type JunctionTree, junctionTree } from './junction-tree.js';

export interface CompiledTree {
  readonly sizes: readonly number[];
  readonly tree: JunctionTree;
  /** Clique indices from the root down (breadth first); the root is order[0]. */
  readonly order: readonly number[];
  /** Each clique's parent in the pass order (-1 for the root). */
  readonly parent: Int32Array;
  /** Cell of a clique → cell of its separator with its parent. */
  readonly upMap: readonly Int32Array[];
  /** Cell of a clique's parent → cell of the same separator. */
  readonly downMap: readonly Int32Array[];
  readonly separatorCells: Int32Array;
  /** The cliques potentials live on, each with the tree clique that holds it and the stride map there. */
  readonly potentials: ReadonlyArray<{ clique: Clique; home: number; map: Int32Array }>;
}

export function compileTree(sizes: readonly number[], potentialCliques: readonly Clique[]): CompiledTree {
  const tree = junctionTree(sizes, potentialCliques);
  const k = tree.cliques.length;
  const adjacent = Array.from({ length: k }, () => [] as Array<{ other: number; separator: Clique }>);
  for (const { a, b, separator } of tree.edges) {
    adjacent[a].push({ other: b, separator });
    adjacent[b].push({ other: a, separator });
  }
  const parent = new Int32Array(k).fill(-1);
  const separators: Clique[] = new Array(k).fill([]);
  const order = [0];
  const seen = new Uint8Array(k);
  seen[0] = 1;
  for (let i = 0; i < order.length; i++)
    for (const { other, separator } of adjacent[order[i]]) {
      if (seen[other]) continue;
      seen[other] = 1;
      parent[other] = order[i];
      separators[other] = separator;
      order.push(other);
    }
  const upMap = tree.cliques.map((c, i) => cellMap(c, separators[i], sizes));
  const downMap = tree.cliques.map((_, i) =>
    parent[i] < 0 ? new Int32Array(0) : cellMap(tree.cliques[parent[i]], separators[i], sizes),
  );
  const potentials = potentialCliques.map((clique) => {
    const home = homeOf(tree, clique);
    return { clique, home, map: cellMap(tree.cliques[home], clique, sizes) };
  });
  const separatorCells = Int32Array.from(separators, (s) => cellCount(s, sizes));
  return { sizes, tree, order, parent, upMap, downMap, separatorCells, potentials };
}

/** The smallest tree clique holding `clique`. */
export function homeOf(tree: JunctionTree, clique: Clique): number {
  let best = -1;
  for (let i = 0; i < tree.cliques.length; i++)
    if (isSubset(clique, tree.cliques[i]) && (best < 0 || tree.cliques[i].length < tree.cliques[best].length))
      best = i;
  if (best < 0) throw new RangeError(`no junction tree clique holds [${clique}]`);
  return best;
}

/** Each tree clique's log-potential: the sum of the potentials it holds. */
function cliquePotentials(compiled: CompiledTree, potentials: readonly Float64Array[]): Float64Array[] {
  const { tree, sizes } = compiled;
  const psi = tree.cliques.map((c) => new Float64Array(cellCount(c, sizes)));
  compiled.potentials.forEach(({ home, map }, p) => {
    addExpanded(psi[home], potentials[p], map);
  });
  return psi;
}

/**
 * Calibrated beliefs: each tree clique's marginal, in counts summing to `total`, for the model
 * p(x) ∝ exp Σ_p θ_p(x_p) with `potentials` θ in the order of the compiled potential cliques.
 */
export function calibrate(
  compiled: CompiledTree,
  potentials: readonly Float64Array[],
  total: number,
): Float64Array[] {
  const { order, parent, upMap, downMap, separatorCells } = compiled;
  const belief = cliquePotentials(compiled, potentials);
  const up: Float64Array[] = new Array(belief.length);
  // Leaves to root: a clique sends what it knows (its potential and its children's messages).
  for (let i = order.length - 1; i > 0; i--) {
    const c = order[i];
    up[c] = logSumExpInto(belief[c], upMap[c], new Float64Array(separatorCells[c]));
    addExpanded(belief[parent[c]], up[c], downMap[c]);
  }
  // Root to leaves: a parent's full belief minus what the child sent is the child's incoming message.
  for (let i = 1; i < order.length; i++) {
    const c = order[i];
    const p = parent[c];
    const down = logSumExpInto(belief[p], downMap[c], new Float64Array(separatorCells[c]));
    for (let j = 0; j < down.length; j++) down[j] -= up[c][j];
    addExpanded(belief[c], down, upMap[c]);
  }
  const logZ = logSumExp(belief[order[0]]);
  const shift = Math.log(total) - logZ;
  return belief.map((b) => b.map((v) => Math.exp(v + shift)));
}
