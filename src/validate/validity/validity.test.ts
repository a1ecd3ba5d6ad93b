import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/rng.js';
import { parseSchema, type SchemaInput } from '../../data/schema.js';
import { codeColumn, codeColumnFromStrings, numberColumn, Table } from '../../data/table.js';
import { simulate } from '../../simulate/index.js';
import { validate } from '../index.js';
import { DEFAULT_THRESHOLDS } from '../thresholds.js';
import type { ValidationInput } from '../types.js';
import { amlHalves, amlInput, independentSample } from '../utility/test-support/aml.js';
import type { Check } from './check.js';
import { validity } from './index.js';
import { breaksMoreOften, ruleStatus } from './judge.js';
import type { RuleResult, ValidityReport } from './types.js';

function inputFor(real: Table, synthetic: Table, schema: SchemaInput, smallCell = 5): ValidationInput {
  return {
    real,
    synthetic,
    schema: parseSchema(schema),
    endpoints: [],
    targets: [],
    quasiIdentifiers: [],
    thresholds: DEFAULT_THRESHOLDS,
    rng: Rng.from(1),
    smallCell,
  };
}

function ruleNamed(report: ValidityReport, rule: string): RuleResult {
  const found = report.rules.find((r) => r.rule === rule);
  if (!found) throw new Error(`no rule '${rule}' in ${report.rules.map((r) => r.rule).join('; ')}`);
  return found;
}

/** Columns from plain arrays: numbers (NaN missing) or labels (null missing) with their levels. */
function tableOf(columns: Record<string, number[] | { levels: string[]; values: (string | null)[] }>): Table {
  return new Table(
    Object.entries(columns).map(([name, c]) =>
      Array.isArray(c) ? [name, numberColumn(c)] : [name, codeColumnFromStrings(c.values, c.levels)],
    ),
  );
}

const range = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));
const labels = (n: number, f: (i: number) => string | null, levels: string[]) => ({
  levels,
  values: Array.from({ length: n }, (_, i) => f(i)),
});

/** One rule of each kind, on 200 real rows that keep them all and 20 synthetic rows that do not. */
const SCHEMA: SchemaInput = {
  version: 1,
  columns: [
    { name: 'age', kind: 'integer', unit: 'years', min: 18, max: 100, nullable: false },
    { name: 'wbc', kind: 'numeric', unit: '10^9/L', decimals: 1 },
    { name: 'grp', kind: 'categorical', categories: ['a', 'b'] },
    { name: 't1', kind: 'integer', role: 'time', unit: 'days' },
    { name: 't2', kind: 'integer', role: 'time', unit: 'days' },
    { name: 't3', kind: 'integer', role: 'time', unit: 'months' },
    { name: 't4', kind: 'integer', role: 'time', unit: 'months' },
    { name: 'x', kind: 'boolean', categories: ['0', '1'], nullable: false },
    { name: 'y', kind: 'boolean', categories: ['0', '1'], nullable: false },
    { name: 'c', kind: 'categorical', categories: ['p', 'q'] },
    { name: 'd', kind: 'categorical', categories: ['u', 'v'] },
  ],
  rules: [
    { type: 'compare', left: 't1', op: '<=', right: 't2', when: [{ column: 'grp', equals: 'a' }] },
    { type: 'implies', if: [{ column: 'x', equals: '1' }], then: { column: 'y', equals: '1' } },
  ],
};

