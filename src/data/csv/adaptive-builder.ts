/**
 * The builder for reading without a schema. A column starts empty and settles on numbers, dates or
 * text at its first value, filling a typed array as it goes. A number or date column that later
 * meets text cannot rebuild the text it already parsed away, so it gives up its array and asks for
 * a second pass over the file that reads just that column as text ("deferred").
 *
 * Why one adaptive pass rather than always two (infer, then fill): clean numeric files, the big
 * ones, are read once; only columns that mix kinds, rare and usually small, cost a re-read.
 * Memory stays at the typed arrays plus one chunk, as in the two-pass design.
 */
import type { RawKind } from '../raw-table.js';
import { type Column, numberColumn } from '../table.js';
import type { ColumnBuilder, ParseSettings } from './builder.js';
import { isMissingField } from './builder.js';
import { CsvTextColumn } from './byte-dictionary.js';
import { grownFloat64, trimmed } from './growable.js';
import type { CsvRecord } from './scanner.js';
import { hasLeadingZero, isLongDigitString, parseDate, parseNumber } from './values.js';

export type AdaptiveState = RawKind | 'deferred';

export class AdaptiveBuilder implements ColumnBuilder {
  state: AdaptiveState = 'empty';
  private values?: Float64Array<ArrayBuffer>;
  private text?: CsvTextColumn;
  private capacity = 1024;

  constructor(private readonly settings: ParseSettings) {}

  push(record: CsvRecord, field: number, row: number): void {
    const missing = isMissingField(record, field);
    switch (this.state) {
      case 'number':
      case 'date':
        this.pushParsed(record, field, row, missing);
        return;
      case 'text':
        this.text!.set(row, record, field, missing);
        return;
      case 'empty':
        if (!missing) this.settle(record, field, row);
        return;
    }
  }

  private pushParsed(record: CsvRecord, field: number, row: number, missing: boolean): void {
    if (row >= this.values!.length) this.values = grownFloat64(this.values!, row + 1);
    if (missing) {
      this.values![row] = Number.NaN;
      return;
    }
    const value = this.parse(record, field, this.state);
    if (Number.isNaN(value)) this.defer();
    else this.values![row] = value;
  }

  /**
   * A number, or a date, or NaN. Numbers with a leading zero (`007`) are codes such as identifiers
   * or postcodes: read as numbers they would lose the zeros, so they count as text. So are digit
   * strings too long for a double to hold exactly (16-digit record numbers): two distinct ids would
   * round to one.
   */
  private parse(record: CsvRecord, field: number, as: AdaptiveState): number {
    const { bytes, starts, ends } = record;
    const [start, end] = [starts[field], ends[field]];
    if (as === 'date') return parseDate(bytes, start, end, this.settings.dayFirst);
    if (hasLeadingZero(bytes, start, end) || isLongDigitString(bytes, start, end)) return Number.NaN;
    return parseNumber(bytes, start, end, this.settings.decimalComma);
  }

  /** The first value decides the column's kind; earlier rows were all missing. */
  private settle(record: CsvRecord, field: number, row: number): void {
    for (const kind of ['number', 'date'] as const) {
      const value = this.parse(record, field, kind);
      if (Number.isNaN(value)) continue;
      this.state = kind;
      this.values = new Float64Array(Math.max(this.capacity, row + 1)).fill(Number.NaN, 0, row);
      this.values[row] = value;
      return;
    }
    this.state = 'text';
    this.text = new CsvTextColumn(Math.max(this.capacity, row + 1));
    this.text.codes.fill(-1, 0, row);
    this.text.set(row, record, field, false);
  }

  private defer(): void {
    this.state = 'deferred';
    this.values = undefined;
  }

  reserve(capacity: number): void {
    this.capacity = Math.max(this.capacity, capacity);
    if (this.values && capacity > this.values.length) this.values = grownFloat64(this.values, capacity);
    this.text?.reserve(capacity);
  }

  finish(nRows: number): Column {
    if (this.state === 'text') return this.text!.finishText(nRows);
    if (this.state === 'number' || this.state === 'date') return numberColumn(trimmed(this.values!, nRows));
    return numberColumn(new Float64Array(nRows).fill(Number.NaN));
  }
}

/** The second pass's builder for a deferred column: every value as text. */
export class TextBuilder implements ColumnBuilder {
  private readonly text = new CsvTextColumn(1024);

  push(record: CsvRecord, field: number, row: number): void {
    this.text.set(row, record, field, isMissingField(record, field));
  }

  reserve(capacity: number): void {
    this.text.reserve(capacity);
  }

  finish(nRows: number): Column {
    return this.text.finishText(nRows);
  }
}
