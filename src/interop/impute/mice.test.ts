import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/rng.js';
import { parseSchema } from '../../data/schema.js';
import { codeColumn, numberColumn, Table } from '../../data/table.js';
import { gelmanRubin } from './convergence.js';
import { miceImpute } from './mice.js';
import { maskedCohort } from './test-support/masked-cohort.js';

const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/iterative-reference.json', import.meta.url), 'utf8'),
) as { tables: Array<{ name: string; data: Array<Array<number | null>>; imputed: number[][] }> };

const numericSchema = (names: string[]) =>
  parseSchema({ version: 1, columns: names.map((name) => ({ name, kind: 'numeric' })) });

/** 300 rows: y = 2·x + noise, a binary flag more likely with high x, 20 % of y and flag masked at random. */
function simulated(seed: number) {
  const rng = Rng.from(seed);
  const n = 300;
  const x = Float64Array.from({ length: n }, () => rng.normal(50, 10));
  const y = x.map((v) => 2 * v + rng.normal(0, 5));
  const flag = Int32Array.from(x, (v) => (rng.uniform() < 1 / (1 + Math.exp(-(v - 50) / 5)) ? 1 : 0));
  const yMasked = y.map((v) => (rng.uniform() < 0.2 ? Number.NaN : v));
  const flagMasked = flag.map((v) => (rng.uniform() < 0.2 ? -1 : v));
  const table = new Table([
    ['x', numberColumn(x)],
    ['y', numberColumn(yMasked)],
    ['flag', codeColumn(flagMasked, ['no', 'yes'])],
  ]);
  const schema = parseSchema({
    version: 1,
    columns: [
      { name: 'x', kind: 'numeric' },
      { name: 'y', kind: 'numeric' },
      { name: 'flag', kind: 'boolean', categories: ['no', 'yes'] },
    ],
  });
  return { table, schema, y, flag, yMasked, flagMasked };
}

describe('miceImpute, deterministic', () => {
  it("equals scikit-learn's IterativeImputer(BayesianRidge) through the table interface", () => {
    const ref = fixture.tables[0];
    const names = ref.data[0].map((_, j) => `v${j}`);
    const table = new Table(
      names.map((name, j) => [name, numberColumn(ref.data.map((r) => r[j] ?? Number.NaN))]),
    );
    const { imputations } = miceImpute(table, numericSchema(names), { deterministic: true });
    expect(imputations).toHaveLength(1);
    for (const [i, row] of ref.imputed.entries())
      for (const [j, v] of row.entries())
        expect(Math.abs(imputations[0].numbers(names[j])[i] - v)).toBeLessThanOrEqual(
          1e-9 * Math.max(1, Math.abs(v)),
        );
  });
});

describe('miceImpute, predictive mean matching', () => {
  const { table, schema, y, flag, yMasked, flagMasked } = simulated(7);
  const result = miceImpute(table, schema, { m: 3, maxIter: 6, seed: 11 });

  it('imputes only values that were observed, and keeps observed cells', () => {
    const observed = new Set([...yMasked].filter((v) => !Number.isNaN(v)));
    for (const imputed of result.imputations) {
      const values = imputed.numbers('y');
      for (let i = 0; i < values.length; i++) {
        expect(observed.has(values[i])).toBe(true);
        if (!Number.isNaN(yMasked[i])) expect(values[i]).toBe(yMasked[i]);
      }
      expect([...imputed.codes('flag').codes].every((c) => c === 0 || c === 1)).toBe(true);
    }
  });

  it('is reproducible from its seed, and chains differ', () => {
    const again = miceImpute(table, schema, { m: 3, maxIter: 6, seed: 11 });
    expect([...again.imputations[2].numbers('y')]).toEqual([...result.imputations[2].numbers('y')]);
    expect([...result.imputations[0].numbers('y')]).not.toEqual([...result.imputations[1].numbers('y')]);
  });

  it('recovers the masked values: y from x (RMSE near the noise sd), the flag better than chance', () => {
    let se = 0;
    let cells = 0;
    let right = 0;
    let flags = 0;
    for (const imputed of result.imputations) {
      const yi = imputed.numbers('y');
      const fi = imputed.codes('flag').codes;
      for (let i = 0; i < yi.length; i++) {
        if (Number.isNaN(yMasked[i])) {
          se += (yi[i] - y[i]) ** 2;
          cells++;
        }
        if (flagMasked[i] < 0) {
          right += fi[i] === flag[i] ? 1 : 0;
          flags++;
        }
      }
    }
    // The residual sd is 5; PMM adds the donor's own residual: √2·5 ≈ 7 expected, far below y's sd ≈ 21.
    expect(Math.sqrt(se / cells)).toBeLessThan(10);
    expect(right / flags).toBeGreaterThan(0.6);
  });

  it('reports a trace per column per chain per iteration, and R-hat', () => {
    const trace = result.convergence.find((c) => c.column === 'y');
    expect(trace?.mean).toHaveLength(3);
    expect(trace?.mean[0]).toHaveLength(6);
    expect(trace?.rHat).toBeGreaterThan(0.5);
    expect(trace?.rHat).toBeLessThan(2);
  });
});

describe('miceImpute, sparse design', () => {
  it('draws bit for bit what the dense design drew for the same seed (AML, 58 imputed columns)', () => {
    const { table, schema } = maskedCohort({ disease: 'aml', patients: 200, seed: 5, share: 0.15 });
    // Without the rules, nothing is repaired: the hash is of the chains' own draws.
    const unruled = { ...schema, rules: schema.rules.filter((r) => r.type === 'derived') };
    const result = miceImpute(table, unruled, { m: 2, maxIter: 3, seed: 9 });
    const hash = createHash('sha256');
    for (const imputed of result.imputations)
      for (const p of result.plan.imputed) {
        const column = imputed.column(p.name);
        hash.update(new Uint8Array((column.type === 'number' ? column.values : column.codes).buffer));
      }
    expect(result.plan.imputed).toHaveLength(58);
    // Recorded from the dense-design code of commit e8c130a (a design column per indicator, rebuilt
    // for every column at every iteration), on this same input.
    expect(hash.digest('hex')).toBe('34516e6ba1296e0e95e7e2b96abc512280ed88c5a3b2a909b27fc08948c36234');
  });
});

describe('gelmanRubin', () => {
  it('is below 1 for identical chains (no between-chain spread) and large for chains apart', () => {
    expect(
      gelmanRubin([
        [1, 2, 3],
        [1, 2, 3],
      ]),
    ).toBeCloseTo(Math.sqrt(2 / 3), 12);
    expect(
      gelmanRubin([
        [0, 0.1, 0],
        [10, 10.1, 10],
      ]),
    ).toBeGreaterThan(10);
    expect(gelmanRubin([[1, 2]])).toBeNull();
  });
});
