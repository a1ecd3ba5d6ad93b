/**
 * How a centre writes numbers and dates, read from the text of its cells: a decimal comma (`3,5`)
 * where the others write `3.5`, and day-first or month-first dates where the consortium writes
 * ISO `YYYY-MM-DD`. A slashed date is decided by its values above 12: `31/01/2024` can only be
 * day-first and `01/31/2024` only month-first; a centre whose every day is ≤ 12 cannot be told
 * apart, and the finding says so. A time of day after the date (`31/01/2024 14:05`,
 * `2024-01-31T14:05:00Z`, as hospital systems export admission times) is counted and dropped:
 * the consortium's dates are days.
 */
import { checkedDays } from '../../data/dates.js';

export type DecimalMark = '.' | ',';

const POINT_NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;
const COMMA_NUMBER = /^[-+]?(?:\d+,\d+|,\d+)(?:[eE][-+]?\d+)?$/;
/** `1,234`: a thousands separator as much as a decimal comma. */
const THOUSANDS_LIKE = /^[-+]?\d{1,3},\d{3}$/;

/** The number a cell holds when written with `mark`, or NaN. */
export function parseNumberText(text: string, mark: DecimalMark = '.'): number {
  const t = text.trim();
  if (mark === ',') {
    if (COMMA_NUMBER.test(t)) return Number(t.replace(',', '.'));
    return /^[-+]?\d+(?:[eE][-+]?\d+)?$/.test(t) ? Number(t) : Number.NaN;
  }
  return POINT_NUMBER.test(t) ? Number(t) : Number.NaN;
}

export interface DecimalEvidence {
  /** Cells such as `3,5`. */
  readonly comma: number;
  /** Cells such as `3.5`. */
  readonly point: number;
  /** Whole numbers, which say nothing about the mark. */
  readonly whole: number;
  /** Cells that are no number in either writing. */
  readonly other: number;
  /** Every comma cell looks like `1,234`, which a thousands separator writes too. */
  readonly thousandsLike: boolean;
}

/** Counts of each way of writing among the distinct texts `values` (with their row counts). */
export function decimalEvidence(values: ReadonlyArray<readonly [string, number]>): DecimalEvidence {
  let [comma, point, whole, other] = [0, 0, 0, 0];
  let thousandsLike = true;
  for (const [raw, rows] of values) {
    const text = raw.trim();
    if (/^[-+]?\d+$/.test(text)) whole += rows;
    else if (COMMA_NUMBER.test(text)) {
      comma += rows;
      if (!THOUSANDS_LIKE.test(text)) thousandsLike = false;
    } else if (POINT_NUMBER.test(text)) point += rows;
    else other += rows;
  }
  return { comma, point, whole, other, thousandsLike: comma > 0 && thousandsLike };
}

export const DATE_FORMATS = [
  'YYYY-MM-DD',
  'DD/MM/YYYY',
  'MM/DD/YYYY',
  'DD.MM.YYYY',
  'MM.DD.YYYY',
  'DD-MM-YYYY',
  'MM-DD-YYYY',
] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const SLASHED = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$/;
/** A time of day after a date: ` 14:05`, `T14:05:00`, `T14:05:00.000Z`, ` 14:05:00+01:00`. */
const TIME_OF_DAY = /[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/;

/** The date part of a cell, and whether a time of day followed it. */
export function withoutTime(text: string): { date: string; timed: boolean } {
  const t = text.trim();
  const m = TIME_OF_DAY.exec(t);
  return m && m.index > 0 ? { date: t.slice(0, m.index).trim(), timed: true } : { date: t, timed: false };
}

export interface DateEvidence {
  readonly iso: number;
  /** Slashed dates whose first part is above 12 (day-first). */
  readonly dayFirst: number;
  /** Slashed dates whose second part is above 12 (month-first). */
  readonly monthFirst: number;
  /** Slashed dates with both parts ≤ 12: either order reads them. */
  readonly either: number;
  readonly other: number;
  /** Dates written with a time of day after them (ISO or slashed). */
  readonly timed: number;
  /** The separator of the slashed dates (the most frequent), if any. */
  readonly separator?: '/' | '.' | '-';
}

export function dateEvidence(values: ReadonlyArray<readonly [string, number]>): DateEvidence {
  let [iso, dayFirst, monthFirst, either, other, timed] = [0, 0, 0, 0, 0, 0];
  const separators = new Map<string, number>();
  for (const [raw, rows] of values) {
    const { date: text, timed: hasTime } = withoutTime(raw);
    if (hasTime && (ISO.test(text) || SLASHED.test(text))) timed += rows;
    if (ISO.test(text)) {
      iso += rows;
      continue;
    }
    const m = SLASHED.exec(text);
    if (!m) {
      other += rows;
      continue;
    }
    separators.set(m[2], (separators.get(m[2]) ?? 0) + rows);
    const [a, b] = [Number(m[1]), Number(m[3])];
    if (a > 12 && b <= 12) dayFirst += rows;
    else if (b > 12 && a <= 12) monthFirst += rows;
    else if (a <= 12 && b <= 12) either += rows;
    else other += rows;
  }
  const separator = [...separators].sort((x, y) => y[1] - x[1])[0]?.[0] as DateEvidence['separator'];
  return { iso, dayFirst, monthFirst, either, other, timed, ...(separator ? { separator } : {}) };
}

export interface DateVerdict {
  /** The format the centre writes, or null when its dates cannot decide it. */
  readonly format: DateFormat | null;
  /** True when the format was not ISO and no value above 12 decided the order. */
  readonly ambiguous: boolean;
  /** Both orders occur: no single format reads every date. */
  readonly inconsistent: boolean;
}

/** The centre's date format from its evidence; ISO when no slashed date occurs. */
export function dateVerdict(e: DateEvidence): DateVerdict {
  const slashed = e.dayFirst + e.monthFirst + e.either;
  if (slashed === 0)
    return { format: e.iso > 0 ? 'YYYY-MM-DD' : null, ambiguous: false, inconsistent: false };
  const sep = e.separator ?? '/';
  const inconsistent = e.dayFirst > 0 && e.monthFirst > 0;
  if (inconsistent) return { format: null, ambiguous: false, inconsistent };
  if (e.dayFirst > 0) return { format: `DD${sep}MM${sep}YYYY` as DateFormat, ambiguous: false, inconsistent };
  if (e.monthFirst > 0)
    return { format: `MM${sep}DD${sep}YYYY` as DateFormat, ambiguous: false, inconsistent };
  // Every day ≤ 12: day-first is proposed (the European habit) and marked ambiguous for the user.
  return { format: `DD${sep}MM${sep}YYYY` as DateFormat, ambiguous: true, inconsistent };
}

/**
 * ISO `YYYY-MM-DD` of a date written in `format` (a time of day after it dropped), or undefined
 * when it does not read as one.
 */
export function isoDate(text: string, format: DateFormat): string | undefined {
  const t = withoutTime(text).date;
  let year: number;
  let month: number;
  let day: number;
  if (format === 'YYYY-MM-DD') {
    const m = ISO.exec(t);
    if (!m) return undefined;
    [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  } else {
    const m = SLASHED.exec(t);
    if (!m || m[2] !== format[2]) return undefined;
    const [a, b] = [Number(m[1]), Number(m[3])];
    [day, month] = format.startsWith('DD') ? [a, b] : [b, a];
    year = Number(m[4]);
  }
  if (Number.isNaN(checkedDays(year, month, day))) return undefined;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
