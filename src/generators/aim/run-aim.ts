/**
 * AIM: an adaptive and iterative mechanism (McKenna, Mullins, Sheldon & Miklau, VLDB 2022,
 * Algorithm 2; private-pgm's mechanisms/aim.py), in zCDP with exact samplers:
 *
 * 1. measure every 1-way marginal with discrete Gaussian noise of scale σ₀ = √(T / (2·0.9·ρ));
 *    then, when asked (our additions): anchor marginals (each survival endpoint's time × event)
 *    with a share of ρ, and, for genomic data, the co-occurrence counts of every mutation
 *    flag and pair of flags with a share of ρ (src/generators/measure/co-occurrence.ts), the pairs whose
 *    counts depart from independence entering the model (pgm/evident-pairs.ts); the rounds share
 *    what is left;
 * 2. each round: select a candidate with the exponential mechanism at ε = √(8·0.1·ρ/T) among those
 *    that keep the model within MAX_SIZE · ρ_used/ρ cells (select.ts); measure it with noise σ;
 *    re-estimate the model, warm-started from the last one;
 * 3. anneal: when the new measurement barely moved the model's answer to it
 *    (‖M_r(p̂_new) − M_r(p̂_old)‖₁ ≤ √(2/π)·σ·n_r), halve σ and double ε for the rounds that follow;
 * 4. when what is left could not pay for two more rounds, spend all of it on a last one.
 *
 * The randomness of selection and noise comes from `bits` (secret; see src/privacy/random-bits.ts).
 * The estimator only ever sees the measurements; the table is read here, where the data lives,
 * only to measure marginals and to score candidates inside the exponential mechanism.
 */
import { UsageError } from '../../core/errors.js';
import { addDiscreteGaussianNoise } from '../../privacy/discrete-gaussian.js';
import type { RandomBits } from '../../privacy/random-bits.js';
import { rationalAtLeast, toNumber } from '../../privacy/rational.js';
import { exponentialMechanismRho, gaussianRho } from '../../privacy/zcdp.js';
import {
  type CoOccurrence,
  type CoOccurrenceRequest,
  coOccurrenceSensitivity,
  measureCoOccurrence,
} from '../measure/co-occurrence.js';
import type { Domain } from '../measure/domain.js';
import type { EncodedTable } from '../measure/encode.js';
import { type Measurement, type Measurements, marginal, measure } from '../measure/measurements.js';
import { cellCount } from '../pgm/cells.js';
import { estimate } from '../pgm/estimate.js';
import { withEvidentPairs } from '../pgm/evident-pairs.js';
import type { GraphicalModel } from '../pgm/model.js';
import { marginalOver } from '../pgm/query-marginal.js';
import { type Candidate, candidatesOf } from './candidates.js';
import { expectedNoiseL1, l1Distance, selectCandidate } from './select.js';
import type { Workload } from './workload.js';

export interface AimOptions {
  /** Largest model, in cells of the junction tree's clique tables (default 2,000,000: 16 MB of doubles). */
  readonly maxModelSize?: number;
  /** T, the number of rounds the budget is first split into (default 16 × attributes, the paper's). */
  readonly rounds?: number;
  /** Estimator steps after each round (default 300; warm-started, so few are needed). */
  readonly roundIterations?: number;
  /** Estimator steps of the final fit (default 1000). */
  readonly finalIterations?: number;
  /**
   * Marginals measured in round 0 with `share` of ρ, at one σ (absent: none): those every analysis
   * needs precisely, which AIM's noisy selection may otherwise measure only once, early, at a large σ.
   */
  readonly anchors?: { readonly queries: readonly (readonly string[])[]; readonly share: number };
  /** Measure the co-occurrence of these flags first, with `share` of ρ (absent: not measured). */
  readonly coOccurrence?: {
    readonly flags: ReadonlyArray<{ readonly attribute: string; readonly state: number }>;
    readonly clip: number;
    readonly share: number;
  };
}

export interface AimRound {
  readonly round: number;
  /** What was measured ([] for the initial 1-way round, whose queries are all 1-way). */
  readonly query: readonly string[];
  readonly sigma: number;
  readonly epsilon: number;
  /** ρ spent by this round's selection and measurement. */
  readonly rho: number;
  /** Candidates whose model size the selection priced (it prices only those its draw reaches). */
  readonly priced: number;
  /** The size limit of this round, MAX_SIZE · ρ_used/ρ, and the model's size after it (cells). */
  readonly sizeLimit: number;
  readonly modelSize: number;
  /** The annealing test passed: σ was halved and ε doubled after this round. */
  readonly annealed: boolean;
}

