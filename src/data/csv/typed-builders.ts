/**
 * Builders for reading with a schema: each parses its column's kind straight into a typed array
 * and reports, with row and column, every value that does not fit what the schema declares.
 */

import { booleanWord, defaultBooleanLevels } from '../boolean-words.js';
import { daysFromIso, isoFromDays } from '../dates.js';
import type { ColumnSpec } from '../schema.js';
import { type Column, codeColumn, numberColumn } from '../table.js';
import type { ColumnBuilder, ParseSettings } from './builder.js';
import { isMissingField, textOf } from './builder.js';
import { ByteDictionary, CsvTextColumn } from './byte-dictionary.js';
import { fromSpreadsheetSafe } from './formula.js';
import { grownFloat64, grownInt32, trimmed } from './growable.js';
import { type ProblemLog, shown } from './problems.js';
import type { CsvRecord } from './scanner.js';
import { parseDate, parseNumber } from './values.js';

const INITIAL_ROWS = 1024;
const APOSTROPHE = 0x27;

abstract class CheckedBuilder implements ColumnBuilder {
  constructor(
    protected readonly spec: ColumnSpec,
    protected readonly log: ProblemLog,
  ) {}

  abstract push(record: CsvRecord, field: number, row: number): void;
  abstract reserve(capacity: number): void;
  abstract finish(nRows: number): Column;

  protected missing(row: number): void {
    if (!this.spec.nullable)
      this.log.report(row + 1, this.spec.name, 'the value is missing, but the schema says nullable: false');
  }

  protected problem(row: number, message: string): void {
    this.log.report(row + 1, this.spec.name, message);
  }
}

/** numeric, integer and date columns: Float64Array, NaN for missing, bounds checked. */
class NumberBuilder extends CheckedBuilder {
  private values = new Float64Array(INITIAL_ROWS);
  private readonly min: number;
  private readonly max: number;
  // Flags copied out of the spec: this runs once per cell, and field lookups add up.
  private readonly isDate: boolean;
  private readonly isInteger: boolean;
  private readonly bounded: boolean;

  constructor(
    spec: ColumnSpec,
    log: ProblemLog,
    private readonly settings: ParseSettings,
  ) {
    super(spec, log);
    const bound = (b: number | string | undefined, none: number) =>
      b === undefined ? none : typeof b === 'number' ? b : daysFromIso(b);
    this.min = bound(spec.min, Number.NEGATIVE_INFINITY);
    this.max = bound(spec.max, Number.POSITIVE_INFINITY);
    this.isDate = spec.kind === 'date';
    this.isInteger = spec.kind === 'integer';
    this.bounded = spec.min !== undefined || spec.max !== undefined;
  }

  push(record: CsvRecord, field: number, row: number): void {
    if (row >= this.values.length) this.values = grownFloat64(this.values, row + 1);
    if (isMissingField(record, field)) {
      this.values[row] = Number.NaN;
      this.missing(row);
      return;
    }
    const { bytes, starts, ends } = record;
    const value = this.isDate
      ? parseDate(bytes, starts[field], ends[field], this.settings.dayFirst)
      : parseNumber(bytes, starts[field], ends[field], this.settings.decimalComma);
    this.values[row] = value;
    if (
      Number.isNaN(value) ||
      (this.isInteger && !Number.isInteger(value)) ||
      (this.bounded && (value < this.min || value > this.max))
    )
      this.reject(record, field, row, value);
  }

  private reject(record: CsvRecord, field: number, row: number, value: number): void {
    this.values[row] = Number.NaN;
    const text = shown(textOf(record, field));
    const why = Number.isNaN(value)
      ? this.expected()
      : this.isInteger && !Number.isInteger(value)
        ? 'is not a whole number; expected an integer'
        : `is outside the schema's bounds ${this.bounds()}`;
    this.problem(row, `${text} ${why}`);
  }

  private expected(): string {
    if (this.isDate)
      return `is not a date; expected YYYY-MM-DD${this.settings.dayFirst ? ' or DD/MM/YYYY' : ' (day-first dates need the dayFirst option)'}`;
    const what = this.isInteger ? 'an integer' : 'a number';
    return `is not a number; expected ${what}${this.settings.decimalComma ? ' with a decimal comma' : ''}`;
  }

  private bounds(): string {
    const show = (v: number) => (!Number.isFinite(v) ? '' : this.isDate ? isoFromDays(v) : String(v));
    return `[${show(this.min)}, ${show(this.max)}]`;
  }

