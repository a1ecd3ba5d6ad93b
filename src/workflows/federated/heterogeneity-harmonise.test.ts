/**
 * The heterogeneity check with `harmonise`: five simulated AML centres, four of which export their
 * table their own way — C02 spells labels otherwise, C03 writes haemoglobin in g/L (the simulator's
 * lab unit shift), C04 writes a decimal comma, C05 writes dates day-first. The typed tables of C02,
 * C04 and C05 do not read against the schema at all; the check must still find every difference
 * from the cells' text and aggregates only, and the mapping it proposes, applied by each centre to
 * its own table, must leave nothing to find.
 */
import { describe, expect, it } from 'vitest';
import { DataError } from '../../core/errors.js';
import type { Schema } from '../../data/schema.js';
import type { Table } from '../../data/table.js';
import { applyMapping } from '../../interop/harmonise/apply.js';
import { readableCells } from '../../interop/harmonise/readable.js';
import { rewriteCentre, withDiagnosisDate } from '../../interop/harmonise/test-support/cohorts.js';
import { codeColumnOfTexts, textTableOf } from '../../interop/harmonise/text-table.js';
import { seededRandomBits } from '../../privacy/random-bits.js';
import { simulate } from '../../simulate/index.js';
import { heterogeneityProtocol } from './heterogeneity.js';
import { heterogeneityLayout } from './heterogeneity-layout.js';
import { renderHeterogeneity } from './heterogeneity-render.js';
import type { HeterogeneityReport, ShiftAnswer } from './heterogeneity-report.js';
import { unpackCounts } from './marginals-layout.js';
import { type FederatedProtocol, type JobOutcome, runProtocolPlain } from './protocol.js';

const simulated = simulate('aml', { patients: 1500, centres: 5, seed: 7, labUnitShiftCentre: 3 });
const dated = withDiagnosisDate(simulated.table, simulated.schema);
const pooled = dated.table;
// The check bins a date between declared bounds, as every federated measurement does.
const schema: Schema = {
  ...dated.schema,
  columns: dated.schema.columns.map((c) =>
    c.name === 'diagnosis_date' ? { ...c, min: '2010-01-01', max: '2025-12-31' } : c,
  ),
};

const SPELLING: Record<string, string> = {
  male: 'M',
  female: 'F',
  intensive: 'Intensive chemo',
  non_intensive: 'Non-intensive',
  early_death: 'early death',
};

/** The pooled table with each centre's own way of writing it. */
function exported(): Table {
  let table = pooled;
  for (const column of ['sex', 'treatment', 'response'])
    table = rewriteCentre(table, column, 'C02', (t) => SPELLING[t] ?? t);
  // Free text in three rows (it could name a person) and a spelling held by two: both below k = 5.
  const c02 = [...Array(table.nRows).keys()].filter((i) => table.cell('centre', i) === 'C02');
  const response = Array.from(
    { length: table.nRows },
    (_, i) => table.cell('response', i) as string | undefined,
  );
  for (const i of c02.slice(0, 3)) response[i] = 'see letter from Dr Smith';
  for (const i of c02.slice(3, 5)) response[i] = 'RESISTANT';
  table = table.withColumn('response', codeColumnOfTexts(response.map((r) => r ?? null)));
  table = rewriteCentre(table, 'wbc', 'C04', (t) => t.replace('.', ','));
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/;
  return rewriteCentre(table, 'diagnosis_date', 'C05', (t) => t.replace(iso, '$3/$2/$1'), schema);
}

interface TextSite {
  name: string;
  text: Table;
  readonly table: Table;
}

/** Each centre's node: the cells' text, and a typed table only where the text reads against the schema. */
function sitesOf(table: Table): TextSite[] {
  const centre = table.codes('centre');
  return centre.levels.map((name, c) =>
    siteOf(name, textTableOf(table.filter((row) => centre.codes[row] === c))),
  );
}

function siteOf(name: string, text: Table): TextSite {
  return {
    name,
    text,
    get table(): Table {
      throw new DataError({}, `centre ${name}: the typed table is not read in a harmonising check`);
    },
  };
}

async function check(
  sites: TextSite[],
  protocol: FederatedProtocol<unknown, HeterogeneityReport> = heterogeneityProtocol as never,
): Promise<JobOutcome<HeterogeneityReport>> {
  return runProtocolPlain(protocol, { schema, harmonise: true }, sites, seededRandomBits('harmonise'));
}

function done(outcome: JobOutcome<HeterogeneityReport>): HeterogeneityReport {
  if (outcome.status !== 'done') throw new Error(`aborted: ${outcome.reason}`);
  return outcome.result;
}

function answersOf(outcome: JobOutcome<HeterogeneityReport>): Record<string, ShiftAnswer> {
  const phase = outcome.phases[1];
  if (phase?.result.kind !== 'shareable') throw new Error('no shifts phase');
  return phase.result.answers as Record<string, ShiftAnswer>;
}