export interface AimResult {
  readonly measurements: Measurements;
  readonly model: GraphicalModel;
  /** ρ actually spent (composed over every selection and measurement). */
  readonly spent: number;
  readonly log: readonly AimRound[];
}

/** Share of each round's budget spent on measuring (the rest on selecting), the paper's 0.9. */
const MEASURE_SHARE = 0.9;

export function runAim(
  encoded: EncodedTable,
  domain: Domain,
  workload: Workload,
  budget: { readonly rho: number },
  bits: RandomBits,
  options: AimOptions = {},
): AimResult {
  if (encoded.domain.hash !== domain.hash)
    throw new UsageError('the table was encoded on another domain than the one given', 'domain');
  const rho = budget.rho;
  if (!(rho > 0) || !Number.isFinite(rho))
    throw new UsageError(`ρ must be a positive finite number, got ${rho}`, 'rho');
  const maxModelSize = options.maxModelSize ?? 2_000_000;
  const rounds = options.rounds ?? 16 * domain.attributes.length;
  const roundIterations = options.roundIterations ?? 300;
  const candidates = candidatesOf(domain, workload);
  const answers = new Map<Candidate, Float64Array>(candidates.map((c) => [c, marginal(encoded, c.names)]));
  const noise = bits.split('aim/noise');
  const selection = bits.split('aim/selection');

  const coShare = options.coOccurrence ? options.coOccurrence.share : 0;
  const anchorShare = options.anchors?.queries.length ? options.anchors.share : 0;
  if (!(coShare >= 0 && anchorShare >= 0 && coShare + anchorShare < 1))
    throw new UsageError(
      `the shares of ρ for co-occurrence (${coShare}) and anchors (${anchorShare}) must be ≥ 0 and add up to less than 1`,
      'share',
    );
  const roundsRho = rho * (1 - coShare - anchorShare);
  let sigma = Math.sqrt(rounds / (2 * MEASURE_SHARE * roundsRho));
  let epsilon = Math.sqrt((8 * (1 - MEASURE_SHARE) * roundsRho) / rounds);
  const oneWay = domain.attributes.map((a) => ({ query: [a.name] }));
  const first = measureWith(encoded, oneWay, sigma, noise);
  const anchors = options.anchors?.queries.map((query) => ({ query })) ?? [];
  const anchored =
    anchorShare > 0
      ? measureWith(encoded, anchors, Math.sqrt(anchors.length / (2 * rho * anchorShare)), noise)
      : undefined;
  const co =
    options.coOccurrence && coShare > 0
      ? measureCoOccurrenceWith(encoded, { ...options.coOccurrence, rho: rho * coShare }, noise)
      : undefined;
  const all: Measurement[] = [
    ...first.measurements.measurements,
    ...(anchored?.measurements.measurements ?? []),
  ];
  const base: Measurements = {
    ...first.measurements,
    measurements: [...all],
    ...(co && { coOccurrence: [co.block] }),
  };
  // The pairs the model holds are chosen once, from the first measurements (post-processing).
  const structure = withEvidentPairs(base);
  let used = first.planned + (anchored?.planned ?? 0) + (co?.planned ?? 0);
  let spent = first.spent + (anchored?.spent ?? 0) + (co?.spent ?? 0);
  let model = estimate(structure, { maxIterations: roundIterations }).model;
  const log: AimRound[] = [
    {
      round: 0,
      query: [],
      sigma,
      epsilon: 0,
      rho: spent,
      priced: 0,
      sizeLimit: maxModelSize,
      modelSize: treeCells(model),
      annealed: false,
    },
  ];

  for (let round = 1, last = false; !last; round++) {
    if (rho - used < 2 * (1 / (2 * sigma * sigma) + exponentialMechanismRho(epsilon))) {
      // Not enough for two more rounds: this one takes everything that is left, exactly.
      const remaining = rho - spent;
      sigma = Math.sqrt(1 / (2 * MEASURE_SHARE * remaining));
      epsilon = Math.sqrt(8 * (1 - MEASURE_SHARE) * remaining);
      last = true;
    }
    used += exponentialMechanismRho(epsilon) + 1 / (2 * sigma * sigma);
    const sizeLimit = (maxModelSize * used) / rho;
    const chosen = selectCandidate(model, candidates, answers, { epsilon, sigma, sizeLimit }, selection);
    const measured = measureWith(encoded, [{ query: chosen.candidate.names }], sigma, noise);
    const roundRho = exponentialMechanismRho(epsilon) + measured.spent;
    spent += roundRho;
    all.push(...measured.measurements.measurements);
    const before = marginalOver(model.compiled, model.beliefs, chosen.candidate.clique);
    model = refit(structure, all, model, last ? (options.finalIterations ?? 1000) : roundIterations);
    const after = marginalOver(model.compiled, model.beliefs, chosen.candidate.clique);
    const annealed = !last && l1Distance(after, before) <= expectedNoiseL1(sigma, chosen.candidate.cells);
    log.push({
      round,
      query: chosen.candidate.names,
      sigma,
      epsilon,
      rho: roundRho,
      priced: chosen.priced,
      sizeLimit,
      modelSize: treeCells(model),
      annealed,
    });
    if (annealed) {
      sigma /= 2;
      epsilon *= 2;
    }
  }
  return { measurements: { ...base, measurements: all }, model, spent, log };
}

