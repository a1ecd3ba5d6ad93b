import { describe, expect, it } from 'vitest';
import { DataError, StatisticsError, UsageError } from '../core/errors.js';
import { codeColumn, codeColumnFromStrings, numberColumn, Table } from '../data/table.js';
import { analyze } from './analyze.js';

const NaN_ = Number.NaN;

function cohort() {
  return new Table([
    ['months', numberColumn([1, 2, 3, 4, 5, 6, 7, 8, 9, NaN_])],
    ['dead', numberColumn([1, 1, 0, 1, 1, 0, 1, 1, 0, 1])],
    ['arm', codeColumnFromStrings(['a', 'b', 'a', 'b', 'a', 'b', 'a', 'b', null, 'a'])],
    ['age', numberColumn([60, 70, 65, 55, 80, 62, 71, 58, 66, 70])],
  ]);
}

describe('analyze: result shape', () => {
  it('reports n, events and the rows dropped for missing values', () => {
    const result = analyze(cohort(), { time: 'months', event: 'dead' });
    expect([result.n, result.events, result.dropped]).toEqual([9, 6, 1]);
    expect(result.km.map((k) => k.group)).toEqual([null]);
    expect(result.logrank).toBeUndefined();
    expect(result.cox).toBeUndefined();
  });
  it('drops rows missing the group or a Cox term too, and orders groups by level', () => {
    const result = analyze(cohort(), { time: 'months', event: 'dead', group: 'arm', cox: ['arm', 'age'] });
    expect([result.n, result.dropped]).toEqual([8, 2]);
    expect(result.km.map((k) => [k.group, k.n])).toEqual([
      ['a', 4],
      ['b', 4],
    ]);
    expect(Object.keys(result.logrank!)).toEqual(['chisq', 'df', 'p']);
    expect(Object.keys(result.cox!)).toEqual(['n', 'events', 'dropped', 'terms', 'concordance', 'loglik']);
    expect(result.cox!.terms.map((t) => t.term)).toEqual(['armb', 'age']);
    expect(Object.keys(result.cox!.terms[0])).toEqual([
      'term',
      'coef',
      'hr',
      'se',
      'z',
      'p',
      'lower',
      'upper',
    ]);
    expect(typeof result.cox!.loglik).toBe('number');
  });
  it('uses each analysis on its own complete cases, as R does', () => {
    // Row 3 misses age (a Cox term only), row 9 the group (not a Cox term), row 10 the time.
    const table = cohort().withColumn('age', numberColumn([60, 70, NaN_, 55, 80, 62, 71, 58, 66, 70]));
    const result = analyze(table, { time: 'months', event: 'dead', group: 'arm', cox: ['age'] });
    expect([result.n, result.events, result.dropped]).toEqual([8, 6, 2]);
    expect(result.km.map((k) => [k.group, k.n])).toEqual([
      ['a', 4],
      ['b', 4],
    ]);
    expect([result.cox!.n, result.cox!.events, result.cox!.dropped]).toEqual([8, 6, 2]);
    const rows = (keep: number[]) => table.take(Uint32Array.from(keep));
    // The curves are those of the rows with time, event and group, whatever age holds ...
    const curves = analyze(rows([0, 1, 2, 3, 4, 5, 6, 7]), { time: 'months', event: 'dead', group: 'arm' });
    expect(result.km).toEqual(curves.km);
    expect(result.logrank).toEqual(curves.logrank);
    // ... and the Cox model that of the rows with time, event and age, whatever the group holds.
    const model = analyze(rows([0, 1, 3, 4, 5, 6, 7, 8]), { time: 'months', event: 'dead', cox: ['age'] });
    expect({ ...result.cox, dropped: 0 }).toEqual(model.cox);
  });
  it('gives null, not NaN, where R gives NA: past the last follow-up, median not reached', () => {
    const result = analyze(cohort(), { time: 'months', event: 'dead', at: [0, 4.5, 100] });
    const at = result.km[0].at;
    expect(at[0]).toEqual({ time: 0, survival: 1, lower: 1, upper: 1 });
    expect(at[2]).toEqual({ time: 100, survival: null, lower: null, upper: null });
    const fewDeaths = new Table([
      ['t', numberColumn([1, 2, 3, 4])],
      ['e', numberColumn([1, 0, 0, 0])],
    ]);
    const late = analyze(fewDeaths, { time: 't', event: 'e' });
    expect(late.km[0].median).toBeNull();
    expect(JSON.stringify(result)).not.toContain('NaN');
  });
  it('labels number groups by value, ascending', () => {
    const result = analyze(cohort(), { time: 'months', event: 'dead', group: 'age' });
    expect(result.km[0].group).toBe('55');
  });
});

