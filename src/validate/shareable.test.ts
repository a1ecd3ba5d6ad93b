/**
 * A report must be able to leave the hospital: report.json holds no value of a single real patient.
 * The walk below fails on any array with one entry per real row (training or holdout), and on any
 * number equal to a real patient's extreme value (a minimum or maximum fewer than `smallCell`
 * patients hold) — the two ways row-level data has leaked into reports before (per-patient PCA
 * coordinates; histogram edges and survival steps at the real extremes).
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.js';
import { splitTable } from '../data/split.js';
import type { Table } from '../data/table.js';
import { fitModel, sampleModel } from '../generators/pipeline.js';
import { simulate } from '../simulate/index.js';
import { validate } from './index.js';

const SMALL_CELL = 5;

/** Every array in a JSON value, with its path. */
function* arrays(value: unknown, path = 'report'): Generator<[string, unknown[]]> {
  if (Array.isArray(value)) {
    yield [path, value];
    for (const [i, item] of value.entries()) yield* arrays(item, `${path}[${i}]`);
  } else if (value !== null && typeof value === 'object')
    for (const [key, item] of Object.entries(value)) yield* arrays(item, `${path}.${key}`);
}

/** Every number in a JSON value, with its path. */
function* numbers(value: unknown, path = 'report'): Generator<[string, number]> {
  if (typeof value === 'number') yield [path, value];
  else if (Array.isArray(value))
    for (const [i, item] of value.entries()) yield* numbers(item, `${path}[${i}]`);
  else if (value !== null && typeof value === 'object')
    for (const [key, item] of Object.entries(value)) yield* numbers(item, `${path}.${key}`);
}

/**
 * The real extremes a single patient could be recognised by: per numeric column the minimum and
 * maximum when fewer than `SMALL_CELL` patients hold them. A round value (0.1, 20) or an integer
 * no larger than the number of patients could be a share or a count by coincidence, so only
 * extremes with three significant digits or more that cannot be counts are looked for.
 */
function revealingExtremes(tables: readonly Table[]): Map<number, string> {
  const patients = tables.reduce((n, t) => n + t.nRows, 0);
  const found = new Map<number, string>();
  for (const name of tables[0].names) {
    const values = tables.flatMap((t) => {
      const column = t.column(name);
      return column.type === 'number' ? [...column.values].filter(Number.isFinite) : [];
    });
    if (!values.length) continue;
    for (const extreme of [Math.min(...values), Math.max(...values)]) {
      const holders = values.filter((v) => v === extreme).length;
      const countLike = Number.isInteger(extreme) && Math.abs(extreme) <= patients;
      const round = Number(extreme.toPrecision(2)) === extreme;
      if (holders < SMALL_CELL && !countLike && !round) found.set(extreme, name);
    }
  }
  return found;
}

function reportFor(holdoutShare: number | null) {
  // 613 patients: an odd size that no array of the report has by coincidence.
  const { table, schema } = simulate('aml', { patients: 613, centres: 3, seed: 5 });
  const { training, holdout } =
    holdoutShare === null
      ? { training: table, holdout: undefined }
      : splitTable(table, holdoutShare, Rng.from(5));
  const model = fitModel(training, schema, 'cart', { seed: 5 });
  const synthetic = sampleModel(model, { rows: 500, seed: 5 }).table;
  const report = validate(training, synthetic, {
    schema: model.schema,
    ...(holdout ? { holdout } : {}),
    seed: 5,
    smallCell: SMALL_CELL,
  });
  return {
    report: JSON.parse(JSON.stringify(report)) as unknown,
    real: holdout ? [training, holdout] : [training],
  };
}

describe('report.json is shareable', () => {
  for (const holdoutShare of [0.3, null])
    it(`holds no array with one entry per real row, and no real extreme (${holdoutShare === null ? 'no holdout' : 'with a holdout'})`, () => {
      const { report, real } = reportFor(holdoutShare);
      const rowCounts = new Set(real.map((t) => t.nRows));
      const perRow = [...arrays(report)].filter(([, a]) => rowCounts.has(a.length)).map(([path]) => path);
      expect(perRow).toEqual([]);

      const extremes = revealingExtremes(real);
      expect(extremes.size).toBeGreaterThan(0); // the check looks for something
      const leaked = [...numbers(report)]
        .filter(([, v]) => extremes.has(v))
        .map(([path, v]) => `${path} = ${v} (${extremes.get(v)})`);
      expect(leaked).toEqual([]);
    }, 120_000);
});
