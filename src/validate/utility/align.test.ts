import { describe, expect, it } from 'vitest';
import type { Schema } from '../../data/schema.js';
import { codeColumn, numberColumn, Table } from '../../data/table.js';
import { alignLevels, timeUnit, yearsIn } from './align.js';
import { combineParts } from './score.js';

const schema = (unit?: string): Schema => ({
  version: 1,
  columns: [{ name: 'fu', kind: 'numeric', role: 'time', nullable: true, ...(unit ? { unit } : {}) }],
  endpoints: [],
  rules: [],
});

describe('timeUnit', () => {
  it('reads the unit from the column name, then the schema, else days', () => {
    expect(timeUnit('os_months', schema())).toBe('months');
    expect(timeUnit('os_years', schema('days'))).toBe('years');
    expect(timeUnit('fu', schema('Months'))).toBe('months');
    expect(timeUnit('fu', schema())).toBe('days');
    expect(yearsIn('months', 3)).toBeCloseTo(36, 12);
    expect(yearsIn('days', 1)).toBe(365.25);
  });
});

describe('alignLevels', () => {
  it('re-expresses codes in the real table’s level order, by label', () => {
    const real = new Table([['risk', codeColumn([0, 1, 2], ['low', 'mid', 'high'])]]);
    const other = new Table([
      ['risk', codeColumn([0, 1, 2, -1], ['high', 'low', 'other'])],
      ['x', numberColumn([1, 2, 3, 4])],
    ]);
    const aligned = alignLevels(real, other);
    expect(aligned.codes('risk').levels).toEqual(['low', 'mid', 'high']);
    expect(Array.from(aligned.codes('risk').codes)).toEqual([2, 0, -1, -1]);
    expect(aligned.numbers('x')).toBe(other.numbers('x'));
  });
});

describe('combineParts', () => {
  it('renormalises the weights over the parts that were computed', () => {
    const { score, weights } = combineParts({
      survival: 1,
      stratified: 0,
      cox: null,
      tstr: null,
      replication: null,
    });
    expect(weights.cox).toBeNull();
    expect(weights.survival! + weights.stratified!).toBeCloseTo(1, 12);
    expect(score).toBeCloseTo(0.25 / 0.45, 12);
    // Nothing computed is not computed: not 0, not 1.
    expect(
      combineParts({ survival: null, stratified: null, cox: null, tstr: null, replication: null }).score,
    ).toBeNull();
  });
});
