/**
 * Malformed and hostile inputs for the hostile-input suite (`hostile.test.ts`): CSV files, schema
 * files and model files a careless export, an editor or an attacker could hand to synthcohort.
 * Every generator is deterministic; the tables are small so that the whole suite runs in seconds.
 */

/** The cohort the variants start from: 40 patients, two centres, one survival endpoint. */
export const BASE_HEADER = ['patient_id', 'centre', 'age', 'sex', 'arm', 'os_days', 'os_status'];

export function baseRows(n = 40): string[][] {
  return Array.from({ length: n }, (_, k) => {
    const i = k + 1;
    return [
      `P${1000 + i}`,
      i % 2 ? 'C1' : 'C2',
      String(40 + ((i * 7) % 35)),
      i % 3 ? 'f' : 'm',
      i % 5 < 2 ? 'a' : 'b',
      String(30 + ((i * 37) % 900)),
      i % 4 ? '1' : '0',
    ];
  });
}

export function csvText(header: string[], rows: string[][], lineEnd = '\n'): string {
  return [header, ...rows].map((cells) => cells.join(',')).join(lineEnd) + lineEnd;
}

export const BASE_CSV = csvText(BASE_HEADER, baseRows());

/** A column added to the base table, its values given per row. */
function withColumn(name: string, value: (row: number) => string): string {
  return csvText(
    [...BASE_HEADER, name],
    baseRows().map((cells, row) => [...cells, value(row)]),
  );
}

/** The base table with one column's values replaced per row. */
function replacing(column: string, value: (row: number, old: string) => string): string {
  const at = BASE_HEADER.indexOf(column);
  return csvText(
    BASE_HEADER,
    baseRows().map((cells, row) => cells.map((cell, c) => (c === at ? value(row, cell) : cell))),
  );
}

/** Deterministic pseudo-random bytes (xorshift32): garbage that is the same on every run. */
export function garbage(length: number, seed = 0x2545f491): Uint8Array {
  const bytes = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  return bytes;
}

const utf8 = (text: string) => new TextEncoder().encode(text);

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function utf16le(text: string): Uint8Array {
  const out = new Uint8Array(2 + text.length * 2);
  out.set([0xff, 0xfe]);
  for (let i = 0; i < text.length; i++) {
    out[2 + 2 * i] = text.charCodeAt(i) & 0xff;
    out[3 + 2 * i] = text.charCodeAt(i) >> 8;
  }
  return out;
}

