/**
 * Private-PGM's estimator (McKenna, Sheldon & Miklau, ICML 2019, Algorithm 1): the graphical model
 * whose marginals best fit noisy marginal measurements,
 *
 *   minimise L(μ) = Σ_i ½ ‖(μ_{C_i} − y_i) / σ_i‖²   over the marginal polytope,
 *
 * by entropic mirror descent on the log-potentials: θ ← θ − α ∇L(μ(θ)), with μ(θ) from belief
 * propagation on the junction tree. Residuals are weighted by 1/σ, so the loss is the Gaussian
 * negative log-likelihood of the measurements. The step size follows private-pgm's Armijo rule
 * (start at 2/(L·total), L = max 1/σ² the gradient's Lipschitz constant), by default with restarted
 * Nesterov momentum on top (descent.ts). From zero
 * potentials the iterates stay in the exponential family, so with consistent measurements and a
 * non-tree graph the limit is the maximum-entropy distribution among the best fits.
 *
 * The estimator reads measurements only — never a table.
 */
import { UsageError } from '../../core/errors.js';
import type { Measurements } from '../measure/measurements.js';
import { type CompiledTree, calibrate, compileTree, homeOf } from './belief-propagation.js';
import { addExpanded, type Clique, cellCount, cellMap, isSubset, sumInto } from './cells.js';
import { descend, type StepRule } from './descent.js';
import { cliqueOf, type GraphicalModel, graphicalModel, sizesOf } from './model.js';
import { estimateTotal } from './total.js';

export interface EstimateOptions {
  /** Most mirror-descent steps (default 1000, private-pgm's). */
  readonly maxIterations?: number;
  /** Stop once no marginal cell moves by more than this fraction of the total in a step (default 1e-10). */
  readonly tolerance?: number;
  /** The number of records, when known publicly; otherwise estimated from the measurements. */
  readonly total?: number;
  /**
   * `accelerated` (default): mirror descent with restarted Nesterov momentum; `armijo`:
   * private-pgm's plain mirror descent, step for step (see descent.ts).
   */
  readonly stepRule?: StepRule;
  /** Warm start: potentials of an earlier fit, on cliques each inside one of this fit's cliques. */
  readonly warmStart?: {
    readonly cliques: readonly (readonly string[])[];
    readonly potentials: readonly ArrayLike<number>[];
  };
}

export interface Estimate {
  readonly model: GraphicalModel;
  /** The loss L(μ) at the end. */
  readonly loss: number;
  readonly iterations: number;
  /** The tolerance was reached before the iteration limit. */
  readonly converged: boolean;
}

interface Term {
  /** The measured answer over the query's cells (0 where a cell is not measured). */
  readonly y: Float64Array;
  /** 1/σ² of each cell's measurement, 0 for a cell not measured (a co-occurrence count measures one). */
  readonly weights: Float64Array;
  /** Tree clique holding the query, and its cells → query cells. */
  readonly home: number;
  readonly fromHome: Int32Array;
  /** Potential clique holding the query, and its cells → query cells. */
  readonly potential: number;
  readonly fromPotential: Int32Array;
}

export function estimate(measurements: Measurements, options: EstimateOptions = {}): Estimate {
  const { domain } = measurements;
  const sizes = sizesOf(domain);
  const observations = observationsOf(measurements);
  const queries = observations.map((o) => cliqueOf(domain, o.query));
  const cliques = potentialCliques(sizes.length, queries);
  const compiled = compileTree(sizes, cliques);
  const terms = lossTerms(observations, queries, cliques, compiled);
  const total = options.total ?? estimateTotal(measurements);
  const theta = initialPotentials(cliques, sizes, measurements, options);

  const lipschitz = terms.reduce((l, t) => Math.max(l, ...t.weights), 0);
  const result = descend(
    {
      evaluate: (potentials) => {
        const beliefs = calibrate(compiled, potentials, total);
        return { ...evaluate(terms, beliefs), beliefs };
      },
      gradient: (state) => potentialGradient(terms, state.mu, cliques, sizes),
      gradientDot: (a, b) => gradientDot(terms, a.mu, b.mu),
      largestMove: (a, b) => largestMove(a.mu, b.mu),
    },
    theta,
    {
      stepRule: options.stepRule ?? 'accelerated',
      initialStep: terms.length > 0 && lipschitz > 0 ? 2 / (lipschitz * total) : 0,
      maxIterations: options.maxIterations ?? 1000,
      tolerance: (options.tolerance ?? 1e-10) * total,
    },
  );
  const model = graphicalModel(domain, cliques, result.theta, total, compiled);
  return {
    model: { ...model, beliefs: result.state.beliefs },
    loss: result.state.loss,
    iterations: result.iterations,
    converged: result.converged,
  };
}

/** The maximal measured cliques, plus a single-attribute clique for every attribute no query names. */
export function potentialCliques(attributes: number, queries: readonly Clique[]): Clique[] {
  const distinct = queries.filter(
    (q, i) => q.length > 0 && queries.findIndex((r) => r.join() === q.join()) === i,
  );
  const maximal = distinct.filter(
    (q) => !distinct.some((r) => r !== q && r.length > q.length && isSubset(q, r)),
  );
  const covered = new Set(maximal.flat());
  for (let a = 0; a < attributes; a++) if (!covered.has(a)) maximal.push([a]);
  return maximal;
}

/** One marginal's measured cells: the query, its answer over all cells, and each cell's σ (∞: not measured). */
interface Observation {
  readonly query: readonly string[];
  readonly y: Float64Array;
  readonly sigmas: Float64Array;
}

/**
 * The measurements as observations of marginal cells: a marginal measures all its cells; a
 * co-occurrence count measures one cell of its pair's marginal (both flags' states), each pair
 * listed in the block becoming a clique of the model; a flag's own count, one cell of its 1-way marginal.
 */
