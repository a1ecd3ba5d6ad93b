import { describe, expect, it } from 'vitest';
import { DataError, UsageError } from '../core/errors.js';
import { daysFromIso } from '../data/dates.js';
import { parseSchema } from '../data/schema.js';
import { codeColumnFromStrings, numberColumn, Table } from '../data/table.js';
import { analyze } from './analyze.js';

/** R prints 7 significant digits. */
function expectNear(actual: Array<number | null>, expected: number[]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((a, i) => {
    expect(a).toBeCloseTo(expected[i], 6);
  });
}

const time = [5, 8, 3, 10, 12, 7, 9, 4, 6, 11];
const status = [0, 1, 2, 1, 0, 2, 1, 1, 2, 0];

describe('an event column with more than two values', () => {
  const table = new Table([
    ['t', numberColumn(time)],
    ['s', numberColumn(status)],
  ]);

  it('is refused without an event value, saying what R would do with 0/1/2', () => {
    // R 4.2, survival 3.5: Surv(t, s) warns "Invalid status value, converted to NA" and takes
    // 1 as censored, 2 as the event, dropping the zeros: n = 7, not 10.
    let error: unknown;
    try {
      analyze(table, { time: 't', event: 's' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).where.column).toBe('s');
    expect((error as Error).message).toMatch(
      /^column 's': holds more than two values \(0, 1, 2\): give the event value, .* the others count as censored \(R's Surv would read 1 as censored and 2 as the event, and drop the rows with 0\)$/,
    );
  });

  it('with the event value, counts the others as censored, as R does with Surv(t, s == 1)', () => {
    // survfit(Surv(t, s == 1) ~ 1): summary(f, times = c(6, 9)); quantile(f, 0.5)
    const one = analyze(table, { time: 't', event: 's', eventValue: 1, at: [6, 9] });
    expect([one.n, one.events, one.km[0].median]).toEqual([10, 4, 10]);
    expectNear(
      one.km[0].at.flatMap((a) => [a.survival, a.lower]),
      [0.8888889, 0.7055575, 0.5333333, 0.2514181],
    );
    // survfit(Surv(t, s == 2) ~ 1)
    const two = analyze(table, { time: 't', event: 's', eventValue: '2', at: [6, 9] });
    expect([two.events, two.km[0].median]).toEqual([3, null]);
    expectNear(
      two.km[0].at.flatMap((a) => [a.survival, a.lower]),
      [0.7714286, 0.5348489, 0.6428571, 0.3852425],
    );
  });

  it('is refused for categories too, and two values stay R’s convention', () => {
    const words = new Table([
      ['t', numberColumn(time.slice(0, 6))],
      ['s', codeColumnFromStrings(['alive', 'dead', 'relapsed', 'dead', 'alive', '1'])],
    ]);
    expect(() => analyze(words, { time: 't', event: 's' })).toThrow(
      /more than two values \(1, alive, dead, relapsed\)/,
    );
    expect(analyze(words, { time: 't', event: 's', eventValue: 'dead' }).events).toBe(2);
    const oneTwo = new Table([
      ['t', numberColumn(time)],
      ['s', numberColumn(status.map((v) => (v === 0 ? 1 : v)))],
    ]);
    expect(analyze(oneTwo, { time: 't', event: 's' }).events).toBe(3);
  });
});

describe('a time column of dates', () => {
  const day = (iso: string) => daysFromIso(iso);
  const schema = parseSchema({
    version: 1,
    columns: [
      { name: 'start', kind: 'date' },
      { name: 'end', kind: 'date' },
      { name: 'months', kind: 'numeric' },
      { name: 'dead', kind: 'integer' },
    ],
  });
  const table = new Table([
    ['start', numberColumn(['2020-01-01', '2020-02-01', '2020-03-01', '2020-04-01'].map(day))],
    ['end', numberColumn(['2020-01-31', '2020-05-01', '2021-03-01', '2020-04-11'].map(day))],
    ['months', numberColumn([1, 3, 12, 0.3])],
    ['dead', numberColumn([1, 0, 1, 1])],
  ]);

  it('is refused without an origin: days since 1970 are not a follow-up time', () => {
    expect(() => analyze(table, { time: 'end', event: 'dead' }, schema)).toThrow(DataError);
    expect(() => analyze(table, { time: 'end', event: 'dead' }, schema)).toThrow(
      /^column 'end': holds dates, not follow-up times: .* give the origin to count days from \(a start-date column or an ISO date/,
    );
  });

  it('becomes days since a start-date column, row by row', () => {
    const result = analyze(table, { time: 'end', event: 'dead', origin: 'start', at: [30] }, schema);
    expect([result.n, result.events]).toEqual([4, 3]);
    // Days 30 (event), 90 (censored), 365 (event), 10 (event): S(30) = 3/4 · 2/3 = 0.5 exactly,
    // so the median is halfway to the next event time, as R's quantile.survfit gives it.
    expect(result.km[0].at[0].survival).toBeCloseTo(0.5, 12);
    expect(result.km[0].median).toBe((30 + 365) / 2);
  });

  it('or days since an ISO date; a time before the origin names its row', () => {
    const result = analyze(table, { time: 'end', event: 'dead', origin: '2020-01-01' }, schema);
    // Days 30, 101 (events), 121 (censored), 425 (event): S(101) = 0.5.
    expect(result.km[0].median).toBe((101 + 425) / 2);
    expect(() => analyze(table, { time: 'end', event: 'dead', origin: '2020-04-20' }, schema)).toThrow(
      /^row 1, column 'end': follow-up times must be finite and ≥ 0; 2 row\(s\) are not \(first: -80\)/,
    );
  });

  it('refuses an origin that is not a date, and an origin for a time that is a duration', () => {
    expect(() => analyze(table, { time: 'end', event: 'dead', origin: 'months' }, schema)).toThrow(
      /^column 'months': the origin column must hold dates/,
    );
    expect(() => analyze(table, { time: 'end', event: 'dead', origin: '2020-02-30' }, schema)).toThrow(
      UsageError,
    );
    expect(() => analyze(table, { time: 'months', event: 'dead', origin: 'start' }, schema)).toThrow(
      /'months' already holds durations/,
    );
    // Without a schema nothing is known to be a date: the caller's numbers are taken as durations.
    expect(analyze(table, { time: 'months', event: 'dead' }).n).toBe(4);
  });
});
