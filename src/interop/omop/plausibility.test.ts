import { describe, expect, it } from 'vitest';
import { fitModel, sampleModel } from '../../generators/pipeline.js';
import { simulateAml } from '../../simulate/index.js';
import { exportCohort } from './export.js';
import { loadMapping } from './mapping.js';
import { checkPlausibility } from './plausibility.js';

const mapping = loadMapping('aml');
const aml = simulateAml({ patients: 200, centres: 3, seed: 21 });

describe('plausibility checks', () => {
  it('pass on a synthetic cohort (copula fitted to a simulated one)', () => {
    const model = fitModel(aml.table, aml.schema, 'copula', { seed: 2 });
    const { table } = sampleModel(model, { rows: 200, seed: 3 });
    expect(checkPlausibility(exportCohort(table, aml.schema, mapping, { seed: 5 }), mapping)).toEqual([]);
  });

  it('name the person and table of an event after death', () => {
    const rows = exportCohort(aml.table, aml.schema, mapping, { seed: 5 });
    const death = rows.death![0];
    const late = { ...rows.measurement!.find((m) => m.person_id === death.person_id)! };
    late.measurement_id = 2_100_000_000;
    late.measurement_date = (death.death_date as number) + 30;
    rows.measurement!.push(late);
    const failures = checkPlausibility(rows, mapping);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({
      check: 'after_death',
      table: 'measurement',
      personId: death.person_id,
    });
    expect(failures[0].message).toContain(`measurement 2100000000 of person ${death.person_id}`);
  });

  it('catch haemoglobin reported in g/L under g/dL (the unit-shifted centre)', () => {
    const shifted = simulateAml({ patients: 200, centres: 3, seed: 21, labUnitShiftCentre: 2 });
    const failures = checkPlausibility(
      exportCohort(shifted.table, shifted.schema, mapping, { seed: 5 }),
      mapping,
    );
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.every((f) => f.check === 'value_range' && f.message.includes('hb'))).toBe(true);
  });

  it('catch a unit the concept does not accept', () => {
    const rows = exportCohort(aml.table, aml.schema, mapping, { seed: 5 });
    const hb = rows.measurement!.find((m) => m.measurement_concept_id === 3000963)!;
    hb.unit_concept_id = 8554;
    const failures = checkPlausibility(rows, mapping);
    expect(failures.map((f) => f.check)).toEqual(['unit']);
  });
});
