import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/rng.js';
import { daysFromIso, isoFromDays } from '../dates.js';
import { hasLeadingZero, isMissingMarker, parseDate, parseNumber } from './values.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const number = (text: string, decimalComma = false) =>
  parseNumber(bytes(text), 0, bytes(text).length, decimalComma);
const date = (text: string, dayFirst = false) => parseDate(bytes(text), 0, text.length, dayFirst);

describe('parseNumber', () => {
  it('reads the usual forms and refuses what is not a number', () => {
    expect([
      number('12'),
      number('-3.5'),
      number('+.5'),
      number('1e3'),
      number('2.5E-2'),
      number('1.'),
    ]).toEqual([12, -3.5, 0.5, 1000, 0.025, 1]);
    for (const text of ['', '-', '.', 'abc', '1.2.3', '1e', '1e+', '3,5', '1 2', 'Infinity', '1e400', '0x10'])
      expect(number(text), text).toBeNaN();
  });

  it('reads decimal commas only when asked', () => {
    expect(number('3,5', true)).toBe(3.5);
    expect(number('-0,25', true)).toBe(-0.25);
    expect(number('3.5', true)).toBeNaN();
  });

  it('agrees with Number() bit for bit, fast path and slow path alike (brute force)', () => {
    const rng = Rng.from('parse-number');
    for (let k = 0; k < 20000; k++) {
      const x = (rng.uniform() - 0.5) * 10 ** (rng.int(40) - 20);
      const text =
        k % 3 === 0 ? x.toPrecision(1 + rng.int(17)) : k % 3 === 1 ? String(x) : x.toFixed(rng.int(12));
      expect(Object.is(number(text), Number(text)), text).toBe(true);
    }
  });
});

describe('dates and markers', () => {
  it('reads ISO dates, and day-first ones only when asked', () => {
    expect(date('1970-01-01')).toBe(0);
    expect(date('2024-02-29')).toBe(daysFromIso('2024-02-29'));
    expect(date('2023-02-29')).toBeNaN();
    expect(date('31/12/2020')).toBeNaN();
    expect(date('31/12/2020', true)).toBe(daysFromIso('2020-12-31'));
    expect(date('1.2.2020', true)).toBe(daysFromIso('2020-02-01'));
    expect(date('32.01.2020', true)).toBeNaN();
  });

  it('converts day numbers and ISO text both ways', () => {
    for (const iso of ['1900-03-01', '1969-12-31', '2000-02-29', '2099-12-31'])
      expect(isoFromDays(daysFromIso(iso))).toBe(iso);
  });

  it('knows the missing markers in any case, and leading zeros', () => {
    for (const text of ['', 'NA', 'na', 'NaN', 'nan', 'null', 'NULL'])
      expect(isMissingMarker(bytes(text), 0, text.length), text).toBe(true);
    for (const text of ['N', 'NAN ', 'none', '0'])
      expect(isMissingMarker(bytes(text), 0, text.length), text).toBe(false);
    expect(['007', '-01', '0', '0.5', '10'].map((t) => hasLeadingZero(bytes(t), 0, t.length))).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
  });
});
