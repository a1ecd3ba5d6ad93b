/**
 * Validation end to end on the simulated AML cohort: a good synthetic table passes, a table with
 * its columns shuffled independently fails fidelity and utility, and the training table offered as
 * "synthetic" fails privacy. Plus the bad inputs a user can give.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.js';
import { splitTable } from '../data/split.js';
import { codeColumn, numberColumn, type Table } from '../data/table.js';
import { simulate } from '../simulate/index.js';
import { validate } from './index.js';
import { shuffleColumns } from './test-support/shuffle.js';

// One simulated population (another seed would draw other centre sizes and habits), split into
// training, holdout and an independent "synthetic" sample.
const { table, schema } = simulate('aml', { patients: 4000, centres: 5, seed: 1 });
const first = splitTable(table, 0.25, Rng.from(5));
const independent = first.holdout;
const { training, holdout } = splitTable(first.training, 0.25, Rng.from(6));

// The passing report, computed once: the first test reads it and the reproducibility test compares
// a second run with it (each run costs seconds).
let passingReport: ReturnType<typeof validate> | undefined;
const passing = () => {
  passingReport ??= validate(training, independent, { schema, holdout, seed: 1 });
  return passingReport;
};

// Every fourth row of each table, for the tests of what is left out and why: which metric is
// skipped, and its reason, do not depend on the sample's size, and a quarter of the rows makes each
// run several times faster. (A stride rather than the first rows keeps every centre.)
const everyFourth = (t: Table) =>
  t.take(Uint32Array.from({ length: Math.ceil(t.nRows / 4) }, (_, i) => 4 * i));
const small = {
  training: everyFourth(training),
  independent: everyFourth(independent),
  holdout: everyFourth(holdout),
};

describe('validate', () => {
  it('passes an independent sample from the same population', () => {
    const report = passing();
    expect(report.fidelity.verdict).toBe('pass');
    expect(report.utility.verdict).toBe('pass');
    expect(report.privacy.verdict).toBe('pass');
    expect(report.verdict).toBe('pass');
    expect(report.rows).toEqual({
      real: training.nRows,
      synthetic: independent.nRows,
      holdout: holdout.nRows,
    });
    expect(report.privacy.mia.auc).toBeGreaterThan(0.4);
    expect(report.privacy.mia.auc).toBeLessThan(0.6);
  });

  it('fails fidelity and utility when every column is shuffled on its own', () => {
    const report = validate(training, shuffleColumns(independent, Rng.from(9)), {
      schema,
      holdout,
      seed: 1,
    });
    expect(report.fidelity.verdict).toBe('fail');
    expect(report.utility.verdict).toBe('fail');
    expect(report.verdict).toBe('fail');
  });

  it('fails privacy when the training table itself is offered as synthetic', () => {
    const report = validate(training, training, { schema, holdout, seed: 1 });
    expect(report.privacy.verdict).toBe('fail');
    expect(report.privacy.exactMatches).toBe(training.nRows);
    expect(report.privacy.mia.auc).toBeGreaterThan(0.9);
    // Copying is perfectly faithful: only privacy can catch it.
    expect(report.fidelity.verdict).toBe('pass');
  });

  it('without a holdout, reports membership inference and TSTR as not computed, with the reason', () => {
    const report = validate(small.training, small.independent, { schema, seed: 1 });
    expect(report.privacy.mia.auc).toBeNull();
    expect(report.rows.holdout).toBeNull();
    const reasons = report.skipped.map((s) => `${s.metric}: ${s.reason}`).join('\n');
    expect(reasons).toMatch(/holdout/i);
    expect(report.utility.tstr).toEqual([]);
  });

  it('skips an endpoint with negative times, naming the row', () => {
    const times = Float64Array.from(small.independent.numbers('os_days'));
    times[3] = -5;
    const report = validate(small.training, small.independent.withColumn('os_days', numberColumn(times)), {
      schema,
      holdout: small.holdout,
      seed: 1,
    });
    expect(report.skipped).toContainEqual({
      metric: 'survival os',
      reason: 'os_days is -5 in row 4 of the synthetic table; survival times must be 0 or more',
    });
    expect(report.utility.survival.map((s) => s.endpoint)).toEqual(['rfs']);
  });

  it('refuses tables with different columns or kinds, naming the column', () => {
    expect(() =>
      validate(training, independent.select(independent.names.slice(1)), {
        schema,
        seed: 1,
        files: { synthetic: 's.csv' },
      }),
    ).toThrow(/s\.csv, column 'patient_id': the real table has this column but this table does not/);
    const recoded = independent.withColumn('age', codeColumn(new Int32Array(independent.nRows), ['old']));
    expect(() => validate(training, recoded, { schema, seed: 1 })).toThrow(
      /column 'age': holds categories, but the real table holds numbers/,
    );
  });

  it('reports a one-class target as not computed instead of a number', () => {
    const oneClass = (t: Table) => t.withColumn('response', codeColumn(new Int32Array(t.nRows), ['CR']));
    const report = validate(oneClass(small.training), oneClass(small.independent), {
      schema,
      holdout: oneClass(small.holdout),
      seed: 1,
      targets: ['response'],
    });
    expect(report.utility.tstr).toEqual([]);
    expect(report.skipped.some((s) => /response/.test(s.metric + s.reason) && /class/i.test(s.reason))).toBe(
      true,
    );
  });

  it('fails a one-row synthetic table and says what could not be computed', () => {
    const report = validate(training, independent.take([0]), { schema, holdout, seed: 1 });
    expect(report.fidelity.verdict).toBe('fail');
    expect(report.utility.verdict).toBe('fail');
    expect(report.skipped.map((s) => s.metric)).toContain('fidelity.detection');
  });

  it('gives the same report for the same seed', () => {
    const again = validate(training, independent, { schema, holdout, seed: 1 });
    expect(JSON.stringify(again)).toBe(JSON.stringify(passing()));
  });
});