/** A pattern of 40 rows, five times over: enough rows for the rules found in it to be no chance. */
function handMadeReal(): Table {
  const n = 40;
  const pattern = tableOf({
    age: range(n, (i) => 20 + i),
    wbc: range(n, (i) => 1 + i / 10),
    grp: labels(n, (i) => (i % 2 ? 'b' : 'a'), ['a', 'b']),
    t1: range(n, (i) => 10 + i),
    // grp b rows (odd) sometimes end before they start: t1 <= t2 holds only when grp = a.
    t2: range(n, (i) => (i % 4 === 1 ? 5 : 100 + i)),
    t3: range(n, (i) => i),
    t4: range(n, (i) => i + 1 + (i % 3)),
    x: labels(n, (i) => (i % 10 < 3 ? '1' : '0'), ['0', '1']),
    y: labels(n, (i) => (i % 10 < 6 ? '1' : '0'), ['0', '1']),
    c: labels(n, (i) => (i < 15 ? 'p' : 'q'), ['p', 'q']),
    d: labels(n, (i) => (i < 20 ? 'u' : 'v'), ['u', 'v']),
  });
  return pattern.take(range(200, (i) => i % n));
}

function handMadeSynthetic(): Table {
  const n = 20;
  return tableOf({
    age: range(n, (i) => [17, Number.NaN, 30.5][i] ?? 40 + i),
    wbc: range(n, (i) => (i < 2 ? 3.25 : 2 + i / 10)),
    grp: labels(n, (i) => (i === 3 ? 'z' : i < 10 ? 'a' : 'b'), ['a', 'b', 'z']),
    t1: range(n, (i) => 10 + i),
    t2: range(n, (i) => ([4, 5, 10, 11].includes(i) ? 0 : 100)),
    t3: range(n, (i) => (i < 3 ? 9 : i)),
    t4: range(n, (i) => (i < 3 ? 1 : i + 2)),
    x: labels(n, (i) => (i < 5 ? '1' : '0'), ['0', '1']),
    y: labels(n, (i) => (i === 0 ? '0' : '1'), ['0', '1']),
    c: labels(n, (i) => (i < 10 ? 'p' : 'q'), ['p', 'q']),
    d: labels(n, (i) => (i < 2 || i >= 10 ? 'v' : 'u'), ['u', 'v']),
  });
}

describe('validity on a hand-made table', () => {
  const report = validity(inputFor(handMadeReal(), handMadeSynthetic(), SCHEMA));

  it.each([
    // rule, kind, source, synthetic breaks / rows the rule applies to
    ['age in [18, 100] (years)', 'bound', 'schema', 1, 19],
    ['age not missing', 'nullable', 'schema', 1, 20],
    ['age is a whole number', 'decimals', 'schema', 1, 19],
    ['wbc has at most 1 decimal', 'decimals', 'schema', 2, 20],
    ['grp in {a, b}', 'category', 'schema', 1, 20],
    ['t1 <= t2 when grp = a', 'compare', 'schema', 2, 9],
    ['x = 1 → y = 1', 'implies', 'schema', 1, 5],
    ['t3 <= t4', 'compare', 'data', 3, 20],
    ['c = p → d = u', 'implies', 'data', 2, 10],
  ] as const)(
    '%s (%s, %s): %i of %i synthetic rows break it, no real row',
    (rule, kind, source, broken, rows) => {
      const result = ruleNamed(report, rule);
      expect(result).toMatchObject({ kind, source, real: 0, syntheticRows: rows });
      expect(result.synthetic).toBeCloseTo(broken / rows, 12);
      expect(result.status).toBe(broken / rows > 0.01 ? 'fail' : 'warn');
    },
  );

  it('states the real rows each rule applies to', () => {
    expect(ruleNamed(report, 't1 <= t2 when grp = a').realRows).toBe(100);
    expect(ruleNamed(report, 'x = 1 → y = 1').realRows).toBe(60);
    expect(ruleNamed(report, 'c = p → d = u').realRows).toBe(75);
    expect(ruleNamed(report, 't3 <= t4').realRows).toBe(200);
  });

  it('fails, names every broken rule, and scores the rows that break one', () => {
    expect(report.verdict).toBe('fail');
    expect(report.discrepancies.map((d) => d.subject)).toContain('t1 <= t2 when grp = a');
    expect(report.discrepancies.every((d) => d.part === 'validity' && d.kind === 'rule-broken')).toBe(true);
    // Rows 0–5 (the grp = b rows 10 and 11 break no rule: t1 <= t2 binds grp = a only).
    const broken = [0, 1, 2, 3, 4, 5];
    expect(report.share).toBeCloseTo(broken.length / 20, 12);
    expect(report.score).toBeCloseTo(1 - broken.length / 20, 12);
    expect(report.realShare).toBe(0);
  });

  it('leaves out a rule found in the data that the schema states, and its contrapositive', () => {
    const xy = report.rules.filter((r) => r.columns.includes('x') && r.columns.includes('y'));
    expect(xy.map((r) => r.rule)).toEqual(['x = 1 → y = 1']);
    expect(xy[0].source).toBe('schema');
  });
});

