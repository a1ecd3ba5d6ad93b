import { describe, expect, it } from 'vitest';
import { simulate } from '../../simulate/index.js';
import { validate } from '../../validate/index.js';
import type { RuleResult, ValidityReport } from '../../validate/validity/types.js';
import { renderReportHtml } from '../html.js';
import { validitySection } from './validity.js';

function rule(
  name: string,
  status: RuleResult['status'],
  synthetic: number,
  real: number | null = 0,
): RuleResult {
  return {
    rule: name,
    kind: 'compare',
    source: 'data',
    columns: ['a', 'b'],
    real,
    synthetic,
    realRows: 100,
    syntheticRows: 200,
    syntheticBroken: Math.round(synthetic * 200),
    status,
  };
}

const REPORT: ValidityReport = {
  score: 0.75,
  share: 0.26,
  realShare: 0,
  verdict: 'fail',
  threshold: 0.01,
  checked: { schema: 30, data: 12 },
  rules: [
    rule('rfs_days <= os_days', 'fail', 0.25),
    rule('x = 1 → y = 0', 'warn', 0.005),
    ...Array.from({ length: 8 }, (_, i) => rule(`chance_${i} = 1 → z = 0`, 'ok', 0.02)),
    rule('kept <= kept_too', 'ok', 0),
    rule('relapse_days <= os_days', 'ok', 0, null),
  ],
  unlisted: { rules: 28, brokenBySynthetic: 2 },
  discrepancies: [],
};

describe('validity section', () => {
  const html = validitySection(REPORT);
  const rows = html.match(/<tr><td>/g) ?? [];

  it('lists the flagged rules first, then at most five others some row breaks', () => {
    expect(html).toContain('id="validity"');
    expect(html.indexOf('rfs_days &lt;= os_days')).toBeLessThan(html.indexOf('x = 1 → y = 0'));
    // fail, warn, five of the eight within chance and the one real rows break (its share hidden).
    expect(rows).toHaveLength(7);
    expect(html).toContain('4 more broken no more than chance or the real rows allow');
    expect(html).not.toContain('kept &lt;= kept_too');
  });

  it('accounts for every rule checked', () => {
    // 42 = 7 shown + 4 listed in the JSON + 2 unlisted broken + 29 kept (28 unlisted + 1 listed).
    expect(html).toContain('42 rules checked: 30 from the schema');
    expect(html).toContain('2 more broken by a few synthetic rows');
    expect(html).toContain('29 more rules, kept by every synthetic row');
    expect(html).toContain('exceed the real share by more than 1 % of all synthetic rows');
  });
});

describe('the page header', () => {
  const { table, schema } = simulate('aml', { patients: 300, centres: 2, seed: 3 });
  const half = (from: number) => table.take(Int32Array.from({ length: 150 }, (_, i) => from + i));
  const page = (smallCell?: number) =>
    renderReportHtml(validate(half(0), half(150), { schema, ...(smallCell ? { smallCell } : {}) }));

  it('states a small-cell threshold below the usual 5, and is silent at 5', () => {
    const header = (html: string) => html.slice(html.indexOf('<header>'), html.indexOf('</header>'));
    expect(header(page(3))).toContain('<strong>Small-cell threshold 3</strong>');
    expect(header(page())).not.toContain('Small-cell threshold');
  });
});