/** Malformed CSV files, by what is wrong with them. */
export const HOSTILE_CSV: Record<string, string | Uint8Array> = {
  'binary garbage': garbage(4096),
  'binary garbage after a header': concat(utf8(`${BASE_HEADER.join(',')}\n`), garbage(2048, 7)),
  'NUL bytes in fields': replacing('sex', (row, old) => (row % 7 === 0 ? `${old}\u0000x` : old)),
  'a NUL byte in the header': BASE_CSV.replace('age', 'a\u0000ge'),
  'an unbalanced quote': `${BASE_CSV}P9999,C1,50,"f,a,100,1\n`,
  'a quote inside an unquoted field': replacing('sex', (row, old) => (row === 3 ? 'f"m' : old)),
  'text after a closing quote': replacing('sex', (row, old) => (row === 3 ? '"f"x' : old)),
  'a huge field': withColumn('note', (row) => (row === 5 ? 'x'.repeat(3 << 20) : 'short')),
  'duplicate headers': BASE_CSV.replace('arm', 'age'),
  'an empty column name': BASE_CSV.replace('arm', ''),
  'an empty file': '',
  'a header only': `${BASE_HEADER.join(',')}\n`,
  'blank lines only': '\n\n\r\n\n',
  'a single data row': csvText(BASE_HEADER, baseRows(1)),
  'ragged rows': `${BASE_CSV}P9999,C1,50\n`,
  'a line of delimiters only': `${BASE_CSV},,,,,,\n`,
  'CR line ends (old Mac)': csvText(BASE_HEADER, baseRows(), '\r'),
  'CRLF line ends': csvText(BASE_HEADER, baseRows(), '\r\n'),
  'CR, CRLF and LF mixed': csvText(BASE_HEADER, baseRows(), '\r\n')
    .replace(/\r\n(P100[3-6])/g, '\n$1')
    .replace(/\r\n(P101[0-3])/g, '\r$1'),
  'no line end after the last row': BASE_CSV.trimEnd(),
  'a UTF-8 byte order mark': `\uFEFF${BASE_CSV}`,
  'a byte order mark and a header only': `\uFEFF${BASE_HEADER.join(',')}\n`,
  'UTF-16 with a byte order mark': utf16le(BASE_CSV),
  'Latin-1 accents (not UTF-8)': concat(
    utf8(BASE_CSV),
    Uint8Array.from([
      0x50, 0x39, 0x2c, 0x43, 0x31, 0x2c, 0x35, 0x30, 0x2c, 0xe9, 0x2c, 0x61, 0x2c, 0x31, 0x30, 0x2c, 0x31,
      0x0a,
    ]),
  ),
  'numbers at the edges of a double': replacing('age', (row, old) =>
    row === 0
      ? '1e308'
      : row === 1
        ? '-1e308'
        : row === 2
          ? '5e-324'
          : row === 3
            ? '1.7976931348623157e308'
            : old,
  ),
  'numbers beyond a double (1e999)': replacing('age', (row, old) =>
    row === 4 ? '1e999' : row === 5 ? '-1e999' : old,
  ),
  'Infinity, -Infinity and NaN as text': replacing('age', (row, old) =>
    row === 0 ? 'Infinity' : row === 1 ? '-Infinity' : row === 2 ? 'NaN' : row === 3 ? 'inf' : old,
  ),
  '±1e308 in the time column': replacing('os_days', (row, old) =>
    row === 0 ? '1e308' : row === 1 ? '-1e308' : old,
  ),
  'negative and zero times': replacing('os_days', (row, old) => (row === 0 ? '-5' : row === 1 ? '0' : old)),
  'text in the time column': replacing('os_days', (row, old) => (row === 2 ? 'soon' : old)),
  'an event coded 0/1/2': replacing('os_status', (row, old) => (row % 5 === 0 ? '2' : old)),
  '16-digit identifiers': replacing('patient_id', (row) => String(4000000000000000 + row * 2)),
  'identifiers beyond 2^53 that round to one double': replacing(
    'patient_id',
    (row) => `900719925474099${row % 2 ? '3' : '2'}${row}`,
  ),
  'dates in odd formats': withColumn(
    'diagnosed',
    (row) =>
      [
        '2020-01-31',
        '31/01/2020',
        '2020/01/31',
        'Jan 31 2020',
        '2020-02-30',
        '20200131',
        '1900-01-01',
        '9999-12-31',
      ][row % 8],
  ),
  'ISO dates only, with one impossible': withColumn('diagnosed', (row) =>
    row === 3 ? '2021-02-29' : `2020-${String((row % 12) + 1).padStart(2, '0')}-15`,
  ),
  'a column with every value missing': withColumn('empty', (row) => ['', 'NA', 'null', 'NaN'][row % 4]),
  'a constant column': withColumn('constant', () => 'same'),
  'whitespace-only cells': replacing('sex', (row, old) => (row % 6 === 0 ? '   ' : old)),
  'spreadsheet formulas in text cells': replacing('arm', (row, old) =>
    row % 4 === 0 ? "=cmd|' /C calc'!A0" : row % 4 === 1 ? '@SUM(A1:A9)' : row % 4 === 2 ? '+ve' : old,
  ),
  'a quoted newline in the header': BASE_CSV.replace('arm', '"a\nrm"'),
  'a column named like an option': BASE_CSV.replace('arm', '--out'),
  'semicolons and decimal commas': csvText(BASE_HEADER, baseRows())
    .replaceAll(',', ';')
    .replace(/;(\d+);(\w);/, ';$1,5;$2;'),
  'tabs in a .csv file': csvText(BASE_HEADER, baseRows()).replaceAll(',', '\t'),
  'a 500-character column name': BASE_CSV.replace('arm', 'a'.repeat(500)),
  'a very long run of digits': replacing('age', (row, old) => (row === 0 ? '9'.repeat(400) : old)),
};

/** Pairs of tables for `validate`: the real one and a synthetic (or holdout) one that is wrong. */
export function hostilePairs(): Record<
  string,
  { real: string; other: string; as: '--synthetic' | '--holdout' }
> {
  const header = [...BASE_HEADER, 'weight'];
  const table = (weight: (row: number) => string, rows = baseRows()) =>
    csvText(
      header,
      rows.map((cells, row) => [...cells, weight(row)]),
    );
  const real = table((row) => String(50 + row * 0.37));
  const dropped = csvText(BASE_HEADER, baseRows());
  return {
    '±1e308 in a synthetic table': {
      real,
      other: table((row) => (row === 0 ? '1e308' : row === 1 ? '-1e308' : String(50 + row * 0.41))),
      as: '--synthetic',
    },
    'a synthetic column blanked': { real, other: table(() => ''), as: '--synthetic' },
    'a synthetic column constant': { real, other: table(() => '70'), as: '--synthetic' },
    'a synthetic table lacking a column': { real, other: dropped, as: '--synthetic' },
    'a synthetic table with an extra column': { real: dropped, other: real, as: '--synthetic' },
    'a one-row synthetic table': { real, other: table((row) => String(row), baseRows(1)), as: '--synthetic' },
    'a holdout that is the real table': { real, other: real, as: '--holdout' },
    'a holdout with another column': { real, other: dropped, as: '--holdout' },
    'a one-row holdout': { real, other: table((row) => String(60 + row), baseRows(1)), as: '--holdout' },
  };
}

