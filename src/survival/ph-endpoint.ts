/**
 * A survival endpoint as a generative model: the time and its status drawn jointly given the
 * covariates, from one proportional-hazards model per status value (`competing-hazards.ts`).
 * Fitting: for each status value c ("died", "censored", …), a ridge-penalised Cox model of the
 * hazard of leaving by c (`ridge-cox.ts`), then its Breslow baseline pooled into intervals
 * (`piecewise-hazard.ts`). Sampling a row: the probability of each status given its covariates,
 * then the time given the status — the two steps of a sequential synthesiser.
 *
 * What the parameters hold: regression coefficients and a baseline hazard per interval of at least
 * `minExits` exits — aggregates, like a published Cox table and Kaplan–Meier curve, and no single
 * patient's values.
 */
import * as z from 'zod';
import type { Rng } from '../core/rng.js';
import { CompetingHazards } from './competing-hazards.js';
import {
  CompiledDesign,
  type CovariateColumn,
  DesignTerm,
  designColumns,
  designMismatch,
  designTerms,
} from './ph-design.js';
import { breslowPiecewise } from './piecewise-hazard.js';
import { ridgeCox } from './ridge-cox.js';

export const CauseHazard = z
  .object({
    /** Log hazard ratio per design term. */
    coef: z.array(z.number()),
    /** Baseline: interval ends (ascending) and the hazard on each interval; both empty without exits. */
    knots: z.array(z.number().min(0)),
    rates: z.array(z.number().min(0)),
  })
  .strict()
  .refine((c) => (c.knots.length === 0 ? c.rates.length === 0 : c.rates.length === c.knots.length - 1), {
    message: 'a baseline needs one rate per interval',
  })
  .refine((c) => c.knots.every((t, i) => i === 0 || t > c.knots[i - 1]), {
    message: 'baseline interval ends must increase',
  });

export const PhEndpointParams = z
  .object({
    terms: z.array(DesignTerm),
    /** One model per status value, in the order of the status codes. */
    causes: z.array(CauseHazard).min(1),
    /** The status of a row still at risk at the end of follow-up (censored). */
    residual: z.number().int().min(0),
  })
  .strict();

export type PhEndpointParams = z.infer<typeof PhEndpointParams>;

export interface PhEndpointInput {
  readonly time: Float64Array;
  /** The status as 0..causes−1; −1 leaves the row out. */
  readonly status: Int32Array;
  readonly causes: number;
  readonly covariates: readonly CovariateColumn[];
  /** Ridge penalty λ on the design's scale (per SD of a number, per indicator). */
  readonly penalty: number;
  /** Fewest exits per baseline interval. */
  readonly minExits: number;
  readonly residual: number;
  /** Status values whose hazard ignores the covariates (e.g. censoring assumed independent). */
  readonly plain?: readonly number[];
}

/**
 * Beyond this many rows the models are fitted on every k-th row, deterministically: 100,000
 * patients estimate the log hazard ratio of a 6 % flag to about ±0.02, and a million rows would
 * cost ten times the fitting time (it is linear in the rows) for no gain a synthetic sample shows.
 */
const MAX_FIT_ROWS = 100_000;

export function fitPhEndpoint(input: PhEndpointInput): PhEndpointParams {
  const rows: number[] = [];
  const stride = Math.ceil(input.time.length / MAX_FIT_ROWS);
  for (let row = 0; row < input.time.length; row += stride)
    if (input.status[row] >= 0 && Number.isFinite(input.time[row])) rows.push(row);
  const kept = Uint32Array.from(rows);
  const terms = designTerms(input.covariates, kept);
  const x = designColumns(terms, input.covariates, kept);
  const time = Float64Array.from(kept, (row) => input.time[row]);
  const causes = Array.from({ length: input.causes }, (_, c) => {
    const exit = Uint8Array.from(kept, (row) => (input.status[row] === c ? 1 : 0));
    if (!exit.includes(1)) return { coef: terms.map(() => 0), knots: [], rates: [] };
    const coef = input.plain?.includes(c)
      ? new Float64Array(terms.length)
      : ridgeCox(time, exit, x, { penalty: input.penalty }).coef;
    const eta = new Float64Array(kept.length);
    for (let j = 0; j < terms.length; j++) for (let i = 0; i < eta.length; i++) eta[i] += coef[j] * x[j][i];
    return { coef: Array.from(coef), ...breslowPiecewise(time, exit, eta, input.minExits) };
  });
  return { terms, causes, residual: input.residual };
}

/** A fitted endpoint ready to sample. */
export class PhEndpoint {
  private readonly hazards: CompetingHazards;
  private readonly coef: Float64Array;
  private readonly x: Float64Array;
  private readonly design: CompiledDesign;

  /** `kinds[i]`: whether covariate i holds numbers or codes; a mismatch with the design throws. */
  constructor(
    readonly params: PhEndpointParams,
    kinds: ReadonlyArray<'number' | 'code'>,
  ) {
    const mismatch = designMismatch(params.terms, kinds);
    if (mismatch) throw new RangeError(mismatch);
    if (params.residual >= params.causes.length)
      throw new RangeError('the residual status is not one of the causes');
    const p = params.terms.length;
    if (params.causes.some((c) => c.coef.length !== p))
      throw new RangeError('one coefficient per design term is needed');
    this.coef = Float64Array.from(params.causes.flatMap((c) => c.coef));
    this.x = new Float64Array(p);
    this.design = new CompiledDesign(params.terms);
    this.hazards = new CompetingHazards(params.causes, params.residual);
  }

  get causes(): number {
    return this.params.causes.length;
  }

  /** The end of follow-up: no drawn time exceeds it. */
  get end(): number {
    return this.hazards.end;
  }

  /** exp(η_c) of row `row` for every status value c, into `out`. */
  risks(columns: readonly CovariateColumn[], row: number, out: Float64Array): void {
    const p = this.x.length;
    this.design.values(columns, row, this.x);
    for (let c = 0; c < out.length; c++) {
      let eta = 0;
      for (let j = 0; j < p; j++) eta += this.coef[c * p + j] * this.x[j];
      out[c] = Math.exp(Math.min(eta, 700));
    }
  }

  /** P(status = c | covariates) for every c, from the row's `risks`. */
  probabilities(risk: Float64Array, out: Float64Array): void {
    this.hazards.probabilities(risk, out);
  }

  /** The time of a row with status `status`, drawn given its `risks`. */
  drawTime(risk: Float64Array, status: number, rng: Rng): number {
    return this.hazards.drawTime(risk, status, rng);
  }
}
