import { describe, expect, it } from 'vitest';
import { DataError } from '../../core/errors.js';
import { concatTables } from '../../data/concat.js';
import { codeColumn, numberColumn, type Table } from '../../data/table.js';
import { seededRandomBits } from '../../privacy/random-bits.js';
import { simulate } from '../../simulate/index.js';
import { heterogeneityProtocol } from './heterogeneity.js';
import { heterogeneityLayout, siteCounts } from './heterogeneity-layout.js';
import { renderHeterogeneity } from './heterogeneity-render.js';
import type { HeterogeneityReport, ShiftAnswer } from './heterogeneity-report.js';
import { MISSING_LABEL } from './heterogeneity-statistics.js';
import { runProtocolInProcess } from './in-process.js';
import { packCounts, packedCountLimit, unpackCounts } from './marginals-layout.js';
import { type JobOutcome, runProtocolPlain } from './protocol.js';

type Site = { name: string; table: Table };

function centres(options: { labUnitShiftCentre?: number; seed?: number } = {}) {
  const { table, schema } = simulate('aml', {
    patients: 2500,
    centres: 5,
    seed: options.seed ?? 1,
    ...options,
  });
  const centre = table.codes('centre');
  const sites: Site[] = centre.levels.map((name, c) => ({
    name,
    table: table.filter((row) => centre.codes[row] === c),
  }));
  return { schema, sites };
}

async function run(schema: unknown, sites: Site[], request: Record<string, unknown> = {}) {
  return runProtocolPlain(heterogeneityProtocol, { schema, ...request }, sites, seededRandomBits('h4'));
}

function done(outcome: JobOutcome<HeterogeneityReport>) {
  if (outcome.status !== 'done') throw new Error(`aborted: ${outcome.reason}`);
  return outcome;
}

function numericEntry(report: HeterogeneityReport, column: string, centre: string) {
  const entry = report.columns.find((c) => c.name === column);
  if (entry?.type !== 'numeric') throw new Error(`${column} is not numeric`);
  return entry.centres.find((c) => c.centre === centre)!;
}

function shiftAnswers(outcome: JobOutcome<HeterogeneityReport>): Record<string, ShiftAnswer> {
  const phase = outcome.phases[1];
  if (phase?.result.kind !== 'shareable') throw new Error('no shifts phase');
  return phase.result.answers as Record<string, ShiftAnswer>;
}

describe('a lab in another unit at one of 5 simulated AML centres', () => {
  it('flags haemoglobin at the shifted centre, as g/L against g/dL, and nothing else as a unit', async () => {
    const { schema, sites } = centres({ labUnitShiftCentre: 3 });
    const { result } = done(await run(schema, sites));
    const units = result.flagged.filter((f) => f.kind === 'unit');
    expect(units.map((f) => [f.column, f.centre])).toEqual([['hb', 'C03']]);
    const hb = numericEntry(result, 'hb', 'C03');
    expect(hb.unit).toEqual({ factor: 10, likely: 'g/L', declared: 'g/dL' });
    expect(hb.medianRatio).toBeGreaterThan(9);
    expect(hb.medianRatio).toBeLessThan(11);
    expect(hb.shifted).toBe(true);
    expect(units[0].explanation).toMatch(
      /^centre C03: hb median \d+(\.\d+)?× the others' — likely g\/L where the others use g\/dL$/,
    );
    // The first flag a coordinator reads is the unit.
    expect(result.flagged[0]).toEqual(units[0]);
  });

  it('raises no unit suspicion without the shift', async () => {
    const { schema, sites } = centres();
    const { result } = done(await run(schema, sites));
    expect(result.flagged.filter((f) => f.kind === 'unit')).toEqual([]);
    for (const column of result.columns)
      for (const centre of column.centres) expect('unit' in centre && centre.unit).toBeFalsy();
    // The simulator's centres differ in treatment habits (their share of intensive treatment).
    expect(result.flagged.some((f) => f.column === 'treatment')).toBe(true);
    expect(numericEntry(result, 'hb', 'C03').shifted).toBe(false);
  });
});

