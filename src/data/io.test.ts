import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { SchemaError, UsageError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import { readSchemaFile, readTable, writeTable } from './io.js';
import { randomTable, tableDifference, temporaryFile, temporaryFolder } from './test-support/tables.js';

describe('readTable / writeTable', () => {
  it('infers the schema of a CSV file and explains it', async () => {
    const path = temporaryFile('cohort.csv', 'patient_id,age,os_days,os_status\nP1,50,10,1\nP2,60,20,0\n');
    const { table, schema, notes } = await readTable(path);
    expect(table.nRows).toBe(2);
    expect(schema.endpoints).toHaveLength(1);
    expect(notes[0]).toMatch(/^patient_id: categorical, role id/);
  });

  it('reads a .tsv file as tab-separated, and honours CSV options', async () => {
    expect((await readTable(temporaryFile('x.tsv', 'a\tb\n1\t2\n'))).table.names).toEqual(['a', 'b']);
    const { table } = await readTable(temporaryFile('x.csv', 'a;d\n1,5;31/12/2020\n'), {
      decimalComma: true,
      dayFirst: true,
    });
    expect(table.numbers('a')[0]).toBe(1.5);
  });

  it('round-trips CSV and Parquet through the one entry point, exactly', async () => {
    const { table, schema } = randomTable(Rng.from('io-round-trip'), 300);
    const folder = temporaryFolder();
    for (const name of ['t.csv', 't.parquet', 't.tsv']) {
      const path = join(folder, name);
      await writeTable(path, table, schema);
      const back = await readTable(path, { schema });
      expect(tableDifference(back.table, table), name).toBeUndefined();
    }
    const stored = await readTable(join(folder, 't.parquet'));
    expect(stored.schema).toEqual(schema);
    expect(tableDifference(stored.table, table)).toBeUndefined();
  });

  it('infers the schema of a Parquet file written elsewhere', async () => {
    const bytes = parquetWriteBuffer({
      columnData: [
        { name: 'patient_id', data: ['P1', 'P2', 'P3'], type: 'STRING' },
        { name: 'npm1', data: [1, 0, null], type: 'INT32' },
      ],
    });
    const { schema, table } = await readTable(temporaryFile('foreign.parquet', new Uint8Array(bytes)));
    expect(schema.columns.map((c) => [c.kind, c.role])).toEqual([
      ['categorical', 'id'],
      ['boolean', 'mutation'],
    ]);
    expect(table.codes('npm1')).toEqual({
      type: 'code',
      codes: Int32Array.from([1, 0, -1]),
      levels: ['0', '1'],
    });
  });

  it('refuses an unknown extension with a clear line', async () => {
    await expect(readTable('data.xlsx')).rejects.toThrow(UsageError);
    await expect(readTable('data.xlsx')).rejects.toThrow(
      /data\.xlsx: unknown file type '\.xlsx'; expected \.csv, \.tsv, \.txt or \.parquet/,
    );
  });
});

describe('readSchemaFile', () => {
  it('names the file when the JSON does not parse, and the column when the schema is wrong', () => {
    const folder = temporaryFolder();
    const broken = join(folder, 'broken.json');
    writeFileSync(broken, '{"version": 1, ');
    expect(() => readSchemaFile(broken)).toThrow(SchemaError);
    expect(() => readSchemaFile(broken)).toThrow(/broken\.json: not valid JSON/);
    const wrong = join(folder, 'wrong.json');
    writeFileSync(wrong, JSON.stringify({ version: 1, columns: [{ name: 'age', kind: 'number' }] }));
    expect(() => readSchemaFile(wrong)).toThrow(/wrong\.json, column 'age': columns\.0\.kind: unknown kind/);
    expect(() => readSchemaFile(join(folder, 'absent.json'))).toThrow(
      /absent\.json: cannot read the schema file \(ENOENT\)/,
    );
  });

  it('reads a valid schema file, also one saved with a UTF-8 byte order mark', () => {
    const path = temporaryFile(
      'schema.json',
      `\uFEFF${JSON.stringify({ version: 1, columns: [{ name: 'a', kind: 'numeric' }] })}`,
    );
    expect(readSchemaFile(path).columns[0]).toMatchObject({
      name: 'a',
      kind: 'numeric',
      role: 'feature',
      nullable: true,
    });
  });
});
