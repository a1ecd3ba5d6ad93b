/** The fidelity section on a simulated AML cohort: every chart drawn and titled, and compact. */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/rng.js';
import { fidelity } from '../../validate/fidelity/index.js';
import { amlCohort, halves, inputFor } from '../../validate/fidelity/test-support/cohorts.js';
import { fidelitySection } from './fidelity.js';

describe('fidelity section', () => {
  const cohort = amlCohort(900, 4);
  const [real, synthetic] = halves(cohort.table, Rng.from(8));
  const report = fidelity(inputFor(real, synthetic, cohort.schema));
  const html = fidelitySection(JSON.parse(JSON.stringify(report)));
  const titles = [...html.matchAll(/<svg[^>]*><title>([^<]*)<\/title>/g)].map((m) => m[1]);

  it('draws every chart, titled', () => {
    for (const title of [
      'Fidelity score of every column',
      'Prevalence of every 0/1 flag and mutation',
      'Associations, real (below) and synthetic (above the diagonal)',
      'Association difference, synthetic − real',
      'Co-mutation odds ratios, real against synthetic',
      'PCA of the real data, synthetic rows projected',
      'Mutations per patient',
      'age',
      'wbc',
      'ecog',
      'eln2022',
    ])
      expect(titles, title).toContain(title);
    // Small multiples for numbers and multi-level categories; no chart per 0/1 flag.
    expect(titles).not.toContain('npm1');
    expect(titles.length).toBeLessThan(30);
    expect(html).toContain('S_pMSE');
    expect(html).toContain('10^9/L (log scale)');
  });

  it('stays within its share of the page budget', () => {
    expect(Buffer.byteLength(html)).toBeLessThan(250 * 1024);
  });
});