describe('an age-mix difference', () => {
  it('is flagged as a shift of age at the centre of older patients, not as a unit', async () => {
    const { schema, sites } = centres();
    const older = sites.map((site) => {
      if (site.name !== 'C02') return site;
      const age = site.table.numbers('age');
      return { ...site, table: site.table.filter((row) => age[row] >= 70) };
    });
    expect(older[1].table.nRows).toBeGreaterThan(100);
    const { result } = done(await run(schema, older));
    const age = numericEntry(result, 'age', 'C02');
    expect(age.shifted).toBe(true);
    expect(age.unit).toBeUndefined();
    expect(age.smd).toBeGreaterThan(1);
    expect(age.ks).toBeGreaterThan(0.5);
    expect(age.medianRatio).toBeGreaterThan(1.05);
    expect(age.medianRatio).toBeLessThan(1.4);
    const flag = result.flagged.find((f) => f.column === 'age' && f.centre === 'C02');
    expect(flag?.kind).toBe('shift');
    expect(flag?.explanation).toMatch(
      /^centre C02: age differs from the others \(standardised mean difference \+/,
    );
    expect(result.flagged.filter((f) => f.kind === 'unit')).toEqual([]);
  });
});

describe('small cells', () => {
  // C01 gets exactly 2 non-intensive patients (a binary column) and 2 early deaths (of 4 responses):
  // neither count, nor its complement, may be read from C01's answer.
  const { schema, sites } = centres();
  const site = sites[0];
  const n = site.table.nRows;
  const treatment = site.table.codes('treatment');
  const response = site.table.codes('response');
  const rare = response.levels.indexOf('early_death');
  const other = response.levels.indexOf('resistant');
  const replaced = site.table
    .withColumn(
      'treatment',
      codeColumn(
        Int32Array.from({ length: n }, (_, i) => (i < 2 ? 1 : 0)),
        treatment.levels,
      ),
    )
    .withColumn(
      'response',
      codeColumn(
        Int32Array.from(response.codes, (code, i) => (i < 2 ? rare : code === rare ? other : code)),
        response.levels,
      ),
    );
  const planted = [{ ...site, table: replaced }, ...sites.slice(1)];

  it('never shows the share of a category held by 2 patients, nor its complement', async () => {
    expect(Math.min(rare, other)).toBeGreaterThanOrEqual(0);
    const outcome = done(await run(schema, planted));
    const c01 = shiftAnswers(outcome).C01;
    const column = (name: string) => c01.columns.find((c) => c.name === name)!;
    const treatmentAnswer = column('treatment');
    expect(treatmentAnswer).toEqual({ name: 'treatment', type: 'categorical', tvd: null, categories: [] });
    const responseAnswer = column('response');
    if (responseAnswer.type !== 'categorical') throw new Error('response is categorical');
    expect(responseAnswer.tvd).not.toBeNull();
    expect(responseAnswer.categories.map((c) => c.category)).not.toContain('early_death');
    expect(responseAnswer.categories.length).toBeGreaterThan(0);
  });

  it('leaves every share the answers show at 0 or ≥ k patients, and so their complement', async () => {
    const outcome = done(await run(schema, planted));
    const layout = heterogeneityLayout(schema);
    const k = 5;
    let shown = 0;
    for (const s of planted) {
      const counts = siteCounts(s.table, layout);
      const answer = shiftAnswers(outcome)[s.name];
      for (const [j, slot] of layout.columns.entries()) {
        const column = answer.columns[j];
        if (slot.type !== 'categorical' || column.type !== 'categorical') continue;
        let sum = 0;
        for (const share of column.categories) {
          const at = [...slot.levels, MISSING_LABEL].indexOf(share.category);
          const count = counts[slot.offset + at];
          expect(count === 0 || count >= k, `${s.name} ${slot.name} ${share.category}`).toBe(true);
          sum += count;
          shown++;
        }
        const rest = counts[0] - sum;
        expect(rest === 0 || rest >= k, `${s.name} ${slot.name}`).toBe(true);
      }
    }
    expect(shown).toBeGreaterThan(100);
  });
});

describe('what leaves a site', () => {
  it('holds no value of a row: a planted value and the identifiers appear nowhere', async () => {
    const { schema, sites } = centres();
    const wbc = Float64Array.from(sites[1].table.numbers('wbc'));
    wbc[7] = 123.456789;
    const planted = sites.map((s, i) =>
      i === 1 ? { ...s, table: s.table.withColumn('wbc', numberColumn(wbc)) } : s,
    );
    const outcome = done(await run(schema, planted));
    const json = JSON.stringify({
      answers: shiftAnswers(outcome),
      inputs: outcome.phases.map((p) => p.plan.input),
      result: outcome.result,
    });
    expect(json).not.toMatch(/123\.45/);
    expect(json).not.toMatch(/AML-\d/);
    // Every value a site answers is a rounded summary: at most 3 decimals or 3 significant digits.
    for (const answer of Object.values(shiftAnswers(outcome)))
      for (const column of answer.columns)
        for (const value of Object.values(column).filter((v): v is number => typeof v === 'number'))
          expect(
            String(value)
              .replace(/^-?0\.0*/, '')
              .replace(/[.-]/g, '').length,
          ).toBeLessThanOrEqual(4);
  });

  it('sends the hub counts whose sum is exactly the pooled table’s, and answers consistent with them', async () => {
    const { schema, sites } = centres();
    const outcome = done(await run(schema, sites));
    const layout = heterogeneityLayout(schema);
    const pooledPhase = outcome.phases[0];
    if (pooledPhase.result.kind !== 'secure-sum') throw new Error('no pooled sum');
    const pooled = unpackCounts(pooledPhase.result.sum, layout.length);
    const whole = siteCounts(concatTables(sites.map((s) => s.table)), layout);
    expect(Array.from(pooled)).toEqual(Array.from(whole));
    expect(outcome.result.rows).toBe(2500);
    const answers = shiftAnswers(outcome);
    let rounded = 0;
    for (const s of sites) {
      const n = s.table.nRows;
      expect(Math.abs(answers[s.name].rows - n)).toBeLessThanOrEqual(5);
      rounded += answers[s.name].rows;
      for (const [j, slot] of layout.columns.entries()) {
        const column = answers[s.name].columns[j];
        if (slot.type !== 'categorical' || column.type !== 'categorical') continue;
        for (const share of column.categories) {
          const at = [...slot.levels, MISSING_LABEL].indexOf(share.category);
          // site share × site rows + others' share × others' rows = the pooled count (shares to 3 decimals).
          const total = share.site * n + share.others * (2500 - n);
          expect(Math.abs(total - pooled[slot.offset + at])).toBeLessThanOrEqual(0.0005 * 2500 + 1e-9);
        }
      }
    }
    expect(Math.abs(rounded - 2500)).toBeLessThanOrEqual(25);
    expect(outcome.result.centres.map((c) => c.rows)).toEqual(sites.map((s) => answers[s.name].rows));
  });
});

describe('through secure aggregation, every party in this process', () => {
  it('gives the plain run’s report; what the hub receives of a site’s counts is masked', async () => {
    const { schema, sites } = centres({ labUnitShiftCentre: 3 });
    const layout = heterogeneityLayout(schema);
    const plainVectors = sites.map((s) => packCounts(siteCounts(s.table, layout), packedCountLimit(5)));
    const masked: Uint32Array[] = [];
    const secure = await runProtocolInProcess(
      heterogeneityProtocol,
      { schema },
      sites,
      seededRandomBits('h4 secure'),
      {
        observeHub: ({ message }) => {
          const m = message as { kind: string; masked?: string };
          if (m.kind !== 'masked-input' || !m.masked) return;
          const bytes = Buffer.from(m.masked, 'base64url');
          masked.push(new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4));
        },
      },
    );
    const plain = done(await run(schema, sites));
    expect(secure.status).toBe('done');
    if (secure.status !== 'done') return;
    expect(secure.result).toEqual(plain.result);
    expect(masked).toHaveLength(5);
    // A plain vector is mostly zeros; a masked one agrees with it in a word with probability 2^-32.
    for (const vector of masked) {
      expect(vector.length).toBe(plainVectors[0].length);
      for (const p of plainVectors) expect(vector.filter((word, i) => word === p[i]).length).toBeLessThan(3);
    }
    expect(secure.traffic.map((t) => [t.phase, t.kind, t.included.length])).toEqual([
      ['pooled', 'secure-sum', 5],
      ['shifts', 'shareable', 5],
    ]);
  });

  it('reports a centre that drops out after the sum as counted but not compared', async () => {
    const { schema, sites } = centres();
    const outcome = await runProtocolInProcess(
      heterogeneityProtocol,
      { schema },
      sites,
      seededRandomBits('h4 drop'),
      {
        dropouts: [{ site: 'C05', phase: 'shifts', after: 'masked-input' }],
      },
    );
    expect(outcome.status).toBe('done');
    if (outcome.status !== 'done') return;
    expect(outcome.result.rows).toBe(2500);
    expect(outcome.result.centres.at(-1)).toEqual({ name: 'C05', rows: null });
    expect(outcome.result.columns[0].centres.map((c) => c.centre)).toEqual(['C01', 'C02', 'C03', 'C04']);
    expect(renderHeterogeneity(outcome.result)).toContain(
      'No answer from C05: counted in the pooled counts, not compared.',
    );
  });
});

