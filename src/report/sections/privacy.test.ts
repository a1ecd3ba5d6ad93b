import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/rng.js';
import { simulate } from '../../simulate/index.js';
import { privacy } from '../../validate/privacy/index.js';
import { DEFAULT_THRESHOLDS } from '../../validate/thresholds.js';
import { privacySection } from './privacy.js';

const cohort = simulate('aml', { patients: 900, centres: 3, seed: 3 });
const rows = (from: number, to: number) => Int32Array.from({ length: to - from }, (_, i) => from + i);
const report = (holdout: boolean) =>
  privacy({
    real: cohort.table.take(rows(0, 300)),
    synthetic: cohort.table.take(rows(300, 600)),
    ...(holdout ? { holdout: cohort.table.take(rows(600, 900)) } : {}),
    schema: cohort.schema,
    endpoints: [],
    targets: [],
    quasiIdentifiers: ['age', 'sex', 'centre'],
    thresholds: DEFAULT_THRESHOLDS,
    rng: Rng.from(2),
    smallCell: 5,
  });
const text = (html: string) => html.replace(/<[^>]+>/g, ' ');

describe('the privacy section', () => {
  it('names the baseline it used, and says what was not measured without a holdout', () => {
    const without = text(privacySection(report(false)));
    expect(without).toContain("closer to a training patient than the training rows' own 5 % (leave-one-out)");
    expect(without).toContain('of training rows (leave-one-out)');
    expect(without).not.toMatch(/holdout's 5 %|holdout rows/);
    expect(without).toMatch(/membership inference, ROC AUC\s+not measured: needs a holdout/);
    expect(without).toContain('No holdout was given');
    expect(without).not.toMatch(/\s–\s/);
    const withHoldout = text(privacySection(report(true)));
    expect(withHoldout).toContain("closer to a training patient than the holdout's 5 %");
    expect(withHoldout).not.toMatch(/leave-one-out|not measured/);
    expect(withHoldout).not.toMatch(/\s–\s/);
  });
});
