/**
 * The marginal of any set of attributes under a calibrated model, also when no junction-tree
 * clique holds them all (AIM scores every candidate of its workload, most of which span cliques).
 *
 * On a calibrated junction tree the joint over the cliques of a connected subtree rooted at r is
 *   p(x) = b_r(x_r) · Π_{c ≠ r} b_c(x_c) / b_{S(c)}(x_{S(c)}),
 * each factor after the root a conditional p(x_c | x_S) given the separator S(c) with its parent.
 * Only the smallest subtree whose cliques cover the query is needed (the conditionals of the
 * cliques outside it sum to one), and variable elimination from its leaves up keeps, in each
 * message, the separator with the parent and the query attributes met below — so a message never
 * grows past a clique plus the query.
 */
import type { CompiledTree } from './belief-propagation.js';
import { type Clique, cellCount, cellMap, isSubset, sumInto } from './cells.js';

interface Factor {
  readonly scope: Clique;
  readonly values: Float64Array;
}

/** The marginal over `query` (attribute indices in increasing order), in counts, row-major. */
export function marginalOver(
  compiled: CompiledTree,
  beliefs: readonly Float64Array[],
  query: Clique,
): Float64Array {
  const { tree, sizes } = compiled;
  const holder = smallestHolder(tree.cliques, query, sizes);
  if (holder >= 0) return marginalise({ scope: tree.cliques[holder], values: beliefs[holder] }, query, sizes);
  const { nodes, root } = steinerSubtree(compiled, query);
  const inQuery = new Set(query);
  const messages = new Map<number, Factor[]>();
  // Nodes come in breadth-first order, so reading it backwards visits every child before its parent.
  for (let i = nodes.length - 1; i >= 0; i--) {
    const c = nodes[i];
    const own =
      c === root ? { scope: tree.cliques[c], values: beliefs[c] } : conditionalOf(compiled, beliefs, c);
    const joint = product([own, ...(messages.get(c) ?? [])], sizes);
    if (c === root) return marginalise(joint, query, sizes);
    const parent = compiled.parent[c];
    const keep = joint.scope.filter((a) => inQuery.has(a) || tree.cliques[parent].includes(a));
    const list = messages.get(parent) ?? [];
    list.push({ scope: keep, values: marginalise(joint, keep, sizes) });
    messages.set(parent, list);
  }
  throw new RangeError('the subtree has no root');
}

function smallestHolder(cliques: readonly Clique[], query: Clique, sizes: readonly number[]): number {
  let best = -1;
  for (let i = 0; i < cliques.length; i++)
    if (
      isSubset(query, cliques[i]) &&
      (best < 0 || cellCount(cliques[i], sizes) < cellCount(cliques[best], sizes))
    )
      best = i;
  return best;
}

/**
 * The smallest connected set of tree cliques covering the query, in breadth-first order, and its
 * top node. Each query attribute is covered by the clique holding it nearest the tree's root; the
 * subtree is the union of their paths up to their deepest common ancestor.
 */
function steinerSubtree(compiled: CompiledTree, query: Clique): { nodes: number[]; root: number } {
  const { order, parent, tree } = compiled;
  const terminal = new Uint8Array(order.length);
  for (const a of query) {
    const first = order.find((c) => tree.cliques[c].includes(a));
    if (first === undefined) throw new RangeError(`no clique holds attribute ${a}`);
    terminal[first] = 1;
  }
  const below = new Int32Array(order.length);
  for (let i = order.length - 1; i >= 0; i--) {
    const c = order[i];
    below[c] += terminal[c];
    if (parent[c] >= 0) below[parent[c]] += below[c];
  }
  const all = below[order[0]];
  // Nodes holding every terminal below them form a chain from the tree's root; the deepest is the top.
  let root = order[0];
  for (const c of order) if (below[c] === all) root = c;
  const nodes = order.filter((c) => below[c] > 0 && (below[c] < all || c === root));
  return { nodes, root };
}

/**
 * Conditionals already computed for a set of beliefs: AIM asks thousands of marginals of one model
 * in a round, and most of them pass through the same cliques. Keyed by the beliefs array itself, so
 * an entry goes when its model does.
 */
const conditionals = new WeakMap<readonly Float64Array[], Map<number, Factor>>();

function conditionalOf(compiled: CompiledTree, beliefs: readonly Float64Array[], c: number): Factor {
  let cache = conditionals.get(beliefs);
  if (!cache) {
    cache = new Map();
    conditionals.set(beliefs, cache);
  }
  let factor = cache.get(c);
  if (!factor) {
    factor = conditional(compiled, beliefs, c);
    cache.set(c, factor);
  }
  return factor;
}

/** p(x_c | x_S) = b_c / b_S for a non-root clique (0 where the separator has no mass). */
function conditional(compiled: CompiledTree, beliefs: readonly Float64Array[], c: number): Factor {
  const b = beliefs[c];
  const map = compiled.upMap[c];
  const separator = sumInto(b, map, new Float64Array(compiled.separatorCells[c]));
  const values = new Float64Array(b.length);
  for (let i = 0; i < b.length; i++) {
    const s = separator[map[i]];
    values[i] = s > 0 ? b[i] / s : 0;
  }
  return { scope: compiled.tree.cliques[c], values };
}

function product(factors: readonly Factor[], sizes: readonly number[]): Factor {
  if (factors.length === 1) return factors[0];
  const scope = [...new Set(factors.flatMap((f) => f.scope))].sort((x, y) => x - y);
  const values = new Float64Array(cellCount(scope, sizes)).fill(1);
  for (const f of factors) {
    const map = cellMap(scope, f.scope, sizes);
    for (let i = 0; i < values.length; i++) values[i] *= f.values[map[i]];
  }
  return { scope, values };
}

/** Sums out every attribute of the factor not in `keep` (⊆ its scope). */
function marginalise(factor: Factor, keep: Clique, sizes: readonly number[]): Float64Array {
  if (keep.length === factor.scope.length) return Float64Array.from(factor.values);
  return sumInto(factor.values, cellMap(factor.scope, keep, sizes), new Float64Array(cellCount(keep, sizes)));
}