describe('what the real rows show', () => {
  it('hides a real share fewer than smallCell patients stand behind, and a small count of rows', () => {
    const real = handMadeReal();
    // Two real grp = a rows break t1 <= t2; only three real rows have x = 1, all with y = 1.
    const t2 = Float64Array.from(real.numbers('t2'));
    t2[0] = 0;
    t2[2] = 0;
    const x = labels(200, (i) => (i < 3 ? '1' : '0'), ['0', '1']);
    const changed = real
      .withColumn('t2', numberColumn(t2))
      .withColumn('x', codeColumnFromStrings(x.values, x.levels));
    const report = validity(inputFor(changed, handMadeSynthetic(), SCHEMA));
    const ordered = ruleNamed(report, 't1 <= t2 when grp = a');
    expect(ordered.real).toBeNull();
    expect(ordered.realRows).toBe(100);
    // "All three patients with x = 1 have y = 1" is said of fewer than smallCell patients.
    const implied = ruleNamed(report, 'x = 1 → y = 1');
    expect(implied.real).toBeNull();
    expect(implied).not.toHaveProperty('realRows');
    expect(report.realShare).toBeNull();
    // A rule the real rows break too is judged against them: 2/9 synthetic vs 2/100 real is
    // one-sided Fisher p = 0.034, not beyond α / m with several rules tested.
    expect(ordered.status).toBe('ok');
  });

  it('names in a category rule only the levels at least smallCell real patients hold', () => {
    const real = handMadeReal();
    const grp = labels(200, (i) => (i < 2 ? 'z' : i % 2 ? 'b' : 'a'), ['a', 'b', 'z']);
    const changed = real.withColumn('grp', codeColumnFromStrings(grp.values, grp.levels));
    const declared = (categories: string[]) => ({
      ...SCHEMA,
      columns: SCHEMA.columns.map((c) => (c.name === 'grp' ? { ...c, categories } : c)),
    });
    // Synthetic row 3 holds an undeclared level, so the category rule is broken and listed.
    const g = labels(20, (i) => (i === 3 ? 'w' : i < 10 ? 'a' : 'b'), ['a', 'b', 'w']);
    const synthetic = handMadeSynthetic().withColumn('grp', codeColumnFromStrings(g.values, g.levels));
    const rules = (categories: string[], smallCell = 5) =>
      validity(inputFor(changed, synthetic, declared(categories), smallCell)).rules.map((r) => r.rule);
    // z (2 real rows) is declared but not named.
    expect(rules(['a', 'b', 'z'])).toContain('grp in {a, b} or another declared category');
    expect(rules(['a', 'b', 'z'], 2)).toContain('grp in {a, b, z}');
    expect(rules(['a', 'b', 'z'], 150)).toContain('grp in its declared categories');
  });

  it('never names, in a rule found in the data, a level fewer than smallCell real patients hold', () => {
    // g = 1 (12 rows) is never `other`; its rows show `common` and the rare level (3 rows).
    const n = 60;
    const real = tableOf({
      g: labels(n, (i) => (i < 12 ? '1' : '0'), ['0', '1']),
      e: labels(n, (i) => (i < 3 ? 'rare' : i < 12 || i % 2 ? 'common' : 'other'), [
        'common',
        'other',
        'rare',
      ]),
    });
    const schema: SchemaInput = {
      version: 1,
      columns: [
        { name: 'g', kind: 'boolean', categories: ['0', '1'] },
        { name: 'e', kind: 'categorical', categories: ['common', 'other', 'rare'] },
      ],
    };
    const rule = 'g = 1 → e in {common, rare}';
    // A synthetic g = 1 row with e = other breaks the rule.
    const breaking = real.withColumn(
      'e',
      codeColumn(
        Int32Array.from(real.codes('e').codes, (c, i) => (i === 4 ? 1 : c)),
        ['common', 'other', 'rare'],
      ),
    );
    const loose = validity(inputFor(real, breaking, schema, 2));
    expect(ruleNamed(loose, rule).synthetic).toBeCloseTo(1 / 12, 12);
    const strict = validity(inputFor(real, breaking, schema, 5));
    expect(strict.checked.data).toBe(loose.checked.data - 1);
    expect(strict.rules.filter((r) => r.source === 'data' && r.rule.includes('rare'))).toEqual([]);
  });
});

