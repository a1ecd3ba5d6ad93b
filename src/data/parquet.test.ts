import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { DataError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import { conformTable } from './conform.js';
import { readParquetRaw, writeParquet } from './parquet.js';
import { randomTable, tableDifference, temporaryFile, temporaryFolder } from './test-support/tables.js';

describe('Parquet', () => {
  it('round-trips a random table exactly, with its schema in the metadata', async () => {
    const { table, schema } = randomTable(Rng.from('parquet-round-trip'), 500);
    const path = join(temporaryFolder(), 'cohort.parquet');
    writeParquet(path, table, schema);
    const { raw, schema: stored } = await readParquetRaw(path);
    expect(stored).toEqual(schema);
    expect([...raw.kinds.values()]).toEqual(['text', 'number', 'number', 'date', 'text', 'text']);
    const back = conformTable(raw, schema);
    expect(tableDifference(back, table)).toBeUndefined();
    expect(back.codes('label').levels).toEqual(table.codes('label').levels);
  });

  it('writes the same bytes for the same table', () => {
    const { table, schema } = randomTable(Rng.from('parquet-bytes'), 50);
    const folder = temporaryFolder();
    writeParquet(join(folder, 'a.parquet'), table, schema);
    writeParquet(join(folder, 'b.parquet'), table, schema);
    expect(readFileSync(join(folder, 'b.parquet'))).toEqual(readFileSync(join(folder, 'a.parquet')));
  });

  it('reads a foreign file (no stored schema) as a raw table for inference', async () => {
    const bytes = parquetWriteBuffer({
      columnData: [
        { name: 'age', data: [54, null, 70], type: 'INT32' },
        { name: 'wbc', data: [1.5, 2, null], type: 'DOUBLE' },
        { name: 'sex', data: ['F', 'M', null], type: 'STRING' },
        { name: 'alive', data: [true, false, null], type: 'BOOLEAN' },
        { name: 'big', data: [1n, 2n, 3n], type: 'INT64' },
      ],
    });
    const { raw, schema } = await readParquetRaw(temporaryFile('foreign.parquet', new Uint8Array(bytes)));
    expect(schema).toBeUndefined();
    expect(Array.from(raw.table.numbers('age'))).toEqual([54, Number.NaN, 70]);
    expect(Array.from(raw.table.numbers('big'))).toEqual([1, 2, 3]);
    expect([0, 1, 2].map((row) => raw.table.cell('alive', row))).toEqual(['true', 'false', undefined]);
  });

  it('refuses a file that is not Parquet, naming it', async () => {
    await expect(readParquetRaw(temporaryFile('fake.parquet', 'a,b\n1,2\n'), 'fake.parquet')).rejects.toThrow(
      DataError,
    );
    await expect(readParquetRaw(temporaryFile('fake.parquet', 'a,b\n1,2\n'), 'fake.parquet')).rejects.toThrow(
      /^fake\.parquet: not a readable Parquet file/,
    );
  });
});
