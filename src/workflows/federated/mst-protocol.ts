/**
 * `mst` fitted across sites with distributed differential privacy (issue 11, item 3): the three
 * steps of central mst (src/generators/mst/measure.ts), each a secure sum, so that no site's
 * statistics leave it in the clear and the noise that pays for privacy is in every released sum,
 * added by the sites themselves (docs/federation/federated-mst.md).
 *
 *   one-way  site: charge ρ/3; every 1-way marginal + its share of N_Z noise for ρ/3 ── sum ─┐
 *            hub:  compression and independent estimate, as central mst (post-processing)     ┘
 *   select   site: its own spanning tree by the exponential mechanism (ρ/3 of its own, parallel
 *                  composition), a ranked vote per pair ─ sum ─┐
 *            hub:  the maximum spanning tree of the votes      ┘
 *   pairs    site: the tree's 2-way marginals + its share of noise for ρ/3 ─ sum ─┐
 *            hub:  mstEstimate → the model file                                   ┘
 *
 * A noisy phase's sum is released only if at least `honest` sites' shares are in it: otherwise the
 * job aborts. Every noise draw and every selection draw comes from `site.random`.
 */
import * as z from 'zod';
import { DataError, UsageError } from '../../core/errors.js';
import { Schema as SchemaSpec } from '../../data/schema.js';
import { decodeIntegers, encodeIntegers } from '../../federation/secagg/encoding.js';
import type { RingVector } from '../../federation/secagg/ring.js';
import { domainFromSchema } from '../../generators/measure/domain.js';
import { encodeTable } from '../../generators/measure/encode.js';
import { domainSummary, Measurements, marginal } from '../../generators/measure/measurements.js';
import { type ModelFile, toModelFile } from '../../generators/model-file.js';
import { compressCodes, compression, compressOneWay } from '../../generators/mst/compress.js';
import { MstOptions, mstGenerator } from '../../generators/mst/index.js';
import { endpointEdges } from '../../generators/mst/measure.js';
import type { MstMeasurements } from '../../generators/mst/options.js';
import { estimate } from '../../generators/pgm/estimate.js';
import { modelMarginal } from '../../generators/pgm/model.js';
import { addNodeShare, type NodeShare } from '../../privacy/distributed/index.js';
import { conformToJob } from './conform-site.js';
import {
  checkEpsilonDelta,
  honestOf,
  MST_TUNING,
  type MstTuning,
  mstSplit,
  offsetsOf,
  pairsOf,
  phaseCodec,
  phaseShare,
} from './mst-layout.js';
import { asDistribution, localVotes, treeFromVotes } from './mst-votes.js';
import type { FederatedProtocol, PhaseRecord, SiteContext } from './protocol.js';

export const MstRequest = z
  .object({
    schema: SchemaSpec,
    epsilon: z.number().positive().finite(),
    delta: z.number().positive().lt(1),
    options: z.unknown().optional(),
    /** Shares every noisy sum must hold (default: a majority of the phase's sites). */
    honest: z.number().int().min(1).optional(),
    /** Edges each site's selection draws and votes for (default: a third of the tree, ⌈(d − 1)/3⌉). */
    votes: z.number().int().min(1).optional(),
  })
  .strict();
export type MstRequest = z.infer<typeof MstRequest>;

export const MST_MECHANISM = 'distributed discrete Gaussian';

export interface MstJobResult extends Record<string, unknown> {
  /** The model file, as `synthcohort fit` writes it (src/generators/model-file.ts). */
  readonly model: ModelFile;
  readonly privacy: {
    readonly epsilon: number;
    readonly delta: number;
    /** What every site charged its own ledger over the job's three phases. */
    readonly rho: number;
    /** Shares each noisy sum held at least, and the sites of the first phase. */
    readonly honest: number;
    readonly nodes: number;
    readonly mechanism: typeof MST_MECHANISM;
  };
  /** The noisy total the one-way sums imply (never a site's count). */
  readonly rows: number;
}