describe('a rule found in the data, judged against chance', () => {
  // g = 1 (12 of 40 rows) never has h = 1, though 35 % of rows do: 4.2 breaks were expected.
  const pattern = tableOf({
    g: labels(40, (i) => (i < 12 ? '1' : '0'), ['0', '1']),
    h: labels(40, (i) => (i >= 12 && i % 2 === 0 ? '1' : '0'), ['0', '1']),
  });
  const schema: SchemaInput = {
    version: 1,
    columns: [
      { name: 'g', kind: 'boolean', categories: ['0', '1'] },
      { name: 'h', kind: 'boolean', categories: ['0', '1'] },
    ],
  };
  // Two of the twelve g = 1 rows have h = 1.
  const h = pattern.codes('h');
  const synthetic = pattern.withColumn(
    'h',
    codeColumn(
      Int32Array.from(h.codes, (c, i) => (i < 2 ? 1 : c)),
      h.levels,
    ),
  );

  it('is not blamed on 12 real rows, which could have missed a 17 % break rate (0.83^12 = 0.11)', () => {
    const rule = ruleNamed(validity(inputFor(pattern, synthetic, schema)), 'g = 1 → h = 0');
    expect(rule.synthetic).toBeCloseTo(2 / 12, 12);
    expect(rule.status).toBe('ok');
  });

  it('fails on 120 real rows, which could not (0.83^120 < 1e-9)', () => {
    const real = pattern.take(range(400, (i) => i % 40));
    const rule = ruleNamed(validity(inputFor(real, synthetic, schema)), 'g = 1 → h = 0');
    expect(rule).toMatchObject({ realRows: 120, real: 0, status: 'fail' });
  });
});

