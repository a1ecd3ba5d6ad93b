import { describe, expect, test } from 'vitest';
import type { ColumnSpec } from '../../data/schema.js';
import { codeColumn, codeColumnFromStrings, numberColumn } from '../../data/table.js';
import { SelectOptions } from './options.js';
import { profileColumn } from './profile.js';

const options = SelectOptions.parse({});
const feature = (kind: ColumnSpec['kind']): ColumnSpec => ({
  name: 'c',
  kind,
  role: 'feature',
  nullable: true,
});
const repeat = (value: string, times: number) => Array.from({ length: times }, () => value);

describe('profileColumn', () => {
  test('a category with 99% one value is near-constant, with 97% it is not', () => {
    const near = profileColumn(
      feature('categorical'),
      codeColumnFromStrings([...repeat('no', 99), 'yes']),
      options,
    );
    expect(near.nearConstant).toBe(true);
    expect(near.topShare).toBeCloseTo(0.99, 12);
    expect(near.nearConstantReason).toMatch(/99\.0% of present values are 'no'/);
    const varied = profileColumn(
      feature('categorical'),
      codeColumnFromStrings([...repeat('no', 97), ...repeat('yes', 3)]),
      options,
    );
    expect(varied.nearConstant).toBe(false);
  });

  test('missing values count in the missing share, not in the frequencies', () => {
    const p = profileColumn(
      feature('numeric'),
      numberColumn([1, 2, Number.NaN, Number.NaN, 3, Number.NaN]),
      options,
    );
    expect(p.missing).toBeCloseTo(0.5, 12);
    expect(p.present).toBe(3);
    expect(p.distinct).toBe(3);
    expect(p.nearConstant).toBe(false);
  });

  test("numbers: caret's rule — a dominant value and few distinct values", () => {
    // 95 at the detection limit and 5 distinct readings: 5% vary (not caught by the 2% share), but
    // 95 ≥ 19 × 1 and 6 distinct values < 10% of 100.
    const limit = numberColumn([...Array.from({ length: 95 }, () => 0.1), 1, 2, 3, 4, 5]);
    const p = profileColumn(feature('numeric'), limit, options);
    expect(p.nearConstant).toBe(true);
    expect(p.nearConstantReason).toMatch(/95 times as frequent/);
    const spread = numberColumn(Float64Array.from({ length: 100 }, (_, i) => i * 1.5));
    expect(profileColumn(feature('numeric'), spread, options).nearConstant).toBe(false);
  });

  test('a constant column says so, naming its value only when 5 rows or more hold it', () => {
    const few = profileColumn(feature('numeric'), numberColumn([4, 4, 4, Number.NaN]), options);
    expect(few.nearConstantReason).toBe(
      'constant: every present value is one value (held by fewer than 5 rows, not named)',
    );
    const many = profileColumn(feature('numeric'), numberColumn([4, 4, 4, 4, 4, Number.NaN]), options);
    expect(many.nearConstantReason).toBe("constant: every present value is '4'");
    // A note filled in for one patient never reaches the report.
    const note = profileColumn(
      feature('categorical'),
      codeColumnFromStrings(['Mrs J. Smith refused HSCT', ...repeat('', 9)].map((t) => t || null)),
      options,
    );
    expect(JSON.stringify(note)).not.toContain('Smith');
  });

  test('mutations: the carrier share of a boolean, rare below the threshold', () => {
    const spec: ColumnSpec = { name: 'gata2', kind: 'boolean', role: 'mutation', nullable: true };
    const flags = codeColumn(Int32Array.from([...Array(99).fill(0), 1, -1]), ['0', '1']);
    const p = profileColumn(spec, flags, options);
    expect(p.carriers).toBeCloseTo(0.01, 12);
    expect(p.rare).toBe(true);
    expect(profileColumn(spec, flags, SelectOptions.parse({ rareMutation: 0.005 })).rare).toBe(false);
  });
});
