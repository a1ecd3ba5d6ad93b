/**
 * Design matrix for regression terms, coded as R's `model.matrix` with treatment contrasts: a
 * number column as it is, a categorical (or boolean) column as 0/1 indicators of every level but
 * the first, named term + level (`sexfemale`, `celltypeadeno`). Only the levels present in the
 * analysed rows are used, so the reference is the first level that occurs and no indicator is
 * identically zero.
 *
 * The option `levels` fixes, per categorical term, which levels are coded and which is the
 * reference (its first entry), as a caller does that keeps rare levels out of a model and compares
 * two tables term by term; the rows must then hold only those levels. Without it the coding is R's.
 */
import { DataError, StatisticsError } from '../core/errors.js';
import type { Table } from '../data/table.js';

export interface ModelMatrix {
  readonly nRows: number;
  /** One name per column, as R names them. */
  readonly names: readonly string[];
  /** The table column (term) each matrix column comes from. */
  readonly terms: readonly string[];
  readonly columns: readonly Float64Array[];
}

export interface ModelMatrixOptions {
  /**
   * Per categorical term, the level codes to code, the reference first. A listed level absent from
   * the rows gets no indicator (it would be identically zero); an absent reference is an error.
   */
  readonly levels?: ReadonlyMap<string, readonly number[]>;
}

/** The design matrix of `terms` over `rows` (all rows when omitted); rows must be complete. */
export function modelMatrix(
  table: Table,
  terms: readonly string[],
  rows?: ArrayLike<number>,
  options: ModelMatrixOptions = {},
): ModelMatrix {
  const index = rows ?? Uint32Array.from({ length: table.nRows }, (_, i) => i);
  const names: string[] = [];
  const owners: string[] = [];
  const columns: Float64Array[] = [];
  for (const term of terms) {
    if (!table.has(term)) throw new DataError({ column: term }, 'no such column in the data');
    const built =
      table.column(term).type === 'number'
        ? numberTerm(table, term, index)
        : codeTerm(table, term, index, options.levels?.get(term));
    for (const [name, values] of built) {
      names.push(name);
      owners.push(term);
      columns.push(values);
    }
  }
  return { nRows: index.length, names, terms: owners, columns };
}

function numberTerm(table: Table, term: string, rows: ArrayLike<number>): Array<[string, Float64Array]> {
  const source = table.numbers(term);
  const values = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const v = source[rows[i]];
    if (!Number.isFinite(v))
      throw new DataError({ column: term, row: rows[i] + 1 }, `value ${v} is not a finite number`);
    values[i] = v;
  }
  return [[term, values]];
}

function codeTerm(
  table: Table,
  term: string,
  rows: ArrayLike<number>,
  chosen?: readonly number[],
): Array<[string, Float64Array]> {
  const { codes, levels } = table.codes(term);
  const present = new Uint8Array(levels.length);
  for (let i = 0; i < rows.length; i++) {
    const code = codes[rows[i]];
    if (code < 0) throw new DataError({ column: term, row: rows[i] + 1 }, 'missing value in a model term');
    if (chosen && !chosen.includes(code))
      throw new DataError(
        { column: term, row: rows[i] + 1 },
        `level '${levels[code]}' is not among the term's coded levels`,
      );
    present[code] = 1;
  }
  if (chosen?.length && !present[chosen[0]])
    throw new StatisticsError(
      `term '${term}': its reference level '${levels[chosen[0]] ?? chosen[0]}' does not occur in the analysed rows`,
      { column: term },
    );
  const used = (chosen ?? [...present.keys()]).filter((code) => present[code]);
  if (used.length < 2)
    throw new StatisticsError(
      `term '${term}' takes a single value${used.length ? ` ('${levels[used[0]]}')` : ''} in the analysed rows, so its effect cannot be estimated; drop it from the model`,
      { column: term },
    );
  return used.slice(1).map((code) => {
    const values = new Float64Array(rows.length);
    for (let i = 0; i < rows.length; i++) values[i] = codes[rows[i]] === code ? 1 : 0;
    return [`${term}${levels[code]}`, values] as [string, Float64Array];
  });
}
