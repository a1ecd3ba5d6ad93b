/**
 * `analyze`: the survival analysis behind `synthcohort analyze` (see contract/CLI.md) —
 * Kaplan–Meier per group with the median and survival at chosen times, the log-rank test across
 * groups, and a Cox model — with numbers as R's survival package gives them. Each analysis uses its
 * own complete cases, as R's default na.omit does for each call: Kaplan–Meier and log-rank the rows
 * with time, event and group (`survfit`, `survdiff`), Cox the rows with time, event and every Cox
 * term (`coxph`); a patient missing a Cox covariate still counts in the curves. Values R reports as
 * NA are null. A time column of dates is refused unless an origin turns it into days since a start
 * (see `followUpTable`); an event column with more than two values needs its event value.
 */
import * as z from 'zod';
import { DataError, UsageError } from '../core/errors.js';
import type { Schema } from '../data/schema.js';
import type { Table } from '../data/table.js';
import { coxph } from './cox.js';
import { kaplanMeier } from './kaplan-meier.js';
import { survivalAt, survivalQuantile } from './km-summary.js';
import { logRank } from './logrank.js';
import { modelMatrix } from './model-matrix.js';
import {
  followUpTable,
  requireColumn,
  type SurvivalColumns,
  type SurvivalInput,
  survivalInput,
} from './survival-input.js';
import { mergeNearTies } from './ties.js';

export const AnalyzeOptions = z
  .object({
    time: z.string().min(1),
    event: z.string().min(1),
    eventValue: z.union([z.string(), z.number()]).optional(),
    /** For a time column of dates: the start, a date column or an ISO date; times become days since it. */
    origin: z.string().min(1).optional(),
    group: z.string().min(1).optional(),
    cox: z.array(z.string().min(1)).optional(),
    at: z.array(z.number().finite()).optional(),
    ties: z.enum(['efron', 'breslow']).optional(),
  })
  .strict();

export type AnalyzeOptions = z.input<typeof AnalyzeOptions>;

export interface SurvivalAtTime {
  time: number;
  survival: number | null;
  lower: number | null;
  upper: number | null;
}

export interface KmGroupResult {
  /** The group's label; null without a group column. */
  group: string | null;
  n: number;
  events: number;
  median: number | null;
  at: SurvivalAtTime[];
}

/** How many rows an analysis used, how many of them had the event, and how many it left out. */
export interface AnalysedRows {
  n: number;
  events: number;
  /** Rows missing a value in a column the analysis uses (R's "observations deleted due to missingness"). */
  dropped: number;
}

/** The top-level counts are those of Kaplan–Meier and log-rank (rows with time, event and group). */
export interface AnalyzeResult extends AnalysedRows {
  km: KmGroupResult[];
  logrank?: { chisq: number; df: number; p: number };
  /** Fitted on its own complete cases: `n`, `events` and `dropped` count the rows with every term. */
  cox?: AnalysedRows & {
    terms: Array<{
      term: string;
      coef: number;
      hr: number;
      se: number;
      z: number;
      p: number;
      lower: number;
      upper: number;
    }>;
    concordance: number;
    /** The maximised log partial likelihood. */
    loglik: number;
  };
}

const orNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** `schema` gives the columns' kinds (a date time column); without it none is known to be a date. */
export function analyze(data: Table, input: AnalyzeOptions, schema?: Schema): AnalyzeResult {
  const options = parseOptions(input);
  const cox = options.cox ?? [];
  const outcome = { time: options.time, event: options.event, eventValue: options.eventValue };
  for (const name of [options.time, options.event, ...(options.group ? [options.group] : []), ...cox])
    requireColumn(data, name);
  const table = followUpTable(data, options.time, options.origin, schema);
  const curves = survivalInput(table, { ...outcome, others: options.group ? [options.group] : [] });
  // R merges near-tied times once per call, on the rows that call analyses (survfit, coxph).
  const time = mergeNearTies(curves.time);
  const groups = groupCodes(table, options.group, curves.rows);
  const result: AnalyzeResult = {
    ...countsOf(curves),
    km: kmByGroup(time, curves, groups, options.at ?? []),
  };
  if (groups.labels[0] !== null) {
    // R's survdiff stops here too: one group has nothing to be compared with.
    if (groups.labels.length < 2)
      throw new DataError(
        { column: options.group },
        `every analysed row is in group '${groups.labels[0]}'; a log-rank test needs at least two groups`,
      );
    const test = logRank(time, curves.status, groups.codes, groups.labels.length, { timefix: false });
    result.logrank = { chisq: test.statistic, df: test.df, p: test.p };
  }
  if (cox.length > 0) result.cox = coxAnalysis(table, outcome, cox, options.ties);
  return result;
}

