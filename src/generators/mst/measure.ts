/**
 * MST's measuring side (McKenna, Miklau & Sheldon 2021, Algorithm 1; private-pgm `mechanisms/mst.py`):
 * ρ from (ε, δ) by the tight conversion, a third for every 1-way marginal, a third for choosing a
 * spanning tree of 2-way marginals by the exponential mechanism, a third for measuring its edges.
 * Option `endpointEdges` (off by default): each survival endpoint's time–event edge is in the tree
 * from the start, a public choice from the schema, so no draw is spent on it.
 * This is the only part of MST that reads the table; what it returns is all that is released.
 */
import { UsageError } from '../../core/errors.js';
import { addDiscreteGaussianNoise } from '../../privacy/discrete-gaussian.js';
import { discreteGaussianScale, type NoiseScale } from '../../privacy/noise-scale.js';
import type { RandomBits } from '../../privacy/random-bits.js';
import { exponentialMechanismEpsilon, exponentialMechanismRho, zcdpRho } from '../../privacy/zcdp.js';
import type { MeasureInput } from '../generator.js';
import { domainFromSchema } from '../measure/domain.js';
import { type EncodedTable, encodeTable } from '../measure/encode.js';
import { type AddNoise, type Measurements, measure } from '../measure/measurements.js';
import { estimate } from '../pgm/estimate.js';
import { modelMarginal } from '../pgm/model.js';
import { compressCodes, compression, compressOneWay } from './compress.js';
import type { MstMeasurements, MstOptions, MstPrivacy } from './options.js';
import { type Edge, edgeScores, selectTree } from './select.js';

/**
 * Each step gets a third of ρ shrunk by this factor, so that the ρ the samplers spend (their σ² is
 * rounded up, their ε down, in floating point) never adds up to more than the budget.
 */
const BUDGET_MARGIN = 1 - 2 ** -30;

export function mstMeasure({ table, schema, privacy }: MeasureInput, options: MstOptions): MstMeasurements {
  const domain = domainFromSchema(schema, { bins: options.bins });
  const d = domain.attributes.length;
  if (d < 2) throw new UsageError(`mst needs at least 2 modelled columns, the schema has ${d}`);
  const rhoBudget = zcdpRho(privacy.epsilon, privacy.delta);
  const third = (rhoBudget / 3) * BUDGET_MARGIN;
  const names = domain.attributes.map((a) => a.name);
  const fixed = options.endpointEdges ? endpointEdges(schema, names) : [];
  // The draws share their third of ρ: the fixed edges need none.
  const draws = d - 1 - fixed.length;
  const oneWayScale = discreteGaussianScale(third / d);
  const edgeScale = discreteGaussianScale(third / (d - 1));
  const selectionEpsilon = exponentialMechanismEpsilon(third / Math.max(1, draws)) * BUDGET_MARGIN;
  const bits = privacy.bits;
  const encoded = encodeTable(table, domain);

  // Round 1: every 1-way marginal, then the compression and the independent estimate they imply.
  const oneWay = measureAll(
    encoded,
    domain.attributes.map((a) => [a.name]),
    oneWayScale,
    bits.split('one-way'),
  );
  const compressed = compression(domain, oneWay);
  const compressedCodes = compressCodes(encoded, compressed);
  const independent = estimate(compressOneWay(oneWay, compressed), { maxIterations: options.maxIterations });
  const marginals = compressed.domain.attributes.map((a) => modelMarginal(independent.model, [a.name]));

  // Round 2: the tree, chosen on the data by the exponential mechanism, then its edges measured.
  const scores = edgeScores(compressedCodes, marginals, independent.model.total);
  const tree = selectTree(d, scores, selectionEpsilon, bits.split('selection'), fixed).map(
    ([a, b]) => [names[a], names[b]] as [string, string],
  );
  const edges = measureAll(compressedCodes, tree, edgeScale, bits.split('edges'));

  const record: MstPrivacy = {
    mechanism: 'mst: discrete Gaussian marginals + exponential mechanism (zCDP)',
    epsilon: privacy.epsilon,
    delta: privacy.delta,
    rhoBudget,
    rhoSpent: {
      oneWay: d * oneWayScale.rho,
      selection: draws * exponentialMechanismRho(selectionEpsilon),
      edges: (d - 1) * edgeScale.rho,
    },
    oneWaySigma: oneWayScale.sigma,
    edgeSigma: edgeScale.sigma,
    selectionEpsilon,
  };
  return { oneWay, tree, edges, privacy: record };
}

/** Each survival endpoint's (time, event) as an edge of modelled attributes, skipping any that would close a cycle. */
export function endpointEdges(schema: MeasureInput['schema'], names: readonly string[]): Edge[] {
  const joined = names.map((_, i) => i);
  const root = (i: number): number => (joined[i] === i ? i : root(joined[i]));
  const edges: Edge[] = [];
  for (const { time, event } of schema.endpoints) {
    const a = names.indexOf(time);
    const b = names.indexOf(event);
    if (a < 0 || b < 0 || root(a) === root(b)) continue;
    joined[root(a)] = root(b);
    edges.push([Math.min(a, b), Math.max(a, b)]);
  }
  return edges;
}

/** Marginals with exact discrete Gaussian noise from the secret bits; the recorded σ is the sampler's. */
function measureAll(
  encoded: EncodedTable,
  queries: readonly (readonly string[])[],
  scale: NoiseScale,
  bits: RandomBits,
): Measurements {
  const addNoise: AddNoise = (answer, sigma) => {
    if (sigma !== scale.sigma) throw new RangeError('noise asked at a σ other than the budgeted one');
    return Array.from(addDiscreteGaussianNoise(answer, scale.sigma2, bits));
  };
  return measure(
    encoded,
    queries.map((query) => ({ query, sigma: scale.sigma })),
    addNoise,
  );
}