describe('refusals', () => {
  it('aborts a job of two sites after the sum, before the pooled counts go back', async () => {
    const { schema, sites } = centres();
    const outcome = await run(schema, sites.slice(0, 2));
    expect(outcome.status).toBe('aborted');
    if (outcome.status !== 'aborted') return;
    expect(outcome.reason).toMatch(/2 sites; heterogeneity needs at least 3/);
    expect(outcome.phases).toHaveLength(1);
  });

  it('a site declines pooled counts that do not hold its own', async () => {
    const { schema, sites } = centres();
    const parameters = heterogeneityProtocol.parameters.parse({ schema });
    const length = heterogeneityLayout(schema).length;
    const plan = { name: 'shifts', kind: 'shareable' as const, input: { pooled: new Array(length).fill(0) } };
    const context = { ...sites[0], random: seededRandomBits('x'), charge: () => {} };
    expect(() => heterogeneityProtocol.answer(parameters, plan, context)).toThrow(DataError);
    expect(() => heterogeneityProtocol.answer(parameters, plan, context)).toThrow(
      /do not hold this site's own/,
    );
  });

  it('a site declines data with a category the schema does not declare, naming the column', async () => {
    const { schema, sites } = centres();
    const parameters = heterogeneityProtocol.parameters.parse({ schema });
    const sex = sites[0].table.codes('sex');
    const table = sites[0].table.withColumn('sex', codeColumn(sex.codes, ['female', 'unknown']));
    const plan = heterogeneityProtocol.firstPhase(parameters, ['C01', 'C02', 'C03']);
    const context = { name: 'C01', table, random: seededRandomBits('x'), charge: () => {} };
    expect(() => heterogeneityProtocol.answer(parameters, plan, context)).toThrow(DataError);
    expect(() => heterogeneityProtocol.answer(parameters, plan, context)).toThrow(/column 'sex'/);
  });

  it('takes a site table as read from a file: extra columns, booleans as numbers, values beyond the bounds', async () => {
    const { schema, sites } = centres({ labUnitShiftCentre: 1 });
    const parameters = heterogeneityProtocol.parameters.parse({ schema });
    const plan = heterogeneityProtocol.firstPhase(parameters, ['C01', 'C02', 'C03']);
    const flags = sites[0].table.codes('npm1');
    const raw = sites[0].table
      .withColumn('npm1', numberColumn(Float64Array.from(flags.codes, (c) => Number(flags.levels[c]))))
      .withColumn('local_mrn', numberColumn(new Float64Array(sites[0].table.nRows)));
    expect(Math.max(...raw.numbers('hb'))).toBeGreaterThan(20);
    const context = { name: 'C01', table: raw, random: seededRandomBits('x'), charge: () => {} };
    const reference = { ...context, table: sites[0].table };
    expect(heterogeneityProtocol.answer(parameters, plan, context)).toEqual(
      heterogeneityProtocol.answer(parameters, plan, reference),
    );
  });

  it('refuses a small-cell threshold below 2, as the validation report does', () => {
    const { schema } = centres();
    expect(() => heterogeneityProtocol.parameters.parse({ schema, smallCell: 1 })).toThrow(/at least 2/);
    expect(heterogeneityProtocol.parameters.parse({ schema }).smallCell).toBe(5);
  });
});

describe('the plain-text rendering', () => {
  it('states the centres, the flags one a line with the unit first, and the thresholds', async () => {
    const { schema, sites } = centres({ labUnitShiftCentre: 3 });
    const { result } = done(await run(schema, sites));
    const lines = renderHeterogeneity(result);
    expect(lines[0]).toBe(
      `Heterogeneity across 5 centres (2,500 patients, ${result.columns.length} columns): ${result.flagged.length} flagged.`,
    );
    expect(lines[1]).toMatch(
      /^Centres \(rows to the nearest 10\): C01 \d+0, C02 \d+0, C03 \d+0, C04 \d+0, C05 \d+0\.$/,
    );
    expect(lines[2]).toBe(`  ${result.flagged[0].explanation}`);
    expect(lines[2]).toMatch(/C03: hb median/);
    expect(lines.at(-1)).toMatch(
      /^Thresholds: total variation ≥ 0\.15; .* fewer than 5 of a centre's patients are withheld\.$/,
    );
    expect(lines).toHaveLength(3 + result.flagged.length);
  });
});
