import { describe, expect, it } from 'vitest';
import { DataError, InputError } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import { parseSchema } from '../../data/schema.js';
import { codeColumn, numberColumn, Table } from '../../data/table.js';
import { copulaGenerator } from './index.js';
import {
  cohort,
  cramersV,
  ksDistance,
  meansBy,
  oddsRatio,
  share,
  spearman,
  values,
} from './test-support/cohort.js';

const options = copulaGenerator.options.parse({});
const real = cohort(2500, 1);
const model = copulaGenerator.fit({ ...real, rng: Rng.from(1) }, options);
const synthetic = model.sample({ rows: 20_000, rng: Rng.from(2), where: [] });
const col = (table: Table, name: string) => values(table, name);
const isOne = (v: number) => v === 1;

describe('copula: reproducibility and the model file', () => {
  it('gives identical rows for the same seed and different rows for another', () => {
    const a = model.sample({ rows: 300, rng: Rng.from(9), where: [] });
    const b = model.sample({ rows: 300, rng: Rng.from(9), where: [] });
    const c = model.sample({ rows: 300, rng: Rng.from(10), where: [] });
    for (const name of a.names) expect(col(b, name)).toEqual(col(a, name));
    expect(col(c, 'wbc')).not.toEqual(col(a, 'wbc'));
    // Fitting uses no randomness at all.
    expect(copulaGenerator.fit({ ...real, rng: Rng.from(99) }, options).params).toEqual(model.params);
  });

  it('round-trips its parameters through JSON and samples identically after restore', () => {
    const text = JSON.stringify(model.params);
    expect(text).not.toMatch(/null,|NaN|Infinity/);
    const params = copulaGenerator.paramsSchema.parse(JSON.parse(text));
    const restored = copulaGenerator.restore(params, real.schema, options);
    const where = [{ column: 'subtype', equals: 'B' }];
    for (const request of [
      { rows: 500, rng: Rng.from(5), where: [] },
      { rows: 500, rng: Rng.from(5), where },
    ]) {
      const a = model.sample(request);
      const b = restored.sample({ ...request, rng: Rng.from(5) });
      for (const name of a.names) expect(col(b, name)).toEqual(col(a, name));
    }
  });

  it('stores a sketch, not the data: a few hundred knots per column whatever the rows', () => {
    const big = cohort(50_000, 3);
    const params = copulaGenerator.fit({ ...big, rng: Rng.from(1) }, options).params;
    for (const column of params.columns)
      if (column.marginal.type === 'number')
        expect(column.marginal.knots.value.length).toBeLessThanOrEqual(3 * 200 + 2);
    expect(JSON.stringify(params).length).toBeLessThan(100_000);
  });

  it('returns the modelled columns in the training order with their levels', () => {
    expect(synthetic.names).toEqual(real.table.names);
    expect(synthetic.codes('subtype').levels).toEqual(['A', 'B', 'C', 'D']);
    expect(synthetic.nRows).toBe(20_000);
  });
});

