/**
 * A report must be able to leave the hospital: report.json holds no value of a single real patient.
 * The walk below fails on any array with one entry per real row (training or holdout), and on any
 * number — or number written in a message — equal to a real patient's extreme value (a minimum or
 * maximum fewer than `smallCell` patients hold), in the column's unit or, for days, in months or
 * years — the two ways row-level data has leaked into reports before (per-patient PCA coordinates;
 * histogram edges and survival steps at the real extremes). A second, adversarial case checks that
 * no published figure gives back a count of 1..k − 1 patients: the report must not change when
 * such a hidden count does.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.js';
import { splitTable } from '../data/split.js';
import { codeColumn, numberColumn, type Table } from '../data/table.js';
import { fitModel, sampleModel } from '../generators/pipeline.js';
import { simulate } from '../simulate/index.js';
import type { FidelityReport } from './fidelity/types.js';
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

/** Every string in a JSON value, with its path. */
function* strings(value: unknown, path = 'report'): Generator<[string, string]> {
  if (typeof value === 'string') yield [path, value];
  else if (Array.isArray(value))
    for (const [i, item] of value.entries()) yield* strings(item, `${path}[${i}]`);
  else if (value !== null && typeof value === 'object')
    for (const [key, item] of Object.entries(value)) yield* strings(item, `${path}.${key}`);
}

const DAYS_PER = { months: 365.25 / 12, years: 365.25 };

/**
 * The forms an extreme can take in the report: itself and, for a time in days, the same time in
 * months and years (the curves' units).
 */
function forms(extreme: number, days: boolean): number[] {
  return days ? [extreme, extreme / DAYS_PER.months, extreme / DAYS_PER.years] : [extreme];
}

/**
 * Numbers written in a string with three significant digits or more, matched against the forms
 * rounded to as many decimals as the string shows ("1250 days", "41.1 months").
 */
function leakedInText(text: string, extremes: Map<number, string>, days: Set<string>): string[] {
  const found: string[] = [];
  for (const token of text.match(/-?\d+(?:\.\d+)?/g) ?? []) {
    if (token.replace(/^-?0*\.?0*/, '').replace('.', '').length < 3) continue;
    const decimals = token.split('.')[1]?.length ?? 0;
    const value = Number(token);
    for (const [extreme, column] of extremes)
      if (forms(extreme, days.has(column)).some((f) => Number(f.toFixed(decimals)) === value))
        found.push(`${token} (${column} ${extreme})`);
  }
  return found;
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

/** Columns whose values are days: their extremes are looked for in months and years too. */
function dayColumns(schema: { columns: ReadonlyArray<{ name: string; unit?: string }> }): Set<string> {
  return new Set(schema.columns.filter((c) => c.unit === 'days').map((c) => c.name));
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
    days: dayColumns(model.schema),
  };
}

describe('report.json is shareable', () => {
  for (const holdoutShare of [0.3, null])
    it(`holds no array with one entry per real row, and no real extreme (${holdoutShare === null ? 'no holdout' : 'with a holdout'})`, () => {
      const { report, real, days } = reportFor(holdoutShare);
      const rowCounts = new Set(real.map((t) => t.nRows));
      const perRow = [...arrays(report)].filter(([, a]) => rowCounts.has(a.length)).map(([path]) => path);
      expect(perRow).toEqual([]);

      const extremes = revealingExtremes(real);
      expect(extremes.size).toBeGreaterThan(0); // the check looks for something
      const asNumber = new Map(
        [...extremes].flatMap(([v, column]) => forms(v, days.has(column)).map((f) => [f, column] as const)),
      );
      const leaked = [...numbers(report)]
        .filter(([, v]) => asNumber.has(v))
        .map(([path, v]) => `${path} = ${v} (${asNumber.get(v)})`);
      expect(leaked).toEqual([]);
      const inText = [...strings(report)].flatMap(([path, text]) =>
        leakedInText(text, extremes, days).map((hit) => `${path}: ${hit}`),
      );
      expect(inText).toEqual([]);
    }, 120_000);
});

/**
 * The reviewer's reconstructions, made impossible: with a 0/1 mutation carried by 3 real patients
 * and a category level (ELN 2022 favourable, a Cox covariate) held by 2, nothing fidelity
 * publishes may give either count back. The strongest form of that: move one patient out of each
 * hidden cell (3 → 2 carriers; 2 → 1 favourable, the other joining the level it is pooled with),
 * keep every published count as it is, validate both real tables against the same synthetic one,
 * and the published figures must not change.
 */
