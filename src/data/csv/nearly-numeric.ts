/**
 * Read without a schema, a column of numbers (or dates) with a few cells that are not becomes a
 * text column: every value a category, the numbers lost. When the odd cells are numbers a double
 * cannot hold (`1e999`, `Inf`), numbers with a decimal comma among decimal points, or dates that do
 * not exist (`2021-02-29`), that is a mistake in the file rather than a text column: the first such
 * cell is named instead of the column being guessed wrong.
 */
import { DataError } from '../../core/errors.js';
import type { CodeColumn } from '../table.js';
import type { ParseSettings } from './builder.js';
import { hasLeadingZero, isLongDigitString, parseDate, parseNumber } from './values.js';

type CellKind = 'number' | 'date' | 'text' | 'infinite' | 'decimal comma' | 'impossible date';

const NUMBER_SYNTAX = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INFINITY_WORD = /^[+-]?inf(?:inity)?$/i;
const ISO_DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_FIRST_SHAPE = /^\d{1,2}[/.]\d{1,2}[/.]\d{4}$/;

function kindOf(text: string, settings: ParseSettings): CellKind {
  const bytes = Buffer.from(text);
  const [start, end] = [0, bytes.length];
  // Leading zeros and over-long digit strings are codes: a genuine text column.
  if (hasLeadingZero(bytes, start, end) || isLongDigitString(bytes, start, end)) return 'text';
  if (!Number.isNaN(parseNumber(bytes, start, end, settings.decimalComma))) return 'number';
  if (!Number.isNaN(parseDate(bytes, start, end, settings.dayFirst))) return 'date';
  if (INFINITY_WORD.test(text) || NUMBER_SYNTAX.test(text)) return 'infinite';
  if (!settings.decimalComma && text.includes(',') && !Number.isNaN(parseNumber(bytes, start, end, true)))
    return 'decimal comma';
  if (ISO_DATE_SHAPE.test(text) || (settings.dayFirst && DAY_FIRST_SHAPE.test(text)))
    return 'impossible date';
  return 'text';
}

const ODD: Partial<Record<CellKind, { among: CellKind; why: (text: string) => string }>> = {
  infinite: {
    among: 'number',
    why: () =>
      'is not a finite number (a double holds at most ±1.8e308), in a column of numbers; write a finite number, or leave the cell empty if the value is missing',
  },
  'decimal comma': {
    among: 'number',
    why: (text) =>
      `has a decimal comma, in a column of numbers with decimal points; write ${text.replace(',', '.')}, or read the whole file with decimal commas`,
  },
  'impossible date': {
    among: 'date',
    why: () =>
      'is not a date of the calendar, in a column of dates; correct it, or leave the cell empty if the value is missing',
  },
};

/** Throws for a text column that is a number or date column with a mistake in it (see above). */
export function refuseNearlyNumeric(
  column: CodeColumn,
  where: { file: string; column: string },
  settings: ParseSettings,
): void {
  const kinds = new Set<CellKind>();
  const levelKinds: CellKind[] = [];
  for (const level of column.levels) {
    const kind = kindOf(level, settings);
    if (kind === 'text') return;
    kinds.add(kind);
    levelKinds.push(kind);
  }
  for (const [odd, { among, why }] of Object.entries(ODD) as Array<[CellKind, (typeof ODD)[CellKind] & {}]>) {
    if (!kinds.has(odd) || !kinds.has(among) || kinds.size !== 2) continue;
    const row = column.codes.findIndex((code) => code >= 0 && levelKinds[code] === odd);
    const text = column.levels[column.codes[row]];
    throw new DataError({ ...where, row: row + 1 }, `'${text}' ${why(text)}`);
  }
}