describe('copula: marginals', () => {
  it('reproduces every number column (KS distance below the 1% critical value, 0.035)', () => {
    for (const name of ['age', 'wbc', 'blasts', 'transfusions', 'ldh'])
      expect(ksDistance(col(real.table, name), col(synthetic, name)), name).toBeLessThan(0.035);
  });

  it('keeps point masses: the zeros of a zero-inflated count and the pile at a bound', () => {
    const zeros = (t: Table) => share(col(t, 'transfusions'), (v) => v === 0);
    const capped = (t: Table) => share(col(t, 'blasts'), (v) => v === 100);
    expect(Math.abs(zeros(synthetic) - zeros(real.table))).toBeLessThan(0.02);
    expect(Math.abs(capped(synthetic) - capped(real.table))).toBeLessThan(0.01);
  });

  it('outputs integers as integers, numbers at the data precision, inside the observed range', () => {
    for (const name of ['age', 'blasts', 'transfusions', 'wbc']) {
      const x = col(synthetic, name);
      const r = col(real.table, name).filter((v) => !Number.isNaN(v));
      const scale = name === 'wbc' ? 10 : 1;
      expect(x.every((v) => Math.round(v * scale) / scale === v)).toBe(true);
      expect(Math.min(...x)).toBeGreaterThanOrEqual(Math.min(...r));
      expect(Math.max(...x)).toBeLessThanOrEqual(Math.max(...r));
    }
  });

  it('keeps category frequencies within sampling error (4 standard errors)', () => {
    for (const name of ['subtype', 'sex', 'npm1']) {
      const levels = real.table.codes(name).levels.length;
      for (let k = 0; k < levels; k++) {
        const p = share(col(real.table, name), (v) => v === k);
        const se = Math.sqrt((p * (1 - p)) / 2500 + (p * (1 - p)) / 20_000);
        expect(Math.abs(share(col(synthetic, name), (v) => v === k) - p), `${name}=${k}`).toBeLessThan(
          4 * se,
        );
      }
    }
  });

  it('reproduces the missing share and its dependence on another column', () => {
    const missing = (t: Table) => share(col(t, 'ldh'), Number.isNaN);
    expect(Math.abs(missing(synthetic) - missing(real.table))).toBeLessThan(0.02);
    // ldh is missing far more often at age ≥ 65 (40% against 5%): the copula keeps most of the gap.
    const gap = (t: Table) => {
      const age = col(t, 'age');
      const ldh = col(t, 'ldh');
      const older = ldh.filter((_, i) => age[i] >= 65);
      const younger = ldh.filter((_, i) => age[i] < 65);
      return share(older, Number.isNaN) - share(younger, Number.isNaN);
    };
    expect(gap(real.table)).toBeGreaterThan(0.3);
    expect(gap(synthetic)).toBeGreaterThan(0.6 * gap(real.table));
  });
});

describe('copula: dependence', () => {
  it('keeps Spearman correlations between numbers, mixed and zero-inflated ones within 0.05', () => {
    const pairs = [
      ['age', 'wbc'],
      ['wbc', 'blasts'],
      ['wbc', 'transfusions'],
      ['age', 'transfusions'],
      ['blasts', 'transfusions'],
    ];
    for (const [x, y] of pairs) {
      const r = spearman(col(real.table, x), col(real.table, y));
      expect(Math.abs(spearman(col(synthetic, x), col(synthetic, y)) - r), `${x}–${y}`).toBeLessThan(0.05);
    }
  });

  it('keeps a non-monotone association between a category and a number (levels ordered by it)', () => {
    const realMeans = meansBy(col(real.table, 'subtype'), col(real.table, 'wbc'), 4);
    const synMeans = meansBy(col(synthetic, 'subtype'), col(synthetic, 'wbc'), 4);
    // Subtype B has the highest wbc and D the lowest, though B and D are not neighbours in code order.
    const rank = (m: number[]) => m.map((_, k) => k).sort((a, b) => m[a] - m[b]);
    expect(rank(synMeans)[0]).toBe(rank(realMeans)[0]);
    expect(rank(synMeans)[3]).toBe(rank(realMeans)[3]);
    for (let k = 0; k < 4; k++)
      expect(Math.abs(synMeans[k] - realMeans[k]) / realMeans[k]).toBeLessThan(0.15);
    const tertile = (t: Table) => Float64Array.from(col(t, 'wbc'), (w) => (w < 5 ? 0 : w < 10 ? 1 : 2));
    const vReal = cramersV(col(real.table, 'subtype'), tertile(real.table));
    expect(Math.abs(cramersV(col(synthetic, 'subtype'), tertile(synthetic)) - vReal)).toBeLessThan(0.05);
  });

  it('keeps sparse mutation flags and the direction and size of co-mutation odds ratios', () => {
    const big = cohort(10_000, 7);
    const fitted = copulaGenerator.fit({ ...big, rng: Rng.from(1) }, options);
    const syn = fitted.sample({ rows: 40_000, rng: Rng.from(8), where: [] });
    for (const name of ['rare_a', 'rare_b', 'rare_c']) {
      const p = share(col(big.table, name), isOne);
      expect(p).toBeLessThan(0.04);
      expect(Math.abs(share(col(syn, name), isOne) - p), name).toBeLessThan(0.005);
    }
    const or = (t: Table, a: string, b: string) => oddsRatio(col(t, a), col(t, b));
    // Truth: OR ≈ 9 for the two rare flags, ≈ 0.1 for the rare and the common one, ≈ 3.3 for NPM1–DNMT3A.
    expect(or(big.table, 'rare_a', 'rare_b')).toBeGreaterThan(5);
    expect(or(syn, 'rare_a', 'rare_b')).toBeGreaterThan(0.5 * or(big.table, 'rare_a', 'rare_b'));
    expect(or(syn, 'rare_a', 'rare_b')).toBeLessThan(2 * or(big.table, 'rare_a', 'rare_b'));
    expect(or(big.table, 'rare_c', 'common')).toBeLessThan(0.3);
    expect(or(syn, 'rare_c', 'common')).toBeLessThan(0.4);
    expect(Math.abs(Math.log(or(syn, 'npm1', 'dnmt3a') / or(big.table, 'npm1', 'dnmt3a')))).toBeLessThan(0.2);
  });
});

