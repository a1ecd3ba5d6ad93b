/**
 * The heterogeneity report the hub releases before a federated fit: per column, every centre's
 * summary (as the centre answered it) with a flag, the list of flagged (column, centre) pairs with
 * a line a coordinator reads, and the thresholds that made the flags. The hub computes the flags
 * from the answers and the public thresholds, so a centre cannot flag or unflag itself.
 *
 * A unit suspicion is a median ratio within ×/÷ `unitTolerance` of a conversion factor: the
 * conversions of the column's quantity against its declared unit (g/dL → g/L ×10: a centre whose
 * haemoglobin median is ten times the others' likely writes g/L), the same table the local
 * `synthcohort harmonise` uses (`interop/harmonise/units.ts`), the consortium's own conversions,
 * then the bare powers of ten of a wrong prefix. The nearest factor wins. A ratio is only ever a
 * suspicion: a centre with truly different patients and a ratio near 10 would be flagged too,
 * which is why the report says "likely".
 */
import * as z from 'zod';
import { DataError } from '../../core/errors.js';
import { Finding } from '../../interop/harmonise/findings.js';
import { Mapping } from '../../interop/harmonise/mapping.js';
import { matchUnit, unitCandidates } from '../../interop/harmonise/units.js';
import type { HeterogeneityLayout } from './heterogeneity-layout.js';
import { MISSING_LABEL, SHOWN_CATEGORIES } from './heterogeneity-statistics.js';

/** A site's row count is reported to the nearest multiple of this (see heterogeneity.ts). */
export const ROWS_ROUNDING = 10;

export const HeterogeneityThresholds = z
  .object({
    /** Categorical: flagged at a total variation distance of at least this. */
    tvd: z.number().gt(0).max(1).default(0.15),
    /** Numeric: flagged at |standardised mean difference| of at least this (Cohen's "medium"). */
    smd: z.number().gt(0).default(0.5),
    /** Numeric: flagged at a Kolmogorov–Smirnov distance of at least this. */
    ks: z.number().gt(0).max(1).default(0.25),
    /** A median ratio within ×/÷ this of a conversion factor raises a unit suspicion. */
    unitTolerance: z.number().gt(1).max(2).default(1.2),
  })
  .strict();
export type HeterogeneityThresholds = z.output<typeof HeterogeneityThresholds>;

/**
 * A conversion a consortium adds to the built-in quantities of `interop/harmonise/units.ts`
 * (haemoglobin, creatinine, cell counts, …): a value in `other` is `factor` times the same value in
 * `unit`.
 */
export const UnitConversion = z
  .object({
    unit: z.string().min(1),
    other: z.string().min(1),
    factor: z.number().positive().finite(),
  })
  .strict();
export type UnitConversion = z.output<typeof UnitConversion>;

const Share = z.number().min(0).max(1);

export const CategoryShareAnswer = z.object({ category: z.string(), site: Share, others: Share }).strict();

const CategoricalStatistics = {
  tvd: Share.nullable(),
  categories: z.array(CategoryShareAnswer).max(SHOWN_CATEGORIES),
};
const NumericStatistics = {
  smd: z.number().finite().nullable(),
  ks: Share.nullable(),
  medianRatio: z.number().positive().finite().nullable(),
};

/** What a site answers in the shifts phase; nothing else passes the hub. */
export const ShiftAnswer = z
  .object({
    rows: z.number().int().nonnegative().multipleOf(ROWS_ROUNDING),
    columns: z.array(
      z.discriminatedUnion('type', [
        z.object({ name: z.string(), type: z.literal('categorical'), ...CategoricalStatistics }).strict(),
        z.object({ name: z.string(), type: z.literal('numeric'), ...NumericStatistics }).strict(),
      ]),
    ),
    /** Harmonising: the site's findings on its cells' text (aggregates only, see heterogeneity.ts). */
    findings: z.array(Finding).optional(),
  })
  .strict();
export type ShiftAnswer = z.output<typeof ShiftAnswer>;

const UnitSuspicion = z
  .object({
    /** The conversion factor the median ratio is near. */
    factor: z.number().positive(),
    /** The unit the centre likely writes, and the column's declared one, when a conversion names them. */
    likely: z.string().optional(),
    declared: z.string().optional(),
  })
  .strict();
