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
 * With `harmonise`, each site also checks its cells' text against the consortium schema (labels
 * spelled otherwise, date formats, decimal marks: `harmoniseFindings` of interop/harmonise) and adds
 * the findings to its shifts answer — a label named only as a spelling of a level held by k rows or
 * more (k never below `SITE_MIN_NAMED_ROWS`), free text never, every count to the nearest 10, date
 * and decimal findings only from k rows, never a row. A site whose typed table does not fit the
 * schema counts its text instead of declining (cells that do not read as missing, a column that
 * mostly does not read blanked whole), so that a centre whose export differs still takes part and
 * learns why. Units come from the median ratios as always; the report adds every finding and a
 * proposed mapping (`heterogeneity-harmonise.ts`) each centre confirms and applies to its own table.
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
import { DataError, InputError } from '../../core/errors.js';
import { allowingMissing, Schema } from '../../data/schema.js';
import type { Table } from '../../data/table.js';
import { harmoniseFindings } from '../../interop/harmonise/check.js';
import type { Finding } from '../../interop/harmonise/findings.js';
import { readableCells } from '../../interop/harmonise/readable.js';
import { PREFIX_FACTORS } from '../../interop/harmonise/units.js';
import { ValidateOptions } from '../../validate/options.js';
import { conformToJob } from './conform-site.js';
import { harmoniseSection } from './heterogeneity-harmonise.js';
import { type HeterogeneityLayout, heterogeneityLayout, siteCounts } from './heterogeneity-layout.js';
import {
  type HeterogeneityReport,
  HeterogeneityThresholds,
  heterogeneityReport,
  ROWS_ROUNDING,
  ShiftAnswer,
  UnitConversion,
} from './heterogeneity-report.js';
import { columnShifts } from './heterogeneity-statistics.js';
import { packCounts, packedCountLimit, unpackCounts } from './marginals-layout.js';
import type { FederatedProtocol, PhasePlan, SiteContext } from './protocol.js';

/** Fewer sites and the pooled counts minus one site's are another site's own. */
export const MIN_HETEROGENEITY_SITES = 3;

export const HeterogeneityParameters = z
  .object({
    /** The consortium schema every site's table conforms to; the binning comes from it alone. */
    schema: Schema,
    /** Counts of a site's patients below this never appear as a share (the validation report's rule). */
    smallCell: ValidateOptions.shape.smallCell,
    thresholds: HeterogeneityThresholds.prefault({}),
    /** Unit conversions beyond the built-in quantities', checked against a column's declared unit. */
    conversions: z.array(UnitConversion).default([]),
    /** Factors checked against every numeric column: a wrong decimal prefix. */
    prefixFactors: z.array(z.number().gt(1).finite()).default(() => [...PREFIX_FACTORS]),
    /** Sites also check their cells' text (labels, date formats, decimal marks) and answer findings. */
    harmonise: z.boolean().default(false),
  })
  .strict();
export type HeterogeneityParameters = z.output<typeof HeterogeneityParameters>;

const PooledInput = z.object({ maxSiteRows: z.number().int().positive() }).strict();
const ShiftsInput = z.object({ pooled: z.array(z.number().int().nonnegative()) }).strict();

interface Prepared {
  /** Where each count sits in a site's vector. */
  readonly layout: HeterogeneityLayout;
  /**
   * The layout the shifts compare on: the same positions, but harmonising, the missing count of a
   * column the schema declares not nullable holds only cells that did not read, and is left out of
   * the comparison (one centre's unreadable labels would otherwise shift every other centre's
   * "others"); the findings say why those cells did not read.
   */
  readonly compared: HeterogeneityLayout;
  /** The schema without bounds, to conform a site's table by: see `siteTable`. */
  readonly unbounded: Schema;
}

/** Per schema: the plain preparation, and the harmonising one (every column nullable). */
const prepared = new WeakMap<Schema, Partial<Record<'plain' | 'harmonise', Prepared>>>();

function prepare(parameters: Pick<HeterogeneityParameters, 'schema' | 'harmonise'>): Prepared {
  const { schema } = parameters;
  const mode = parameters.harmonise ? 'harmonise' : 'plain';
  const known = prepared.get(schema) ?? {};
  const cached = known[mode];
  if (cached) return cached;
  // Harmonising, a cell the schema cannot read counts as missing: every column needs that count.
  const counted = parameters.harmonise ? allowingMissing(schema) : schema;
  const unbounded = {
    ...counted,
    columns: counted.columns.map(({ min: _min, max: _max, ...spec }) => spec),
  };
  const layout = heterogeneityLayout(counted);
  const nullable = new Set(schema.columns.filter((c) => c.nullable).map((c) => c.name));
  const compared = parameters.harmonise
    ? {
        ...layout,
        columns: layout.columns.map((slot) =>
          nullable.has(slot.name) ? slot : { ...slot, missingAt: null },
        ),
      }
    : layout;
  const made = { layout, compared, unbounded };
  known[mode] = made;
  prepared.set(schema, known);
  return made;
}

function layoutOf(parameters: HeterogeneityParameters): HeterogeneityLayout {
  return prepare(parameters).layout;
}

/**
 * The site's table as the schema describes it (kinds, categories, booleans, missingness), as every
 * protocol conforms it, but with values beyond the declared bounds kept: a lab in another unit lies
 * there, and this protocol is the one that must report it rather than decline. Harmonising, a site
 * whose typed table does not fit counts its cells' text instead, unreadable cells blanked; one
 * whose typed table fits counts that (read with the site's own options: a decimal comma it reads
 * is not unreadable), as its other jobs do. Both phases take the same branch: the same table.
 */
function siteTable(site: SiteContext, parameters: HeterogeneityParameters): Table {
  const { layout, unbounded } = prepare(parameters);
  const columns = layout.columns.map((c) => c.name);
  if (!(parameters.harmonise && site.text)) return conformToJob(site.table, unbounded, columns);
  try {
    return conformToJob(site.table, unbounded, columns);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return conformToJob(readableCells(site.text, unbounded).table, unbounded, columns);
  }
}

/**
 * A site names a label in its findings only from this many rows, whatever small-cell count the job
 * asks for: the job's parameters are the coordinator's, and the floor is the site's own.
 */
export const SITE_MIN_NAMED_ROWS = 5;

/** The site's findings against the consortium schema, as shareable as its other answers. */
function siteFindings(site: SiteContext, parameters: HeterogeneityParameters): Finding[] {
  // No reference medians: units are the hub's to find, from the median ratios every site answers.
  return harmoniseFindings(
    site.text ?? site.table,
    parameters.schema,
    {},
    {
      centre: site.name,
      smallCell: Math.max(parameters.smallCell, SITE_MIN_NAMED_ROWS),
      rounding: ROWS_ROUNDING,
    },
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
      length: ringEntries(layoutOf(parameters)),
    };
  },

  next(parameters, phases) {
    const { layout, compared } = prepare(parameters);
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
    const report = heterogeneityReport(compared, parameters, counts[0], pooled.result.included, answers);
    return { result: parameters.harmonise ? harmoniseSection(report, parameters.schema, answers) : report };
  },

  answer(parameters, plan, site) {
    const { layout, compared } = prepare(parameters);
    const own = siteCounts(siteTable(site, parameters), layout);
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
      columns: columnShifts(compared, own, pooled, parameters.smallCell),
      ...(parameters.harmonise ? { findings: siteFindings(site, parameters) } : {}),
    } satisfies ShiftAnswer;
  },
};