  reserve(capacity: number): void {
    if (capacity > this.values.length) this.values = grownFloat64(this.values, capacity);
  }

  finish(nRows: number): Column {
    return numberColumn(trimmed(this.values, nRows));
  }
}

/** categorical: codes into the schema's categories, or into the values met when it lists none. */
class CategoryBuilder extends CheckedBuilder {
  private readonly open?: CsvTextColumn;
  private codes = new Int32Array(INITIAL_ROWS);
  private readonly known?: ByteDictionary;

  constructor(spec: ColumnSpec, log: ProblemLog) {
    super(spec, log);
    if (spec.categories) this.known = new ByteDictionary(spec.categories);
    else this.open = new CsvTextColumn(INITIAL_ROWS);
  }

  push(record: CsvRecord, field: number, row: number): void {
    const missing = isMissingField(record, field);
    if (missing) this.missing(row);
    if (this.open) {
      this.open.set(row, record, field, missing);
      return;
    }
    if (row >= this.codes.length) this.codes = grownInt32(this.codes, row + 1);
    const code = missing ? -1 : this.knownCode(record, field);
    this.codes[row] = code;
    if (code < 0 && !missing)
      this.problem(
        row,
        `${shown(textOf(record, field))} is not one of the categories ${listed(this.spec.categories!)}`,
      );
  }

  /** The category's code; a cell written spreadsheet-safe (`'+ve`) is its category (`+ve`). */
  private knownCode(record: CsvRecord, field: number): number {
    const { bytes, starts, ends } = record;
    const code = this.known!.find(bytes, starts[field], ends[field]);
    if (code >= 0 || bytes[starts[field]] !== APOSTROPHE) return code;
    const text = textOf(record, field);
    const unquoted = fromSpreadsheetSafe(text);
    return unquoted === text ? code : this.known!.find(bytes, starts[field] + 1, ends[field]);
  }

  reserve(capacity: number): void {
    if (this.open) this.open.reserve(capacity);
    else if (capacity > this.codes.length) this.codes = grownInt32(this.codes, capacity);
  }

  finish(nRows: number): Column {
    if (this.open) return this.open.finishText(nRows);
    return codeColumn(trimmed(this.codes, nRows), this.spec.categories!);
  }
}

/**
 * boolean: the schema's two labels (any case), or the usual words (0/1, no/yes, false/true, n/y,
 * f/t). Each distinct spelling is judged once; cells are matched to spellings by their bytes.
 */
class BooleanBuilder extends CheckedBuilder {
  private truths: number[] = [];
  private readonly text = new CsvTextColumn(INITIAL_ROWS);

  push(record: CsvRecord, field: number, row: number): void {
    const missing = isMissingField(record, field);
    this.text.set(row, record, field, missing);
    if (missing) {
      this.missing(row);
      return;
    }
    const spelling = this.text.codes[row];
    if (spelling === this.truths.length)
      this.truths.push(booleanWord(this.text.dictionary.levels[spelling], this.spec.categories));
    if (this.truths[spelling] < 0)
      this.problem(row, `${shown(textOf(record, field))} is not a boolean; expected ${this.expected()}`);
  }

  private expected(): string {
    const labels = this.spec.categories;
    return labels ? `${labels[0]} or ${labels[1]}` : '0/1, no/yes or false/true';
  }

  reserve(capacity: number): void {
    this.text.reserve(capacity);
  }

  finish(nRows: number): Column {
    const { codes } = this.text.finish(nRows);
    const seen: [string | undefined, string | undefined] = [undefined, undefined];
    this.truths.forEach((truth, spelling) => {
      if (truth >= 0) seen[truth] ??= this.text.dictionary.levels[spelling];
    });
    for (let i = 0; i < codes.length; i++) if (codes[i] >= 0) codes[i] = this.truths[codes[i]];
    return codeColumn(codes, this.spec.categories ?? defaultBooleanLevels(seen));
  }
}

function listed(categories: readonly string[]): string {
  const head = categories.slice(0, 12).join(', ');
  return categories.length > 12 ? `${head}, ... (${categories.length} in all)` : head;
}

export function typedBuilder(spec: ColumnSpec, log: ProblemLog, settings: ParseSettings): ColumnBuilder {
  switch (spec.kind) {
    case 'categorical':
      return new CategoryBuilder(spec, log);
    case 'boolean':
      return new BooleanBuilder(spec, log);
    default:
      return new NumberBuilder(spec, log, settings);
  }
}