describe('copula: conditional sampling', () => {
  it('draws a rare subgroup from its conditional distribution, every row meeting the conditions', () => {
    const where = [
      { column: 'rare_b', equals: '1' },
      { column: 'subtype', in: ['B', 'D'] },
    ];
    const rows = model.sample({ rows: 5000, rng: Rng.from(3), where });
    expect(rows.nRows).toBe(5000);
    expect(col(rows, 'rare_b').every(isOne)).toBe(true);
    expect(col(rows, 'subtype').every((v) => v === 1 || v === 3)).toBe(true);
    // rare_a given rare_b: about 0.2 in the data against 0.03 overall.
    const realB = col(real.table, 'rare_b');
    const rareA = col(real.table, 'rare_a').filter((_, i) => realB[i] === 1);
    expect(Math.abs(share(col(rows, 'rare_a'), isOne) - share(rareA, isOne))).toBeLessThan(0.08);
    // The B/D split follows wbc: B (high wbc) and D (low) keep their real proportions.
    const realSub = col(real.table, 'subtype');
    const shareB = share(realSub, (v) => v === 1) / share(realSub, (v) => v === 1 || v === 3);
    expect(Math.abs(share(col(rows, 'subtype'), (v) => v === 1) - shareB)).toBeLessThan(0.1);
  });

  it('agrees with the slow obvious way: filtering a large unconditional sample', () => {
    const where = [
      { column: 'subtype', equals: 'B' },
      { column: 'npm1', equals: '1' },
    ];
    const direct = model.sample({ rows: 5000, rng: Rng.from(11), where });
    const pool = model.sample({ rows: 150_000, rng: Rng.from(12), where: [] });
    const filtered = pool.filter((i) => pool.cell('subtype', i) === 'B' && pool.cell('npm1', i) === '1');
    expect(filtered.nRows).toBeGreaterThan(3000);
    for (const name of ['wbc', 'age', 'blasts'])
      expect(ksDistance(col(direct, name), col(filtered, name)), name).toBeLessThan(0.04);
    for (const name of ['dnmt3a', 'sex'])
      expect(
        Math.abs(share(col(direct, name), isOne) - share(col(filtered, name), isOne)),
        name,
      ).toBeLessThan(0.04);
  });

  it('honours integer values, missing and not-missing conditions', () => {
    const zeros = model.sample({
      rows: 1000,
      rng: Rng.from(4),
      where: [{ column: 'transfusions', equals: 0 }],
    });
    expect(col(zeros, 'transfusions').every((v) => v === 0)).toBe(true);
    const ages = model.sample({ rows: 1000, rng: Rng.from(4), where: [{ column: 'age', in: [60, 61] }] });
    expect(col(ages, 'age').every((v) => v === 60 || v === 61)).toBe(true);
    const absent = model.sample({ rows: 2000, rng: Rng.from(4), where: [{ column: 'ldh', missing: true }] });
    expect(col(absent, 'ldh').every(Number.isNaN)).toBe(true);
    // ldh is mostly missing in older patients, so conditioning on it being missing shifts age up.
    const meanAge = (t: Table) => col(t, 'age').reduce((a, b) => a + b, 0) / t.nRows;
    expect(meanAge(absent)).toBeGreaterThan(meanAge(synthetic) + 3);
    const present = model.sample({
      rows: 1000,
      rng: Rng.from(4),
      where: [{ column: 'ldh', missing: false }],
    });
    expect(col(present, 'ldh').some(Number.isNaN)).toBe(false);
  });

  it('samples a 2% subgroup in one pass, about as fast as unconditional sampling', () => {
    expect(share(col(real.table, 'rare_b'), isOne)).toBeLessThan(0.03);
    const time = (where: Parameters<typeof model.sample>[0]['where']) => {
      const start = performance.now();
      const t = model.sample({ rows: 20_000, rng: Rng.from(6), where });
      return { ms: performance.now() - start, rows: t.nRows };
    };
    time([]);
    const plain = time([]);
    const rare = time([{ column: 'rare_b', equals: '1' }]);
    expect(rare.rows).toBe(20_000);
    // Generate-and-filter would take about 40 times as long; allow generous slack for a busy machine.
    expect(rare.ms).toBeLessThan(4 * plain.ms + 200);
  });

  it('refuses a condition of probability zero, naming the column and the value', () => {
    const schema = parseSchema({
      version: 1,
      columns: [
        { name: 'x', kind: 'numeric' },
        { name: 'group', kind: 'categorical', categories: ['a', 'b', 'never'] },
      ],
    });
    const rng = Rng.from(1);
    const table = new Table([
      ['x', numberColumn(Array.from({ length: 50 }, () => rng.normal()))],
      [
        'group',
        codeColumn(
          Array.from({ length: 50 }, (_, i) => i % 2),
          ['a', 'b', 'never'],
        ),
      ],
    ]);
    const fitted = copulaGenerator.fit({ table, schema, rng }, options);
    const attempt = (where: Parameters<typeof fitted.sample>[0]['where']) => () =>
      fitted.sample({ rows: 10, rng: Rng.from(1), where });
    expect(attempt([{ column: 'group', equals: 'never' }])).toThrow(InputError);
    expect(attempt([{ column: 'group', equals: 'never' }])).toThrow(
      /column 'group'.*'never'.*probability zero/,
    );
    expect(attempt([{ column: 'group', equals: 'zzz' }])).toThrow(/'zzz' is not one of its categories/);
    expect(attempt([{ column: 'x', missing: true }])).toThrow(/column 'x'.*never leaves it missing/);
    expect(attempt([{ column: 'x', equals: 0.123 }])).toThrow(/probability zero/);
    expect(attempt([{ column: 'nope', equals: 1 }])).toThrow(/column 'nope'/);
    // A condition that can hold is fine, including `in` with one impossible value among possible ones.
    expect(
      col(fitted.sample({ rows: 20, rng, where: [{ column: 'group', in: ['b', 'never'] }] }), 'group').every(
        isOne,
      ),
    ).toBe(true);
  });
});

