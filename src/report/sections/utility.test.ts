import { beforeAll, describe, expect, it } from 'vitest';
import { type UtilityReport, utility } from '../../validate/utility/index.js';
import {
  amlHalves,
  amlInput,
  independentSample,
  reverseRiskEffect,
} from '../../validate/utility/test-support/aml.js';
import { medianText, utilitySection } from './utility.js';

const titles = (html: string) => [...html.matchAll(/<svg[^>]*><title>([^<]*)<\/title>/g)].map((m) => m[1]);

describe('the utility section', () => {
  let good: UtilityReport;
  let html: string;
  beforeAll(() => {
    const tables = amlHalves(1200, 1);
    good = utility(amlInput(tables, independentSample(1200, 2)));
    html = utilitySection(good);
  });

  it('renders for the AML cohort with its chart titles, KM by ELN risk included', () => {
    expect(titles(html)).toEqual([
      'Kaplan–Meier: os',
      'Kaplan–Meier by ELN2022: os',
      'Kaplan–Meier: rfs',
      'Kaplan–Meier by ELN2022: rfs',
      'Cox hazard ratios: os',
      'Cox hazard ratios: rfs',
    ]);
    expect(html).toContain('months since diagnosis');
    expect(html).toContain('Number at risk');
    expect(html).toContain('ELN2022 adverse vs favourable');
    expect(html).toContain('Age (per 10 years)');
    expect(html).toMatch(/real HR \(95% CI\)/);
    // The covariate choice is said, with what was left out as post-baseline.
    expect(html).toMatch(/Not used, measured after baseline: hsct, relapse/);
  });

  it('never prints an empty interval as dashes', () => {
    expect(html).not.toMatch(/––|\(–\)|–\)/);
    expect(medianText(null, null, null)).toBe('not reached');
    expect(medianText(14.2, null, null)).toBe('14.2');
    expect(medianText(49.9, 41, null)).toBe('49.9 (41.0–NR)');
  });

  it('lists a reversed effect first, in red', () => {
    const tables = amlHalves(1200, 1);
    const reversed = utility(amlInput(tables, reverseRiskEffect(independentSample(1200, 2), tables.schema)));
    const page = utilitySection(reversed);
    expect(page).toMatch(/<ol class="findings"><li class="fail">[^<]*— reversed<\/li>/);
    expect(page).toContain('>reversed</text>');
  });
});