/** Phase inputs: public, as the hub sends them; a site parses them before use. */
const SelectInput = z.object({ oneWay: Measurements, independent: z.array(z.array(z.number())) }).strict();
const PairsInput = z
  .object({ oneWay: Measurements, tree: z.array(z.tuple([z.string(), z.string()])) })
  .strict();

function setting(request: MstRequest, tuning: MstTuning) {
  checkEpsilonDelta(request.epsilon, request.delta);
  const options = MstOptions.parse(request.options ?? {});
  const domain = domainFromSchema(request.schema, { bins: options.bins });
  const names = domain.attributes.map((a) => a.name);
  if (names.length < 2)
    throw new DataError({}, `mst needs at least 2 modelled columns, the schema has ${names.length}`);
  const fixed = options.endpointEdges ? endpointEdges(request.schema, names) : [];
  const split = mstSplit(
    request.epsilon,
    request.delta,
    names.length,
    fixed.length,
    request.votes,
    tuning.shares,
  );
  return { options, domain, names, fixed, split };
}

/** The one-way phase's share for `m` sites (d marginals of the full domain). */
function oneWayShare(request: MstRequest, tuning: MstTuning, m: number): NodeShare {
  const { domain, split } = setting(request, tuning);
  const cells = domain.attributes.reduce((s, a) => s + a.size, 0);
  return phaseShare(split.oneWay, domain.attributes.length, cells, m, honestOf(request.honest, m));
}

/** The pairs phase's share for `m` sites (the tree's d − 1 marginals on the compressed domain). */
function pairsShare(request: MstRequest, tuning: MstTuning, m: number, cells: number): NodeShare {
  const { domain, split } = setting(request, tuning);
  return phaseShare(split.pairs, domain.attributes.length - 1, cells, m, honestOf(request.honest, m));
}

/**
 * The protocol with a given tuning (mst-layout.ts): the bench compares tunings with it; every
 * runner uses `mstProtocol`, the shipped one. Hub and sites must run the same tuning.
 */
