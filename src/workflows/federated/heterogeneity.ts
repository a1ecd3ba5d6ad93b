/**
 * `heterogeneityProtocol`: before a federated fit, the hub reports how the centres differ (age mix,
 * treatment habits, a laboratory writing another unit), from aggregates only. Two phases:
 *
 * 1. 'pooled' (secure sum): every site's counts of every compared column on a public binning from
 *    the schema (`heterogeneity-layout.ts`), and its row count; the hub learns only their sums.
 * 2. 'shifts' (shareable): the hub sends the pooled counts back; each site sets its own counts
 *    against the others' (pooled minus its own, so it is not compared with itself) and answers,
 *    per column, summary statistics only (`heterogeneity-statistics.ts`), and its row count
 *    rounded to the nearest 10.
 *
 * Then the hub makes the report (`heterogeneity-report.ts`) from the answers and the public
 * thresholds.
 *
 * Why the row count is rounded: the coordinator needs a centre's size to weigh its statistics, not
 * its exact count; an exact count times an exact share is an exact cell count, and exact counts
 * from two jobs a week apart tell, by their difference, what the patients admitted between them
 * are like. To the nearest 10 keeps every centre's size within 5 % at 100 patients.
 *
 * At least three sites: with two, the pooled counts minus a site's own are the other site's
 * counts, in the clear at that site; the hub aborts after the sum, before sending it back.
 */
import * as z from 'zod';
import { DataError } from '../../core/errors.js';
import { Schema } from '../../data/schema.js';
import type { Table } from '../../data/table.js';
import { ValidateOptions } from '../../validate/options.js';
import { conformToJob } from './conform-site.js';
import { type HeterogeneityLayout, heterogeneityLayout, siteCounts } from './heterogeneity-layout.js';
import {
  type HeterogeneityReport,
  HeterogeneityThresholds,
  heterogeneityReport,
  KNOWN_CONVERSIONS,
  PREFIX_FACTORS,
  ROWS_ROUNDING,
  ShiftAnswer,
  UnitConversion,
} from './heterogeneity-report.js';
import { columnShifts } from './heterogeneity-statistics.js';
import { packCounts, packedCountLimit, unpackCounts } from './marginals-layout.js';
import type { FederatedProtocol, PhasePlan } from './protocol.js';

/** Fewer sites and the pooled counts minus one site's are another site's own. */
export const MIN_HETEROGENEITY_SITES = 3;

export const HeterogeneityParameters = z
  .object({
    /** The consortium schema every site's table conforms to; the binning comes from it alone. */
    schema: Schema,
    /** Counts of a site's patients below this never appear as a share (the validation report's rule). */
    smallCell: ValidateOptions.shape.smallCell,
    thresholds: HeterogeneityThresholds.prefault({}),
    /** Unit conversions checked against a column's declared unit. */
    conversions: z.array(UnitConversion).default(() => [...KNOWN_CONVERSIONS]),
    /** Factors checked against every numeric column: a wrong decimal prefix. */
    prefixFactors: z.array(z.number().gt(1).finite()).default(() => [...PREFIX_FACTORS]),
  })
  .strict();
export type HeterogeneityParameters = z.output<typeof HeterogeneityParameters>;

const PooledInput = z.object({ maxSiteRows: z.number().int().positive() }).strict();
const ShiftsInput = z.object({ pooled: z.array(z.number().int().nonnegative()) }).strict();

interface Prepared {
  readonly layout: HeterogeneityLayout;
  /** The schema without bounds, to conform a site's table by: see `siteTable`. */
  readonly unbounded: Schema;
}

const prepared = new WeakMap<Schema, Prepared>();

function prepare(schema: Schema): Prepared {
  const known = prepared.get(schema);
  if (known) return known;
  const unbounded = {
    ...schema,
    columns: schema.columns.map(({ min: _min, max: _max, ...spec }) => spec),
  };
  const made = { layout: heterogeneityLayout(schema), unbounded };
  prepared.set(schema, made);
  return made;
}

function layoutOf(schema: Schema): HeterogeneityLayout {
  return prepare(schema).layout;
}

/**
 * The site's table as the schema describes it (kinds, categories, booleans, missingness), as every
 * protocol conforms it, but with values beyond the declared bounds kept: a lab in another unit lies
 * there, and this protocol is the one that must report it rather than decline.
 */
function siteTable(table: Table, schema: Schema): Table {
  const { layout, unbounded } = prepare(schema);
  return conformToJob(
    table,
    unbounded,
    layout.columns.map((c) => c.name),
  );
}

/** Ring entries of the pooled phase: two counts per entry (see `packCounts`). */
function ringEntries(layout: HeterogeneityLayout): number {
  return Math.ceil(layout.length / 2);
}

export const heterogeneityProtocol: FederatedProtocol<HeterogeneityParameters, HeterogeneityReport> = {
  name: 'heterogeneity',
  parameters: HeterogeneityParameters,
  shareable: ShiftAnswer,

  firstPhase(parameters, sites) {
    return {
      name: 'pooled',
      kind: 'secure-sum',
      input: { maxSiteRows: packedCountLimit(sites.length) },
      length: ringEntries(layoutOf(parameters.schema)),
    };
  },

  next(parameters, phases) {
    const layout = layoutOf(parameters.schema);
    const [pooled, shifts] = phases;
    if (pooled?.result.kind !== 'secure-sum')
      throw new DataError({}, "the heterogeneity job's first phase must be the pooled secure sum");
    const counts = unpackCounts(pooled.result.sum, layout.length);
    if (!shifts) {
      const included = pooled.result.included;
      if (included.length < MIN_HETEROGENEITY_SITES)
        throw new DataError(
          {},
          `the pooled counts hold ${included.length} sites; heterogeneity needs at least ${MIN_HETEROGENEITY_SITES}, or the pooled counts minus a site's own would be another site's`,
        );
      return {
        name: 'shifts',
        kind: 'shareable',
        input: { pooled: Array.from(counts) },
        sites: included,
      } satisfies PhasePlan;
    }
    if (shifts.result.kind !== 'shareable')
      throw new DataError({}, "the heterogeneity job's second phase must be the shareable shifts");
    const answers = Object.fromEntries(
      Object.entries(shifts.result.answers).map(([site, answer]) => [site, ShiftAnswer.parse(answer)]),
    );
    return {
      result: heterogeneityReport(layout, parameters, counts[0], pooled.result.included, answers),
    };
  },

  answer(parameters, plan, site) {
    const layout = layoutOf(parameters.schema);
    const own = siteCounts(siteTable(site.table, parameters.schema), layout);
    if (plan.name === 'pooled') {
      const { maxSiteRows } = PooledInput.parse(plan.input);
      return packCounts(own, maxSiteRows);
    }
    if (plan.name !== 'shifts') throw new DataError({}, `the heterogeneity job has no phase '${plan.name}'`);
    const { pooled } = ShiftsInput.parse(plan.input);
    if (pooled.length !== layout.length || pooled.some((count, k) => count < own[k]))
      throw new DataError(
        {},
        "the pooled counts the hub sent do not hold this site's own: the site declines to compare",
      );
    return {
      rows: ROWS_ROUNDING * Math.round(own[0] / ROWS_ROUNDING),
      columns: columnShifts(layout, own, pooled, parameters.smallCell),
    } satisfies ShiftAnswer;
  },
};
