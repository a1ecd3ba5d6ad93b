/**
 * The record of a round's distributed noise, kept by every node (beside its ledger spend) and by
 * the hub (beside the job): which mechanism, how many nodes, how many were counted on, each node's
 * σ² exactly as the sampler used it, and the ρ every site charges to its own ledger.
 *
 * It holds no count and no noise draw, only public parameters: what an observer learns from it is
 * the noise scale, which is public by design (the estimator needs it). Reading a record re-derives ρ
 * from the other fields, so a record claiming less privacy loss than its parameters give is refused.
 */
import * as z from 'zod';
import { ModelError } from '../../core/errors.js';
import { type Rational, rational, toNumber } from '../rational.js';
import { distributedGaussianRho, MIN_SHARE_SIGMA2, type QuerySensitivity } from './distributed-gaussian.js';
import type { NodeShare } from './node-share.js';

export const DISTRIBUTED_DISCRETE_GAUSSIAN = 'distributed-discrete-gaussian';

/** A rational as decimal strings: BigInt does not survive JSON, and a double would round it. */
const WHOLE = /^[0-9]+$/;
const POSITIVE = /^[1-9][0-9]*$/;
const RationalJson = z
  .object({
    num: z.string().regex(WHOLE, 'expected a whole number as a string'),
    den: z.string().regex(POSITIVE, 'expected a positive whole number as a string'),
  })
  .strict();

export const DistributedNoiseRecord = z
  .object({
    mechanism: z.literal(DISTRIBUTED_DISCRETE_GAUSSIAN),
    /** Kairouz, Liu & Steinke 2021, Proposition 14. */
    reference: z.string().min(1),
    nodes: z.number().int().min(1),
    /** How many shares the guarantee counts on (secure aggregation threshold minus tolerated colluders). */
    honest: z.number().int().min(1),
    /** σ² of every node's share, exactly. */
    sigma2: RationalJson,
    query: z
      .object({
        l1: z.number().nonnegative().finite(),
        l2: z.number().nonnegative().finite(),
        dimension: z.number().int().min(1),
      })
      .strict(),
    tau: z.number().nonnegative().finite(),
    /** The zCDP ρ of the released sum: what every site records in its own ledger for this round. */
    rhoPerSite: z.number().positive().finite(),
  })
  .strict()
  .superRefine((record, ctx) => {
    if (record.honest > record.nodes)
      ctx.addIssue({
        code: 'custom',
        path: ['honest'],
        message: `honest cannot exceed nodes (${record.nodes})`,
      });
    // The field checks above have already reported a malformed σ²; nothing more to check without it.
    if (!WHOLE.test(record.sigma2.num) || !POSITIVE.test(record.sigma2.den)) return;
    const sigma2 = toNumber(recordSigma2(record));
    if (!(sigma2 > 0)) {
      ctx.addIssue({ code: 'custom', path: ['sigma2'], message: 'σ² must be positive' });
      return;
    }
    if (record.honest > 1 && sigma2 < MIN_SHARE_SIGMA2)
      ctx.addIssue({
        code: 'custom',
        path: ['sigma2'],
        message: 'σ² must be at least 1/4 for a sum of shares',
      });
    // Below σ² = 1/4 only one honest share is valid (a plain discrete Gaussian, any σ), and its ρ
    // must be re-derived too: skipping it would let a record claim any ρ for the smallest noise.
    const invalidSum = record.honest > 1 && sigma2 < MIN_SHARE_SIGMA2;
    if (record.query.l2 > record.query.l1 || record.honest > record.nodes || invalidSum) return;
    const rho = distributedGaussianRho({ ...record.query, sigma2, nodes: record.honest });
    // The stored ρ must be at least what the parameters give (up to the last bits of a JSON round trip).
    if (record.rhoPerSite < rho * (1 - 1e-12))
      ctx.addIssue({
        code: 'custom',
        path: ['rhoPerSite'],
        message: `rhoPerSite ${record.rhoPerSite} is below the ρ = ${rho} that σ², honest and the query give`,
      });
  });
export type DistributedNoiseRecord = z.infer<typeof DistributedNoiseRecord>;

export function distributedNoiseRecord(share: NodeShare, query: QuerySensitivity): DistributedNoiseRecord {
  return DistributedNoiseRecord.parse({
    mechanism: DISTRIBUTED_DISCRETE_GAUSSIAN,
    reference: 'Kairouz, Liu & Steinke (2021), Proposition 14',
    nodes: share.nodes,
    honest: share.honest,
    sigma2: { num: share.sigma2.num.toString(), den: share.sigma2.den.toString() },
    query: { l1: query.l1, l2: query.l2, dimension: query.dimension },
    tau: share.tau,
    rhoPerSite: share.rho,
  });
}

/** Reads a stored record; a damaged or inconsistent one is refused with every problem named. */
export function readDistributedNoiseRecord(json: unknown, file?: string): DistributedNoiseRecord {
  const parsed = DistributedNoiseRecord.safeParse(json);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map(
    (issue) => `${issue.path.join('.') || 'record'}: ${issue.message}`,
  );
  throw new ModelError(file ? { file } : {}, `not a valid distributed noise record: ${problems.join('; ')}`);
}

/** The share's σ² as the exact rational the sampler takes. */
export function recordSigma2(record: Pick<DistributedNoiseRecord, 'sigma2'>): Rational {
  return rational(BigInt(record.sigma2.num), BigInt(record.sigma2.den));
}
