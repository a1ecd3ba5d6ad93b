import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsvWithSchema } from '../../data/csv/read.js';
import { simulateAml } from '../../simulate/index.js';
import { centreRows } from './centres.js';
import { Findings } from './findings.js';
import { Mapping } from './mapping.js';
import { compareCentres } from './report.js';
import { csvFile, tempFolder } from './test-support/cohorts.js';
import { readTextTable } from './text-table.js';
import { applyHarmonisation, proposeHarmonisation } from './workflow.js';

const PATIENTS = 1200;

describe('harmonise on simulate aml --lab-unit-shift', () => {
  const shifted = simulateAml({ patients: PATIENTS, centres: 5, seed: 11, labUnitShiftCentre: 3 });
  const truth = simulateAml({ patients: PATIENTS, centres: 5, seed: 11 });
  const data = csvFile(shifted.table, shifted.schema);

  it('finds the shifted centre, and applying the confirmed mapping lines it up with the others', async () => {
    const out = tempFolder();
    const proposed = await proposeHarmonisation(data, out, { schema: shifted.schema });
    const findings = Findings.parse(JSON.parse(readFileSync(proposed.paths.findings, 'utf8')));
    expect(findings.findings).toHaveLength(1);
    const [unit] = findings.findings;
    expect(unit).toMatchObject({
      kind: 'unit',
      centre: 'C03',
      column: 'hb',
      factor: 10,
      likely: 'g/L',
      declared: 'g/dL',
      confidence: 'high',
    });
    if (unit.kind !== 'unit') throw new Error('unreachable');
    expect(unit.medianRatio).toBeGreaterThan(9);
    expect(unit.medianRatio).toBeLessThan(11);
    expect(unit.ksBefore).toBeGreaterThan(0.9);
    expect(unit.ksAfter).toBeLessThan(0.1);

    const mapping = Mapping.parse(JSON.parse(readFileSync(proposed.paths.mapping, 'utf8')));
    expect(mapping.transformations).toEqual([
      expect.objectContaining({
        kind: 'scale',
        centre: 'C03',
        column: 'hb',
        multiplyBy: 0.1,
        confirmed: false,
      }),
    ]);

    // Unconfirmed: nothing applied.
    const none = await applyHarmonisation(data, proposed.paths.mapping, join(out, 'none'), {
      schema: shifted.schema,
    });
    expect(none.applied).toHaveLength(0);
    expect(none.skipped).toBe(1);

    const confirmed = {
      ...mapping,
      transformations: mapping.transformations.map((t) => ({ ...t, confirmed: true })),
    };
    const mappingFile = join(out, 'confirmed.json');
    writeFileSync(mappingFile, JSON.stringify(confirmed));
    const applied = await applyHarmonisation(data, mappingFile, join(out, 'applied'), {
      schema: shifted.schema,
    });
    const hbAtC03 = Array.from(truth.table.numbers('hb')).filter(
      (v, i) => !Number.isNaN(v) && truth.table.cell('centre', i) === 'C03',
    ).length;
    expect(applied.applied[0]).toMatchObject({ changed: hbAtC03, unreadable: 0 });

    const text = readTextTable(applied.paths.harmonised);
    const centres = centreRows(text, 'centre');
    const before = compareCentres(readTextTable(data), 'hb', centres);
    const after = compareCentres(text, 'hb', centres);
    const c03 = centres.findIndex((c) => c.name === 'C03');
    const othersMedian = (rows: typeof after) =>
      rows
        .filter((_, k) => k !== c03)
        .map((r) => r.median!)
        .sort((a, b) => a - b)[2];
    const ratioBefore = before[c03].median! / othersMedian(before);
    const ratioAfter = after[c03].median! / othersMedian(after);

    expect(ratioBefore).toBeGreaterThan(9);
    expect(Math.abs(Math.log(ratioAfter))).toBeLessThan(Math.log(1.1));
    expect(after[c03].ks).toBeLessThan(0.15);
    expect(after[c03].p).toBeGreaterThan(0.05);

    // The harmonised file reads with the consortium schema, and its hb is the unshifted cohort's.
    const harmonised = readCsvWithSchema(applied.paths.harmonised, shifted.schema);
    expect(Array.from(harmonised.numbers('hb'))).toEqual(Array.from(truth.table.numbers('hb')));
    expect(readFileSync(applied.paths.report, 'utf8')).toContain('## hb (g/dL)');
  });

  it('finds nothing in the unshifted cohort', async () => {
    const proposed = await proposeHarmonisation(csvFile(truth.table, truth.schema), tempFolder(), {
      schema: truth.schema,
    });
    expect(proposed.flagged).toEqual([]);
  });

  it('finds the shifted centre without a schema, by the column name', async () => {
    const proposed = await proposeHarmonisation(data, tempFolder(), {});
    expect(proposed.flagged).toEqual([expect.stringMatching(/^centre C03: hb median .* likely g\/L/)]);
  });
});
