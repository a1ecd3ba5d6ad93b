import { describe, expect, it } from 'vitest';
import { SchemaError } from '../../core/errors.js';
import { parseSchema } from '../../data/schema.js';
import { codeColumnFromStrings, numberColumn, Table } from '../../data/table.js';
import {
  addAll,
  addMarginals,
  CopulaOptions,
  copulaTransforms,
  measureMarginals,
} from '../../generators/copula/index.js';
import { fittedColumns } from '../../generators/prepare.js';
import { simulate } from '../../simulate/index.js';
import { decodeMarginals, encodeMarginals, marginalsLayout } from './marginals-layout.js';

const options = CopulaOptions.parse({ rules: false, survival: 'copula' });

function sumOf(vectors: Float64Array[]): Float64Array {
  const sum = new Float64Array(vectors[0].length);
  for (const v of vectors) for (let i = 0; i < v.length; i++) sum[i] += v[i];
  return sum;
}

describe('round 1 as dense vectors on the AML cohort', () => {
  const { table, schema } = simulate('aml', { patients: 600, centres: 3, seed: 2 });
  const columns = fittedColumns(schema);
  const real = table.select(columns);
  const centre = real.codes('centre').codes;
  const sites = [0, 1, 2].map((c) => real.filter((row) => centre[row] === c));
  const layout = marginalsLayout(schema, columns);
  const measured = sites.map((t) => measureMarginals(t, schema, options));
  const decoded = decodeMarginals(sumOf(measured.map((m) => encodeMarginals(m, layout))), layout);
  const added = addAll(measured, addMarginals);

  it('lays out every modelled column at a size fixed by the schema alone (39,747 entries on AML)', () => {
    expect(layout.columns.map((c) => c.name)).toEqual(columns);
    // 1 (rows) + the 12 number columns: age 83+1, ecog 5+1, wbc 5001+1+8, hb 171+1+8, platelets
    // 2001+1+8, ldh 20001+1+8, two blast counts 2 × (101+1+8), three times 3 × (4019+1) = 39,580
    // (relapse_days is a copy of rfs_days, filled in after sampling, not fitted);
    // + the 54 code columns' levels and missing counts = 166 (3 declared centres here).
    expect(layout.length).toBe(1 + 39_580 + 166);
    expect(encodeMarginals(measured[0], layout)).toHaveLength(layout.length);
  });

  it('decodes the sum of the vectors to what addMarginals gives (integer columns: decimals 0, unused)', () => {
    const integer = new Set(schema.columns.filter((c) => c.kind === 'integer').map((c) => c.name));
    expect(decoded.rows).toBe(600);
    decoded.columns.forEach((c, i) => {
      const expected = added.columns[i];
      if (c.type === 'number' && expected.type === 'number' && integer.has(c.name))
        expect({ ...c, decimals: 0 }, c.name).toEqual({ ...expected, decimals: 0 });
      else expect(c, c.name).toEqual(expected);
    });
    expect(copulaTransforms(decoded, schema, options)).toEqual(copulaTransforms(added, schema, options));
  });
});

describe('round 1 layout on a small schema', () => {
  const schema = parseSchema({
    version: 1,
    columns: [
      { name: 'x', kind: 'numeric', min: 0, max: 10, decimals: 2 },
      { name: 'flag', kind: 'boolean', categories: ['no', 'yes'] },
    ],
  });
  const site = (x: number[], flag: (string | undefined)[]) =>
    new Table([
      ['x', numberColumn(x)],
      ['flag', codeColumnFromStrings(flag)],
    ]);

  it('coarsens a grid over its cap one digit at a time, publicly (0–10 at 2 digits → 1 digit under 200)', () => {
    const layout = marginalsLayout(schema, ['x', 'flag'], 200);
    const slot = layout.columns[0];
    expect(slot).toMatchObject({ type: 'number', siteDigits: 2, digits: 1, first: 0, points: 101 });
    const m = measureMarginals(
      site([1.23, 4.56, 4.54, 9.99, Number.NaN], ['yes', 'no', 'yes', undefined, 'yes']),
      schema,
      options,
    );
    const decoded = decodeMarginals(encodeMarginals(m, layout), layout);
    // 1.23 → 1.2, 4.54 → 4.5, 4.56 → 4.6, 9.99 → 10.0: each within half a coarse step of the value.
    expect(decoded.columns[0]).toEqual({
      name: 'x',
      type: 'number',
      digits: 1,
      index: [12, 45, 46, 100],
      count: [1, 1, 1, 1],
      missing: 1,
      decimals: 2,
    });
    expect(decoded.columns[1]).toEqual({
      name: 'flag',
      type: 'code',
      levels: ['no', 'yes'],
      counts: [1, 3],
      missing: 1,
    });
  });

  it('merges decimals as a maximum from the one-hot slots; more than 6 anywhere gives null', () => {
    const layout = marginalsLayout(schema, ['x', 'flag']);
    const vector = (x: number[]) =>
      encodeMarginals(
        measureMarginals(
          site(
            x,
            x.map(() => 'no'),
          ),
          schema,
          options,
        ),
        layout,
      );
    const merged = (...sites: number[][]) => decodeMarginals(sumOf(sites.map(vector)), layout).columns[0];
    expect(merged([1, 2], [1.5, 3], [2.25])).toMatchObject({ decimals: 2 });
    expect(merged([1, 2], [3])).toMatchObject({ decimals: 0 });
    expect(merged([1, 2], [1 / 3])).toMatchObject({ decimals: null });
  });

  it('refuses undeclared bounds or categories, naming the column', () => {
    const unbounded = parseSchema({ version: 1, columns: [{ name: 'ldh', kind: 'numeric', min: 0 }] });
    expect(() => marginalsLayout(unbounded, ['ldh'])).toThrow(SchemaError);
    expect(() => marginalsLayout(unbounded, ['ldh'])).toThrow(/column 'ldh': .*declare min and max/);
    const unlisted = parseSchema({ version: 1, columns: [{ name: 'sex', kind: 'categorical' }] });
    expect(() => marginalsLayout(unlisted, ['sex'])).toThrow(/column 'sex': .*declare its categories/);
    const wide = parseSchema({ version: 1, columns: [{ name: 'n', kind: 'integer', min: 0, max: 1e6 }] });
    expect(() => marginalsLayout(wide, ['n'])).toThrow(/column 'n': .*more than 65536 whole numbers/);
  });

  it('refuses, at the site, a value outside the declared bounds or an undeclared category', () => {
    const layout = marginalsLayout(schema, ['x', 'flag']);
    const outside = measureMarginals(site([10.5], ['no']), schema, options);
    expect(() => encodeMarginals(outside, layout)).toThrow(
      /column 'x': a value lies outside the declared bounds/,
    );
    const stranger = measureMarginals(site([1], ['maybe']), schema, options);
    expect(() => encodeMarginals(stranger, layout)).toThrow(/column 'flag': value 'maybe' is not among/);
  });
});