describe('copula: input errors', () => {
  const schema = parseSchema({
    version: 1,
    columns: [
      { name: 'x', kind: 'numeric' },
      { name: 'y', kind: 'numeric' },
    ],
  });
  const fitXY = (x: number[], y: number[]) => () =>
    copulaGenerator.fit(
      {
        table: new Table([
          ['x', numberColumn(x)],
          ['y', numberColumn(y)],
        ]),
        schema,
        rng: Rng.from(1),
      },
      options,
    );
  const range = (n: number) => Array.from({ length: n }, (_, i) => i);

  it('refuses fewer than 10 rows', () => {
    expect(fitXY(range(9), range(9))).toThrow(DataError);
    expect(fitXY(range(9), range(9))).toThrow(/9 rows/);
  });

  it('refuses a column where every value is missing, naming it', () => {
    expect(
      fitXY(
        range(20),
        range(20).map(() => Number.NaN),
      ),
    ).toThrow(DataError);
    expect(
      fitXY(
        range(20),
        range(20).map(() => Number.NaN),
      ),
    ).toThrow(/column 'y': every value is missing/);
  });

  it('refuses infinite values, naming column and row', () => {
    const y = range(20);
    y[4] = Number.POSITIVE_INFINITY;
    expect(fitXY(range(20), y)).toThrow(/row 5, column 'y'/);
  });
});