describe('the status of a rule, from two samples', () => {
  const tallyOf = (applies: number, broken: number) => ({
    applies,
    broken: Uint32Array.from({ length: broken }, (_, i) => i),
  });
  const settings = { ruleBreaks: 0.01, syntheticRows: 200, alpha: 0.05, tested: 10 };
  const dataRule = { source: 'data' } as Check;
  const schemaRule = { source: 'schema' } as Check;

  it('does not count 3 of 8 synthetic premise rows against 0 of 30 real: Fisher p = 0.007 > 0.05 / 10', () => {
    // Taking the synthetic share as exact, (1 − 3/8)^30 = 7e-7 would have failed the rule.
    expect(breaksMoreOften(tallyOf(8, 3), tallyOf(30, 0))).toBeCloseTo(0.006638217164532955, 12);
    expect(ruleStatus(dataRule, tallyOf(30, 0), tallyOf(8, 3), settings)).toBe('ok');
    // 300 real rows could not have hidden it (p = 1e-5): 3 of 200 synthetic rows is 1.5 %.
    expect(ruleStatus(dataRule, tallyOf(300, 0), tallyOf(8, 3), settings)).toBe('fail');
  });

  it('fails a rule one real row in 500 breaks when a quarter of the synthetic rows do', () => {
    const real = tallyOf(500, 1);
    expect(ruleStatus(schemaRule, real, tallyOf(200, 50), settings)).toBe('fail');
    // As often as the real rows, or not significantly more often: ok.
    expect(ruleStatus(schemaRule, real, tallyOf(200, 1), settings)).toBe('ok');
    expect(ruleStatus(schemaRule, tallyOf(500, 50), tallyOf(200, 22), settings)).toBe('ok');
    // More often beyond chance but within 1 % of all synthetic rows: warn.
    expect(
      ruleStatus(schemaRule, tallyOf(5000, 5), tallyOf(20, 2), { ...settings, syntheticRows: 2000 }),
    ).toBe('warn');
  });
});

describe('derived columns', () => {
  it('skips a derived column whose inputs a table lacks, instead of throwing', () => {
    const { table, schema } = simulate('aml', { patients: 300, centres: 2, seed: 3 });
    const without = table.select(table.names.filter((n) => n !== 'npm1'));
    const report = validity({
      ...inputFor(without, without, { version: 1, columns: [{ name: 'a', kind: 'integer' }] }),
      schema,
    });
    // ELN 2022 reads npm1, which the table lacks; the relapse time's copy reads what it has.
    const derived = report.rules.filter((r) => r.kind === 'derived').map((r) => r.rule);
    expect(derived).toEqual(['relapse_days = rfs_days when relapse = 1, else missing']);
    expect(report.checked.schema).toBeGreaterThan(0);
  });

  it('counts the rows whose stored ELN 2022 risk is not what their genetics give', () => {
    const { table, schema } = simulate('aml', { patients: 300, centres: 2, seed: 3 });
    const eln = table.codes('eln2022');
    let changed = 0;
    const codes = Int32Array.from(eln.codes, (code) => {
      if (code < 0 || changed >= 6) return code;
      changed++;
      return (code + 1) % eln.levels.length;
    });
    const synthetic = table.withColumn('eln2022', codeColumn(codes, eln.levels));
    const report = validity({
      ...inputFor(table, synthetic, { version: 1, columns: [{ name: 'a', kind: 'integer' }] }),
      schema,
    });
    const derived = report.rules.find((r) => r.kind === 'derived')!;
    expect(derived).toMatchObject({
      source: 'schema',
      real: 0,
      realRows: 300,
      syntheticRows: 300,
      status: 'fail',
    });
    expect(derived.synthetic).toBeCloseTo(6 / 300, 12);
  });
});