export function mstProtocolWith(tuning: MstTuning): FederatedProtocol<MstRequest, MstJobResult> {
  return {
    name: 'mst',
    parameters: MstRequest,

    firstPhase(request, sites) {
      setting(request, tuning);
      const honest = honestOf(request.honest, sites.length);
      if (honest > sites.length)
        throw new UsageError(
          `honest: the job has ${sites.length} sites, fewer than the ${honest} noise shares asked for`,
          'honest',
        );
      return { name: 'one-way', kind: 'secure-sum', input: {}, length: oneWayLength(request, tuning), sites };
    },

    next(request, phases) {
      const last = phases.at(-1)!;
      requireHonest(request, last);
      const { options, domain, names, fixed } = setting(request, tuning);
      const oneWay = oneWayMeasured(request, tuning, phases[0]);
      const c = compression(domain, oneWay);
      const independent = estimate(compressOneWay(oneWay, c), { maxIterations: options.maxIterations }).model;
      const marginals = c.domain.attributes.map((a) =>
        asDistribution(Array.from(modelMarginal(independent, [a.name]))),
      );
      const sites = last.result.kind === 'secure-sum' ? last.result.included : last.sites;
      if (last.plan.name === 'one-way')
        return {
          name: 'select',
          kind: 'secure-sum',
          input: { oneWay, independent: marginals.map((p) => Array.from(p)) },
          length: pairsOf(names.length).length,
          sites,
        };
      if (last.plan.name === 'select') {
        const votes = decodeIntegers(sum(last), phaseCodec(last.sites.length));
        const tree = treeFromVotes(c.domain, votes, marginals, fixed).map(([a, b]) => [names[a], names[b]]);
        const cells = tree.reduce((s, [a, b]) => s + sizeOf(c.domain, a) * sizeOf(c.domain, b), 0);
        pairsShare(request, tuning, sites.length, cells);
        return { name: 'pairs', kind: 'secure-sum', input: { oneWay, tree }, length: cells, sites };
      }
      const { tree } = PairsInput.parse(last.plan.input);
      const edges = edgesMeasured(request, tuning, last, c.domain, tree);
      const measurements: MstMeasurements = {
        oneWay,
        tree,
        edges,
        privacy: privacyRecord(request, tuning, phases, oneWay, edges),
      };
      const fitted = mstGenerator.estimate(measurements, request.schema, options);
      const model = toModelFile({
        generator: mstGenerator.name,
        options,
        schema: request.schema,
        trainingRows: 0,
        params: fitted.params,
      });
      const nodes = phases[0].sites.length;
      return {
        result: {
          model,
          privacy: {
            epsilon: request.epsilon,
            delta: request.delta,
            rho: setting(request, tuning).split.rho,
            honest: Math.min(...phases.map((p) => honestOf(request.honest, p.sites.length))),
            nodes,
            mechanism: MST_MECHANISM,
          },
          rows: Math.round(independent.total),
        },
      };
    },

    async answer(request, plan, site) {
      const { domain, names, fixed, split } = setting(request, tuning);
      const m = plan.sites?.length ?? 0;
      if (m < 1) throw new DataError({}, `phase '${plan.name}' names no sites; mst sizes its noise by them`);
      const codec = phaseCodec(m);
      const encoded = encodeTable(conformToJob(site.table, request.schema, names), domain);
      if (plan.name === 'one-way') {
        const share = oneWayShare(request, tuning, m);
        await charge(site, split.oneWay, request, 'one-way');
        const counts = names.flatMap((name) => Array.from(marginal(encoded, [name])));
        return encodeIntegers(addNodeShare(counts, share, site.random.split('one-way noise')), codec);
      }
      if (plan.name === 'select') {
        const input = SelectInput.parse(plan.input);
        await charge(site, split.selection, request, 'select');
        const c = compression(domain, input.oneWay);
        const independent = input.independent.map((p) => asDistribution(p));
        if (
          independent.length !== names.length ||
          independent.some((p, i) => p.length !== c.domain.attributes[i].size)
        )
          throw new DataError(
            {},
            "phase 'select': the independent estimate does not match the compressed domain",
          );
        const votes = localVotes(
          compressCodes(encoded, c),
          independent,
          request.schema,
          split.selectionEpsilon,
          split.draws,
          site.random.split('selection'),
          fixed,
          tuning.votes,
        );
        return encodeIntegers(votes, codec);
      }
      if (plan.name === 'pairs') {
        const input = PairsInput.parse(plan.input);
        const c = compression(domain, input.oneWay);
        if (input.tree.length !== names.length - 1)
          throw new DataError(
            {},
            `phase 'pairs': a spanning tree has ${names.length - 1} edges, got ${input.tree.length}`,
          );
        const codes = compressCodes(encoded, c);
        const counts = input.tree.flatMap((edge) => Array.from(marginal(codes, edge)));
        const share = pairsShare(request, tuning, m, counts.length);
        await charge(site, split.pairs, request, 'pairs');
        return encodeIntegers(addNodeShare(counts, share, site.random.split('pairs noise')), codec);
      }
      throw new DataError({}, `mst has no phase '${plan.name}'`);
    },
  };
}

/** The federated mst as every runner uses it (the shipped tuning, MST_TUNING). */
export const mstProtocol = mstProtocolWith(MST_TUNING);

function oneWayLength(request: MstRequest, tuning: MstTuning): number {
  return setting(request, tuning).domain.attributes.reduce((s, a) => s + a.size, 0);
}

function sizeOf(domain: { attributes: readonly { name: string; size: number }[] }, name: string): number {
  return domain.attributes.find((a) => a.name === name)!.size;
}

function sum(record: PhaseRecord): RingVector {
  if (record.result.kind !== 'secure-sum')
    throw new DataError({}, `phase '${record.plan.name}' is not a sum`);
  return record.result.sum;
}

/** A noisy sum with fewer shares than the guarantee counts on is not released: the job stops. */
function requireHonest(request: MstRequest, record: PhaseRecord): void {
  const included = record.result.kind === 'secure-sum' ? record.result.included.length : 0;
  const honest = honestOf(request.honest, record.sites.length);
  if (included < honest)
    throw new DataError(
      {},
      `phase '${record.plan.name}' summed ${included} of ${record.sites.length} sites, fewer than the ${honest} ` +
        'whose noise shares the guarantee counts on (honest): its sum is not released and the job stops',
    );
}

