/**
 * Validity checks a copied time (`relapse_days = rfs_days when relapse = 1`) on synthetic rows:
 * declared by the schema, or found in the real table when the schema does not state it.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/rng.js';
import type { Schema } from '../../data/schema.js';
import { numberColumn, type Table } from '../../data/table.js';
import { simulate } from '../../simulate/index.js';
import { DEFAULT_THRESHOLDS } from '../thresholds.js';
import { validity } from './index.js';

const RULE = 'relapse_days = rfs_days when relapse = 1, else missing';
const { table: real, schema } = simulate('aml', { patients: 600, centres: 2, seed: 4 });
const synthetic = simulate('aml', { patients: 600, centres: 2, seed: 5 }).table;

/** The first `n` relapsed patients relapsing a month after their RFS has ended. */
function relapsingLate(table: Table, n: number): Table {
  const relapse = table.codes('relapse');
  const days = Float64Array.from(table.numbers('relapse_days'));
  let moved = 0;
  for (let row = 0; row < table.nRows && moved < n; row++)
    if (relapse.levels[relapse.codes[row]] === '1') {
      days[row] += 30;
      moved++;
    }
  return table.withColumn('relapse_days', numberColumn(days));
}

function reportOf(synth: Table, rules: Schema['rules'], foundRules?: boolean) {
  return validity({
    foundRules,
    real,
    synthetic: synth,
    schema: { ...schema, rules },
    endpoints: [],
    targets: [],
    quasiIdentifiers: [],
    thresholds: DEFAULT_THRESHOLDS,
    rng: Rng.from(1),
    smallCell: 5,
  });
}

describe('validity of a copied time', () => {
  it('passes synthetic rows that keep it, and fails 30 of 600 relapsing after their RFS ended', () => {
    const kept = reportOf(synthetic, schema.rules).rules.find((r) => r.rule === RULE)!;
    expect(kept).toMatchObject({ kind: 'derived', source: 'schema', real: 0, synthetic: 0, status: 'ok' });
    const broken = reportOf(relapsingLate(synthetic, 30), schema.rules).rules.find((r) => r.rule === RULE)!;
    expect(broken).toMatchObject({ kind: 'derived', source: 'schema', real: 0, status: 'fail' });
    expect(broken.synthetic).toBeCloseTo(30 / 600, 12);
  });

  it('finds it in the real table when the schema does not state it, and reports it broken', () => {
    const without = schema.rules.filter((r) => !(r.type === 'derived' && r.column === 'relapse_days'));
    const found = reportOf(relapsingLate(synthetic, 30), without).rules.filter((r) => r.rule === RULE);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ kind: 'derived', source: 'data', real: 0, status: 'fail' });
    expect(found[0].synthetic).toBeCloseTo(30 / 600, 12);
    // Declared, it is checked once, as the schema's.
    const declared = reportOf(synthetic, schema.rules).rules.filter((r) => r.rule === RULE);
    expect(declared.map((r) => r.source)).toEqual(['schema']);
  });

  it("checks only the schema's rules when found rules are off (a centre of a consortium)", () => {
    const without = schema.rules.filter((r) => !(r.type === 'derived' && r.column === 'relapse_days'));
    const late = relapsingLate(synthetic, 30);
    const report = reportOf(late, without, false);
    expect(report.rules.filter((r) => r.source === 'data')).toEqual([]);
    expect(report.rules.some((r) => r.rule === RULE)).toBe(false);
    // The same table and schema with found rules on (the default) report the broken copy.
    expect(reportOf(late, without).rules.filter((r) => r.rule === RULE && r.status === 'fail')).toHaveLength(
      1,
    );
  });
});