export type UnitSuspicion = z.output<typeof UnitSuspicion>;

const Flag = { shifted: z.boolean(), unit: UnitSuspicion.optional() };

export const HeterogeneityReport = z
  .object({
    format: z.literal('heterogeneity-report'),
    version: z.literal(1),
    /** Patients over every centre of the pooled counts (exact: the secure sum's). */
    rows: z.number().int().nonnegative(),
    /** Every centre in the pooled counts; rows rounded to ROWS_ROUNDING, null without an answer. */
    centres: z.array(z.object({ name: z.string(), rows: z.number().int().nullable() }).strict()),
    smallCell: z.number().int(),
    thresholds: HeterogeneityThresholds,
    conversions: z.array(UnitConversion),
    prefixFactors: z.array(z.number()),
    columns: z.array(
      z.discriminatedUnion('type', [
        z
          .object({
            name: z.string(),
            type: z.literal('categorical'),
            centres: z.array(z.object({ centre: z.string(), ...CategoricalStatistics, ...Flag }).strict()),
          })
          .strict(),
        z
          .object({
            name: z.string(),
            type: z.literal('numeric'),
            unit: z.string().optional(),
            centres: z.array(z.object({ centre: z.string(), ...NumericStatistics, ...Flag }).strict()),
          })
          .strict(),
      ]),
    ),
    flagged: z.array(
      z
        .object({
          column: z.string(),
          centre: z.string(),
          kind: z.enum(['unit', 'shift']),
          explanation: z.string(),
        })
        .strict(),
    ),
    /** With `harmonise`: every centre's findings (units from the median ratios) and the proposed mapping. */
    harmonise: z
      .object({
        findings: z.array(Finding),
        mapping: Mapping,
      })
      .strict()
      .optional(),
  })
  .strict();
export type HeterogeneityReport = z.output<typeof HeterogeneityReport>;

export interface ReportSettings {
  readonly smallCell: number;
  readonly thresholds: HeterogeneityThresholds;
  readonly conversions: readonly UnitConversion[];
  readonly prefixFactors: readonly number[];
}

/** The report from the pooled row count, the centres of the sum and their answers (by centre). */
export function heterogeneityReport(
  layout: HeterogeneityLayout,
  settings: ReportSettings,
  rows: number,
  centres: readonly string[],
  answers: Readonly<Record<string, ShiftAnswer>>,
): HeterogeneityReport {
  const answered = centres.filter((c) => answers[c] !== undefined);
  for (const centre of answered) checkAnswer(layout, centre, answers[centre]);
  const columns = layout.columns.map((slot, j) => {
    if (slot.type === 'categorical')
      return {
        name: slot.name,
        type: 'categorical' as const,
        centres: answered.map((centre) => {
          const { tvd, categories } = answers[centre].columns[j] as ShiftAnswer['columns'][number] & {
            type: 'categorical';
          };
          return { centre, tvd, categories, shifted: tvd !== null && tvd >= settings.thresholds.tvd };
        }),
      };
    return {
      name: slot.name,
      type: 'numeric' as const,
      ...(slot.unit === undefined ? {} : { unit: slot.unit }),
      centres: answered.map((centre) => {
        const { smd, ks, medianRatio } = answers[centre].columns[j] as ShiftAnswer['columns'][number] & {
          type: 'numeric';
        };
        const unit =
          medianRatio === null ? undefined : unitSuspicion(medianRatio, slot.name, slot.unit, settings);
        const { thresholds } = settings;
        const shifted =
          unit !== undefined ||
          (smd !== null && Math.abs(smd) >= thresholds.smd) ||
          (ks !== null && ks >= thresholds.ks);
        return { centre, smd, ks, medianRatio, shifted, ...(unit === undefined ? {} : { unit }) };
      }),
    };
  });
  return {
    format: 'heterogeneity-report',
    version: 1,
    rows,
    centres: centres.map((name) => ({ name, rows: answers[name]?.rows ?? null })),
    smallCell: settings.smallCell,
    thresholds: settings.thresholds,
    conversions: [...settings.conversions],
    prefixFactors: [...settings.prefixFactors],
    columns,
    // Unit suspicions first: they explain the shifts of the same column at the other centres.
    flagged: columns.flatMap(flagsOf).sort((a, b) => Number(b.kind === 'unit') - Number(a.kind === 'unit')),
  };
}

