import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.js';
import { parseSchema } from '../data/schema.js';
import { codeColumnFromStrings, numberColumn, Table } from '../data/table.js';
import { fitModel, modelFileOf, sampleModel } from './pipeline.js';
import { completeSchema } from './prepare.js';

describe('completeSchema', () => {
  it("records each numeric column's decimal places, unless declared or beyond 6", () => {
    const table = new Table([
      ['wbc', numberColumn([3.5, 12.1, Number.NaN, 143])],
      ['ratio', numberColumn([Math.PI, Math.E, 1, 2])],
      ['hb', numberColumn([9.15, 10.2, 11, 12])],
    ]);
    const schema = parseSchema({
      version: 1,
      columns: [
        { name: 'wbc', kind: 'numeric' },
        { name: 'ratio', kind: 'numeric' },
        { name: 'hb', kind: 'numeric', decimals: 1 },
      ],
    });
    expect(completeSchema(table, schema).columns.map((c) => c.decimals)).toEqual([1, undefined, 1]);
  });

  it('makes a smoothing generator write no more decimals than the data has', () => {
    const rng = Rng.from(5);
    const values = Array.from({ length: 200 }, () => Math.round(rng.normal() * 100) / 10);
    const table = new Table([['x', numberColumn(values)]]);
    const schema = parseSchema({ version: 1, columns: [{ name: 'x', kind: 'numeric' }] });
    const model = fitModel(table, schema, 'cart', { seed: 1, generatorOptions: { smoothing: 'density' } });
    const sampled = sampleModel(model, { rows: 200, seed: 2 }).table.numbers('x');
    expect(sampled.every((v) => Math.round(v * 10) / 10 === v)).toBe(true);
  });

  it.each(['copula', 'cart'])(
    'never lists an identifier’s values: the %s model file holds no real id',
    (name) => {
      const ids = Array.from({ length: 40 }, (_, i) => `MRN-${7000 + i}`);
      const table = new Table([
        ['mrn', codeColumnFromStrings(ids)],
        ['age', numberColumn(Array.from({ length: 40 }, (_, i) => 30 + (i % 25)))],
      ]);
      const schema = parseSchema({
        version: 1,
        columns: [
          { name: 'mrn', kind: 'categorical', role: 'id' },
          { name: 'age', kind: 'integer' },
        ],
      });
      const model = fitModel(table, schema, name, { seed: 1 });
      const file = JSON.stringify(modelFileOf(model));
      expect(file).not.toContain('MRN-');
      const { table: synthetic } = sampleModel(model, { rows: 40, seed: 1 });
      expect(synthetic.codes('mrn').levels.some((level) => ids.includes(level))).toBe(false);
    },
  );
});
