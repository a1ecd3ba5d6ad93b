/**
 * `harmoniseFindings`: one centre's table checked against the consortium — its schema (kinds,
 * declared units, levels) and reference aggregates (pooled medians). It needs nothing from the
 * other centres but those aggregates, so a federated node runs it on its own table and sends only
 * what it returns (see docs/interop/harmonise.md).
 */
import type { ColumnSpec, Schema } from '../../data/schema.js';
import type { Table } from '../../data/table.js';
import {
  type DateFormatFinding,
  type DecimalMarkFinding,
  type Finding,
  HarmoniseReference,
  type LabelFinding,
  type ReferenceColumn,
  type UnitFinding,
} from './findings.js';
import {
  type DecimalEvidence,
  type DecimalMark,
  dateEvidence,
  dateVerdict,
  decimalEvidence,
} from './formats.js';
import { type Confidence, matchLabel } from './labels.js';
import { numbersOf, quantile, round } from './summary.js';
import { type TextTable, textCounts, textTableOf } from './text-table.js';
import { matchUnit, type UnitMatch, unitCandidates } from './units.js';

export interface CheckOptions {
  /** The centre's name in the findings (default 'local'). */
  centre?: string;
  /**
   * Shareable findings: a label is named only when it is a spelling of a consortium level held by
   * this many rows or more; the rows of every other label (free text can name a person; a spelling
   * held by 1 … k − 1 rows says that so many patients have it, and a schema can be written to
   * match a guessed value) are only counted, in `withheldRows`, and only from k rows. Date and
   * decimal-mark findings need k rows writing that way. The centre sees everything in its own run
   * (`harmonise --centre`). Default: every label and writing (a local run).
   */
  smallCell?: number;
  /**
   * Shareable findings: every row count (labels, date writings, decimal marks) to the nearest
   * multiple of this, as a federated site's row count is. Default: exact (a local run).
   */
  rounding?: number;
}

/** A row count as the options let it leave: exact, or to the nearest multiple of `rounding`. */
function shownCount(n: number, options: CheckOptions): number {
  const r = options.rounding;
  return r === undefined || r <= 1 ? n : r * Math.round(n / r);
}

/** The columns the check looks at: every column but identifiers and the centre. */
export function checkedColumns(schema: Schema, table: Table): ColumnSpec[] {
  return schema.columns.filter((c) => c.role !== 'id' && c.role !== 'centre' && table.has(c.name));
}

/** The levels a categorical or boolean column is checked against. */
export function levelsOf(spec: ColumnSpec, reference?: ReferenceColumn): readonly string[] | undefined {
  if (reference?.levels) return reference.levels;
  if (spec.categories) return spec.categories;
  return spec.kind === 'boolean' ? ['0', '1'] : undefined;
}

export interface NumericProfile {
  readonly mark: DecimalMark;
  readonly evidence: DecimalEvidence;
  readonly values: Float64Array;
  readonly median: number;
  readonly iqr: number;
}

/** A centre's numbers in a column, read with the decimal mark its cells show. */
export function numericProfile(table: TextTable, column: string, rows: ArrayLike<number>): NumericProfile {
  const evidence = decimalEvidence(textCounts(table.codes(column), rows));
  const mark: DecimalMark = evidence.comma > 0 && evidence.comma >= evidence.point ? ',' : '.';
  const values = numbersOf(table, column, rows, mark);
  const iqr = quantile(values, 0.75) - quantile(values, 0.25);
  return { mark, evidence, values, median: quantile(values, 0.5), iqr };
}

/** Findings of one centre's table (text or typed) against the consortium's schema and reference. */
export function harmoniseFindings(
  table: Table,
  schema: Schema,
  reference: HarmoniseReference | unknown = {},
  options: CheckOptions = {},
): Finding[] {
  const text = textTableOf(table, schema);
  const rows = Uint32Array.from({ length: table.nRows }, (_, i) => i);
  return centreFindings(
    text,
    rows,
    schema,
    HarmoniseReference.parse(reference),
    options.centre ?? 'local',
    options,
  );
}

