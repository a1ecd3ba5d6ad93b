/**
 * Survival endpoints drawn from proportional-hazards models given the baseline columns
 * (`survival: 'cox'`). The copula ties a survival time to each covariate through one latent
 * correlation; a covariate that matters through a derived column does not survive that: ELN 2022
 * risk is recomputed from the synthetic genetics after sampling, and the copula's own draw of it
 * agrees with the recomputed one in about half of the simulated AML patients, so the survival
 * drawn beside the copula's risk group lands on another group (adverse against favourable: log
 * hazard ratio 1.19 real, 0.38 synthetic). Here, once every other column is decoded and the
 * derived columns computed, each endpoint's status and time are drawn from one Cox model per status
 * value on the baseline columns (`survival/ph-endpoint.ts`, `survival/ph-status.ts`: not outcomes
 * such as response or relapse, which in the clinic and in the data follow survival rather than
 * cause it); then the outcomes modelled jointly with the status are drawn again to agree with it
 * (`survival-outcomes.ts`); then the columns bounded by the time (rfs_days <= os_days, kept as
 * fractions of it) are multiplied out, so they stay within their bound.
 *
 * An endpoint is modelled so when no rule bounds its time by another column and its columns
 * qualify; otherwise, and for a sample whose conditions name the endpoint or its outcomes, the
 * copula draws it as before. The hazard models are aggregates (coefficients, and baselines pooled
 * over intervals of `MIN_EXITS` exits or more), as the rest of the copula's parameters are; they
 * need row-level data to fit, so a federated fit would need the Cox models fitted by federated
 * Newton steps (sums of scores and information matrices across centres).
 */
import * as z from 'zod';
import type { Rng } from '../../core/rng.js';
import { boundedAbove } from '../../data/rules.js';
import type { Condition, Schema } from '../../data/schema.js';
import { type Column, codeColumn, numberColumn, Table } from '../../data/table.js';
import { applyDerivations } from '../../domain/derivations.js';
import { fitPhEndpoint, PhEndpoint, PhEndpointParams } from '../../survival/ph-endpoint.js';
import { outcomeColumns, statusCoding } from '../../survival/ph-status.js';
import type { CopulaParams } from './params.js';
import { OutcomeGroup } from './survival-outcomes.js';

/** Fewest exits behind each interval of a baseline hazard (as a copula stratum's minimum size). */
const MIN_EXITS = 20;
/** Ridge penalty on each log hazard ratio (per SD of a number, per indicator). */
const PENALTY = 1;

export const SurvivalModel = z
  .object({
    status: z.string().min(1),
    time: z.string().min(1),
    stored: z.enum(['code', 'number']),
    levels: z.array(z.string()).min(1),
    /** Whether the time is drawn as a whole number. */
    integer: z.boolean(),
    covariates: z.array(z.object({ name: z.string().min(1), type: z.enum(['code', 'number']) }).strict()),
    hazards: PhEndpointParams,
  })
  .strict();

export type SurvivalModel = z.infer<typeof SurvivalModel>;

export function planSurvival(table: Table, schema: Schema): SurvivalModel[] {
  const outcomes = outcomeColumns(schema);
  for (const c of schema.columns) if (c.role === 'id') outcomes.add(c.name);
  for (const e of schema.endpoints) outcomes.add(e.time).add(e.event);
  const covariates = table.names.filter((name) => !outcomes.has(name));
  const out: SurvivalModel[] = [];
  for (const endpoint of schema.endpoints) {
    if (!table.has(endpoint.time) || !table.has(endpoint.event) || boundedAbove(schema, endpoint.time))
      continue;
    const time = table.column(endpoint.time);
    const coding = statusCoding(time, table.column(endpoint.event), endpoint.eventValue);
    if (!coding || time.type !== 'number') continue;
    const kind = schema.columns.find((c) => c.name === endpoint.time)?.kind;
    const hazards = fitPhEndpoint({
      time: time.values,
      status: coding.codes,
      causes: coding.levels.length,
      covariates: covariates.map((name) => table.column(name)),
      penalty: PENALTY,
      minExits: MIN_EXITS,
      residual: coding.residual,
    });
    out.push({
      status: endpoint.event,
      time: endpoint.time,
      stored: coding.stored,
      levels: [...coding.levels],
      integer:
        kind === 'integer' ||
        kind === 'date' ||
        time.values.every((v) => Number.isNaN(v) || Number.isInteger(v)),
      covariates: covariates.map((name) => ({ name, type: table.column(name).type })),
      hazards,
    });
  }
  return out;
}

