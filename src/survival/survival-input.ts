/**
 * From a Table to right-censored survival data: the complete rows of the columns used (one
 * analysis's complete cases, as R's na.omit leaves them), the time (checked: finite, not negative)
 * and the event indicator (checked against the event value).
 */
import { DataError, UsageError } from '../core/errors.js';
import { daysFromIso } from '../data/dates.js';
import type { Schema } from '../data/schema.js';
import { isMissing, numberColumn, type Table } from '../data/table.js';

export interface SurvivalInput {
  /** The rows kept (complete in every column used), in table order. */
  readonly rows: Uint32Array;
  readonly time: Float64Array;
  readonly status: Uint8Array;
  readonly dropped: number;
}

export interface SurvivalColumns {
  time: string;
  event: string;
  /** See `eventIndicator`. */
  eventValue?: string | number;
  /** Further columns whose missing values drop a row (group, model terms). */
  others?: readonly string[];
}

export function requireColumn(table: Table, name: string): void {
  if (!table.has(name))
    throw new DataError(
      { column: name },
      `no such column; the data has ${table.names.map((n) => `'${n}'`).join(', ')}`,
    );
}

/**
 * The table with a date time column replaced by days since `origin`: a start-date column (row by
 * row; a row missing it has no time) or an ISO date. A date is not a follow-up time (it would be
 * read as days since 1970), so a date column without an origin is refused, as is an origin for a
 * time column that already holds durations. Kinds come from the schema; without one, nothing is known
 * to be a date.
 */
export function followUpTable(
  table: Table,
  time: string,
  origin: string | undefined,
  schema?: Schema,
): Table {
  const kind = (name: string) => schema?.columns.find((c) => c.name === name)?.kind;
  if (kind(time) !== 'date') {
    if (origin !== undefined)
      throw new UsageError(
        `an origin applies to a time column of dates, but '${time}' already holds durations; leave the origin out`,
      );
    return table;
  }
  if (origin === undefined)
    throw new DataError(
      { column: time },
      'holds dates, not follow-up times: a survival time is a duration, such as days from diagnosis; give the origin to count days from (a start-date column or an ISO date such as 2020-01-31)',
    );
  const end = table.numbers(time);
  let start: (row: number) => number;
  if (table.has(origin)) {
    if (kind(origin) !== 'date')
      throw new DataError({ column: origin }, `the origin column must hold dates, like '${time}'`);
    const values = table.numbers(origin);
    start = (row) => values[row];
  } else {
    const day = daysFromIso(origin.trim());
    if (Number.isNaN(day))
      throw new UsageError(
        `the origin '${origin}' is neither a column of the data nor an ISO date such as 2020-01-31`,
      );
    start = () => day;
  }
  return table.withColumn(time, numberColumn(Float64Array.from(end, (days, row) => days - start(row))));
}

export function survivalInput(table: Table, spec: SurvivalColumns): SurvivalInput {
  const used = [...new Set([spec.time, spec.event, ...(spec.others ?? [])])];
  for (const name of used) requireColumn(table, name);
  if (table.column(spec.time).type !== 'number')
    throw new DataError({ column: spec.time }, 'the time column must hold numbers');
  const columns = used.map((name) => table.column(name));
  const kept: number[] = [];
  for (let row = 0; row < table.nRows; row++)
    if (columns.every((column) => !isMissing(column, row))) kept.push(row);
  const rows = Uint32Array.from(kept);
  if (rows.length === 0)
    throw new DataError(
      { column: spec.time },
      `no rows left: every row misses a value in ${used.map((n) => `'${n}'`).join(', ')}`,
    );
  const time = followUpTimes(table, spec.time, rows);
  // R's Surv() codes the status before na.omit drops a row, so every analysis of one table (each on
  // its own complete cases) reads the event alike: the convention is decided on the whole column.
  const isEvent = eventIndicator(table, spec.event, spec.eventValue, presentRows(table, spec.event));
  const status = Uint8Array.from(rows, (row) => (isEvent(row) ? 1 : 0));
  if (!status.includes(1)) throw noEvents(table, spec.event, rows);
  return { rows, time, status, dropped: table.nRows - rows.length };
}

function presentRows(table: Table, name: string): Uint32Array {
  const column = table.column(name);
  const present: number[] = [];
  for (let row = 0; row < table.nRows; row++) if (!isMissing(column, row)) present.push(row);
  return Uint32Array.from(present);
}

function followUpTimes(table: Table, name: string, rows: Uint32Array): Float64Array {
  const values = table.numbers(name);
  const time = Float64Array.from(rows, (row) => values[row]);
  const bad = [...time.keys()].filter((i) => !(time[i] >= 0 && Number.isFinite(time[i])));
  if (bad.length > 0) {
    const first = bad[0];
    throw new DataError(
      { column: name, row: rows[first] + 1 },
      `follow-up times must be finite and ≥ 0; ${bad.length} row(s) are not (first: ${time[first]})`,
    );
  }
  return time;
}