/** Findings of the rows `rows` of a text table, as the centre `centre`. */
export function centreFindings(
  table: TextTable,
  rows: ArrayLike<number>,
  schema: Schema,
  reference: HarmoniseReference,
  centre: string,
  options: CheckOptions = {},
): Finding[] {
  const byName = new Map(reference.columns.map((c) => [c.name, c]));
  const findings: Finding[] = [];
  for (const spec of checkedColumns(schema, table)) {
    const ref = byName.get(spec.name);
    if (spec.kind === 'numeric' || spec.kind === 'integer') {
      const profile = numericProfile(table, spec.name, rows);
      const decimal = decimalFinding(centre, spec.name, profile.evidence, options);
      if (decimal) findings.push(decimal);
      const unit = unitFinding(centre, spec, profile, ref, reference.unitTolerance);
      if (unit) findings.push(unit);
    } else if (spec.kind === 'date') {
      const date = dateFinding(centre, spec.name, textCounts(table.codes(spec.name), rows), options);
      if (date) findings.push(date);
    } else {
      const levels = levelsOf(spec, ref);
      if (!levels) continue;
      const labels = labelFinding(
        centre,
        spec.name,
        textCounts(table.codes(spec.name), rows),
        levels,
        options,
      );
      if (labels) findings.push(labels);
    }
  }
  return findings;
}

function decimalFinding(
  centre: string,
  column: string,
  e: DecimalEvidence,
  options: CheckOptions,
): DecimalMarkFinding | undefined {
  if (!(e.comma > 0 && e.comma >= e.point) || e.comma < (options.smallCell ?? 0)) return undefined;
  const [comma, point] = [shownCount(e.comma, options), shownCount(e.point, options)];
  const confidence: Confidence = e.thousandsLike ? 'low' : e.point > 0 ? 'medium' : 'high';
  const doubt = e.thousandsLike ? ' (every such value also reads as a thousands separator: check)' : '';
  return {
    kind: 'decimal-mark',
    centre,
    column,
    mark: ',',
    comma,
    point,
    confidence,
    explanation: `centre ${centre}: ${column} written with a decimal comma in ${comma} rows${doubt}`,
  };
}

/** Steps down a confidence one level. */
function lower(c: Confidence): Confidence {
  return c === 'high' ? 'medium' : 'low';
}

function unitFinding(
  centre: string,
  spec: ColumnSpec,
  profile: NumericProfile,
  ref: ReferenceColumn | undefined,
  tolerance: number,
): UnitFinding | undefined {
  if (ref?.median === undefined || !(ref.median > 0) || !(profile.median > 0)) return undefined;
  const ratio = profile.median / ref.median;
  const match = matchUnit(ratio, unitCandidates(spec.name, spec.unit), tolerance);
  if (!match) return undefined;
  const iqrRatio =
    ref.iqr !== undefined && ref.iqr > 0 && profile.iqr > 0 ? profile.iqr / ref.iqr : undefined;
  let confidence = unitConfidence(match);
  // A unit moves the whole scale: a spread that did not move with the median argues against it.
  if (iqrRatio !== undefined && Math.abs(Math.log(iqrRatio / match.factor)) > Math.log(2))
    confidence = lower(confidence);
  return {
    kind: 'unit',
    centre,
    column: spec.name,
    medianRatio: round(ratio, 4),
    factor: round(match.factor, 4),
    ...(match.likely === undefined ? {} : { likely: match.likely }),
    ...(match.declared === undefined ? {} : { declared: match.declared }),
    ...(match.quantity === undefined ? {} : { quantity: match.quantity }),
    ...(iqrRatio === undefined ? {} : { iqrRatio: round(iqrRatio, 4) }),
    confidence,
    explanation: unitExplanation(centre, spec.name, ratio, match),
  };
}

/** High for a named unit within ×/÷ 1.1, medium for a named one further or a bare prefix within 1.1. */
export function unitConfidence(match: Pick<UnitMatch, 'distance' | 'likely'>): Confidence {
  const close = match.distance <= Math.log(1.1);
  if (match.likely !== undefined) return close ? 'high' : 'medium';
  return close ? 'medium' : 'low';
}

