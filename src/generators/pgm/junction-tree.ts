/**
 * A junction tree over the attributes from the cliques a model must cover (Koller & Friedman 2009,
 * §10.4): the interaction graph (an edge between attributes that share a clique) is triangulated by
 * greedy elimination, the elimination cliques that are maximal become the tree's nodes, and a
 * maximum spanning tree over separator sizes joins them — which satisfies the running intersection
 * property. Attributes no clique names get a node of their own, so the tree covers the domain.
 *
 * Elimination order: min-fill (fewest edges added), ties broken by the smallest table the
 * eliminated clique would have, then by index, so the tree is the same on every machine. For
 * MST's tree of 2-way marginals nothing is filled and the tree is the measured tree itself.
 */
import { type Clique, cellCount, isSubset } from './cells.js';

export interface JunctionTree {
  /** Maximal cliques, attribute indices in increasing order. */
  readonly cliques: readonly Clique[];
  /** Tree edges [a, b] between clique indices, with their separators (shared attributes, may be empty). */
  readonly edges: ReadonlyArray<{ readonly a: number; readonly b: number; readonly separator: Clique }>;
}

export function junctionTree(sizes: readonly number[], cliques: readonly Clique[]): JunctionTree {
  const maximal = eliminationCliques(sizes, cliques);
  return { cliques: maximal, edges: maximumSpanningTree(maximal) };
}

/**
 * The model size a set of cliques would have: the cells of its junction tree's clique tables
 * (AIM's model-size limit, counted in cells rather than private-pgm's megabytes). Only the
 * elimination runs — no tables are built, no spanning tree is searched — so candidates can be
 * priced by the thousand.
 */
export function junctionTreeCells(sizes: readonly number[], cliques: readonly Clique[]): number {
  let cells = 0;
  for (const clique of eliminationCliques(sizes, cliques)) cells += cellCount(clique, sizes);
  return cells;
}

function eliminationCliques(sizes: readonly number[], cliques: readonly Clique[]): Clique[] {
  const n = sizes.length;
  const neighbours = Array.from({ length: n }, () => new Set<number>());
  for (const clique of cliques)
    for (const a of clique) for (const b of clique) if (a !== b) neighbours[a].add(b);
  const remaining = new Set(Array.from({ length: n }, (_, i) => i));
  const found: Clique[] = [];
  while (remaining.size > 0) {
    const v = nextToEliminate(remaining, neighbours, sizes);
    const family = [v, ...neighbours[v]].sort((x, y) => x - y);
    found.push(family);
    for (const a of neighbours[v]) {
      for (const b of neighbours[v]) if (a !== b) neighbours[a].add(b);
      neighbours[a].delete(v);
    }
    remaining.delete(v);
  }
  return found.filter(
    (c, i) => !found.some((d, j) => j !== i && isSubset(c, d) && (c.length < d.length || j < i)),
  );
}

function nextToEliminate(
  remaining: Set<number>,
  neighbours: Set<number>[],
  sizes: readonly number[],
): number {
  let best = -1;
  let bestFill = Number.POSITIVE_INFINITY;
  let bestCells = Number.POSITIVE_INFINITY;
  for (const v of remaining) {
    const around = [...neighbours[v]];
    let fill = 0;
    for (let i = 0; i < around.length; i++)
      for (let j = i + 1; j < around.length; j++) if (!neighbours[around[i]].has(around[j])) fill++;
    if (fill > bestFill) continue;
    const cells = cellCount([v, ...around], sizes);
    if (fill < bestFill || cells < bestCells) {
      best = v;
      bestFill = fill;
      bestCells = cells;
    }
  }
  return best;
}

/** Kruskal on separator sizes (heaviest first); empty separators join otherwise separate parts. */
function maximumSpanningTree(cliques: readonly Clique[]): JunctionTree['edges'] {
  const candidates: Array<{ a: number; b: number; separator: Clique }> = [];
  for (let a = 0; a < cliques.length; a++)
    for (let b = a + 1; b < cliques.length; b++)
      candidates.push({ a, b, separator: cliques[a].filter((x) => cliques[b].includes(x)) });
  candidates.sort((x, y) => y.separator.length - x.separator.length || x.a - y.a || x.b - y.b);
  const parent = cliques.map((_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  };
  const edges: Array<{ a: number; b: number; separator: Clique }> = [];
  for (const edge of candidates) {
    const ra = root(edge.a);
    const rb = root(edge.b);
    if (ra === rb) continue;
    parent[ra] = rb;
    edges.push(edge);
    if (edges.length === cliques.length - 1) break;
  }
  return edges;
}
