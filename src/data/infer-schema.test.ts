import { describe, expect, it } from 'vitest';
import { DataError } from '../core/errors.js';
import { conformTable } from './conform.js';
import { readCsvRaw } from './csv/read.js';
import { inferSchema } from './infer-schema.js';
import { parseSchema } from './schema.js';
import { temporaryFile } from './test-support/tables.js';

const infer = (csv: string) => {
  const raw = readCsvRaw(temporaryFile('cohort.csv', csv), { file: 'cohort.csv' });
  return { raw, ...inferSchema(raw) };
};

const cohort = [
  'patient_id,centre,age,ecog,wbc,sex,npm1,FLT3_ITD,BCOR,AGE2,os_days,os_status,relapse,dx_date,note',
  'P1,2,54,0,3.5,F,1,0,0,1,100,1,no,2020-01-02,a',
  'P2,1,61,1,12,M,0,1,1,0,230,0,yes,2020-02-03,b',
  'P3,2,70,2,NA,F,0,0,0,1,15,1,No,,a',
  'P4,3,45,4,0.8,M,1,1,0,0,880,0,,2021-05-06,b',
].join('\n');

describe('inferSchema', () => {
  const { schema, notes, warnings } = infer(cohort);
  const spec = (name: string) => schema.columns.find((c) => c.name === name)!;

  it('infers kinds: integer, numeric, boolean from 0/1 and from yes/no words, categorical, date', () => {
    expect(['age', 'ecog', 'wbc', 'sex', 'npm1', 'relapse', 'dx_date'].map((n) => spec(n).kind)).toEqual([
      'integer',
      'integer',
      'numeric',
      'categorical',
      'boolean',
      'boolean',
      'date',
    ]);
    expect(spec('sex').categories).toEqual(['F', 'M']);
    expect(spec('relapse').categories).toEqual(['no', 'yes']);
    expect(spec('npm1').categories).toEqual(['0', '1']);
  });

  it('infers roles: id, centre (categorical even when coded by number), mutations in a gene block', () => {
    expect(spec('patient_id')).toMatchObject({ kind: 'categorical', role: 'id', nullable: false });
    expect(spec('patient_id').categories).toBeUndefined();
    expect(spec('centre')).toMatchObject({
      kind: 'categorical',
      role: 'centre',
      categories: ['1', '2', '3'],
    });
    expect(['npm1', 'FLT3_ITD', 'BCOR', 'AGE2'].map((n) => spec(n).role)).toEqual([
      'mutation',
      'mutation',
      'mutation',
      'mutation',
    ]);
  });

  it('pairs survival columns into an endpoint, with min 0 on the time', () => {
    expect(schema.endpoints).toEqual([{ name: 'os', time: 'os_days', event: 'os_status', eventValue: '1' }]);
    expect(spec('os_days')).toMatchObject({ role: 'time', min: 0 });
    expect(spec('os_status').role).toBe('event');
    expect(spec('age').min).toBeUndefined();
  });

  it('explains every guess in a note, one per column', () => {
    expect(notes).toHaveLength(schema.columns.length);
    expect(notes).toContain(
      'os_days: integer, role time (paired with os_status as endpoint os; min 0: a time cannot be negative)',
    );
    expect(notes.find((n) => n.startsWith('ecog:'))).toBe('ecog: integer');
    expect(infer('ecog\n0\n1\n2\n0\n1\n2\n0\n1\n2\n').notes).toEqual([
      'ecog: integer (3 distinct values, kept as an ordinal integer; declare it categorical if the codes are nominal)',
    ]);
    expect(warnings).toEqual([]);
  });

  it('gives a schema that parseSchema accepts and that the raw table conforms to', () => {
    const { raw } = infer(cohort);
    expect(parseSchema(JSON.parse(JSON.stringify(schema)))).toEqual(schema);
    const table = conformTable(raw, schema);
    expect(table.cell('relapse', 2)).toBe('no');
    expect(table.codes('relapse').codes[1]).toBe(1);
    expect(table.cell('centre', 3)).toBe('3');
  });

  it('refuses a column where every value is missing, naming it', () => {
    expect(() => infer('a,b\n1,\n2,NA\n')).toThrow(DataError);
    expect(() => infer('a,b\n1,\n2,NA\n')).toThrow(/^cohort\.csv, column 'b': every value is missing/);
  });

  it('keeps a constant column but warns about it', () => {
    const result = infer('a,k\n1,x\n2,x\n');
    expect(result.schema.columns[1]).toMatchObject({ name: 'k', kind: 'categorical' });
    expect(result.warnings).toEqual([
      expect.stringMatching(/^k: constant column, every value present is 'x'/),
    ]);
  });

  it('reads R-style 1/2 status, time/status without prefix, and two-level text events', () => {
    const r = infer('futime,status\n5,1\n9,2\n').schema;
    expect(r.endpoints).toEqual([{ name: 'survival', time: 'futime', event: 'status', eventValue: '2' }]);
    const text = infer('efs_months,efs_event\n5.5,censored\n9,relapse\n').schema;
    expect(text.endpoints[0]).toMatchObject({ name: 'efs', eventValue: 'relapse' });
  });

  it('notes text columns that are mostly numbers, and marks unique text as an identifier', () => {
    const rows = Array.from({ length: 12 }, (_, i) => `${i % 5 === 4 ? 'unknown' : i % 4},c${i}`);
    const { notes, schema: s } = infer(`lab,code\n${rows.join('\n')}\n`);
    expect(notes[0]).toMatch(/^lab: categorical \(mixes numbers and text such as 'unknown'/);
    expect(s.columns[1]).toMatchObject({ role: 'id' });
  });

  it('leaves an upper-case 0/1 column outside a gene block as a feature', () => {
    expect(infer('age,SEX,x\n1,0,a\n2,1,b\n3,1,a\n').schema.columns[1]).toMatchObject({
      kind: 'boolean',
      role: 'feature',
    });
  });

  it('recognises identifiers by name and by data, and never rounds a long record number', () => {
    const rows = Array.from(
      { length: 30 },
      (_, i) => `${9007199254740993n + 2n * BigInt(i)},${100 + (i % 20)},${40 + i},${i % 2},Name ${i}`,
    );
    const { schema: s, raw } = infer(`mrn,nhc,age,case,name\n${rows.join('\n')}\n`);
    expect(s.columns.map((c) => c.role)).toEqual(['id', 'id', 'feature', 'feature', 'id']);
    expect(s.columns[0]).toMatchObject({ kind: 'categorical', nullable: false });
    // nhc repeats (a second visit): named like an identifier, so still an identifier.
    expect(s.columns[1].nullable).toBe(true);
    // 2^53 + 1 and 2^53 + 3 stay distinct as text.
    const mrn = raw.table.codes('mrn');
    expect(mrn.levels.slice(0, 2)).toEqual(['9007199254740993', '9007199254740995']);
  });
});