/** A site's answer must follow the layout: its columns in order, categories among the declared ones. */
function checkAnswer(layout: HeterogeneityLayout, centre: string, answer: ShiftAnswer): void {
  if (answer.columns.length !== layout.columns.length)
    throw new DataError(
      {},
      `centre '${centre}' answered ${answer.columns.length} columns; the job compares ${layout.columns.length}`,
    );
  layout.columns.forEach((slot, j) => {
    const column = answer.columns[j];
    if (column.name !== slot.name || column.type !== slot.type)
      throw new DataError(
        { column: column.name },
        `centre '${centre}' answered this column where the job expects '${slot.name}' (${slot.type})`,
      );
    if (column.type !== 'categorical' || slot.type !== 'categorical') return;
    const known = [...slot.levels, MISSING_LABEL];
    if (column.categories.some((c) => !known.includes(c.category)))
      throw new DataError(
        { column: slot.name },
        `centre '${centre}' answered a category the schema does not declare`,
      );
  });
}

/** The conversion factor nearest to `ratio` within the tolerance, or undefined. */
export function unitSuspicion(
  ratio: number,
  column: string,
  declared: string | undefined,
  settings: Pick<ReportSettings, 'thresholds' | 'conversions' | 'prefixFactors'>,
): UnitSuspicion | undefined {
  const candidates = unitCandidates(column, declared, settings);
  const match = matchUnit(ratio, candidates, settings.thresholds.unitTolerance);
  if (!match) return undefined;
  return {
    factor: Number(match.factor.toPrecision(4)),
    ...(match.likely === undefined ? {} : { likely: match.likely }),
    ...(match.declared === undefined ? {} : { declared: match.declared }),
  };
}

type ReportColumn = HeterogeneityReport['columns'][number];

function flagsOf(column: ReportColumn): HeterogeneityReport['flagged'] {
  if (column.type === 'categorical')
    return column.centres
      .filter((c) => c.shifted)
      .map((c) => {
        const top = c.categories[0];
        const detail = top
          ? `; ${top.category} ${percent(top.site)} here vs ${percent(top.others)} elsewhere`
          : '';
        return {
          column: column.name,
          centre: c.centre,
          kind: 'shift' as const,
          explanation: `centre ${c.centre}: ${column.name} differs from the others (total variation ${c.tvd}${detail})`,
        };
      });
  const culprits = column.centres.filter((c) => c.unit !== undefined).map((c) => c.centre);
  return column.centres
    .filter((c) => c.shifted)
    .map((c) => {
      if (c.unit !== undefined)
        return {
          column: column.name,
          centre: c.centre,
          kind: 'unit' as const,
          explanation: `centre ${c.centre}: ${column.name} median ${c.medianRatio}× the others' — ${likelyUnit(c.unit, column.unit)}`,
        };
      const measures = [
        c.smd === null ? '' : `standardised mean difference ${c.smd > 0 ? '+' : ''}${c.smd}`,
        c.ks === null ? '' : `KS ${c.ks}`,
      ].filter(Boolean);
      const others = culprits.filter((name) => name !== c.centre);
      const cause = others.length ? `; the others include ${others.join(', ')}, flagged for a unit` : '';
      return {
        column: column.name,
        centre: c.centre,
        kind: 'shift' as const,
        explanation: `centre ${c.centre}: ${column.name} differs from the others (${measures.join(', ')})${cause}`,
      };
    });
}

function likelyUnit(unit: UnitSuspicion, declared: string | undefined): string {
  if (unit.likely !== undefined) return `likely ${unit.likely} where the others use ${unit.declared}`;
  const factor = unit.factor >= 1 ? `×${unit.factor}` : `÷${Number((1 / unit.factor).toPrecision(4))}`;
  return `likely a unit ${factor} away from the others'${declared === undefined ? '' : ` (${declared})`}`;
}

function percent(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}
