/**
 * The federated mst's selection: every site chooses a spanning tree on its own rows with mst's
 * exponential mechanism (McKenna, Miklau & Sheldon 2021, Algorithm 1) and votes for its edges; the
 * hub takes the maximum spanning tree of the summed votes.
 *
 * A site's score of a pair (a, b) is the L1 distance, in patients, between its true 2-way marginal
 * T and an independent estimate E built from the public noisy 1-way estimate p (sent by the hub):
 *
 *   E = n·p_a ⊗ p_b            (n: the site's row count, which is not public)
 *   E = T_a ⊗ p_b              (a a centre attribute: the site's own marginal of it, see below)
 *
 * Both are linear in the rows: adding a patient moves T by one cell and E by a vector of L1 norm
 * at most 1, so the score moves by at most 2: sensitivity 2, not central mst's 1, and each draw is
 * the exponential mechanism for that sensitivity.
 *
 * Why a centre attribute takes the site's own marginal: a site's centre column holds one value, so
 * against n·p_centre ⊗ p_b every pair with the centre scores about 2n(1 − p_centre(site)), far above
 * any real dependence, and each site would vote a star around the centre. With T_centre ⊗ p_b the
 * site scores how its own b departs from the pooled b, which is its term of the pooled score.
 *
 * Exact arithmetic, as in select.ts: scores in units of 2^−20 patient; p is floored to that grid
 * (public post-processing), so the estimate's cells are integers in those units and its L1 change
 * when a patient is added is at most one patient exactly.
 */
import type { Schema } from '../../data/schema.js';
import type { Domain } from '../../generators/measure/domain.js';
import type { EncodedTable } from '../../generators/measure/encode.js';
import { marginal } from '../../generators/measure/measurements.js';
import type { Edge } from '../../generators/mst/select.js';
import { exponentialMechanism } from '../../privacy/exponential-mechanism.js';
import type { RandomBits } from '../../privacy/random-bits.js';
import { centreAttributes, pairsOf } from './mst-layout.js';

const UNITS = 2 ** 20;
/** A score moves by at most 2 patients when one is added or removed (module comment). */
const SENSITIVITY = 2 * UNITS;

/** A public estimate as a distribution (negatives clipped, normalised; uniform if nothing is left). */
export function asDistribution(estimate: readonly number[]): Float64Array {
  const clipped = Float64Array.from(estimate, (x) => (x > 0 ? x : 0));
  const total = clipped.reduce((s, x) => s + x, 0);
  return total > 0 ? clipped.map((x) => x / total) : clipped.fill(1 / clipped.length);
}

/** Every pair's score at this site, in units of 2^−20 patient, keyed 'a,b' as selectTree reads them. */
export function localScores(
  encoded: EncodedTable,
  independent: readonly Float64Array[],
  centre: ReadonlySet<number>,
): Map<string, number> {
  const { attributes } = encoded.domain;
  const grid = independent.map((p) => p.map((x) => Math.floor(x * UNITS)));
  const own = attributes.map((a, i) => (centre.has(i) ? marginal(encoded, [a.name]) : undefined));
  const scores = new Map<string, number>();
  for (const [a, b] of pairsOf(attributes.length)) {
    const truth = marginal(encoded, [attributes[a].name, attributes[b].name]);
    const sb = attributes[b].size;
    const ownA = own[a];
    const ownB = ownA ? undefined : own[b];
    let l1 = 0;
    for (let i = 0; i < attributes[a].size; i++)
      for (let j = 0; j < sb; j++) {
        // Each estimate is an integer in units (counts × grid points), exact below 2^53.
        const estimate = ownA
          ? ownA[i] * grid[b][j]
          : ownB
            ? grid[a][i] * ownB[j]
            : encoded.nRows * Math.floor(independent[a][i] * independent[b][j] * UNITS);
        l1 += Math.abs(truth[i * sb + j] * UNITS - estimate);
      }
    scores.set(`${a},${b}`, l1);
  }
  return scores;
}