function countsOf(data: SurvivalInput): AnalysedRows {
  return { n: data.rows.length, events: data.status.reduce((s, v) => s + v, 0), dropped: data.dropped };
}

/** The Cox model on the rows complete in time, event and its terms (not the group's). */
function coxAnalysis(
  table: Table,
  outcome: Omit<SurvivalColumns, 'others'>,
  terms: string[],
  ties: 'efron' | 'breslow' | undefined,
): NonNullable<AnalyzeResult['cox']> {
  const data = survivalInput(table, { ...outcome, others: terms });
  const fit = coxph(mergeNearTies(data.time), data.status, modelMatrix(table, terms, data.rows), {
    ties,
    timefix: false,
  });
  return {
    ...countsOf(data),
    terms: fit.terms,
    concordance: fit.concordance.concordance,
    loglik: fit.loglik[1],
  };
}

function parseOptions(input: AnalyzeOptions) {
  const parsed = AnalyzeOptions.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`invalid analyze option ${issue.path.join('.') || ''}: ${issue.message}`);
  }
  const options = parsed.data;
  const cox = options.cox ?? [];
  const repeated = cox.find((term, i) => cox.indexOf(term) !== i);
  if (repeated) throw new UsageError(`the Cox term '${repeated}' is given twice`);
  const outcome = cox.find((term) => term === options.time || term === options.event);
  if (outcome)
    throw new UsageError(`'${outcome}' is the outcome (time or event); it cannot also be a Cox term`);
  return options;
}

/** Group codes 0 … k − 1 over the kept rows: levels in their order, numbers ascending. */
function groupCodes(table: Table, name: string | undefined, rows: Uint32Array) {
  if (!name) return { codes: new Int32Array(rows.length), labels: [null] as Array<string | null> };
  const column = table.column(name);
  let keys: Float64Array;
  let label: (key: number) => string;
  if (column.type === 'number') {
    keys = Float64Array.from(rows, (row) => column.values[row]);
    label = (key) => String(key);
  } else {
    keys = Float64Array.from(rows, (row) => column.codes[row]);
    label = (key) => column.levels[key];
  }
  const distinct = [...new Set(keys)].sort((a, b) => a - b);
  const index = new Map(distinct.map((key, i) => [key, i]));
  return {
    codes: Int32Array.from(keys, (key) => index.get(key)!),
    labels: distinct.map(label) as Array<string | null>,
  };
}

function kmByGroup(
  time: Float64Array,
  data: SurvivalInput,
  groups: { codes: Int32Array; labels: Array<string | null> },
  at: number[],
): KmGroupResult[] {
  return groups.labels.map((group, g) => {
    const members = [...groups.codes.keys()].filter((i) => groups.codes[i] === g);
    const curve = kaplanMeier(
      Float64Array.from(members, (i) => time[i]),
      Uint8Array.from(members, (i) => data.status[i]),
      { timefix: false },
    );
    return {
      group,
      n: curve.n,
      events: curve.events,
      median: orNull(survivalQuantile(curve).quantile),
      at: survivalAt(curve, at).map((s) => ({
        time: s.time,
        survival: orNull(s.survival),
        lower: orNull(s.lower),
        upper: orNull(s.upper),
      })),
    };
  });
}
