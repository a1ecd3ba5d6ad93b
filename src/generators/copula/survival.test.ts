/**
 * The copula's survival endpoints drawn from proportional-hazards models on the baseline columns
 * (`survival: 'cox'`, the default), with the outcomes modelled jointly with the status drawn again
 * to agree with it.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/rng.js';
import { compileChecks } from '../../data/rules.js';
import type { Table } from '../../data/table.js';
import { simulate } from '../../simulate/index.js';
import { copulaGenerator } from './index.js';

const { table, schema } = simulate('aml', { patients: 2500, centres: 5, seed: 1 });
const real = table.select(schema.columns.filter((c) => c.role !== 'id').map((c) => c.name));
const model = copulaGenerator.fit(
  { table: real, schema, rng: Rng.from(1) },
  copulaGenerator.options.parse({}),
);
const synthetic = model.sample({ rows: 10_000, rng: Rng.from(2), where: [] });

function share(t: Table, name: string, level: string): number {
  const column = t.codes(name);
  const code = column.levels.indexOf(level);
  return column.codes.filter((c) => c === code).length / t.nRows;
}

describe('copula survival endpoints from hazard models', () => {
  it('models OS so, on the baseline columns only; RFS, bounded by OS, stays a fraction of it', () => {
    const [os] = model.params.survival;
    expect(model.params.survival.map((s) => s.time)).toEqual(['os_days']);
    const covariates = os.covariates.map((c) => c.name);
    expect(covariates).toEqual(expect.arrayContaining(['age', 'tp53', 'eln2022', 'treatment']));
    for (const outcome of ['response', 'relapse', 'cr_days', 'rfs_days', 'os_status'])
      expect(covariates).not.toContain(outcome);
    const plain = copulaGenerator.fit(
      { table: real, schema, rng: Rng.from(1) },
      copulaGenerator.options.parse({ survival: 'copula' }),
    );
    expect(plain.params.survival).toEqual([]);
  });

  it('keeps the response shares and every rule: early deaths die within 42 days, rfs ≤ os', () => {
    for (const level of ['CR', 'PR', 'resistant', 'early_death'])
      expect(
        Math.abs(share(synthetic, 'response', level) - share(real, 'response', level)),
        level,
      ).toBeLessThan(0.02);
    const os = synthetic.numbers('os_days');
    const rfs = synthetic.numbers('rfs_days');
    expect(rfs.every((v, i) => Number.isNaN(v) || v <= os[i])).toBe(true);
    const broken = compileChecks(synthetic, schema).filter((check) =>
      Array.from({ length: synthetic.nRows }, (_, row) => check.violatedAt(row)).some(Boolean),
    );
    // Only the orderings the copula leaves to rejection (cr_days against os, relapse and rfs), and
    // the rare pair of exclusive translocations: none involving the redrawn OS and response.
    for (const check of broken)
      if (!check.description.startsWith('cr_days <'))
        expect(check.description).not.toMatch(/early_death|rfs_days|os_status/);
  });

  it('never draws a negative time or a death after the last real one', () => {
    const os = synthetic.numbers('os_days');
    const dead = synthetic.codes('os_status').codes;
    const realOs = real.numbers('os_days');
    const realDead = real.codes('os_status').codes;
    expect(Math.min(...os)).toBeGreaterThanOrEqual(0);
    const last = (t: Float64Array, d: Int32Array) => Math.max(...t.filter((_, i) => d[i] === 1));
    expect(last(os, dead)).toBeLessThanOrEqual(last(realOs, realDead));
  });

  it('round-trips its parameters through JSON to identical samples', () => {
    const params = copulaGenerator.paramsSchema.parse(JSON.parse(JSON.stringify(model.params)));
    const restored = copulaGenerator.restore(params, schema, copulaGenerator.options.parse({}));
    const a = model.sample({ rows: 500, rng: Rng.from(3), where: [] });
    const b = restored.sample({ rows: 500, rng: Rng.from(3), where: [] });
    for (const name of a.names) expect(b.column(name)).toEqual(a.column(name));
  });

  it('leaves an endpoint a condition names to the copula, so the condition holds', () => {
    const alive = model.sample({
      rows: 500,
      rng: Rng.from(4),
      where: [{ column: 'os_status', equals: '0' }],
    });
    expect(share(alive, 'os_status', '0')).toBe(1);
    const cr = model.sample({ rows: 500, rng: Rng.from(5), where: [{ column: 'response', equals: 'CR' }] });
    expect(share(cr, 'response', 'CR')).toBe(1);
  });
});
