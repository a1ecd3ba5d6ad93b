/**
 * Property-based tests of the CSV reader (issue #8, item 6): whatever bytes a file holds, reading
 * it fails only with an InputError (a DataError, SchemaError or UsageError: exit code 2), never
 * with a TypeError or RangeError; and a table written by the CSV writer reads back exactly, whatever
 * its names, labels, numbers, dates and missing values. The seed is fixed so that a run is
 * reproducible; set FUZZ_SEED to explore others.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../core/errors.js';
import { readTable } from '../io.js';
import { parseSchema, type Schema } from '../schema.js';
import { type Column, codeColumn, numberColumn, Table } from '../table.js';
import { tableDifference, temporaryFolder } from '../test-support/tables.js';
import { readCsvRaw, readCsvWithSchema } from './read.js';
import { writeCsv } from './write.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_206);
const folder = temporaryFolder('synthcohort-fuzz-');
let files = 0;

function fileWith(content: Uint8Array | string, extension = 'csv'): string {
  const path = join(folder, `f${files++}.${extension}`);
  writeFileSync(path, content);
  return path;
}

/** Runs `read`; an InputError is a fine answer to bad bytes, anything else is a bug. */
async function onlyInputErrors(read: () => unknown): Promise<void> {
  try {
    await read();
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    expect(error.message).not.toContain('\n');
  }
}

const fixedSchema = parseSchema({
  version: 1,
  columns: [
    { name: 'a', kind: 'numeric' },
    { name: 'b', kind: 'categorical' },
    { name: 'c', kind: 'date' },
  ],
});

/** Bytes drawn mostly from what CSV files are made of, so that the reader gets past the header. */
const csvishBytes = fc
  .array(fc.constantFrom(...Buffer.from(',;\t"\r\n  ab1.-e+NA\u00ef\u00bb\u00bf\u00ff\u0000=\'2020-01-31')), {
    maxLength: 600,
  })
  .map((bytes) => Uint8Array.from(bytes));

const field = fc.oneof(
  fc.constantFrom('', 'NA', 'null', '1', '-1.5', '1e999', '2020-02-30', '007', '=1+1', "'=x", ' x ', 'a,b'),
  fc.string({ maxLength: 8 }),
  fc.string({ unit: 'binary', maxLength: 6 }),
);

/** Text shaped like CSV: records of fields, quoted or not, joined by a delimiter and line ends. */
const csvishText = fc
  .record({
    rows: fc.array(fc.array(fc.tuple(field, fc.boolean()), { minLength: 1, maxLength: 5 }), {
      maxLength: 12,
    }),
    delimiter: fc.constantFrom(',', ';', '\t'),
    lineEnd: fc.constantFrom('\n', '\r\n', '\r'),
  })
  .map(({ rows, delimiter, lineEnd }) =>
    rows
      .map((cells) =>
        cells.map(([text, quoted]) => (quoted ? `"${text.replaceAll('"', '""')}"` : text)).join(delimiter),
      )
      .join(lineEnd),
  );

describe('the CSV reader on any bytes', () => {
  it('fails only with an InputError, with or without a schema, whatever the chunk size', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.uint8Array({ maxLength: 1500 }), csvishBytes, csvishText),
        fc.integer({ min: 3, max: 64 }),
        async (content, chunkBytes) => {
          const path = fileWith(content);
          await onlyInputErrors(() => readCsvRaw(path, { chunkBytes }));
          await onlyInputErrors(() => readCsvWithSchema(path, fixedSchema, { chunkBytes }));
          await onlyInputErrors(() => readTable(path));
        },
      ),
      { seed: SEED, numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    );
  });
});

/** A non-empty label; an empty one is the missing value in CSV, by the contract. */
const label = fc
  .oneof(
    fc.string({ unit: 'binary', minLength: 1, maxLength: 10 }),
    fc.constantFrom(
      'NA',
      'nan',
      'NULL',
      '-1.5',
      '+ve',
      '=cmd',
      "'=x",
      "''@y",
      ' pad ',
      'a,b',
      'say "hi"',
      'x\ry',
    ),
  )
  .filter((text) => text !== '');

const name = fc
  .oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 8 }), fc.constantFrom('age', 'NA', ' x', 'a;b'))
  .filter((text) => text !== '' && !text.startsWith('\uFEFF'));

type ColumnCase = { spec: Record<string, unknown>; column: Column };

const missingOr = <T>(arb: fc.Arbitrary<T>, missing: T) =>
  fc.oneof({ weight: 4, arbitrary: arb }, { weight: 1, arbitrary: fc.constant(missing) });

function columnCase(rows: number): fc.Arbitrary<ColumnCase> {
  const numbers = (arb: fc.Arbitrary<number>) =>
    fc.array(missingOr(arb, Number.NaN), { minLength: rows, maxLength: rows }).map((v) => numberColumn(v));
  return fc.oneof(
    numbers(fc.double({ noNaN: true, noDefaultInfinity: true })).map((column) => ({
      spec: { kind: 'numeric' },
      column,
    })),
    numbers(fc.maxSafeInteger()).map((column) => ({ spec: { kind: 'integer' }, column })),
    // 1900-01-01 to 2100-12-31, as days since 1970-01-01.
    numbers(fc.integer({ min: -25_567, max: 47_846 })).map((column) => ({ spec: { kind: 'date' }, column })),
    fc.uniqueArray(label, { minLength: 1, maxLength: 6 }).chain((levels) =>
      fc
        .array(fc.integer({ min: -1, max: levels.length - 1 }), { minLength: rows, maxLength: rows })
        .map((codes) => ({
          spec: { kind: 'categorical', categories: levels },
          column: codeColumn(codes, levels),
        })),
    ),
    fc.constantFrom(['0', '1'], ['no', 'yes'], ['false', 'true']).chain((labels) =>
      fc.array(fc.integer({ min: -1, max: 1 }), { minLength: rows, maxLength: rows }).map((codes) => ({
        spec: { kind: 'boolean', categories: labels },
        column: codeColumn(codes, labels),
      })),
    ),
  );
}

const tables: fc.Arbitrary<{ table: Table; schema: Schema }> = fc
  .tuple(fc.integer({ min: 1, max: 25 }), fc.uniqueArray(name, { minLength: 1, maxLength: 5 }))
  .chain(([rows, names]) => fc.tuple(...names.map(() => columnCase(rows))).map((cases) => ({ names, cases })))
  .map(({ names, cases }) => ({
    table: new Table(names.map((n, c) => [n, cases[c].column] as const)),
    schema: parseSchema({ version: 1, columns: names.map((n, c) => ({ name: n, ...cases[c].spec })) }),
  }));

describe('CSV write then read', () => {
  it('gives back exactly the table written, whatever its labels, numbers, dates and gaps', () => {
    fc.assert(
      fc.property(
        tables,
        fc.constantFrom(',', ';', '\t'),
        fc.integer({ min: 3, max: 64 }),
        ({ table, schema }, delimiter, chunkBytes) => {
          const path = join(folder, `round-trip-${files++}.csv`);
          writeCsv(path, table, schema, { delimiter, chunkRows: 7 });
          const back = readCsvWithSchema(path, schema, { delimiter, chunkBytes });
          expect(tableDifference(back, table)).toBeUndefined();
        },
      ),
      { seed: SEED, numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    );
  });
});
