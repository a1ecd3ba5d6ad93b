import { describe, expect, it } from 'vitest';
import { DataError, SchemaError, UsageError } from '../../core/errors.js';
import { daysFromIso } from '../dates.js';
import { parseSchema, type SchemaInput } from '../schema.js';
import { temporaryFile } from '../test-support/tables.js';
import { type CsvReadOptions, readCsvRaw, readCsvWithSchema } from './read.js';

const raw = (content: string | Uint8Array, options: CsvReadOptions = {}, name = 'data.csv') =>
  readCsvRaw(temporaryFile(name, content), { file: name, ...options });

const typed = (content: string, columns: SchemaInput['columns'], options: CsvReadOptions = {}) =>
  readCsvWithSchema(temporaryFile('data.csv', content), parseSchema({ version: 1, columns }), {
    file: 'data.csv',
    ...options,
  });

/** The error a read throws, for checking its class and its one-line message. */
function failure(read: () => unknown): Error {
  try {
    read();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the read to fail');
}

describe('CSV tokenising', () => {
  it('reads numbers, text and missing markers', () => {
    const { table, kinds } = raw('a,b,c\n1,x,\n2.5,NA,3\nnan,null,NULL\n');
    expect(Array.from(table.numbers('a'))).toEqual([1, 2.5, Number.NaN]);
    expect([0, 1, 2].map((row) => table.cell('b', row))).toEqual(['x', undefined, undefined]);
    expect(Array.from(table.numbers('c'))).toEqual([Number.NaN, 3, Number.NaN]);
    expect([...kinds.values()]).toEqual(['number', 'text', 'number']);
  });

  it('handles quotes with delimiters, escaped quotes and newlines, across chunk boundaries', () => {
    const content = 'id,note\n1,"a, b"\n2,"say ""hi"""\n3,"two\nlines"\n4,plain\n';
    for (const chunkBytes of [4, 7, 64 * 1024]) {
      const { table } = raw(content, { chunkBytes });
      expect(
        [0, 1, 2, 3].map((row) => table.cell('note', row)),
        `chunk ${chunkBytes}`,
      ).toEqual(['a, b', 'say "hi"', 'two\nlines', 'plain']);
    }
  });

  it('reads CRLF and LF alike, skips a BOM and blank lines, trims padding of unquoted fields', () => {
    const lf = raw('x,y\n1,a\n2,b\n');
    const crlf = raw('\uFEFFx , y\r\n 1 , a\r\n\r\n2,b\r\n\r\n');
    expect(crlf.table.names).toEqual(['x', 'y']);
    expect(Array.from(crlf.table.numbers('x'))).toEqual(Array.from(lf.table.numbers('x')));
    expect(crlf.table.cell('y', 0)).toBe('a');
    expect(raw('x,y\n1,a\n2,"b"').table.cell('y', 1)).toBe('b');
  });

  it('reads old-Mac CR line ends, and CR, LF and CRLF mixed (quoted CRs kept), across chunk boundaries', () => {
    for (const chunkBytes of [3, 5, 64 * 1024]) {
      const { table } = raw('x;y\r1;a\r2;"b\rc"\r\n3;d\r\r', { chunkBytes });
      expect(table.names, `chunk ${chunkBytes}`).toEqual(['x', 'y']);
      expect(Array.from(table.numbers('x'))).toEqual([1, 2, 3]);
      expect([0, 1, 2].map((row) => table.cell('y', row))).toEqual(['a', 'b\rc', 'd']);
    }
    expect(raw('a,b\r1,2').table.names).toEqual(['a', 'b']);
    const mixed = raw('a,b\r\n1,x\r2,y\n3,z\r\n');
    expect([0, 1, 2].map((row) => mixed.table.cell('b', row))).toEqual(['x', 'y', 'z']);
  });

  it('says an explicit delimiter seems wrong, and which one the file seems to use', () => {
    const single = failure(() => raw('a,b,c\n1,2,3\n', { delimiter: ';' }));
    expect(single).toBeInstanceOf(DataError);
    expect(single.message).toBe(
      "data.csv: the header is a single column, 'a,b,c'; the delimiter ';' seems wrong: the file seems to use ','",
    );
    expect(failure(() => raw('a;b\n1;2,5\n', { delimiter: '\t' })).message).toMatch(
      /delimiter tab seems wrong.*';'/,
    );
    expect(failure(() => raw('a;b,c\n1;2,3;4\n', { delimiter: ';' })).message).toMatch(
      /row 1: has 3 fields, expected 2 as in the header; the delimiter ';' seems wrong: the file seems to use ','/,
    );
  });

  it('names a cell that turns a column of numbers or dates into text by mistake', () => {
    const cases: Array<[string, RegExp]> = [
      [
        'v\n1\n2\n1e999\n',
        /row 3, column 'v': '1e999' is not a finite number \(a double holds at most ±1\.8e308\)/,
      ],
      ['v\nInf\n2\n3\n', /row 1, column 'v': 'Inf' is not a finite number/],
      ['v;w\n1.5;a\n2,5;b\n', /row 2, column 'v': '2,5' has a decimal comma, .*write 2\.5/],
      ['d\n2021-02-28\n2021-02-29\n', /row 2, column 'd': '2021-02-29' is not a date of the calendar/],
    ];
    for (const [content, message] of cases) {
      const error = failure(() => raw(content));
      expect(error).toBeInstanceOf(DataError);
      expect(error.message).toMatch(message);
    }
    // Genuine text stays text: codes with leading zeros, words, numbers among words.
    expect(raw('v\n007\n1e999\n').kinds.get('v')).toBe('text');
    expect(raw('v\n1\nInf\nlow\n').kinds.get('v')).toBe('text');
  });

  it('keeps a quoted NA as text, an empty quoted field as missing', () => {
    const { table } = raw('code,n\n"NA",1\nNA,2\n"",3\n');
    expect([0, 1, 2].map((row) => table.cell('code', row))).toEqual(['NA', undefined, undefined]);
  });

  it('detects `;` and tab delimiters, and takes an explicit one', () => {
    expect(raw('a;b\n1,5;2\n', { decimalComma: true }).table.numbers('a')[0]).toBe(1.5);
    expect(raw('a\tb\n1\t2\n').table.names).toEqual(['a', 'b']);
    expect(raw('a,b;c\n1,2;3\n', { delimiter: ';' }).table.names).toEqual(['a,b', 'c']);
    expect(raw('note\nhello, world\n', { delimiter: ';' }).table.names).toEqual(['note']);
    expect(failure(() => raw('a\n1\n', { delimiter: '::' }))).toBeInstanceOf(UsageError);
  });

  it('reads day-first dates only with the option; ISO dates always', () => {
    expect(raw('d\n2020-03-01\n').kinds.get('d')).toBe('date');
    expect(raw('d\n01/03/2020\n').kinds.get('d')).toBe('text');
    const { table, kinds } = raw('d\n01/03/2020\n2.3.2020\n', { dayFirst: true });
    expect(kinds.get('d')).toBe('date');
    expect(Array.from(table.numbers('d'))).toEqual([daysFromIso('2020-03-01'), daysFromIso('2020-03-02')]);
  });

  it('re-reads as text a column that mixes numbers with text, keeping the text exact', () => {
    const { table, kinds } = raw('ecog,zip\n1,007\n2.0,12\nunknown,01\n');
    expect(kinds.get('ecog')).toBe('text');
    expect([0, 1, 2].map((row) => table.cell('ecog', row))).toEqual(['1', '2.0', 'unknown']);
    expect([0, 1, 2].map((row) => table.cell('zip', row))).toEqual(['007', '12', '01']);
  });

  it('treats a column with every value missing as empty', () => {
    expect(raw('a,b\n1,\n2,NA\n').kinds.get('b')).toBe('empty');
  });
});

describe('CSV structural errors', () => {
  const cases: Array<[string, string | Uint8Array, RegExp]> = [
    ['an empty file', '', /^data\.csv: the file is empty; expected a header line/],
    ['a header without rows', 'a,b\n', /^data\.csv: the file has a header but no data rows$/],
    ['a ragged row', 'a,b,c\n1,2,3\n4,5\n', /^data\.csv, row 2: has 2 fields, expected 3 as in the header$/],
    ['a long row', 'a,b\n1,2\n3,4,5\n', /^data\.csv, row 2: has 3 fields, expected 2/],
    [
      'duplicate names',
      'a,b,a\n1,2,3\n',
      /^data\.csv, row 0, column 'a': the header names this column twice \(columns 1 and 3\)$/,
    ],
    [
      'an empty name',
      'a,,c\n1,2,3\n',
      /^data\.csv, row 0, column '#2': the header has an empty column name$/,
    ],
    [
      'an unterminated quote',
      'a,b\n1,2\n3,"open\n4,5\n',
      /^data\.csv, row 2, column 'b': a quoted field is never closed/,
    ],
    ['text after a quote', 'a,b\n1,"x"y\n', /^data\.csv, row 1, column 'b': text after a closing quote/],
    [
      'non-UTF-8 bytes',
      new Uint8Array([...Buffer.from('a,b\n1,x\n2,'), 0xe9, 0x0a]),
      /^data\.csv, row 2: the bytes are not valid UTF-8 text/,
    ],
  ];
  for (const [what, content, message] of cases)
    it(`refuses ${what} with one clear line`, () => {
      const error = failure(() => raw(content));
      expect(error).toBeInstanceOf(DataError);
      expect(error.message).toMatch(message);
      expect(error.message).not.toContain('\n');
    });
});

describe('CSV with a schema', () => {
  const columns: SchemaInput['columns'] = [
    { name: 'id', kind: 'categorical', role: 'id', nullable: false },
    { name: 'age', kind: 'integer', min: 18, max: 100 },
    { name: 'wbc', kind: 'numeric' },
    { name: 'dx', kind: 'date' },
    { name: 'sex', kind: 'categorical', categories: ['F', 'M'] },
    { name: 'dead', kind: 'boolean', categories: ['no', 'yes'] },
  ];

  it('parses every kind into the Table, in schema order', () => {
    const table = typed('dead,id,age,wbc,dx,sex\nyes,P1,54,3.5,2020-01-02,M\nNo,P2,NA,,NA,F\n', columns);
    expect(table.names).toEqual(['id', 'age', 'wbc', 'dx', 'sex', 'dead']);
    expect(Array.from(table.numbers('age'))).toEqual([54, Number.NaN]);
    expect(table.numbers('dx')[0]).toBe(daysFromIso('2020-01-02'));
    expect(table.codes('sex')).toEqual({ type: 'code', codes: Int32Array.from([1, 0]), levels: ['F', 'M'] });
    expect(table.codes('dead')).toEqual({
      type: 'code',
      codes: Int32Array.from([1, 0]),
      levels: ['no', 'yes'],
    });
  });

  it('reads decimal commas and day-first dates when asked', () => {
    const table = typed(
      'wbc;dx\n3,5;31.12.2020\n',
      [
        { name: 'wbc', kind: 'numeric' },
        { name: 'dx', kind: 'date' },
      ],
      {
        decimalComma: true,
        dayFirst: true,
      },
    );
    expect(table.numbers('wbc')[0]).toBe(3.5);
    expect(table.numbers('dx')[0]).toBe(daysFromIso('2020-12-31'));
  });

  const header = 'id,age,wbc,dx,sex,dead\n';
  const valueCases: Array<[string, string, RegExp]> = [
    [
      'text in a numeric column',
      'P1,50,high,,F,no',
      /^data\.csv, row 1, column 'wbc': 'high' is not a number; expected a number$/,
    ],
    [
      'a fraction in an integer column',
      'P1,50.5,,,F,no',
      /column 'age': '50\.5' is not a whole number; expected an integer/,
    ],
    [
      'a value out of bounds',
      'P1,17,,,F,no',
      /row 1, column 'age': '17' is outside the schema's bounds \[18, 100\]/,
    ],
    ['an unknown category', 'P1,50,,,X,no', /row 1, column 'sex': 'X' is not one of the categories F, M$/],
    ['a bad boolean', 'P1,50,,,F,maybe', /column 'dead': 'maybe' is not a boolean; expected no or yes/],
    ['a bad date', 'P1,50,,2020-13-01,F,no', /column 'dx': '2020-13-01' is not a date; expected YYYY-MM-DD/],
    [
      'a missing value in a non-nullable column',
      'NA,50,,,F,no',
      /row 1, column 'id': the value is missing, but the schema says nullable: false/,
    ],
  ];
  for (const [what, row, message] of valueCases)
    it(`refuses ${what}, naming file, row, column and value`, () => {
      const error = failure(() => typed(`${header}${row}\n`, columns));
      expect(error).toBeInstanceOf(DataError);
      expect(error.message).toMatch(message);
    });

  it('reports the first problem and counts the others', () => {
    const error = failure(() => typed(`${header}P1,50,x,,F,no\nP2,50,y,,F,no\nP3,50,z,,F,no\n`, columns));
    expect(error.message).toMatch(
      /row 1, column 'wbc': 'x' is not a number.* \(and 2 more problems in the file\)$/,
    );
  });

  it('refuses columns missing from the file or absent from the schema', () => {
    const missing = failure(() => typed('id,age\nP1,50\n', columns));
    expect(missing).toBeInstanceOf(SchemaError);
    expect(missing.message).toMatch(
      /^data\.csv, column 'wbc': the schema declares this column but the file has no such column$/,
    );
    const extra = failure(() => typed(`${header.trim()},extra\nP1,50,,,F,no,1\n`, columns));
    expect(extra).toBeInstanceOf(SchemaError);
    expect(extra.message).toMatch(/column 'extra': the file has a column the schema does not declare/);
  });
});