/** The one-way sums as mst's measurements: the released sum holds `included` shares of σ² each. */
function oneWayMeasured(request: MstRequest, tuning: MstTuning, record: PhaseRecord): Measurements {
  const { domain } = setting(request, tuning);
  const share = oneWayShare(request, tuning, record.sites.length);
  const included = record.result.kind === 'secure-sum' ? record.result.included.length : 0;
  const values = decodeIntegers(sum(record), phaseCodec(record.sites.length));
  const { offsets } = offsetsOf(domain.attributes.map((a) => a.size));
  const sigma = Math.sqrt(included * (Number(share.sigma2.num) / Number(share.sigma2.den)));
  const d = domain.attributes.length;
  return {
    version: 1,
    domain: domainSummary(domain),
    measurements: domain.attributes.map((a, i) => ({
      query: [a.name],
      answer: Array.from(values.subarray(offsets[i], offsets[i] + a.size)),
      noise: { mechanism: 'discrete-gaussian' as const, sigma },
      rho: [share.rho / d],
    })),
  };
}

function edgesMeasured(
  request: MstRequest,
  tuning: MstTuning,
  record: PhaseRecord,
  compressed: ReturnType<typeof compression>['domain'],
  tree: ReadonlyArray<readonly [string, string]>,
): Measurements {
  const sizes = tree.map(([a, b]) => sizeOf(compressed, a) * sizeOf(compressed, b));
  const { offsets, length } = offsetsOf(sizes);
  const share = pairsShare(request, tuning, record.sites.length, length);
  const included = record.result.kind === 'secure-sum' ? record.result.included.length : 0;
  const values = decodeIntegers(sum(record), phaseCodec(record.sites.length));
  const sigma = Math.sqrt(included * (Number(share.sigma2.num) / Number(share.sigma2.den)));
  return {
    version: 1,
    domain: domainSummary(compressed),
    measurements: tree.map(([a, b], i) => ({
      query: [a, b],
      answer: Array.from(values.subarray(offsets[i], offsets[i] + sizes[i])),
      noise: { mechanism: 'discrete-gaussian' as const, sigma },
      rho: [share.rho / tree.length],
    })),
  };
}

function privacyRecord(
  request: MstRequest,
  tuning: MstTuning,
  phases: readonly PhaseRecord[],
  oneWay: Measurements,
  edges: Measurements,
): MstMeasurements['privacy'] {
  const { split } = setting(request, tuning);
  const pairs = phases[2];
  return {
    mechanism: 'mst: discrete Gaussian marginals + exponential mechanism (zCDP)',
    epsilon: request.epsilon,
    delta: request.delta,
    rhoBudget: split.rho,
    rhoSpent: {
      oneWay: oneWayShare(request, tuning, phases[0].sites.length).rho,
      selection: split.selectionRho,
      edges: pairsShare(request, tuning, pairs.sites.length, pairs.plan.length ?? 1).rho,
    },
    oneWaySigma: oneWay.measurements[0].noise.sigma,
    edgeSigma: edges.measurements[0]?.noise.sigma ?? 1,
    selectionEpsilon: split.selectionEpsilon,
  };
}

/** The job's whole ρ, once, before anything leaves the site; a refusal makes the site decline. */
/**
 * Each phase that releases anything charges its own share of ρ before its answer exists: a hub that
 * opens phases out of order, or one phase twice, gets nothing uncharged (the node's ledger refuses a
 * second charge for one job and phase, src/server/node/federated-handler.ts). The shares add up
 * to the job's ρ.
 */
async function charge(site: SiteContext, rho: number, request: MstRequest, phase: string): Promise<void> {
  try {
    await site.charge(rho, `federated mst (ε = ${request.epsilon}, δ = ${request.delta}), phase ${phase}`);
  } catch (error) {
    const why =
      error instanceof Error && /budget/i.test(error.message) ? 'its budget would be exceeded' : 'it failed';
    throw new DataError(
      {},
      `site '${site.name}' declines the mst job: its privacy ledger refuses ρ = ${rho.toPrecision(6)} (${why})`,
    );
  }
}
