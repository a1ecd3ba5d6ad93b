/**
 * A guard against quadratic-or-worse slow-downs on wide tables (a genomic panel): 400 columns fit
 * and sample in a few seconds on a 2-core machine. Before the Householder–QL eigensolver and the
 * truncated-Newton Cox fit the copula took about 5 s here and grew with p³ per Jacobi sweep; the
 * bound leaves a busy CI machine several times the usual time. `npm run bench -- wide` measures
 * the 2,000-column case.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../simulate/index.js';
import { widenWithPanel } from '../simulate/wide-panel.js';
import { fitModel, sampleModel } from './pipeline.js';

const cohort = widenWithPanel(simulate('aml', { patients: 300, centres: 3, seed: 1 }), {
  variants: 323,
  labs: 10,
  seed: 1,
});

describe('wide tables (400 columns × 300 rows)', () => {
  for (const generator of ['copula', 'cart'])
    it(`${generator} fits and samples within a generous bound`, () => {
      expect(cohort.table.nColumns).toBeGreaterThanOrEqual(400);
      const started = performance.now();
      const model = fitModel(cohort.table, cohort.schema, generator, { seed: 1 });
      const { table } = sampleModel(model, { rows: 300, seed: 2 });
      const seconds = (performance.now() - started) / 1000;
      expect(table.nColumns).toBe(cohort.table.nColumns);
      expect(seconds).toBeLessThan(BOUND_SECONDS);
    });
});

const BOUND_SECONDS = 15;