describe('validity within validate', () => {
  const tables = amlHalves(2500, 1);
  const faithful = independentSample(1250, 2);

  it('passes an independent sample of the same population: no rule fails, fidelity not capped', () => {
    const report = validate(tables.real, faithful, {
      schema: tables.schema,
      holdout: tables.holdout,
      seed: 1,
    });
    expect(report.validity.rules.filter((r) => r.status === 'fail')).toEqual([]);
    expect(report.validity.verdict).not.toBe('fail');
    expect(report.validity.score).toBeGreaterThan(0.99);
    expect(report.fidelity.cappedBy).toBeUndefined();
    expect(report.validity.checked.data).toBeGreaterThan(10);
  });

  it('warns at 1 % of synthetic rows breaking a schema rule no real row breaks, fails above', () => {
    const statusWith = (rows: number) => {
      const rfs = Float64Array.from(faithful.numbers('rfs_days'));
      const os = faithful.numbers('os_days');
      const withBoth = range(rfs.length, (i) => i).filter((i) => !Number.isNaN(rfs[i]));
      for (const i of withBoth.slice(0, rows)) rfs[i] = os[i] + 1;
      const input = { ...amlInput(tables, faithful.withColumn('rfs_days', numberColumn(rfs))), smallCell: 5 };
      return ruleNamed(validity(input), 'rfs_days <= os_days').status;
    };
    // 1,250 synthetic rows: 12 are 0.96 %, 13 are 1.04 %.
    expect(statusWith(0)).toBe('ok');
    expect(statusWith(1)).toBe('warn');
    expect(statusWith(12)).toBe('warn');
    expect(statusWith(13)).toBe('fail');
  });

  it('fails fidelity at 25 % of synthetic patients relapsing after death though 0.2 % of real ones do', () => {
    const real = Float64Array.from(tables.real.numbers('rfs_days'));
    const realOs = tables.real.numbers('os_days');
    const realBoth = range(real.length, (i) => i).filter((i) => !Number.isNaN(real[i]));
    const dirty = Math.round(0.002 * realBoth.length);
    for (const i of realBoth.slice(0, dirty)) real[i] = realOs[i] + 1;
    const rfs = Float64Array.from(faithful.numbers('rfs_days'));
    const os = faithful.numbers('os_days');
    const withBoth = range(rfs.length, (i) => i).filter((i) => !Number.isNaN(rfs[i]));
    for (const i of withBoth.slice(0, Math.round(withBoth.length / 4))) rfs[i] = os[i] + 30;
    const report = validate(
      tables.real.withColumn('rfs_days', numberColumn(real)),
      faithful.withColumn('rfs_days', numberColumn(rfs)),
      { schema: tables.schema, holdout: tables.holdout, seed: 1 },
    );
    expect(dirty).toBeGreaterThan(0);
    const rule = ruleNamed(report.validity, 'rfs_days <= os_days');
    expect(rule.status).toBe('fail');
    expect(rule.real).toBeNull(); // fewer than smallCell real rows break it
    expect(report.fidelity.verdict).toBe('fail');
    expect(report.fidelity.cappedBy).toBe('validity');
    expect(report.discrepancies).toContainEqual(
      expect.objectContaining({
        part: 'fidelity',
        severity: 'fail',
        message: expect.stringMatching(/break rfs_days <= os_days, which a few real rows break/),
      }),
    );
  });

  it('fails fidelity when a quarter of the synthetic patients relapse after they die, naming the rule', () => {
    const rfs = Float64Array.from(faithful.numbers('rfs_days'));
    const os = faithful.numbers('os_days');
    const withBoth = range(rfs.length, (i) => i).filter((i) => !Number.isNaN(rfs[i]));
    const quarter = Math.round(rfs.length / 4);
    for (const i of Rng.from(5).shuffle(Uint32Array.from(withBoth)).slice(0, quarter)) rfs[i] = os[i] + 30;
    const broken = faithful.withColumn('rfs_days', numberColumn(rfs));
    const report = validate(tables.real, broken, { schema: tables.schema, holdout: tables.holdout, seed: 1 });
    const rule = ruleNamed(report.validity, 'rfs_days <= os_days');
    expect(rule).toMatchObject({ source: 'schema', real: 0, status: 'fail' });
    expect(rule.synthetic * rule.syntheticRows).toBeCloseTo(quarter, 6);
    expect(report.validity.share).toBeGreaterThanOrEqual(0.25);
    expect(report.validity.score).toBeLessThanOrEqual(0.75);
    expect(report.fidelity.verdict).toBe('fail');
    expect(report.fidelity.cappedBy).toBe('validity');
    expect(report.verdict).toBe('fail');
    const named = (part: string) =>
      report.discrepancies.filter((d) => d.part === part && d.message.includes('rfs_days <= os_days'));
    expect(named('fidelity')).toHaveLength(1);
    expect(named('validity')).toHaveLength(1);
    expect(named('fidelity')[0].severity).toBe('fail');
  });
});
