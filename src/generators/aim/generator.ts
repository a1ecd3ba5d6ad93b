/**
 * The `aim` generator behind the measure/estimate contract (src/generators/generator.ts): `measure`
 * runs AIM's rounds on the table (the only step that reads it) and releases the noisy marginals and
 * the spend; `estimate` fits the graphical model to those measurements and the public schema alone.
 */
import { ModelError, UsageError } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';
import type { Schema } from '../../data/schema.js';
import { type Column, codeColumn, MISSING_CODE, numberColumn, Table } from '../../data/table.js';
import { exponentialMechanismRho, zcdpRho } from '../../privacy/zcdp.js';
import {
  type FittedModel,
  fitByMeasuring,
  type MeasuredGenerator,
  type MeasureInput,
  READS_NOTHING,
} from '../generator.js';
import { type Domain, domainFromSchema } from '../measure/domain.js';
import { decodeCodes, encodeTable } from '../measure/encode.js';
import { inDomainOrder } from '../measure/measurements.js';
import { orderWithinBins } from '../measure/order-within-bins.js';
import { estimate } from '../pgm/estimate.js';
import { withEvidentPairs } from '../pgm/evident-pairs.js';
import type { GraphicalModel } from '../pgm/model.js';
import { modelFromParams, paramsOf } from '../pgm/params.js';
import { sampleCodes } from '../pgm/sample.js';
import { modelledColumns } from '../prepare.js';
import { AIM_ESTIMATOR_VERSION, AimMeasurements, AimOptions, AimParams } from './options.js';
import { runAim } from './run-aim.js';
import { clinicalWorkload } from './workload.js';

/**
 * Each fit is given ρ shrunk by this factor, so that floating-point rounding in adding up the
 * rounds' ρ never takes the spend past the budget the ledger recorded.
 */
const BUDGET_MARGIN = 1 - 2 ** -30;

export function aimMeasure({ table, schema, privacy }: MeasureInput, options: AimOptions): AimMeasurements {
  const domain = domainFromSchema(schema, { bins: options.bins });
  if (domain.attributes.length < 2)
    throw new UsageError(`aim needs at least 2 modelled columns, the schema has ${domain.attributes.length}`);
  const rhoBudget = zcdpRho(privacy.epsilon, privacy.delta);
  const workload = clinicalWorkload(schema, domain, { riskFactors: options.riskFactors });
  const flags = mutationFlags(schema, domain);
  const modelled = new Set(domain.attributes.map((a) => a.name));
  const endpoints = schema.endpoints
    .filter((e) => modelled.has(e.time) && modelled.has(e.event))
    .map((e) => inDomainOrder(domain, [e.time, e.event]));
  const result = runAim(
    encodeTable(table, domain),
    domain,
    workload,
    { rho: rhoBudget * BUDGET_MARGIN },
    privacy.bits,
    {
      maxModelSize: options.maxModelSize,
      rounds: options.rounds,
      roundIterations: options.roundIterations,
      finalIterations: options.finalIterations,
      anchors:
        endpoints.length > 0 && options.endpointShare > 0
          ? { queries: endpoints, share: options.endpointShare }
          : undefined,
      coOccurrence:
        flags.length >= 3 && options.coMutationShare > 0
          ? { flags, clip: options.coMutationClip, share: options.coMutationShare }
          : undefined,
    },
  );
  const selectionEpsilons = result.log.slice(1).map((r) => r.epsilon);
  const selection = selectionEpsilons.reduce((s, e) => s + exponentialMechanismRho(e), 0);
  return {
    measured: result.measurements,
    privacy: {
      mechanism: 'aim: discrete Gaussian marginals + exponential mechanism (zCDP)',
      epsilon: privacy.epsilon,
      delta: privacy.delta,
      rhoBudget,
      rhoSpent: { measurements: result.spent - selection, selection },
      selectionEpsilons,
    },
  };
}