const BOOLEAN_LEVELS = [
  ['false', 'true'],
  ['no', 'yes'],
  ['0', '1'],
  ['f', 't'],
  ['n', 'y'],
];
const TRUE_WORDS = new Set(['1', 'true', 'yes', 't', 'y']);

/**
 * Which rows had the event. A number column: the value equals `eventValue`; without one, R's
 * `Surv` convention: 0/1 with 1 the event, or 1/2 with 2 the event. A categorical column: the
 * level equal to `eventValue` (default '1'); a boolean column (levels such as false/true) also
 * accepts 1/true/yes for its true level. Every other value counts as censored, so a column with
 * more than two values (0/1/2: censored, relapse, death) needs `eventValue`: R's `Surv` reads 0/1/2
 * as missing/censored/event (with a warning), which no user means by 1 = event.
 */
export function eventIndicator(
  table: Table,
  name: string,
  eventValue: string | number | undefined,
  rows: Uint32Array,
): (row: number) => boolean {
  const column = table.column(name);
  if (column.type === 'number') {
    const values = column.values;
    const nonInteger = [...rows].find((row) => !Number.isInteger(values[row]));
    if (nonInteger !== undefined)
      throw new DataError(
        { column: name, row: nonInteger + 1 },
        `the event column should hold status codes, but has the value ${values[nonInteger]}; is it the right column?`,
      );
    if (eventValue === undefined) requireTwoValues(table, name, rows);
    const target = numericEventValue(name, eventValue, rows, values);
    return (row) => values[row] === target;
  }
  if (eventValue === undefined) requireTwoValues(table, name, rows);
  const code = eventLevel(name, column.levels, eventValue);
  return (row) => column.codes[row] === code;
}

function requireTwoValues(table: Table, name: string, rows: Uint32Array): void {
  const column = table.column(name);
  const distinct = new Set<number>();
  for (const row of rows) {
    distinct.add(column.type === 'number' ? column.values[row] : column.codes[row]);
    if (distinct.size > 2) break;
  }
  if (distinct.size <= 2) return;
  const seen = new Set<string>();
  for (const row of rows) {
    seen.add(String(table.cell(name, row)));
    if (seen.size > 8) break;
  }
  const values = [...seen].sort((a, b) => Number(a) - Number(b) || a.localeCompare(b));
  const r =
    values.join() === '0,1,2'
      ? " (R's Surv would read 1 as censored and 2 as the event, and drop the rows with 0)"
      : '';
  throw new DataError(
    { column: name },
    `holds more than two values (${values.slice(0, 8).join(', ')}${seen.size > 8 ? ', …' : ''}): give the event value, the one that means the event happened; the others count as censored${r}`,
  );
}

function numericEventValue(
  name: string,
  eventValue: string | number | undefined,
  rows: Uint32Array,
  values: Float64Array,
): number {
  if (eventValue === undefined) {
    const onesAndTwos = [...rows].every((row) => values[row] === 1 || values[row] === 2);
    return onesAndTwos && rows.some((row) => values[row] === 2) ? 2 : 1;
  }
  const target = typeof eventValue === 'number' ? eventValue : Number(eventValue.trim());
  if (typeof eventValue === 'string' && (eventValue.trim() === '' || Number.isNaN(target)))
    throw new DataError(
      { column: name },
      `the event value '${eventValue}' is not a number, but the column holds numbers`,
    );
  return target;
}

function eventLevel(
  name: string,
  levels: readonly string[],
  eventValue: string | number | undefined,
): number {
  const wanted = eventValue === undefined ? '1' : String(eventValue);
  const exact = levels.indexOf(wanted);
  if (exact >= 0) return exact;
  const lower = levels.map((level) => level.toLowerCase());
  const isBoolean = levels.length === 2 && BOOLEAN_LEVELS.some(([f, t]) => lower[0] === f && lower[1] === t);
  if (isBoolean && TRUE_WORDS.has(wanted.toLowerCase())) return 1;
  throw new DataError(
    { column: name },
    `no level equals the event value '${wanted}'; the levels are ${levels.map((l) => `'${l}'`).join(', ')}. Give the event value that means the event happened.`,
  );
}

function noEvents(table: Table, name: string, rows: Uint32Array): DataError {
  const seen = new Set<string>();
  for (const row of rows) {
    seen.add(String(table.cell(name, row)));
    if (seen.size > 10) break;
  }
  return new DataError(
    { column: name },
    `no events among the ${rows.length} rows analysed (values present: ${[...seen].join(', ')}); check the event value`,
  );
}