export function unitExplanation(
  centre: string,
  column: string,
  ratio: number,
  match: Pick<UnitMatch, 'factor' | 'likely' | 'declared'>,
): string {
  const head = `centre ${centre}: ${column} median ${round(ratio, 3)}× the consortium's`;
  if (match.likely !== undefined)
    return `${head} — likely ${match.likely} where the consortium uses ${match.declared}; multiply by ${round(1 / match.factor, 4)}`;
  return `${head} — likely a unit ${round(match.factor, 4)}× off (a wrong prefix); multiply by ${round(1 / match.factor, 4)}`;
}

function dateFinding(
  centre: string,
  column: string,
  counts: ReadonlyArray<readonly [string, number]>,
  options: CheckOptions,
): DateFormatFinding | undefined {
  const evidence = dateEvidence(counts);
  const verdict = dateVerdict(evidence);
  const isoOnly = verdict.format === 'YYYY-MM-DD';
  if ((isoOnly && evidence.timed === 0) || (verdict.format === null && !verdict.inconsistent))
    return undefined;
  // Shared, the finding itself says that so many rows write dates that way: k of them at least.
  const written = isoOnly ? evidence.timed : evidence.dayFirst + evidence.monthFirst + evidence.either;
  if (written < (options.smallCell ?? 0)) return undefined;
  const [iso, dayFirst, monthFirst, either, other, timed] = [
    evidence.iso,
    evidence.dayFirst,
    evidence.monthFirst,
    evidence.either,
    evidence.other,
    evidence.timed,
  ].map((n) => shownCount(n, options));
  const withTime = timed ? `; ${timed} rows carry a time of day, dropped` : '';
  const explanation = isoOnly
    ? `centre ${centre}: ${column} written as ISO dates with a time of day in ${timed} rows; the date is kept, the time dropped`
    : verdict.inconsistent
      ? `centre ${centre}: ${column} mixes day-first (${dayFirst} rows) and month-first (${monthFirst} rows) dates; no single format reads them`
      : verdict.ambiguous
        ? `centre ${centre}: ${column} written as ${verdict.format}? no day above 12 decides between day-first and month-first`
        : `centre ${centre}: ${column} written as ${verdict.format} (${dayFirst + monthFirst} rows have a part above 12)${iso ? `; ${iso} rows already ISO, left as they are` : ''}${withTime}`;
  return {
    kind: 'date-format',
    centre,
    column,
    format: verdict.format,
    ambiguous: verdict.ambiguous,
    inconsistent: verdict.inconsistent,
    evidence: { iso, dayFirst, monthFirst, either, other, timed },
    confidence: verdict.inconsistent ? null : verdict.ambiguous ? 'low' : 'high',
    explanation,
  };
}

function labelFinding(
  centre: string,
  column: string,
  counts: ReadonlyArray<readonly [string, number]>,
  levels: readonly string[],
  options: CheckOptions,
): LabelFinding | undefined {
  const shareable = options.smallCell !== undefined;
  const k = options.smallCell ?? 0;
  const known = new Set(levels);
  let withheld = 0;
  const labels: LabelFinding['labels'] = [];
  for (const [label, rows] of counts) {
    if (known.has(label)) continue;
    const m = matchLabel(label, levels);
    // Shared, a label is named only as a spelling of a level held by k rows or more.
    if (shareable && (m.to === null || rows < k)) {
      withheld += rows;
      continue;
    }
    labels.push({ label, ...m, candidates: [...m.candidates], rows: shownCount(rows, options) });
  }
  if (labels.length === 0 && withheld < Math.max(k, 1)) return undefined;
  const matched = labels.filter((l) => l.to !== null).length;
  const open = labels.length - matched;
  const rest = withheld >= Math.max(k, 1) ? shownCount(withheld, options) : 0;
  const named = `${column} has ${labels.length} label(s) outside the consortium's levels; ${matched} matched${open ? `, ${open} left for the user` : ''}`;
  const unnamed = `about ${rest} row(s) of ${column} hold labels not named here (unmatched, or fewer than ${k} rows each): the centre reviews them in its own run`;
  const explanation = `centre ${centre}: ${[labels.length ? named : '', rest ? unnamed : ''].filter(Boolean).join('; ')}`;
  return {
    kind: 'labels',
    centre,
    column,
    labels,
    withheldRows: rest,
    explanation,
  };
}