interface Endpoint {
  readonly model: SurvivalModel;
  readonly hazards: PhEndpoint;
  /** The joint group holding the status, drawn again to agree with the drawn time. */
  readonly outcomes: OutcomeGroup | null;
  /** Columns a condition must not name for this endpoint to be drawn here. */
  readonly columns: ReadonlySet<string>;
}

/** Draws the endpoints of decoded rows from their hazard models. */
export class SurvivalDraws {
  private readonly endpoints: Endpoint[];

  constructor(
    models: readonly SurvivalModel[],
    params: CopulaParams,
    private readonly schema: Schema,
  ) {
    this.endpoints = models.map((model) => {
      const hazards = new PhEndpoint(
        model.hazards,
        model.covariates.map((c) => c.type),
      );
      const group = params.structure.joint.find((g) => g.members.some((m) => m.name === model.status));
      const outcomes = group ? new OutcomeGroup(params, group, model.status, model.time) : null;
      const columns = new Set([
        model.status,
        model.time,
        ...(group ? [group.column, ...group.members.map((m) => m.name)] : []),
      ]);
      return { model, hazards, outcomes, columns };
    });
  }

  /**
   * Recomputes the derived columns and draws each endpoint's status and time in `columns`, in
   * place, keeping the pair missing where the copula left either missing; then its outcome group.
   * An endpoint a condition names is left as the copula drew it. Returns the joint columns redrawn.
   */
  draw(
    columns: Map<string, Column>,
    names: readonly string[],
    where: readonly Condition[],
    rng: Rng,
  ): string[] {
    const active = this.endpoints.filter((e) => !where.some((c) => e.columns.has(c.column)));
    if (active.length === 0) return [];
    const derived = applyDerivations(new Table(names.map((n) => [n, columns.get(n)!] as const)), this.schema);
    for (const rule of this.schema.rules)
      if (rule.type === 'derived' && derived.has(rule.column))
        columns.set(rule.column, derived.column(rule.column));
    const redrawn: string[] = [];
    for (const endpoint of active) {
      const e = this.endpoints.indexOf(endpoint);
      const { codes, times } = drawEndpoint(endpoint, columns, rng.split(e));
      const { model } = endpoint;
      columns.set(model.time, numberColumn(times));
      columns.set(
        model.status,
        model.stored === 'code'
          ? codeColumn(codes, model.levels)
          : numberColumn(Float64Array.from(codes, (c) => (c < 0 ? Number.NaN : Number(model.levels[c])))),
      );
      if (!endpoint.outcomes) continue;
      const combined = columns.get(endpoint.outcomes.column) as Extract<Column, { type: 'code' }>;
      const levels = rng.split(`outcomes ${e}`);
      endpoint.outcomes.redraw(combined, codes, times, () => levels.uniform());
      redrawn.push(endpoint.outcomes.column);
    }
    return redrawn;
  }
}

function drawEndpoint(endpoint: Endpoint, columns: ReadonlyMap<string, Column>, rng: Rng) {
  const { model, hazards } = endpoint;
  const covariates = model.covariates.map((c) => columns.get(c.name)!);
  const status = columns.get(model.status)!;
  const time = columns.get(model.time) as Extract<Column, { type: 'number' }>;
  const codes = new Int32Array(time.values.length);
  const times = new Float64Array(time.values.length);
  const risk = new Float64Array(model.levels.length);
  const p = new Float64Array(model.levels.length);
  for (let row = 0; row < times.length; row++) {
    const missing =
      Number.isNaN(time.values[row]) ||
      (status.type === 'code' ? status.codes[row] < 0 : Number.isNaN(status.values[row]));
    if (missing) {
      codes[row] = -1;
      times[row] = Number.NaN;
      continue;
    }
    hazards.risks(covariates as never, row, risk);
    hazards.probabilities(risk, p);
    codes[row] = rng.categorical(p);
    const t = hazards.drawTime(risk, codes[row], rng);
    times[row] = model.integer ? Math.round(t) : t;
  }
  return { codes, times };
}
