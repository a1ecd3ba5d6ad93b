/**
 * Replication of declared analyses: a JSON file names analyses (an endpoint, a grouping for a
 * log-rank test, terms for a Cox model) that are run on both tables and their conclusions compared.
 * Read through `ReplicationSpec` (the validation option `replication`).
 */
import * as z from 'zod';
import { DataError, StatisticsError } from '../../core/errors.js';
import type { Schema } from '../../data/schema.js';
import type { Table } from '../../data/table.js';
import { survivalInput } from '../../survival/index.js';
import type { Skipped } from '../types.js';
import { timeUnit } from './align.js';
import { givenCovariates } from './covariates.js';
import { compareCox, fitCoxCoded } from './cox-agreement.js';
import { coxDesign } from './cox-design.js';
import { compareStrata, groupLevels } from './stratified.js';
import type { Endpoint } from './survival-agreement.js';
import type { ReplicationResult } from './types.js';

export const ReplicationAnalysis = z
  .object({
    name: z.string().min(1),
    /** An endpoint's name, as in the schema or the validation's endpoints. */
    endpoint: z.string().min(1),
    /** A categorical or boolean column: log-rank across its groups. */
    groupBy: z.string().min(1).optional(),
    /** Cox model terms (numbers as they are, categories dummy-coded against their first level). */
    cox: z.array(z.string().min(1)).min(1).optional(),
  })
  .strict()
  .refine((a) => a.groupBy !== undefined || a.cox !== undefined, {
    message: 'an analysis needs groupBy, cox or both',
  });

export const ReplicationSpec = z.object({ analyses: z.array(ReplicationAnalysis).min(1) }).strict();

export type ReplicationAnalysis = z.infer<typeof ReplicationAnalysis>;
export type ReplicationSpec = z.infer<typeof ReplicationSpec>;

export interface ReplicationOutcome {
  readonly results: ReplicationResult[];
  readonly skipped: Skipped[];
}

export function replicate(
  spec: ReplicationSpec,
  real: Table,
  synthetic: Table,
  endpoints: readonly Endpoint[],
  schema: Schema,
  alpha: number,
  smallCell: number,
): ReplicationOutcome {
  const results: ReplicationResult[] = [];
  const skipped: Skipped[] = [];
  for (const analysis of spec.analyses) {
    const metric = `replication:${analysis.name}`;
    const endpoint = endpoints.find((e) => e.name === analysis.endpoint);
    if (!endpoint) {
      const known = endpoints.map((e) => `'${e.name}'`).join(', ') || 'none';
      skipped.push({ metric, reason: `no endpoint named '${analysis.endpoint}' (endpoints: ${known})` });
      continue;
    }
    try {
      results.push(run(analysis, real, synthetic, endpoint, schema, alpha, smallCell));
    } catch (error) {
      if (!(error instanceof StatisticsError || error instanceof DataError)) throw error;
      skipped.push({ metric, reason: error.message });
    }
  }
  return { results, skipped };
}

function run(
  analysis: ReplicationAnalysis,
  real: Table,
  synthetic: Table,
  endpoint: Endpoint,
  schema: Schema,
  alpha: number,
  smallCell: number,
): ReplicationResult {
  const conclusions: number[] = [];
  let logrank: ReplicationResult['logrank'];
  if (analysis.groupBy) {
    const column = analysis.groupBy;
    if (!real.has(column)) throw new DataError({ column }, 'groupBy names a column the data does not have');
    const levels = groupLevels(real, column, survivalInput(real, endpoint).rows);
    if (!levels)
      throw new StatisticsError('groupBy needs a categorical column with 2–6 well-filled levels', { column });
    logrank = compareStrata(
      real,
      synthetic,
      endpoint,
      { column, levels },
      alpha,
      timeUnit(endpoint.time, schema),
      smallCell,
    );
    if (!logrank) throw new StatisticsError('no events to compare in one of the tables', { column });
    conclusions.push(Number(logrank.agrees));
  }
  let cox: ReplicationResult['cox'];
  if (analysis.cox) {
    const design = coxDesign(real, schema, endpoint, analysis.cox, smallCell);
    cox = compareCox(
      fitCoxCoded(real, endpoint, design),
      fitCoxCoded(synthetic, endpoint, design),
      endpoint.name,
      {
        alpha,
        schema,
        covariates: givenCovariates(schema, analysis.cox, `declared in the analysis '${analysis.name}'`),
        design,
      },
    );
    conclusions.push(cox.agreement);
  }
  const agreement = conclusions.length ? conclusions.reduce((a, b) => a + b, 0) / conclusions.length : 0;
  return {
    name: analysis.name,
    endpoint: endpoint.name,
    ...(logrank ? { logrank } : {}),
    ...(cox ? { cox } : {}),
    agreement,
  };
}