/**
 * The site's vote for each pair of its locally selected forest (flat: 1; ranked, the shipped
 * MST_TUNING: `draws − k` for its k-th draw, k from 0, so its surest pairs weigh most; a fixed edge
 * 1), 0 for the rest, in `pairsOf` order. Either weighting is a post-processing of the selection:
 * it costs no privacy. The forest starts from the fixed edges (public) and grows by `draws` exponential-mechanism
 * draws of ε each among the pairs joining two of its components (Kruskal-style, as selectTree);
 * `draws` = d − 1 − fixed is mst's own tree. Fewer draws give each one more ε: the site votes for
 * fewer pairs, chosen more surely, and the hub completes the tree from everyone's votes.
 */
export function localVotes(
  encoded: EncodedTable,
  independent: readonly Float64Array[],
  schema: Schema,
  epsilon: number,
  draws: number,
  bits: RandomBits,
  fixed: readonly Edge[],
  weights: 'flat' | 'ranked' = 'flat',
): Int32Array {
  const d = encoded.domain.attributes.length;
  const scores = localScores(encoded, independent, centreAttributes(schema, encoded.domain));
  const forest = new Forest(d);
  for (const [a, b] of fixed) forest.join(a, b);
  let candidates = pairsOf(d);
  const drawn: Array<readonly [number, number]> = [];
  for (let k = 0; k < draws; k++) {
    candidates = candidates.filter(([a, b]) => !forest.joined(a, b));
    if (candidates.length === 0) break;
    const at = exponentialMechanism(
      candidates.map(([a, b]) => scores.get(`${a},${b}`)!),
      epsilon,
      SENSITIVITY,
      bits,
    );
    forest.join(...candidates[at]);
    drawn.push(candidates[at]);
  }
  // The k-th draw weighs draws − k when ranked; a fixed edge (public, first in the hub's tree anyway) 1.
  const weight = new Map(forest.edges.map(([a, b]) => [`${a},${b}`, 1]));
  if (weights === 'ranked')
    drawn.forEach(([a, b], k) => {
      weight.set(`${Math.min(a, b)},${Math.max(a, b)}`, draws - k);
    });
  return Int32Array.from(pairsOf(d), ([a, b]) => weight.get(`${a},${b}`) ?? 0);
}

/** Union–find over attributes, keeping the edges that joined two components. */
class Forest {
  private readonly parent: number[];
  readonly edges: Edge[] = [];
  constructor(size: number) {
    this.parent = Array.from({ length: size }, (_, i) => i);
  }
  private root(i: number): number {
    while (this.parent[i] !== i) i = this.parent[i] = this.parent[this.parent[i]];
    return i;
  }
  joined(a: number, b: number): boolean {
    return this.root(a) === this.root(b);
  }
  join(a: number, b: number): void {
    if (this.joined(a, b)) return;
    this.parent[this.root(a)] = this.root(b);
    this.edges.push([Math.min(a, b), Math.max(a, b)]);
  }
}

/**
 * The hub's tree: the fixed edges, then Kruskal's maximum spanning tree over the summed votes. Ties
 * go to the pair whose attributes' smaller entropy (by the public independent estimate) is larger —
 * min(H(a), H(b)) bounds what the pair can share, I(a; b) — and then to the earlier pair.
 */
export function treeFromVotes(
  domain: Domain,
  votes: ArrayLike<number>,
  independent: readonly Float64Array[],
  fixed: readonly Edge[],
): Edge[] {
  const d = domain.attributes.length;
  const entropy = independent.map((p) => p.reduce((h, x) => (x > 0 ? h - x * Math.log(x) : h), 0));
  const ranked = pairsOf(d)
    .map(([a, b], k) => ({ a, b, k, votes: votes[k], tie: Math.min(entropy[a], entropy[b]) }))
    .sort((x, y) => y.votes - x.votes || y.tie - x.tie || x.k - y.k);
  const forest = new Forest(d);
  for (const [a, b] of fixed) forest.join(a, b);
  for (const { a, b } of ranked) if (forest.edges.length < d - 1) forest.join(a, b);
  return forest.edges;
}
