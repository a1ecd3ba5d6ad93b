import { describe, expect, it } from 'vitest';
import { UsageError } from '../core/errors.js';
import { DEFAULT_SEED } from '../core/rng.js';
import { simulate } from '../simulate/index.js';
import { gatherDiscrepancies, parseValidateOptions, validate } from './index.js';
import { DEFAULT_THRESHOLDS } from './thresholds.js';
import type { Discrepancy } from './types.js';

const { table, schema } = simulate('aml', { patients: 600, centres: 3, seed: 4 });
const half = (from: number) => table.take(Int32Array.from({ length: 300 }, (_, i) => from + i));

describe('validation options', () => {
  it('fill in the documented defaults, with the CLI default seed', () => {
    const options = parseValidateOptions({ schema });
    expect(options.seed).toBe(DEFAULT_SEED);
    expect(options.smallCell).toBe(5);
    expect(options.thresholds).toEqual(DEFAULT_THRESHOLDS);
    expect(options.survival).toEqual([]);
    expect(options.files).toEqual({});
    expect(parseValidateOptions({ schema, thresholds: { alpha: 0.01 } }).thresholds.alpha).toBe(0.01);
  });

  it('refuse a bad option with a message that names it, not a flag', () => {
    const refused = (input: object) => {
      try {
        parseValidateOptions({ schema, ...input });
      } catch (error) {
        expect(error).toBeInstanceOf(UsageError);
        return { message: (error as UsageError).message, option: (error as UsageError).option };
      }
      throw new Error('accepted');
    };
    expect(refused({ smallCell: 0 })).toEqual({
      message: expect.stringMatching(/^smallCell: /),
      option: 'smallCell',
    });
    expect(refused({ smallCell: 1 })).toEqual({
      message:
        'smallCell: expected a whole number of at least 2 (at 1 no count of real patients would be suppressed)',
      option: 'smallCell',
    });
    expect(refused({ seed: 1.5 })).toMatchObject({ option: 'seed' });
    expect(refused({ coxTerms: ['age', ''] }).message).toMatch(/^coxTerms \(at 1\): /);
    expect(refused({ thresholds: { privacy: { pass: 2, warn: 0.5 } } }).message).toMatch(
      /^thresholds \(at privacy\.pass\)/,
    );
    expect(refused({ holdout: 'training.csv' }).message).toMatch(/^holdout: expected a Table/);
    expect(refused({ cox: ['age'] }).message).toMatch(/^validate has no option 'cox'; its options: schema, /);
    for (const input of [{ smallCell: 0 }, { cox: ['age'] }, { coxTerms: ['stage'] }])
      expect(() => validate(half(0), half(300), { schema, ...input })).toThrow(/^(?!--)/);
    expect(() => validate(half(0), half(300), { schema, coxTerms: ['stage'] })).toThrow(
      "coxTerms names column 'stage', which the tables do not have",
    );
  });

  it('give the same report with the default seed as with the seed written out', () => {
    const implicit = validate(half(0), half(300), { schema });
    expect(implicit.seed).toBe(DEFAULT_SEED);
    expect(validate(half(0), half(300), { schema, seed: DEFAULT_SEED })).toEqual(implicit);
  });
});

describe('the report top level', () => {
  it('records the model only when given, and never lets privacy pass without a holdout', () => {
    const model = {
      generator: 'cart',
      options: { minLeaf: 15 },
      version: '0.0.0',
      fitSeed: 7,
      sampleSeed: 7,
    };
    const report = validate(half(0), half(300), { schema, model });
    expect(report.model).toEqual(model);
    expect(report.privacy.verdict).not.toBe('pass');
    expect(report.discrepancies).toContainEqual(
      expect.objectContaining({ part: 'privacy', kind: 'no-holdout', severity: 'warn' }),
    );
    expect(validate(half(0), half(300), { schema }).model).toBeNull();
  });

  it('gathers every part’s discrepancies: failures first, then the largest', () => {
    const d = (
      part: Discrepancy['part'],
      severity: Discrepancy['severity'],
      magnitude: number,
    ): Discrepancy => ({
      part,
      severity,
      kind: 'k',
      subject: `${part} ${magnitude}`,
      message: '',
      magnitude,
    });
    const gathered = gatherDiscrepancies([
      { discrepancies: [d('fidelity', 'warn', 0.9), d('fidelity', 'fail', 0.1)] },
      { score: 1 },
      { discrepancies: [d('privacy', 'fail', 0.5), d('privacy', 'warn', 1)] },
    ]);
    expect(gathered.map((x) => `${x.severity} ${x.subject}`)).toEqual([
      'fail privacy 0.5',
      'fail fidelity 0.1',
      'warn privacy 1',
      'warn fidelity 0.9',
    ]);
  });
});