describe('no published figure gives back a hidden count', () => {
  const K = SMALL_CELL;
  const { table, schema } = simulate('aml', { patients: 613, centres: 3, seed: 5 });

  /**
   * The table with zrsr2 mutated in exactly `carriers` patients and ELN 2022 favourable held by
   * `holders` of two chosen patients (the other one in `partner`); the remaining favourable
   * patients become intermediate.
   */
  function edited(carriers: number, holders: number, partner: string) {
    const gene = table.codes('zrsr2');
    const mutated = gene.levels.indexOf('1');
    let seen = 0;
    const geneCodes = Int32Array.from(gene.codes, (c) => {
      if (c < 0) return c;
      seen++;
      return seen <= carriers ? mutated : 1 - mutated;
    });
    const eln = table.codes('eln2022');
    const [favourable, intermediate, moved] = ['favourable', 'intermediate', partner].map((l) =>
      eln.levels.indexOf(l),
    );
    let held = 0;
    const elnCodes = Int32Array.from(eln.codes, (c, row) => {
      if (c < 0 || row % 7 !== 0 || held >= 2) return c === favourable ? intermediate : c;
      held++;
      return held <= holders ? favourable : moved;
    });
    return table
      .withColumn('zrsr2', codeColumn(geneCodes, gene.levels))
      .withColumn('eln2022', codeColumn(elnCodes, eln.levels));
  }

  it('publishes the same fidelity figures whether 3 or 2 carry the mutation and 2 or 1 the level', () => {
    // Favourable is pooled with the least frequent other level: the one a patient moves into.
    const eln = edited(3, 2, 'intermediate').codes('eln2022');
    const counts = eln.levels.map((_, l) => eln.codes.filter((c) => c === l).length);
    const partner = eln.levels
      .filter((l) => l !== 'favourable')
      .sort((x, y) => counts[eln.levels.indexOf(x)] - counts[eln.levels.indexOf(y)])[0];
    const three = edited(3, 2, partner);
    const two = edited(2, 1, partner);
    const model = fitModel(three, schema, 'cart', { seed: 5 });
    const synthetic = sampleModel(model, { rows: 500, seed: 5 }).table;
    const options = { schema: model.schema, seed: 5, smallCell: K, coxTerms: ['eln2022', 'age'] };
    const [full, fullTwo] = [three, two].map((real) => validate(real, synthetic, options));
    const [a, b] = [full, fullTwo].map((r) => JSON.parse(JSON.stringify(r.fidelity)) as FidelityReport);
    const column = (r: FidelityReport, name: string) => r.columns.find((c) => c.name === name);

    // Utility: no hazard ratio describes the two favourable patients, nor is it their reference.
    for (const cox of full.utility.cox) {
      const eln = cox.hazardRatios.filter((h) => h.column === 'eln2022');
      expect(eln.length, cox.endpoint).toBeGreaterThan(0);
      for (const h of eln)
        expect([h.level, h.reference], `${cox.endpoint} ${h.term}`).not.toContain('favourable');
    }
    // Medians lie on the curves' grid (whole steps), never at a patient's event time.
    for (const survival of full.utility.survival) {
      const step = survival.curves.grid.step / survival.curves.grid.scale;
      for (const median of [survival.realMedian, ...survival.realMedianCi])
        if (median !== null)
          expect(Math.abs(median / step - Math.round(median / step)), survival.endpoint).toBeLessThan(1e-9);
    }

    // The column entries: tvd, score, statistic, p, shares, missing rates — all the same.
    expect(column(a, 'zrsr2')).toEqual(column(b, 'zrsr2'));
    expect(column(a, 'eln2022')).toEqual(column(b, 'eln2022'));
    expect(column(a, 'eln2022')).toMatchObject({ rare: ['favourable'] });
    expect(column(a, 'zrsr2')).toMatchObject({ rare: ['1'], test: 'fisher' });
    expect(a.flags.find((f) => f.name === 'zrsr2')?.real).toBeNull();
    // The gene's count from meanReal × n less the published genes' counts, or from the spectrum score.
    expect(a.genomic!.burden).toEqual(b.genomic!.burden);
    expect(a.genomic!.frequencies).toEqual(b.genomic!.frequencies);
    expect(a.genomic!.comutation).toEqual(b.genomic!.comutation);
    // Associations: the gene's real cells null (Cramér's V fits one count of "both"); the level's
    // computed with it pooled, so unchanged; nor do the means, the preservation score or the list move.
    const g = a.correlation.columns.indexOf('zrsr2');
    for (const matrix of [a.correlation.real, a.correlation.synthetic, a.correlation.absDiff])
      expect(matrix[g].filter((v, j) => j !== g && v !== null)).toEqual([]);
    expect(a.correlation).toEqual(b.correlation);
    expect(a.contingency).toEqual(b.contingency);
    // The verdict's own parts that rest on these figures.
    expect(a.csfParts.distance).toBe(b.csfParts.distance);
    expect(a.csfParts.correlation).toBe(b.csfParts.correlation);
    expect(a.gsf).toBe(b.gsf);
  }, 120_000);

  it('publishes the same figures of a column whether 3 or 2 real values are missing', () => {
    const ldh = table.numbers('ldh');
    const median = [...ldh].filter(Number.isFinite).sort((x, y) => x - y)[Math.floor(ldh.length / 2)];
    const withMissing = (count: number) =>
      table.withColumn(
        'ldh',
        numberColumn(
          Float64Array.from(ldh, (v, row) => (row < count ? Number.NaN : Number.isNaN(v) ? median : v)),
        ),
      );
    const model = fitModel(withMissing(3), schema, 'cart', { seed: 5 });
    const synthetic = sampleModel(model, { rows: 500, seed: 5 }).table;
    const options = { schema: model.schema, seed: 5, smallCell: K };
    const [a, b] = [withMissing(3), withMissing(2)].map(
      (real) => JSON.parse(JSON.stringify(validate(real, synthetic, options).fidelity)) as FidelityReport,
    );
    const ldhOf = (r: FidelityReport) => r.columns.find((c) => c.name === 'ldh');
    expect(ldhOf(a)).toMatchObject({ missing: { real: null }, n: { real: null }, statistic: null });
    expect(ldhOf(a)).toEqual(ldhOf(b));
  }, 120_000);
});