function treeCells(model: GraphicalModel): number {
  const { tree, sizes } = model.compiled;
  return tree.cliques.reduce((n, c) => n + cellCount(c, sizes), 0);
}

/** The model re-estimated from every measurement so far, starting from the last model's potentials. */
function refit(
  base: Measurements,
  all: readonly Measurement[],
  previous: GraphicalModel,
  maxIterations: number,
): GraphicalModel {
  const names = previous.domain.attributes.map((a) => a.name);
  return estimate(
    { ...base, measurements: [...all] },
    {
      maxIterations,
      warmStart: {
        cliques: previous.cliques.map((c) => c.map((a) => names[a])),
        potentials: previous.potentials,
      },
    },
  ).model;
}

/** The co-occurrence block measured with the exact discrete Gaussian, spending at most `rho`. */
function measureCoOccurrenceWith(
  encoded: EncodedTable,
  request: { readonly flags: CoOccurrenceRequest['flags']; readonly clip: number; readonly rho: number },
  bits: RandomBits,
): { block: CoOccurrence; planned: number; spent: number } {
  const sensitivity2 = coOccurrenceSensitivity(request.clip, true) ** 2;
  const sigma2 = rationalAtLeast(sensitivity2 / (2 * request.rho), 40);
  const block = measureCoOccurrence(
    encoded,
    { flags: request.flags, clip: request.clip, singles: true, sigma: Math.sqrt(toNumber(sigma2)) },
    (answer) => Array.from(addDiscreteGaussianNoise(answer, sigma2, bits)),
  );
  return { block, planned: request.rho, spent: gaussianRho(Math.sqrt(sensitivity2), toNumber(sigma2)) };
}

/**
 * Marginals measured with discrete Gaussian noise of scale σ each; `planned` is what the plan
 * charges (1/(2σ²) per query), `spent` what the exact sampler's σ² (rounded up) actually costs.
 */
function measureWith(
  encoded: EncodedTable,
  requests: ReadonlyArray<{ query: readonly string[] }>,
  sigma: number,
  bits: RandomBits,
): { measurements: Measurements; planned: number; spent: number } {
  // σ² rounded up to a multiple of 2^−40, not the default 2^−20: the loss of ρ to rounding stays
  // below 1e-12 of a round's share even at σ ≈ 1, so the last round can spend the rest exactly.
  const sigma2 = rationalAtLeast(sigma * sigma, 40);
  const scale = { sigma2, sigma: Math.sqrt(toNumber(sigma2)), rho: gaussianRho(1, toNumber(sigma2)) };
  const measurements = measure(
    encoded,
    requests.map(({ query }) => ({ query, sigma: scale.sigma })),
    (answer) => Array.from(addDiscreteGaussianNoise(answer, scale.sigma2, bits)),
  );
  return {
    measurements,
    planned: requests.length / (2 * sigma * sigma),
    spent: requests.length * scale.rho,
  };
}