describe('analyze: the event column', () => {
  const base = (event: ReturnType<typeof numberColumn> | ReturnType<typeof codeColumn>) =>
    new Table([
      ['t', numberColumn([1, 2, 3, 4])],
      ['e', event],
    ]);
  it('follows R for 1/2 status without an event value: 2 is the event', () => {
    expect(analyze(base(numberColumn([1, 2, 2, 1])), { time: 't', event: 'e' }).events).toBe(2);
    expect(analyze(base(numberColumn([1, 2, 2, 1])), { time: 't', event: 'e', eventValue: '1' }).events).toBe(
      2,
    );
    expect(analyze(base(numberColumn([0, 1, 2, 2])), { time: 't', event: 'e', eventValue: 2 }).events).toBe(
      2,
    );
  });
  it('matches a categorical level, and a boolean column by its true level', () => {
    const status = codeColumnFromStrings(['alive', 'dead', 'dead', 'alive']);
    expect(analyze(base(status), { time: 't', event: 'e', eventValue: 'dead' }).events).toBe(2);
    const flag = codeColumn([0, 1, 1, 1], ['false', 'true']);
    expect(analyze(base(flag), { time: 't', event: 'e' }).events).toBe(3);
    expect(analyze(base(flag), { time: 't', event: 'e', eventValue: '1' }).events).toBe(3);
  });
  it('refuses an event value that no level has, listing the levels', () => {
    const status = codeColumnFromStrings(['alive', 'dead', 'dead', 'alive']);
    expect(() => analyze(base(status), { time: 't', event: 'e' })).toThrow(/'alive', 'dead'/);
  });
  it('refuses a non-numeric event value for a number column, and non-integer status codes', () => {
    expect(() =>
      analyze(base(numberColumn([0, 1, 1, 0])), { time: 't', event: 'e', eventValue: 'dead' }),
    ).toThrow(DataError);
    expect(() => analyze(base(numberColumn([0, 1.5, 1, 0])), { time: 't', event: 'e' })).toThrow(
      /right column/,
    );
  });
});

describe('analyze: errors name the column', () => {
  const expectDataError = (run: () => unknown, column: string, message: RegExp) => {
    try {
      run();
    } catch (error) {
      expect(error).toBeInstanceOf(DataError);
      expect((error as DataError).where.column).toBe(column);
      expect((error as Error).message).toMatch(message);
      return;
    }
    expect.fail('expected a DataError');
  };
  it('an unknown column', () => {
    expectDataError(
      () => analyze(cohort(), { time: 'months', event: 'dead', group: 'site' }),
      'site',
      /no such column/,
    );
    expectDataError(
      () => analyze(cohort(), { time: 'months', event: 'dead', cox: ['bmi'] }),
      'bmi',
      /no such column/,
    );
  });
  it('negative or infinite times, with the row', () => {
    const table = cohort().withColumn('months', numberColumn([1, 2, -3, 4, 5, 6, 7, 8, 9, 10]));
    expectDataError(() => analyze(table, { time: 'months', event: 'dead' }), 'months', /row 3.*≥ 0/);
  });
  it('a time column holding categories', () => {
    expectDataError(() => analyze(cohort(), { time: 'arm', event: 'dead' }), 'arm', /numbers/);
  });
  it('no events', () => {
    expectDataError(
      () => analyze(cohort(), { time: 'months', event: 'dead', eventValue: 7 }),
      'dead',
      /no events/,
    );
  });
  it('no rows left', () => {
    const table = cohort().withColumn('age', numberColumn(new Array(10).fill(NaN_)));
    expectDataError(
      () => analyze(table, { time: 'months', event: 'dead', cox: ['age'] }),
      'months',
      /no rows left/,
    );
  });
  it('bad options are UsageErrors', () => {
    expect(() => analyze(cohort(), { time: 'months', event: 'dead', ties: 'exact' as never })).toThrow(
      UsageError,
    );
    expect(() => analyze(cohort(), { time: 'months', event: 'dead', cox: ['age', 'age'] })).toThrow(
      UsageError,
    );
    expect(() => analyze(cohort(), { time: 'months', event: 'dead', cox: ['dead'] })).toThrow(UsageError);
    expect(() => analyze(cohort(), { time: 'months', event: 'dead', at: [Number.NaN] })).toThrow(UsageError);
  });
});

describe('analyze: Cox models that cannot be estimated', () => {
  it('separation: a group without events names the indicator', () => {
    const table = new Table([
      ['t', numberColumn([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])],
      ['e', numberColumn([1, 1, 0, 1, 1, 0, 0, 0, 0, 0])],
      ['arm', codeColumnFromStrings(['a', 'a', 'a', 'a', 'a', 'b', 'b', 'b', 'b', 'b'])],
    ]);
    expect(() => analyze(table, { time: 't', event: 'e', cox: ['arm'] })).toThrow(/'armb'/);
    expect(() => analyze(table, { time: 't', event: 'e', cox: ['arm'] })).toThrow(StatisticsError);
  });
  it('collinearity: a duplicated column names both', () => {
    const table = cohort().withColumn(
      'age2',
      numberColumn(Array.from(cohort().numbers('age'), (v) => v / 10)),
    );
    expect(() => analyze(table, { time: 'months', event: 'dead', cox: ['age', 'age2'] })).toThrow(
      /'age2' is a linear combination of 'age'/,
    );
  });
  it('a categorical term with a single level among the analysed rows', () => {
    const table = cohort().withColumn('site', codeColumnFromStrings(new Array(10).fill('x')));
    expect(() => analyze(table, { time: 'months', event: 'dead', cox: ['site'] })).toThrow(/single value/);
  });
});
