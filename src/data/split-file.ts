/**
 * Splitting a data file into a training file and a holdout file (`synthcohort split`, see
 * contract/CLI.md): rows drawn at random with a seed, stratified by the centre column when the
 * table has one (or by a column the caller names), so that every centre keeps the held-out share.
 * A CSV file's rows are copied byte for byte (see `copyCsvRecords`); a Parquet file's are written
 * as CSV from the values it holds.
 */
import { join } from 'node:path';
import { DataError } from '../core/errors.js';
import { refuseOutputsOverInputs } from '../core/paths.js';
import { Rng } from '../core/rng.js';
import { copyCsvRecords } from './csv/copy-records.js';
import type { CsvReadOptions } from './csv/read.js';
import { writeCsv } from './csv/write.js';
import { formatOf, readTable } from './io.js';
import { columnsWithRole, type Schema } from './schema.js';
import { splitRows, strataOf } from './split.js';
import type { Table } from './table.js';

export interface SplitFileOptions extends Pick<CsvReadOptions, 'delimiter' | 'decimalComma' | 'dayFirst'> {
  /** The share of rows held out, in (0, 1). */
  holdout: number;
  seed: number;
  /** The folder for training.csv and holdout.csv. */
  out: string;
  /** The column to stratify by; default: the schema's centre column; false: no strata. */
  stratify?: string | false;
  /** The data's schema (default: inferred); only its centre role and reading rules are used. */
  schema?: Schema;
}

export interface SplitPart {
  path: string;
  rows: number;
}

export interface SplitStratum {
  /** The column's value; null for the rows missing it (one stratum of their own). */
  value: string | null;
  rows: number;
  holdout: number;
}

export interface SplitFileResult {
  training: SplitPart;
  holdout: SplitPart;
  /** The column the split was stratified by, or null. */
  stratifiedBy: string | null;
  strata: SplitStratum[];
}

export async function splitFile(path: string, options: SplitFileOptions): Promise<SplitFileResult> {
  const paths = { training: join(options.out, 'training.csv'), holdout: join(options.out, 'holdout.csv') };
  // Also checked by the CLI; a library caller (a federated node) gets the same protection.
  refuseOutputsOverInputs(
    [{ path, label: 'the data file' }],
    Object.values(paths).map((output) => ({ path: output, label: 'the split' })),
  );
  const { table, schema } = await readTable(path, { ...csvOptions(options), schema: options.schema });
  const stratifiedBy = stratumColumn(path, table, schema, options.stratify);
  const strata = stratifiedBy ? strataOf(table, stratifiedBy) : undefined;
  if (strata && stratifiedBy) checkStrata(path, stratifiedBy, strata);
  const rng = Rng.from(options.seed).split('split');
  const rows = splitRows(table.nRows, options.holdout, rng, strata?.codes);
  checkParts(path, rows, options.holdout);
  if (formatOf(path) === 'csv') {
    const part = new Uint8Array(table.nRows);
    for (const row of rows.holdout) part[row] = 1;
    copyCsvRecords(path, part, [paths.training, paths.holdout], csvOptions(options));
  } else {
    writeCsv(paths.training, table.take(rows.training), schema);
    writeCsv(paths.holdout, table.take(rows.holdout), schema);
  }
  return {
    training: { path: paths.training, rows: rows.training.length },
    holdout: { path: paths.holdout, rows: rows.holdout.length },
    stratifiedBy,
    strata: strata ? strataSummary(strata, rows.holdout) : [],
  };
}

function csvOptions(options: SplitFileOptions): CsvReadOptions {
  return { delimiter: options.delimiter, decimalComma: options.decimalComma, dayFirst: options.dayFirst };
}

function stratumColumn(
  path: string,
  table: Table,
  schema: Schema,
  stratify: string | false | undefined,
): string | null {
  if (stratify === false) return null;
  if (stratify === undefined) return columnsWithRole(schema, 'centre')[0]?.name ?? null;
  if (!table.has(stratify))
    throw new DataError(
      { file: path, column: stratify },
      `no such column to stratify by; the data has ${table.names.map((n) => `'${n}'`).join(', ')}`,
    );
  if (schema.columns.find((c) => c.name === stratify)?.role === 'id')
    throw new DataError(
      { file: path, column: stratify },
      'an identifier cannot stratify a split: every patient would be a stratum of one',
    );
  return stratify;
}

/**
 * Strata of one row cannot be split (they stay in training); a column where most strata are single
 * rows (a measurement, a date) would leave the holdout nearly empty.
 */
function checkStrata(path: string, column: string, strata: { codes: Int32Array; labels: unknown[] }): void {
  const sizes = new Int32Array(strata.labels.length);
  for (const code of strata.codes) sizes[code]++;
  const single = sizes.filter((size) => size === 1).length;
  if (single * 2 > sizes.length)
    throw new DataError(
      { file: path, column },
      `${sizes.length} values, ${single} of them on a single row: stratify by a column of few values, such as the centre`,
    );
}

/** Both parts must hold rows: a model needs training rows, and validation needs a holdout. */
function checkParts(
  path: string,
  rows: { training: Uint32Array; holdout: Uint32Array },
  share: number,
): void {
  const empty = rows.training.length === 0 ? 'training' : rows.holdout.length === 0 ? 'holdout' : undefined;
  if (empty)
    throw new DataError(
      { file: path },
      `holding out ${share} of ${rows.training.length + rows.holdout.length} rows leaves the ${empty} part empty; choose another share or more rows`,
    );
}

function strataSummary(
  strata: { codes: Int32Array; labels: Array<string | null> },
  holdout: Uint32Array,
): SplitStratum[] {
  const summary = strata.labels.map((value) => ({ value, rows: 0, holdout: 0 }));
  for (const code of strata.codes) summary[code].rows++;
  for (const row of holdout) summary[strata.codes[row]].holdout++;
  return summary;
}
