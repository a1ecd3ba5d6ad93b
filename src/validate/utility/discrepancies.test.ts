import { describe, expect, it } from 'vitest';
import type { Schema } from '../../data/schema.js';
import type { CoxTerm } from '../../survival/index.js';
import { compareTerm } from './cox-agreement.js';
import { utilityDiscrepancies } from './discrepancies.js';
import type { CoxComparison, HazardRatioComparison } from './types.js';

const schema: Schema = { version: 1, columns: [], endpoints: [], rules: [] };
const coding = { column: 'eln2022', level: 'adverse', reference: 'favourable' };

/** A Cox term from its log hazard ratio and standard error; p from a two-sided normal test. */
function term(coef: number, se: number, p: number): CoxTerm {
  return {
    term: 'eln2022adverse',
    coef,
    hr: Math.exp(coef),
    se,
    z: coef / se,
    p,
    lower: Math.exp(coef - 1.959964 * se),
    upper: Math.exp(coef + 1.959964 * se),
  };
}

/** One Cox comparison of `terms` terms, the first being `h` and the rest unremarkable. */
function report(h: HazardRatioComparison, terms: number): CoxComparison[] {
  const quiet = compareTerm(term(0, 0.2, 1), term(0, 0.2, 1), coding, { alpha: 0.05, schema });
  return [
    {
      endpoint: 'os',
      terms: ['eln2022'],
      covariates: { chosen: ['eln2022'], why: '', excluded: [], notes: [] },
      hazardRatios: [h, ...Array.from({ length: terms - 1 }, () => quiet)],
      agreement: 0,
      unmatched: [],
    },
  ];
}

function severityOf(real: CoxTerm, synthetic: CoxTerm, terms = 14) {
  const h = compareTerm(real, synthetic, coding, { alpha: 0.05, schema });
  const found = utilityDiscrepancies([], [], report(h, terms), [], 0.05);
  return found.find((d) => d.subject === 'os: ELN2022 adverse vs favourable');
}

describe('a lost hazard ratio', () => {
  // Real HR 3.7 (p ≈ 1e-20); α/m over 14 terms = 0.0036, whose two-sided bound on d is 2.91.
  const real = term(Math.log(3.7), 0.14, 1e-20);

  it('fails like a reversal when an established effect vanishes far beyond chance', () => {
    const gone = severityOf(real, term(Math.log(1.05), 0.1, 0.6));
    expect(gone).toMatchObject({ kind: 'hr-lost', severity: 'fail' });
  });

  it('only warns when the loss is within the Bonferroni bound on d (no sign change)', () => {
    // A small synthetic table (se 0.5), b_s chosen so that d = −2.5: significant alone, not over 14 terms.
    const se = Math.hypot(0.14, 0.5);
    const lost = term(Math.log(3.7) - 2.5 * se, 0.5, 0.9);
    expect(lost.lower).toBeLessThan(1);
    expect(severityOf(real, lost)).toMatchObject({ kind: 'hr-lost', severity: 'warn' });
    // With one term the bound is 1.96, and the same loss fails.
    expect(severityOf(real, lost, 1)).toMatchObject({ kind: 'hr-lost', severity: 'fail' });
  });

  it('only warns when the real effect is not established beyond α/m', () => {
    const weak = term(Math.log(1.5), 0.2, 0.01);
    expect(severityOf(weak, term(Math.log(0.95), 0.05, 0.4))).toMatchObject({
      kind: 'hr-reversed',
      severity: 'warn',
    });
    expect(severityOf(weak, term(Math.log(1.01), 0.05, 0.8))).toMatchObject({
      kind: 'hr-lost',
      severity: 'warn',
    });
  });
});