function observationsOf(measurements: Measurements): Observation[] {
  const size = new Map(measurements.domain.attributes.map((a) => [a.name, a.size]));
  const position = new Map(measurements.domain.attributes.map((a, i) => [a.name, i]));
  const observations: Observation[] = measurements.measurements.map((m) => ({
    query: m.query,
    y: Float64Array.from(m.answer),
    sigmas: new Float64Array(m.answer.length).fill(m.noise.sigma),
  }));
  for (const block of measurements.coOccurrence ?? [])
    block.pairs.forEach(([i, j], k) => {
      if (i === j) {
        const { attribute, state } = block.flags[i];
        const y = new Float64Array(size.get(attribute) ?? 0);
        const sigmas = new Float64Array(y.length).fill(Number.POSITIVE_INFINITY);
        y[state] = block.answer[k];
        sigmas[state] = block.noise.sigma;
        observations.push({ query: [attribute], y, sigmas });
        return;
      }
      const [a, b] = [block.flags[i], block.flags[j]].sort(
        (x, y) => (position.get(x.attribute) ?? 0) - (position.get(y.attribute) ?? 0),
      );
      const cells = (size.get(a.attribute) ?? 0) * (size.get(b.attribute) ?? 0);
      const cell = a.state * (size.get(b.attribute) ?? 0) + b.state;
      const y = new Float64Array(cells);
      const sigmas = new Float64Array(cells).fill(Number.POSITIVE_INFINITY);
      y[cell] = block.answer[k];
      sigmas[cell] = block.noise.sigma;
      observations.push({ query: [a.attribute, b.attribute], y, sigmas });
    });
  return observations;
}

function lossTerms(
  observations: readonly Observation[],
  queries: readonly Clique[],
  cliques: readonly Clique[],
  compiled: CompiledTree,
): Term[] {
  const sigmas = observations.flatMap((o) => Array.from(o.sigmas).filter(Number.isFinite));
  const exact = sigmas.filter((s) => s === 0).length;
  if (exact > 0 && exact < sigmas.length)
    throw new UsageError(
      'measurements mix exact (sigma 0) and noisy ones: their weights 1/σ² cannot be compared; measure all with noise or none',
    );
  const { sizes, tree } = compiled;
  return observations.flatMap((o, i): Term[] => {
    const query = queries[i];
    // A total (empty query) is fixed by the model's total: it only informs that estimate.
    if (query.length === 0) return [];
    const home = homeOf(tree, query);
    const potential = cliques.findIndex((c) => isSubset(query, c));
    return [
      {
        y: o.y,
        weights: o.sigmas.map((s) => (!Number.isFinite(s) ? 0 : exact > 0 ? 1 : 1 / s ** 2)),
        home,
        fromHome: cellMap(tree.cliques[home], query, sizes),
        potential,
        fromPotential: cellMap(cliques[potential], query, sizes),
      },
    ];
  });
}

function initialPotentials(
  cliques: readonly Clique[],
  sizes: readonly number[],
  measurements: Measurements,
  options: EstimateOptions,
): Float64Array[] {
  const theta = cliques.map((c) => new Float64Array(cellCount(c, sizes)));
  const warm = options.warmStart;
  if (!warm) return theta;
  warm.cliques.forEach((names, k) => {
    const clique = cliqueOf(measurements.domain, names);
    const p = cliques.findIndex((c) => isSubset(clique, c));
    if (p < 0)
      throw new UsageError(
        `warmStart: the clique ${names.join(', ')} lies in none of the measured cliques`,
        'warmStart',
      );
    const values = Float64Array.from(warm.potentials[k]);
    if (values.length !== cellCount(clique, sizes))
      throw new UsageError(
        `warmStart: the potential of ${names.join(', ')} has ${values.length} cells`,
        'warmStart',
      );
    addExpanded(theta[p], values, cellMap(cliques[p], clique, sizes));
  });
  return theta;
}

/** Each term's marginal and the loss. */
function evaluate(
  terms: readonly Term[],
  beliefs: readonly Float64Array[],
): { loss: number; mu: Float64Array[] } {
  let loss = 0;
  const mu = terms.map((t) => {
    const m = sumInto(beliefs[t.home], t.fromHome, new Float64Array(t.y.length));
    for (let j = 0; j < m.length; j++) loss += 0.5 * t.weights[j] * (m[j] - t.y[j]) ** 2;
    return m;
  });
  return { loss, mu };
}

/** ∂L/∂μ broadcast onto the potential cliques (the mirror-descent direction in θ). */
function potentialGradient(
  terms: readonly Term[],
  mu: readonly Float64Array[],
  cliques: readonly Clique[],
  sizes: readonly number[],
): Float64Array[] {
  const gradient = cliques.map((c) => new Float64Array(cellCount(c, sizes)));
  terms.forEach((t, i) => {
    const g = mu[i].map((m, j) => t.weights[j] * (m - t.y[j]));
    addExpanded(gradient[t.potential], g, t.fromPotential);
  });
  return gradient;
}

function gradientDot(
  terms: readonly Term[],
  mu: readonly Float64Array[],
  next: readonly Float64Array[],
): number {
  let dot = 0;
  terms.forEach((t, i) => {
    for (let j = 0; j < t.y.length; j++) dot += t.weights[j] * (mu[i][j] - t.y[j]) * (mu[i][j] - next[i][j]);
  });
  return dot;
}

function largestMove(mu: readonly Float64Array[], next: readonly Float64Array[]): number {
  let largest = 0;
  mu.forEach((m, i) => {
    for (let j = 0; j < m.length; j++) largest = Math.max(largest, Math.abs(m[j] - next[i][j]));
  });
  return largest;
}
