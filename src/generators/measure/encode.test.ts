import { describe, expect, it } from 'vitest';
import { DataError } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import { codeColumn, numberColumn, Table } from '../../data/table.js';
import { binOf } from './bins.js';
import { domainFromSchema } from './domain.js';
import { decodeCodes, encodeTable } from './encode.js';
import { smallSchema, smallTable } from './test-support.js';

describe('encodeTable and decodeCodes', () => {
  const domain = domainFromSchema(smallSchema, { bins: 10 });
  const table = smallTable(300, 3);
  const encoded = encodeTable(table, domain);

  it('codes categories by their declared position, booleans by truth, missing as the last state', () => {
    const sex = table.codes('sex');
    for (let i = 0; i < 300; i++) {
      expect(encoded.codes[0][i]).toBe(sex.levels[sex.codes[i]] === 'female' ? 0 : 1);
      expect(encoded.codes[1][i]).toBe(table.codes('npm1').codes[i]);
      const ecog = table.numbers('ecog')[i];
      expect(encoded.codes[2][i]).toBe(Number.isNaN(ecog) ? 5 : ecog);
    }
  });

  it('decodes back to the same categories and states, binned values within their bin', () => {
    const decoded = decodeCodes(encoded.codes, domain, Rng.from(9));
    expect(decoded.names).toEqual(['sex', 'npm1', 'ecog', 'wbc']);
    expect(Array.from(decoded.codes('sex').codes, (c) => decoded.codes('sex').levels[c])).toEqual(
      Array.from(table.codes('sex').codes, (c) => table.codes('sex').levels[c]),
    );
    expect(decoded.codes('npm1').levels).toEqual(['0', '1']);
    expect(Array.from(decoded.numbers('ecog'))).toEqual(Array.from(table.numbers('ecog')));
    const wbc = domain.attributes[3];
    if (wbc.type !== 'binned') throw new Error('binned expected');
    expect(Array.from(decoded.numbers('wbc'), (v) => binOf(v, wbc.bins))).toEqual(
      Array.from(encoded.codes[3]),
    );
  });

  it('decoding is deterministic for a seed', () => {
    const a = decodeCodes(encoded.codes, domain, Rng.from(4)).numbers('wbc');
    const b = decodeCodes(encoded.codes, domain, Rng.from(4)).numbers('wbc');
    expect(Array.from(a)).toEqual(Array.from(b));
  });

  it('refuses an undeclared category and a missing value in a non-nullable column, naming them', () => {
    const bad = table.withColumn('sex', codeColumn(new Int32Array(300), ['other']));
    expect(() => encodeTable(bad, domain)).toThrow(
      /column 'sex': 'other' is not one of the declared categories/,
    );
    const hole = Float64Array.from(table.numbers('wbc'));
    hole[6] = Number.NaN;
    expect(() => encodeTable(table.withColumn('wbc', numberColumn(hole)), domain)).toThrow(DataError);
    expect(() => encodeTable(table.withColumn('wbc', numberColumn(hole)), domain)).toThrow(
      /row 7, column 'wbc'/,
    );
  });

  it('refuses a table that lacks a modelled column', () => {
    expect(() => encodeTable(new Table([['sex', table.column('sex')]]), domain)).toThrow(/column 'npm1'/);
  });
});
