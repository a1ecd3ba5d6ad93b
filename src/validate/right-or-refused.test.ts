/**
 * What `validate` refuses, and what it reports as not computed instead of inventing a number: a
 * holdout that holds training rows, values too large to compute with, endpoints it cannot read.
 */
import { describe, expect, it } from 'vitest';
import { DataError, UsageError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import { parseSchema } from '../data/schema.js';
import { splitTable } from '../data/split.js';
import { codeColumn, numberColumn, Table } from '../data/table.js';
import { simulate } from '../simulate/index.js';
import { fidelity } from './fidelity/index.js';
import { inputFor } from './fidelity/test-support/cohorts.js';
import { holdoutOverlap } from './holdout-overlap.js';
import { validate } from './index.js';

const { table, schema } = simulate('aml', { patients: 1200, centres: 3, seed: 2 });
const { training, holdout } = splitTable(table, 0.3, Rng.from(4));
const synthetic = splitTable(training, 0.5, Rng.from(5)).holdout;

function thrown(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('validate: a holdout that shares rows with the training table', () => {
  it('refuses a verbatim copy of the training table, naming both files and the count', () => {
    const error = thrown(() =>
      validate(training, synthetic, {
        schema,
        holdout: training,
        seed: 1,
        files: { real: 'training.csv', synthetic: 's.csv', holdout: 'holdout.csv' },
      }),
    );
    expect(error).toBeInstanceOf(DataError);
    expect(error.message).toMatch(
      new RegExp(
        `^holdout\\.csv: ${training.nRows} of its ${training.nRows} rows are also in the training table training\\.csv \\(about 1\\.0 expected by chance\\)`,
      ),
    );
  });

  it('refuses a holdout with a handful of training rows slipped in, even with new identifiers', () => {
    const leaked = new Table(
      holdout.names.map((name) => {
        const column = holdout.column(name);
        if (name === 'patient_id') return [name, column] as const;
        const source = training.column(name);
        if (column.type === 'number' && source.type === 'number') {
          const values = Float64Array.from(column.values);
          for (let i = 0; i < 8; i++) values[i] = source.values[i];
          return [name, numberColumn(values)] as const;
        }
        const codes = Int32Array.from((column as { codes: Int32Array }).codes);
        const levels = (column as { levels: readonly string[] }).levels;
        const from = source as { codes: Int32Array; levels: readonly string[] };
        for (let i = 0; i < 8; i++)
          codes[i] = from.codes[i] < 0 ? -1 : levels.indexOf(from.levels[from.codes[i]]);
        return [name, codeColumn(codes, levels)] as const;
      }),
    );
    expect(() => validate(training, synthetic, { schema, holdout: leaked, seed: 1 })).toThrow(
      /8 of its \d+ rows are also in the training table/,
    );
  });

  it('keeps and counts the rows a table of few values shares by chance', () => {
    const rng = Rng.from(3);
    const draw = (n: number) =>
      new Table(
        ['a', 'b', 'c'].map(
          (name) =>
            [
              name,
              codeColumn(
                Int32Array.from({ length: n }, () => rng.int(2)),
                ['0', '1'],
              ),
            ] as const,
        ),
      );
    const small = parseSchema({
      version: 1,
      columns: ['a', 'b', 'c'].map((name) => ({ name, kind: 'boolean', categories: ['0', '1'] })),
    });
    const [train, hold] = [draw(300), draw(100)];
    const overlap = holdoutOverlap(train, hold, ['a', 'b', 'c']);
    expect(overlap.shared).toBe(100);
    expect(overlap.expected).toBeGreaterThan(99);
    const report = validate(train, draw(300), { schema: small, holdout: hold, seed: 1 });
    expect(report.holdoutOverlap).toEqual(overlap);
  });

  it('reports no overlap for a proper split', () => {
    const report = validate(training, synthetic, { schema, holdout, seed: 1 });
    expect(report.holdoutOverlap).toMatchObject({ shared: 0 });
    expect(validate(training, synthetic, { schema, seed: 1 }).holdoutOverlap).toBeNull();
  });
});

describe('validate: values too large to compute with', () => {
  it.each([1e308, -1e308])('refuses %d, naming the file, the column and the row', (value) => {
    const ages = Float64Array.from(synthetic.numbers('age'));
    ages[6] = value;
    const error = thrown(() =>
      validate(training, synthetic.withColumn('age', numberColumn(ages)), {
        schema,
        seed: 1,
        files: { synthetic: 'synthetic.csv' },
      }),
    );
    expect(error).toBeInstanceOf(DataError);
    expect(error.message).toBe(
      `synthetic.csv, row 7, column 'age': the value ${value} is too large to compare (beyond ±1e+150, where sums of squares overflow)`,
    );
  });
});

describe('validate: a part that could not be computed is not a number', () => {
  const plain = (seed: number) => {
    const rng = Rng.from(seed);
    return new Table([
      ['age', numberColumn(Float64Array.from({ length: 150 }, () => 20 + rng.int(60)))],
      [
        'sex',
        codeColumn(
          Int32Array.from({ length: 150 }, () => rng.int(2)),
          ['f', 'm'],
        ),
      ],
    ]);
  };
  const plainSchema = parseSchema({
    version: 1,
    columns: [
      { name: 'age', kind: 'integer' },
      { name: 'sex', kind: 'categorical', categories: ['f', 'm'] },
    ],
  });

  it('utility without endpoints, targets or analyses: score null, verdict warn, never 0 or fail', () => {
    const report = validate(plain(1), plain(2), { schema: plainSchema, seed: 1 });
    expect(report.utility.score).toBeNull();
    expect(report.utility.verdict).toBe('warn');
    expect(report.skipped).toContainEqual({
      metric: 'utility.score',
      reason: 'no part of the score could be computed',
    });
    expect(report.verdict).not.toBe('pass');
    expect(report.fidelity.score).toBeGreaterThan(0.5);
  });

  it('fidelity with no column to compare: score null, verdict warn', () => {
    const ids = (n: number, prefix: string) =>
      new Table([
        [
          'id',
          codeColumn(
            Int32Array.from({ length: n }, (_, i) => i),
            Array.from({ length: n }, (_, i) => `${prefix}${i}`),
          ),
        ],
      ]);
    const idSchema = parseSchema({ version: 1, columns: [{ name: 'id', kind: 'categorical', role: 'id' }] });
    const report = fidelity(inputFor(ids(40, 'r'), ids(40, 's'), idSchema));
    expect(report.score).toBeNull();
    expect(report.verdict).toBe('warn');
    expect(report.skipped).toContainEqual({
      metric: 'fidelity.score',
      reason: 'no part of the score could be computed',
    });
  });

  it('privacy without a holdout never passes', () => {
    const report = validate(plain(1), plain(2), { schema: plainSchema, seed: 1 });
    expect(report.privacy.score).toBeGreaterThan(0.8);
    expect(report.privacy.verdict).toBe('warn');
  });
});

describe('validate: endpoints it cannot read are refused', () => {
  it('an event coded with three values and no event value', () => {
    const three = (t: Table) => {
      const values = Float64Array.from(t.numbers('os_days'), (_, i) => i % 3);
      return t.withColumn('os_status', numberColumn(values));
    };
    const numericSchema = parseSchema({
      ...schema,
      columns: schema.columns.map((c) =>
        c.name === 'os_status' ? { name: 'os_status', kind: 'integer' } : c,
      ),
      endpoints: [],
    });
    const run = (survival: Array<{ name: string; time: string; event: string; eventValue?: string }>) =>
      validate(three(training), three(synthetic), { schema: numericSchema, seed: 1, survival });
    expect(() => run([{ name: 'os', time: 'os_days', event: 'os_status' }])).toThrow(UsageError);
    expect(() => run([{ name: 'os', time: 'os_days', event: 'os_status' }])).toThrow(
      /survival endpoint os_days:os_status: column 'os_status' holds more than two values \(0, 1, 2\); say which one is the event: os_days:os_status:VALUE/,
    );
    expect(
      run([{ name: 'os', time: 'os_days', event: 'os_status', eventValue: '2' }]).utility.survival,
    ).toHaveLength(1);
  });
});