export function aimEstimate(measured: AimMeasurements, schema: Schema, options: AimOptions): GraphicalModel {
  domainOf(measured, schema, options);
  return estimate(withEvidentPairs(measured.measured), { maxIterations: options.finalIterations }).model;
}

/** The "mutated" state of every mutation-role column: a boolean's true, a categorical's '1'. */
function mutationFlags(schema: Schema, domain: Domain): Array<{ attribute: string; state: number }> {
  const mutations = new Set(schema.columns.filter((c) => c.role === 'mutation').map((c) => c.name));
  return domain.attributes.flatMap((a) => {
    if (!mutations.has(a.name) || a.type !== 'categorical') return [];
    const state = a.kind === 'boolean' ? 1 : a.levels.indexOf('1');
    return state >= 0 ? [{ attribute: a.name, state }] : [];
  });
}

function domainOf(measured: AimMeasurements, schema: Schema, options: AimOptions): Domain {
  const domain = domainFromSchema(schema, { bins: options.bins });
  if (measured.measured.domain.hash !== domain.hash)
    throw new ModelError(
      {},
      'the measurements were taken on another domain than this schema and binning give (categories, bounds or bins differ)',
    );
  return domain;
}

/** Sampled codes as rows: values drawn within their bins, ordered times kept in order, derived columns missing. */
function decodeRows(codes: readonly Int32Array[], domain: Domain, schema: Schema, rng: Rng): Table {
  const decoded = orderWithinBins(decodeCodes(codes, domain, rng.split('values')), schema, domain);
  const rows = codes[0]?.length ?? 0;
  return new Table(
    modelledColumns(schema).map((name): [string, Column] => {
      if (decoded.has(name)) return [name, decoded.column(name)];
      const spec = schema.columns.find((s) => s.name === name);
      return [
        name,
        spec?.kind === 'categorical' || spec?.kind === 'boolean'
          ? codeColumn(new Int32Array(rows).fill(MISSING_CODE), spec.categories ?? ['0', '1'])
          : numberColumn(new Float64Array(rows).fill(Number.NaN)),
      ];
    }),
  );
}

function fittedModel(
  params: AimParams,
  model: GraphicalModel,
  domain: Domain,
  schema: Schema,
): FittedModel<AimParams> {
  return {
    params,
    sample: ({ rows, rng }) => decodeRows(sampleCodes(model, rows, rng.split('codes')), domain, schema, rng),
  };
}

function estimated(
  measurements: AimMeasurements,
  schema: Schema,
  options: AimOptions,
): FittedModel<AimParams> {
  const domain = domainOf(measurements, schema, options);
  const model = aimEstimate(measurements, schema, options);
  return fittedModel(
    { measurements, estimator: AIM_ESTIMATOR_VERSION, model: paramsOf(model) },
    model,
    domain,
    schema,
  );
}

export const aimGenerator: MeasuredGenerator<AimOptions, AimParams, AimMeasurements> = {
  name: 'aim',
  summary:
    'AIM (McKenna et al. 2022): noisy marginals chosen round by round for a clinical workload, a graphical model fitted to them',
  capabilities: {
    // Each round's choice is made on the pooled data; a hub would need every site's scores summed.
    federable: false,
    differentialPrivacy: true,
    // No fixed `rounds`: after the 1-way round, one round per selected marginal, as many as the
    // annealing leaves budget for (31 on the simulated AML cohort at ε = 1).
    pipelineReads: READS_NOTHING,
  },
  options: AimOptions,
  paramsSchema: AimParams,
  measurementsSchema: AimMeasurements,
  measure: aimMeasure,
  estimate: estimated,
  fit: fitByMeasuring('aim', aimMeasure, estimated),
  restore: (params, schema, options) => {
    // A model from another estimator version is re-estimated from its measurements: no new spend.
    if (params.estimator !== AIM_ESTIMATOR_VERSION || !params.model)
      return estimated(params.measurements, schema, options);
    return fittedModel(
      params,
      modelFromParams(params.model),
      domainOf(params.measurements, schema, options),
      schema,
    );
  },
};