/** Schema files, as text; `$valid` is a valid schema for the base table to edit. */
export function validSchema(): Record<string, unknown> {
  return {
    version: 1,
    columns: [
      { name: 'patient_id', kind: 'categorical', role: 'id' },
      { name: 'centre', kind: 'categorical', role: 'centre' },
      { name: 'age', kind: 'numeric', min: 0, max: 120 },
      { name: 'sex', kind: 'categorical', categories: ['f', 'm'] },
      { name: 'arm', kind: 'categorical', categories: ['a', 'b'] },
      { name: 'os_days', kind: 'integer', role: 'time', min: 0 },
      { name: 'os_status', kind: 'boolean', role: 'event', categories: ['0', '1'] },
    ],
    endpoints: [{ name: 'os', time: 'os_days', event: 'os_status', eventValue: '1' }],
  };
}

function edited(edit: (schema: Record<string, unknown>) => void): string {
  const schema = validSchema();
  edit(schema);
  return JSON.stringify(schema);
}

const columnsOf = (schema: Record<string, unknown>) => schema.columns as Array<Record<string, unknown>>;
const addRules = (...rules: unknown[]) =>
  edited((s) => {
    s.rules = rules;
  });

export const HOSTILE_SCHEMAS: Record<string, string | Uint8Array> = {
  'not JSON': 'version: 1\ncolumns: []\n',
  'an empty file': '',
  'JSON null': 'null',
  'a JSON array': '[]',
  'an empty object': '{}',
  'binary garbage': garbage(512, 99),
  'a byte order mark before a valid schema': `\uFEFF${edited(() => {})}`,
  'columns of the wrong type': edited((s) => {
    s.columns = 'age,sex';
  }),
  'a kind of the wrong type': edited((s) => {
    columnsOf(s)[2].kind = 5;
  }),
  'an unknown kind': edited((s) => {
    columnsOf(s)[2].kind = 'float';
  }),
  'a column the data lacks': edited((s) => {
    columnsOf(s).push({ name: 'weight', kind: 'numeric' });
  }),
  'a data column left out': edited((s) => {
    columnsOf(s).splice(4, 1);
  }),
  'a column declared twice': edited((s) => {
    columnsOf(s).push({ name: 'age', kind: 'numeric' });
  }),
  'min: 1e999': edited((s) => {
    // JSON.stringify writes Infinity as null; the file says 1e999, which JSON.parse reads as Infinity.
    columnsOf(s)[2].min = Number.POSITIVE_INFINITY;
  }).replace('null', '1e999'),
  'min above max': edited((s) => {
    columnsOf(s)[2].min = 200;
  }),
  'categories the data does not hold': edited((s) => {
    columnsOf(s)[3].categories = ['x', 'y'];
  }),
  'a rule naming a missing column': addRules({ type: 'compare', left: 'age', op: '<', right: 'weight' }),
  'a compare rule between a category and a number': addRules({
    type: 'compare',
    left: 'sex',
    op: '<',
    right: 'age',
  }),
  'age < age': addRules({ type: 'compare', left: 'age', op: '<', right: 'age' }),
  'a cycle of orderings': addRules(
    { type: 'compare', left: 'age', op: '<', right: 'os_days' },
    { type: 'compare', left: 'os_days', op: '<', right: 'age' },
  ),
  'a derived rule whose inputs are missing': addRules({
    type: 'derived',
    column: 'arm',
    derivation: 'eln2022',
  }),
  'a derived rule on an unknown derivation': addRules({
    type: 'derived',
    column: 'arm',
    derivation: 'magic',
  }),
  'an implication naming a missing column': addRules({
    type: 'implies',
    if: [{ column: 'relapse', equals: '1' }],
    then: { column: 'arm', equals: 'a' },
  }),
  'an unknown rule type': addRules({ type: 'teleport', column: 'age' }),
  'an endpoint naming missing columns': edited((s) => {
    s.endpoints = [{ name: 'pfs', time: 'pfs_days', event: 'pfs_status', eventValue: '1' }];
  }),
  'a non-nullable column with missing values': edited((s) => {
    columnsOf(s)[2].nullable = false;
  }),
  'deeply nested JSON': `${'['.repeat(20000)}${']'.repeat(20000)}`,
};

/** Model files, from a valid one's text. */
export function hostileModels(valid: string): Record<string, string | Uint8Array> {
  const json = JSON.parse(valid) as Record<string, unknown>;
  const other = (edit: (m: Record<string, unknown>) => void) => {
    const copy = JSON.parse(valid) as Record<string, unknown>;
    edit(copy);
    return JSON.stringify(copy);
  };
  return {
    'a truncated model': valid.slice(0, Math.floor(valid.length / 2)),
    'an edited parameter': valid.replace(/(\d)\.(\d)/, (_, a, b) => `${a}.${(Number(b) + 1) % 10}`),
    'another library version': other((m) => {
      m.libraryVersion = '0.0.1';
    }),
    'another format version': other((m) => {
      m.formatVersion = 99;
    }),
    'an unknown generator': other((m) => {
      m.generator = 'gan';
    }),
    'not JSON': 'model: cart\n',
    'an empty file': '',
    'JSON null': 'null',
    'binary garbage': garbage(1024, 3),
    'a byte order mark before a valid model': `\uFEFF${valid}`,
    'a CSV file': BASE_CSV,
    'its parameters removed': JSON.stringify({ ...json, params: undefined }),
  };
}
