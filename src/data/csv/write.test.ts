import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/rng.js';
import { daysFromIso } from '../dates.js';
import { parseSchema } from '../schema.js';
import { codeColumn, numberColumn, Table } from '../table.js';
import { randomTable, tableDifference, temporaryFolder } from '../test-support/tables.js';
import { readCsvWithSchema } from './read.js';
import { formatCsv, numberText, quoteField, writeCsv } from './write.js';

const schema = parseSchema({
  version: 1,
  columns: [
    { name: 'n', kind: 'integer' },
    { name: 'x', kind: 'numeric' },
    { name: 'd', kind: 'date' },
    { name: 'c', kind: 'categorical', categories: ['a,b', 'say "hi"', 'NA', ' pad'] },
    { name: 'b', kind: 'boolean', categories: ['no', 'yes'] },
  ],
});

const table = new Table([
  ['n', numberColumn([1, Number.NaN, -40])],
  ['x', numberColumn([0.1 + 0.2, 1e-7, 123456789.125])],
  ['d', numberColumn([daysFromIso('2020-02-29'), 0, Number.NaN])],
  ['c', codeColumn([0, 1, 2], schema.columns[3].categories!)],
  ['b', codeColumn([1, -1, 0], ['no', 'yes'])],
]);

describe('CSV writing', () => {
  it('formats every kind, quotes what needs it, writes missing as empty', () => {
    expect(formatCsv(table, schema)).toBe(
      [
        'n,x,d,c,b',
        '1,0.30000000000000004,2020-02-29,"a,b",yes',
        ',1e-7,1970-01-01,"say ""hi""",',
        '-40,123456789.125,,"NA",no',
        '',
      ].join('\n'),
    );
  });

  it('quotes only when reading back would change the text', () => {
    expect(
      ['plain', 'a,b', 'line\nbreak', ' lead', 'trail ', 'null', 'NaN', 'x"y'].map((t) => quoteField(t, ',')),
    ).toEqual(['plain', '"a,b"', '"line\nbreak"', '" lead"', '"trail "', '"null"', '"NaN"', '"x""y"']);
    // Any delimiter a reader might detect is quoted, whichever one the file uses.
    expect(['a,b', 'a;b', 'a\tb', 'ab'].map((t) => quoteField(t, ';'))).toEqual([
      '"a,b"',
      '"a;b"',
      '"a\tb"',
      'ab',
    ]);
    expect(numberText(-0)).toBe('-0');
  });

  it('writes a one-column table with missing values as "" so no line is blank', () => {
    const lone = new Table([['v', codeColumn([0, -1], ['x'])]]);
    expect(formatCsv(lone)).toBe('v\nx\n""\n');
  });

  it('round-trips through a file, chunk by chunk, byte-identical on a second write', () => {
    const folder = temporaryFolder();
    const [first, second] = [join(folder, 'a.csv'), join(folder, 'b.csv')];
    writeCsv(first, table, schema, { chunkRows: 2 });
    writeCsv(second, readCsvWithSchema(first, schema), schema);
    expect(tableDifference(readCsvWithSchema(first, schema), table)).toBeUndefined();
    expect(readFileSync(second)).toEqual(readFileSync(first));
  });

  it('round-trips random tables exactly (every kind, awkward labels, missing values)', () => {
    const rng = Rng.from('csv-round-trip');
    const folder = temporaryFolder();
    for (let trial = 0; trial < 5; trial++) {
      const { table: random, schema: randomSchema } = randomTable(rng.split(trial), 200);
      const path = join(folder, `random-${trial}.csv`);
      writeCsv(path, random, randomSchema, { chunkRows: 37 });
      // Tiny chunks put chunk boundaries inside quotes, escapes and CRLF pairs.
      for (const chunkBytes of [3, 512]) {
        const back = readCsvWithSchema(path, randomSchema, { chunkBytes });
        expect(tableDifference(back, random), `chunk ${chunkBytes}`).toBeUndefined();
      }
    }
  });

  it('writes text a spreadsheet would run as a formula with a leading quote, and reads it back as it was', () => {
    const levels = [
      "=cmd|' /C calc'!A0",
      '@SUM(A1)',
      '+ve',
      '-ve',
      '-1.5',
      '+2e3',
      '+',
      '-',
      "'=x",
      "it's",
      'plain',
    ];
    const cells = new Table([
      [
        'c',
        codeColumn(
          levels.map((_, i) => i),
          levels,
        ),
      ],
    ]);
    const text = formatCsv(cells);
    expect(text.split('\n').slice(1, -1)).toEqual([
      "'=cmd|' /C calc'!A0",
      "'@SUM(A1)",
      "'+ve",
      "'-ve",
      '-1.5',
      '+2e3',
      '+',
      '-',
      "''=x",
      "it's",
      'plain',
    ]);
    const path = join(temporaryFolder(), 'formulas.csv');
    writeCsv(path, cells);
    const declared = parseSchema({
      version: 1,
      columns: [{ name: 'c', kind: 'categorical', categories: levels }],
    });
    expect(tableDifference(readCsvWithSchema(path, declared), cells)).toBeUndefined();
    const open = parseSchema({ version: 1, columns: [{ name: 'c', kind: 'categorical' }] });
    expect(tableDifference(readCsvWithSchema(path, open), cells)).toBeUndefined();
    // Numbers are never touched: a negative number is a number, not a formula.
    expect(formatCsv(new Table([['x', numberColumn([-1.5, -3])]]))).toBe('x\n-1.5\n-3\n');
  });
});