const messy = sitesOf(exported());
const first = check(messy);

describe('federated harmonisation of five centres exporting their own way', () => {
  it('finds each centre’s difference, from the text of tables that do not read typed', async () => {
    const report = done(await first);
    const found = report.harmonise?.findings.map((f) => [f.kind, f.centre, f.column]);
    expect(found).toEqual([
      ['unit', 'C03', 'hb'],
      ['labels', 'C02', 'sex'],
      ['labels', 'C02', 'treatment'],
      ['labels', 'C02', 'response'],
      ['decimal-mark', 'C04', 'wbc'],
      ['date-format', 'C05', 'diagnosis_date'],
    ]);
    const unit = report.harmonise?.findings[0];
    expect(unit).toMatchObject({ factor: 10, likely: 'g/L', declared: 'g/dL', quantity: 'haemoglobin' });
    expect(unit?.kind === 'unit' && unit.confidence).toBe('high');
    const labels = report.harmonise?.findings.find((f) => f.column === 'treatment');
    expect(labels?.kind === 'labels' && labels.labels.map((l) => [l.label, l.to])).toEqual(
      expect.arrayContaining([
        ['Intensive chemo', 'intensive'],
        ['Non-intensive', 'non_intensive'],
      ]),
    );
    const dates = report.harmonise?.findings.find((f) => f.kind === 'date-format');
    expect(dates?.kind === 'date-format' && [dates.format, dates.confidence]).toEqual(['DD/MM/YYYY', 'high']);
    // C02's labels did not read: its sex is not compared (the finding says why), and the others are
    // compared over the cells that read, so C02's unreadable cells shift nobody.
    const sex = report.columns.find((c) => c.name === 'sex');
    expect(sex?.type === 'categorical' && sex.centres.find((c) => c.centre === 'C02')?.tvd).toBeNull();
    expect(report.flagged.filter((f) => f.column === 'sex')).toEqual([]);
    const treatment = report.columns.find((c) => c.name === 'treatment');
    expect(JSON.stringify(treatment)).not.toContain('(missing)');
    expect(report.flagged.filter((f) => f.column === 'treatment').map((f) => f.centre)).not.toContain('C04');
  });

  it('proposes one transformation per fixable finding, none confirmed', async () => {
    const { mapping } = done(await first).harmonise!;
    expect(mapping.centreColumn).toBe('centre');
    expect(mapping.transformations.map((t) => [t.kind, t.centre, t.column, t.confirmed])).toEqual([
      ['scale', 'C03', 'hb', false],
      ['relabel', 'C02', 'sex', false],
      ['relabel', 'C02', 'treatment', false],
      ['relabel', 'C02', 'response', false],
      ['decimal-mark', 'C04', 'wbc', false],
      ['date-format', 'C05', 'diagnosis_date', false],
    ]);
    const scale = mapping.transformations[0];
    expect(scale.kind === 'scale' && scale.multiplyBy).toBe(0.1);
  });

  it('sends label spellings and counts to the nearest 10 only; no label held by fewer than k rows leaves', async () => {
    const answers = answersOf(await first);
    const sent = JSON.stringify(answers);
    expect(sent).not.toContain('Smith');
    expect(sent).not.toContain('RESISTANT');
    const response = answers.C02.findings?.find((f) => f.column === 'response');
    if (response?.kind !== 'labels') throw new Error('no label finding for response');
    // Neither the free text (3 rows) nor a spelling of a level held by 2 rows is named: only their
    // 5 rows are counted, to the nearest 10.
    expect(response.withheldRows).toBe(10);
    expect(response.labels.map((l) => l.label)).toEqual(['early death']);
    const counts = Object.values(answers).flatMap((a) =>
      (a.findings ?? []).flatMap((f) => {
        if (f.kind === 'labels') return f.labels.map((l) => l.rows);
        if (f.kind === 'decimal-mark') return [f.comma, f.point];
        if (f.kind === 'date-format') return Object.values(f.evidence);
        return [];
      }),
    );
    expect(counts.length).toBeGreaterThan(5);
    for (const count of counts) expect(count % 10).toBe(0);
    // A centre answers what the others answer, and findings of its own cells only.
    for (const [centre, answer] of Object.entries(answers))
      for (const finding of answer.findings ?? []) expect(finding.centre).toBe(centre);
  });

  it('leaves only the labels held by fewer than k rows to fix by hand once each centre applies its own transformations', async () => {
    const { mapping } = done(await first).harmonise!;
    const confirmed = {
      ...mapping,
      transformations: mapping.transformations.map((t) => ({ ...t, confirmed: true })),
    };
    const fixed = messy.map((site) => {
      const ours = confirmed.transformations.some((t) => t.centre === site.name);
      return siteOf(
        site.name,
        ours ? applyMapping(site.text, confirmed, undefined, site.name).table : site.text,
      );
    });
    for (const site of fixed) {
      const unreadable = [...readableCells(site.text, schema).unreadable].filter(([, n]) => n > 0);
      // The five rows of labels held by fewer than k rows were never named: the centre sees them in its
      // own run and codes them by hand.
      expect(unreadable).toEqual(site.name === 'C02' ? [['response', 5]] : []);
    }
    const report = done(await check(fixed));
    expect(report.harmonise?.findings).toEqual([
      expect.objectContaining({
        kind: 'labels',
        centre: 'C02',
        column: 'response',
        labels: [],
        withheldRows: 10,
      }),
    ]);
    expect(report.harmonise?.mapping.transformations).toEqual([]);
    expect(report.flagged.filter((f) => f.kind === 'unit')).toEqual([]);
    const hb = report.columns.find((c) => c.name === 'hb');
    const c03 = hb?.type === 'numeric' ? hb.centres.find((c) => c.centre === 'C03') : undefined;
    expect(c03?.medianRatio).toBeGreaterThan(0.9);
    expect(c03?.medianRatio).toBeLessThan(1.1);
    expect(renderHeterogeneity(report).join('\n')).toContain(
      "Harmonisation: 1 finding(s) in the centres' own cells; 0 transformation(s) proposed, none confirmed.\n  centre C02: about 10 row(s) of response hold labels not named here (unmatched, or fewer than 5 rows each): the centre reviews them in its own run",
    );
  });

  it('aborts when a centre answers a finding about another centre', async () => {
    const forging: FederatedProtocol<unknown, HeterogeneityReport> = {
      ...(heterogeneityProtocol as never as FederatedProtocol<unknown, HeterogeneityReport>),
      async answer(parameters, plan, site) {
        const answer = (await heterogeneityProtocol.answer(parameters as never, plan, site)) as ShiftAnswer;
        if (plan.name !== 'shifts' || site.name !== 'C01') return answer as never;
        const [c02] = answersOf(await first).C02.findings ?? [];
        return { ...answer, findings: [c02] };
      },
    };
    const outcome = await check(messy, forging);
    expect(outcome.status).toBe('aborted');
    expect(outcome.status === 'aborted' && outcome.reason).toMatch(
      /centre 'C01' answered a finding it cannot make: one about centre 'C02'/,
    );
  });

  it('still finds units at centres whose tables are typed only (no text)', async () => {
    const centre = pooled.codes('centre');
    const typed = centre.levels.map((name, c) => ({
      name,
      table: pooled.filter((row) => centre.codes[row] === c),
    }));
    const report = done(
      await runProtocolPlain(
        heterogeneityProtocol,
        { schema, harmonise: true },
        typed,
        seededRandomBits('typed'),
      ),
    );
    expect(report.harmonise?.findings.map((f) => [f.kind, f.centre, f.column])).toEqual([
      ['unit', 'C03', 'hb'],
    ]);
  });

  it('answers a coordinator who declares an identifier a feature with one guessed value nothing about it', async () => {
    // The attack: the id column as a categorical feature whose only level is one real patient's id.
    // Every other id does not read; were they blanked one by one, the pooled count of the guess
    // would say whether that patient is in the consortium. A column that mostly does not read is
    // blanked whole instead.
    const guess = pooled.cell('patient_id', 0) as string;
    const probing: Schema = {
      ...schema,
      columns: schema.columns.map((c) =>
        c.name === 'patient_id' ? { ...c, role: 'feature', categories: [guess, 'nobody'] } : c,
      ),
    };
    const sites = sitesOf(pooled);
    const outcome = await runProtocolPlain(
      heterogeneityProtocol,
      { schema: probing, harmonise: true },
      sites,
      seededRandomBits('probe'),
    );
    const report = done(outcome);
    const phase = outcome.phases[0];
    if (phase.result.kind !== 'secure-sum') throw new Error('no pooled sum');
    const nullable = { ...probing, columns: probing.columns.map((c) => ({ ...c, nullable: true })) };
    const layout = heterogeneityLayout(nullable);
    const slot = layout.columns.find((c) => c.name === 'patient_id')!;
    const counts = unpackCounts(phase.result.sum, layout.length);
    expect(counts[slot.offset]).toBe(0);
    expect(counts[slot.offset + 1]).toBe(0);
    expect(JSON.stringify(answersOf(outcome))).not.toContain(guess);
    const ids = report.columns.find((c) => c.name === 'patient_id');
    expect(ids?.type === 'categorical' && ids.centres.every((c) => c.tvd === null)).toBe(true);
  });

  it('names a label only from 5 rows, whatever smaller small-cell count the job asks for', async () => {
    const outcome = await runProtocolPlain(
      heterogeneityProtocol,
      { schema, harmonise: true, smallCell: 2 },
      messy,
      seededRandomBits('k2'),
    );
    const sent = JSON.stringify(answersOf(outcome));
    // 'RESISTANT' is held by 2 rows: at k = 2 it would be named.
    expect(sent).not.toContain('RESISTANT');
  });
});
