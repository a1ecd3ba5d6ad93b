/**
 * A simulated cohort whose text one centre writes its own way — labels, dates, decimal commas —
 * is found, and applying the accepted mapping gives back the consortium's table.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsvWithSchema } from '../../data/csv/read.js';
import { simulateAml } from '../../simulate/index.js';
import { Findings } from './findings.js';
import { cellTexts, csvFile, rewriteCentre, tempFolder, withDiagnosisDate } from './test-support/cohorts.js';
import { applyHarmonisation, proposeHarmonisation } from './workflow.js';

const simulated = simulateAml({ patients: 800, centres: 4, seed: 5 });
const cohort = withDiagnosisDate(simulated.table, simulated.schema);
const { schema } = cohort;

async function roundTrip(table: typeof cohort.table, withSchema = true) {
  const data = csvFile(table, schema);
  const out = tempFolder();
  const options = withSchema ? { schema } : {};
  const proposed = await proposeHarmonisation(data, out, { ...options, acceptAll: true });
  const findings = Findings.parse(JSON.parse(readFileSync(proposed.paths.findings, 'utf8')));
  const applied = await applyHarmonisation(data, proposed.paths.mapping, join(out, 'applied'), options);
  return { findings: findings.findings, applied, harmonised: applied.paths.harmonised };
}

describe('a centre that spells its labels otherwise', () => {
  const SPELLING: Record<string, string> = {
    male: 'M',
    female: 'Female ',
    intensive: 'Intensive chemo',
    non_intensive: 'Non-intensive',
    resistant: 'Résistant',
    early_death: 'early death',
  };
  let table = cohort.table;
  for (const column of ['sex', 'treatment', 'response'])
    table = rewriteCentre(table, column, 'C02', (t) => SPELLING[t] ?? t);

  it('is matched to the consortium levels, and the applied mapping restores them', async () => {
    const { findings, harmonised } = await roundTrip(table);
    expect(findings.map((f) => [f.kind, f.centre, f.column])).toEqual([
      ['labels', 'C02', 'sex'],
      ['labels', 'C02', 'treatment'],
      ['labels', 'C02', 'response'],
    ]);
    const sex = findings.find((f) => f.column === 'sex');
    expect(sex?.kind === 'labels' && sex.labels.map((l) => [l.label, l.to, l.match])).toEqual(
      expect.arrayContaining([
        ['M', 'male', 'synonym'],
        ['Female ', 'female', 'normalised'],
      ]),
    );
    const back = readCsvWithSchema(harmonised, schema);
    for (const column of ['sex', 'treatment', 'response'])
      expect(cellTexts(back, column)).toEqual(cellTexts(cohort.table, column));
  });

  it('is matched without a schema too, against the labels most centres write', async () => {
    const { findings } = await roundTrip(table, false);
    const treatment = findings.find((f) => f.column === 'treatment');
    expect(treatment?.kind === 'labels' && treatment.labels.map((l) => [l.label, l.to])).toEqual(
      expect.arrayContaining([
        ['Intensive chemo', 'intensive'],
        ['Non-intensive', 'non_intensive'],
      ]),
    );
  });
});

describe('a centre that writes dates day-first and one that writes them month-first', () => {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/;
  let table = rewriteCentre(cohort.table, 'diagnosis_date', 'C03', (t) => t.replace(iso, '$3/$2/$1'), schema);
  table = rewriteCentre(table, 'diagnosis_date', 'C04', (t) => t.replace(iso, '$2/$3/$1'), schema);

  it('are told apart by their values above 12, and rewritten as ISO', async () => {
    const { findings, harmonised, applied } = await roundTrip(table);
    expect(findings.map((f) => f.kind === 'date-format' && [f.centre, f.format, f.confidence])).toEqual([
      ['C03', 'DD/MM/YYYY', 'high'],
      ['C04', 'MM/DD/YYYY', 'high'],
    ]);
    expect(applied.applied.every((a) => a.unreadable === 0)).toBe(true);
    const back = readCsvWithSchema(harmonised, schema);
    expect(Array.from(back.numbers('diagnosis_date'))).toEqual(
      Array.from(cohort.table.numbers('diagnosis_date')),
    );
  });
});

describe('a centre that writes a decimal comma', () => {
  let table = cohort.table;
  for (const column of ['wbc', 'hb']) table = rewriteCentre(table, column, 'C01', (t) => t.replace('.', ','));

  it('is found per column, and the numbers read back as the consortium wrote them', async () => {
    const { findings, harmonised } = await roundTrip(table);
    expect(findings.map((f) => f.kind === 'decimal-mark' && [f.centre, f.column, f.confidence])).toEqual([
      ['C01', 'wbc', 'high'],
      ['C01', 'hb', 'high'],
    ]);
    const back = readCsvWithSchema(harmonised, schema);
    for (const column of ['wbc', 'hb'])
      expect(Array.from(back.numbers(column))).toEqual(Array.from(cohort.table.numbers(column)));
  });
});

describe('centres that write a time of day after their dates', () => {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/;
  let table = rewriteCentre(
    cohort.table,
    'diagnosis_date',
    'C02',
    (t) => t.replace(iso, '$3/$2/$1 14:05'),
    schema,
  );
  table = rewriteCentre(table, 'diagnosis_date', 'C04', (t) => `${t}T08:30:00Z`, schema);

  it('are found, and the dates come back as days, the times dropped', async () => {
    const { findings, harmonised, applied } = await roundTrip(table);
    expect(findings.map((f) => f.kind === 'date-format' && [f.centre, f.format, f.confidence])).toEqual([
      ['C02', 'DD/MM/YYYY', 'high'],
      ['C04', 'YYYY-MM-DD', 'high'],
    ]);
    expect(findings[1].explanation).toMatch(
      /written as ISO dates with a time of day in \d+ rows; the date is kept/,
    );
    expect(applied.applied.every((a) => a.unreadable === 0)).toBe(true);
    const back = readCsvWithSchema(harmonised, schema);
    expect(Array.from(back.numbers('diagnosis_date'))).toEqual(
      Array.from(cohort.table.numbers('diagnosis_date')),
    );
  });
});
